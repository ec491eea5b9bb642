"""Reading the database at one moment, and reading text that is not UTF-8 without failing.

Used by the history (:mod:`safeguarding.store.audit`, :mod:`safeguarding.store.audit_replay`),
which compares the trail's entries with the records and must see both as of the same
moment, and must open even when a record was given bytes that are not text outside the app.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlite_utils import Database

from safeguarding.store.dberrors import DB_ERRORS


@contextmanager
def read_snapshot(db: Database) -> Iterator[None]:
    """Hold one read transaction while the block reads, so the trail's entries and the records are read as of
    the same moment: a save from another connection (another window) in between is not seen half-way, which
    would read as a change outside the app. Inside a transaction already open on ``db`` it only reads."""
    conn = db.conn
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")  # deferred: the snapshot is taken at the first read (write-ahead log)
    try:
        yield
    finally:
        conn.commit()  # nothing was written: this only ends the snapshot (no-op if it has ended)


def read_rows(db: Database, sql: str, params: list[Any]) -> list[Any]:
    """The rows of a query; text that is not UTF-8 (only writable outside the app) is read with its bad bytes
    replaced (U+FFFD) instead of raising, so it cannot stop a history opening (and then matches no seal)."""
    try:
        return db.execute(sql, params).fetchall()
    except DB_ERRORS as error:  # the driver's OperationalError (sqlite3 or sqlcipher3)
        if "decode" not in str(error).lower():
            raise
    previous = db.conn.text_factory
    db.conn.text_factory = lambda data: bytes(data).decode("utf-8", "replace")
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.conn.text_factory = previous
