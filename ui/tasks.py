"""Run long work off the GUI thread, with progress and cancel.

The work is a plain function taking a ``progress(fraction, message)`` callable
(see :mod:`safeguarding.progress`). It must not touch the database connection,
which belongs to the GUI thread: gather the data first, then hand it over (and
store results in the ``succeeded`` handler, which runs on the GUI thread).
:func:`run_with_progress` adds the progress dialog with its Cancel button.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

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


def progress_dialog(
    parent: QWidget, title: str, label: str, *, cancel: str = "Cancel", maximum: int = 100, show_after_ms: int = 500
) -> QProgressDialog:
    """A window-modal progress window that stays until reset: shown once the work takes ``show_after_ms``.

    Its ``cancel`` button sets ``wasCanceled()`` and emits ``canceled``. Being modal,
    its ``setValue`` also lets the window repaint (Qt processes events there).
    """
    dialog = QProgressDialog(label, cancel, 0, maximum, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(show_after_ms)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    return dialog


def wait_for_tasks(tasks: list[Task], progress: Callable[[float, str], None], message: str) -> None:
    """Block (on a worker thread) until every task is done, repeating ``message`` so a Cancel is noticed."""
    for task in tasks:
        while not task.done.wait(0.05):
            progress(0.0, message)


def run_with_progress(
    parent: QWidget,
    title: str,
    work: Callable[[Callable[[float, str], None]], Any],
    *,
    succeeded: Callable[[Any], None],
    failed: Callable[[BaseException], None],
    cancelled: Callable[[], None],
    label: str = "Starting…",
    show_after_ms: int = 500,
) -> Task:
    """Start ``work`` on the thread pool behind a window-modal progress dialog with a Cancel button.

    The dialog appears only if the work takes longer than ``show_after_ms``
    (default half a second; 0 shows it at once, for work during which the window
    must not be used), shows the work's progress messages, and Cancel asks the
    work to stop at its next progress report. Once the work reports 1.0 (done and
    kept: :class:`Task` no longer cancels) the Cancel button is disabled. Exactly
    one of ``succeeded(result)``, ``failed(error)`` or ``cancelled()`` is then
    called on the GUI thread, after the dialog has gone; none is called if
    ``parent`` has been deleted meanwhile (nobody is left to tell).

    Returns:
        The started task: keep a reference until it finishes (``task.done``).
    """
    dialog = progress_dialog(parent, title, label, show_after_ms=show_after_ms)
    dialog.setValue(0)  # starts the clock: without it the dialog waits 4 s for a first report before showing
    task = Task(work)
    cancel_button = dialog.findChild(QPushButton)

    def on_progress(fraction: float, message: str) -> None:
        dialog.setLabelText(message)
        dialog.setValue(round(fraction * 100))
        if fraction >= 1.0 and cancel_button is not None:
            cancel_button.setEnabled(False)

    def finish() -> bool:
        if not shiboken6.isValid(parent):
            return False
        dialog.reset()
        dialog.deleteLater()
        return True

    def on_succeeded(result: object) -> None:
        if finish():
            succeeded(result)

    def on_failed(error: object) -> None:
        assert isinstance(error, BaseException)
        if finish():
            failed(error)
        else:
            raise error  # still reaches the exception hook (logged), though its window has gone

    def on_cancelled() -> None:
        if finish():
            cancelled()

    task.signals.progress.connect(on_progress)
    task.signals.succeeded.connect(on_succeeded)
    task.signals.failed.connect(on_failed)
    task.signals.cancelled.connect(on_cancelled)
    dialog.canceled.connect(task.cancel)
    task.start()
    return task
