"""Progress and cancel inside long SQL statements (an integrity check, ``sqlcipher_export``).

A single statement can run for seconds on a large database. :func:`reporting`
installs SQLite's progress handler on a connection for the duration of a block:
about every :data:`REPORT_EVERY_S` seconds it calls the block's
``progress(fraction, message)``, and if that raises (the user cancelled, see
:mod:`safeguarding.progress`) SQLite is interrupted and the exception is raised
from the block. So Cancel takes effect within a fraction of a second, however
large the database, rather than after the statement.

Thread rule: use it on the thread that owns the connection (the progress
callable is called on that thread).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

from safeguarding.progress import OperationCancelled, Progress, no_progress
from safeguarding.store.dberrors import DB_ERRORS, Connection

REPORT_EVERY_S = 0.1
"""How often a long statement reports progress (and so how soon Cancel is noticed), in seconds."""

_INSTRUCTIONS = 100
"""SQLite virtual-machine instructions between calls of the handler (it is cheap; the clock limits reports).
Checking or copying large photo rows runs few instructions per megabyte, so this must be small."""


@contextlib.contextmanager
def reporting(conn: Connection, progress: Progress, fraction: float, message: str) -> Iterator[None]:
    """Report ``(fraction, message)`` now and while the SQL in the block runs on ``conn``.

    Args:
        conn: The connection the block uses.
        progress: The work's progress callable; it may raise to stop the work.
        fraction: The fraction to report (0.0-1.0; it does not move during the block).
        message: What is being done, in plain English.

    Raises:
        OperationCancelled: (or whatever ``progress`` raised) the block was interrupted; the
            statement that was running has been stopped and its transaction rolled back by SQLite.
    """
    progress(fraction, message)
    if progress is no_progress:
        yield
        return
    stopped: list[BaseException] = []
    last = time.monotonic()

    def handler() -> int:
        nonlocal last
        now = time.monotonic()
        if now - last < REPORT_EVERY_S:
            return 0
        last = now
        try:
            progress(fraction, message)
        except BaseException as error:  # raising inside SQLite's callback is not allowed: interrupt instead
            stopped.append(error)
            return 1
        return 0

    conn.set_progress_handler(handler, _INSTRUCTIONS)
    try:
        yield
    except DB_ERRORS as error:
        if stopped:  # SQLite's "interrupted": say why
            raise stopped[0] from error
        raise
    finally:
        conn.set_progress_handler(None, 0)
    if stopped:  # interrupted between the block's statements, or a statement ignored the interruption
        raise stopped[0]


def past_no_return(progress: Progress) -> Progress:
    """``progress`` for work after its point of no return: a cancel raised there is ignored.

    The work is done and kept by then; saying "cancelled" would be untrue.
    """

    def report(fraction: float, message: str) -> None:
        with contextlib.suppress(OperationCancelled):
            progress(fraction, message)

    return report


__all__ = ["REPORT_EVERY_S", "past_no_return", "reporting"]
