"""A growing delay after repeated wrong passphrases (0, 0, 1, 2, 4, 8 ... 60 seconds).

The domain keeps the count and the time the next try is allowed; the UI asks
:meth:`UnlockThrottle.wait_seconds` and counts down with a timer, and the
command line refuses to try before then. The clocks are injected so tests never
sleep.

Bound to a database (:meth:`UnlockThrottle.bind`), the count and the time the
next try is allowed are also kept in a small file beside the keys file
(``<database>.unlock-wait.json``, owner-only, written atomically), so closing
the app or starting the command line again does not reset the wait. The file
is tamper-tolerant rather than tamper-proof (anyone who can delete it can
reset the count; the passphrase's strength and scrypt are what protect the
key): a file that cannot be read as expected never stops the app or locks
anyone out for long; it counts as :data:`FREE_TRIES` failures (the next wrong
try waits), and a wait is never longer than the delay its count allows, even
if the computer's clock was moved back.
"""

from __future__ import annotations

import contextlib
import json
import math
import time
from collections.abc import Callable
from pathlib import Path

from safeguarding.private_files import write_private_atomically

FREE_TRIES = 2
MAX_DELAY_S = 60.0
MAX_COUNTED = 1000
"""Failures beyond this are not counted (the delay stopped growing long before)."""
STATE_SUFFIX = ".unlock-wait.json"


def delay_after(failures: int) -> float:
    """Seconds to wait after ``failures`` consecutive wrong tries: 0, 0, 1, 2, 4, 8, ... at most 60."""
    if failures <= FREE_TRIES:
        return 0.0
    return min(MAX_DELAY_S, float(2 ** min(failures - FREE_TRIES - 1, 16)))


def state_path(database: Path) -> Path:
    """Where the wait of ``database`` is kept: ``<database>.unlock-wait.json``, beside its keys file."""
    database = Path(database)
    return database.with_name(database.name + STATE_SUFFIX)


def read_state(path: Path, now: float) -> tuple[int, float]:
    """Return ``(failures, seconds still to wait)`` from a state file; ``(0, 0)`` if there is none.

    A file that is not what :func:`write_state` writes counts as :data:`FREE_TRIES`
    failures with no wait. The wait is capped at the delay its count allows.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return 0, 0.0
    except (OSError, ValueError):
        return FREE_TRIES, 0.0
    failures, allowed_at = (data.get("failures"), data.get("allowed_at")) if isinstance(data, dict) else (None, None)
    if (
        not isinstance(failures, int)
        or isinstance(failures, bool)
        or not isinstance(allowed_at, int | float)
        or not math.isfinite(allowed_at)
    ):
        return FREE_TRIES, 0.0
    failures = max(0, min(failures, MAX_COUNTED))
    return failures, max(0.0, min(float(allowed_at) - now, delay_after(failures)))


def write_state(path: Path, failures: int, allowed_at: float) -> None:
    """Write the state atomically and owner-only; remove the file when nothing is owed. Failures are ignored.

    A folder that cannot be written (a read-only share) only means the wait does
    not outlive this run; it never stops an unlock.
    """
    path = Path(path)
    with contextlib.suppress(OSError):
        if failures == 0:
            path.unlink(missing_ok=True)
            return
        write_private_atomically(path, json.dumps({"failures": failures, "allowed_at": allowed_at}))


class UnlockThrottle:
    """Counts consecutive failed unlocks and says how long to wait before the next try.

    Args:
        clock: Monotonic seconds (``time.monotonic`` by default; tests pass their own).
        wall_clock: Seconds since the epoch, for the state file (``time.time`` by default).
    """

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, wall_clock: Callable[[], float] = time.time
    ) -> None:
        self._clock = clock
        self._wall_clock = wall_clock
        self.failures = 0
        self._allowed_at = 0.0
        self._state: Path | None = None

    def bind(self, database: Path) -> None:
        """Keep the count in the state file of ``database`` and take up the wait saved there.

        Binding again to the same database keeps the count in memory (the file is
        read once per database); binding to another database reads that one's.
        """
        path = state_path(database)
        if path == self._state:
            return
        self._state = path
        self.failures, remaining = read_state(path, self._wall_clock())
        self._allowed_at = self._clock() + remaining

    def wait_seconds(self) -> float:
        """Seconds until the next try is allowed (0 = now)."""
        return max(0.0, self._allowed_at - self._clock())

    def record_failure(self) -> float:
        """Count a wrong try; return the delay before the next one."""
        self.failures = min(self.failures + 1, MAX_COUNTED)
        delay = delay_after(self.failures)
        self._allowed_at = self._clock() + delay
        if self._state is not None:
            write_state(self._state, self.failures, self._wall_clock() + delay)
        return delay

    def record_success(self) -> None:
        """Reset after a right passphrase."""
        self.failures = 0
        self._allowed_at = 0.0
        if self._state is not None:
            write_state(self._state, 0, 0.0)
