"""Progress reporting without Qt: long work takes a ``progress(fraction, message)`` callable.

The UI adapts the callable into Qt signals and may cancel by raising
:class:`OperationCancelled` from inside it; the work cleans up and re-raises.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[float, str], None]
"""``progress(fraction, message)``: fraction from 0.0 to 1.0, message in plain English."""


class OperationCancelled(Exception):  # noqa: N818 - a signal to stop, not an error
    """Raised through a progress callback when the user cancels; nothing half-written is kept."""


def no_progress(fraction: float, message: str) -> None:
    """A progress callable that ignores progress."""


def steady(progress: Progress, fraction: float, message: str) -> Progress:
    """A progress callable that passes every call on as ``progress(fraction, message)``.

    For a step whose own progress is not worth showing, while it can still be
    cancelled (``progress`` may raise :class:`OperationCancelled` at each call).
    """

    def report(_fraction: float, _message: str) -> None:
        progress(fraction, message)

    return report
