"""A growing delay after repeated wrong passphrases (0, 0, 1, 2, 4, 8 ... 60 seconds).

The domain keeps the count and the time the next try is allowed; the UI asks
:meth:`UnlockThrottle.wait_seconds` and counts down with a timer. The clock is
injected so tests never sleep.
"""

from __future__ import annotations

import time
from collections.abc import Callable

FREE_TRIES = 2
MAX_DELAY_S = 60.0


def delay_after(failures: int) -> float:
    """Seconds to wait after ``failures`` consecutive wrong tries: 0, 0, 1, 2, 4, 8, ... at most 60."""
    if failures <= FREE_TRIES:
        return 0.0
    return min(MAX_DELAY_S, float(2 ** (failures - FREE_TRIES - 1)))


class UnlockThrottle:
    """Counts consecutive failed unlocks and says how long to wait before the next try.

    Args:
        clock: Monotonic seconds (``time.monotonic`` by default; tests pass their own).
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.failures = 0
        self._allowed_at = 0.0

    def wait_seconds(self) -> float:
        """Seconds until the next try is allowed (0 = now)."""
        return max(0.0, self._allowed_at - self._clock())

    def record_failure(self) -> float:
        """Count a wrong try; return the delay before the next one."""
        self.failures += 1
        delay = delay_after(self.failures)
        self._allowed_at = self._clock() + delay
        return delay

    def record_success(self) -> None:
        """Reset after a right passphrase."""
        self.failures = 0
        self._allowed_at = 0.0
