"""Run long work off the GUI thread, with progress and cancel.

The work is a plain function taking a ``progress(fraction, message)`` callable
(see :mod:`safeguarding.progress`). It must not touch the database connection,
which belongs to the GUI thread: gather the data first, then hand it over.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from safeguarding.progress import OperationCancelled


class TaskSignals(QObject):
    """Signals of a :class:`Task`, delivered on the GUI thread."""

    progress = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class Task(QRunnable):
    """Runs ``work(progress)`` on the global thread pool.

    Args:
        work: The function to run; its return value is emitted by ``succeeded``.
    """

    def __init__(self, work: Callable[[Callable[[float, str], None]], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = TaskSignals()
        self._work = work
        self._cancel = threading.Event()
        self.done = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop at its next progress report."""
        self._cancel.set()

    def _progress(self, fraction: float, message: str) -> None:
        # At 1.0 the work is finished and saved: too late to cancel honestly.
        if self._cancel.is_set() and fraction < 1.0:
            raise OperationCancelled()
        self.signals.progress.emit(fraction, message)

    def run(self) -> None:
        """Run the work (called by the thread pool)."""
        try:
            result = self._work(self._progress)
        except OperationCancelled:
            self.signals.cancelled.emit()
        except BaseException as error:  # delivered to the GUI thread, which decides
            self.signals.failed.emit(error)
        else:
            self.signals.succeeded.emit(result)
        finally:
            self.done.set()

    def start(self) -> None:
        """Queue the task on the global thread pool."""
        QThreadPool.globalInstance().start(self)
