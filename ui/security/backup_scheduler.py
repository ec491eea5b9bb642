"""Backups in the background: every 30 minutes, at start-up, and when the user asks.

Backups are taken on the thread pool through a connection of their own (the window
keeps working and saving meanwhile); the window waits for them before it closes
the database. The outcome of an automatic backup is told through signals, so the
scheduler knows nothing of the status bar or the backups list.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    from ui.tasks import Task
    from ui.window_host import WindowHost

BACKUP_EVERY_MS = 30 * 60 * 1000
AUTOMATIC_BACKUPS = ("on-start", "periodic")


class BackupScheduler(QObject):
    """Takes the open database's backups on the thread pool, one after the other.

    Signals:
        made(Path): An automatic backup was made (on the GUI thread).
        failed(BaseException): An automatic backup was not made: a
            :class:`~safeguarding.errors.SafeguardingError` for a problem such as a
            full disk or a damaged file, anything else for a bug.

    Attributes:
        running: ``(reason, task)`` of each backup being taken.
        timer: Starts a ``"periodic"`` backup every 30 minutes.
    """

    made = Signal(object)
    failed = Signal(object)

    def __init__(self, host: WindowHost, is_locked: Callable[[], bool]) -> None:
        super().__init__(host.window())
        self.host = host
        self._is_locked = is_locked
        self._stopped = False
        self.running: list[tuple[str, Task]] = []
        self.timer = QTimer(host.window())
        self.timer.setInterval(BACKUP_EVERY_MS)
        self.timer.timeout.connect(lambda: self.back_up("periodic"))
        self.timer.start()

    def back_up(self, reason: str) -> Task | None:
        """Start an automatic backup (``"on-start"`` or ``"periodic"``) in the background.

        No dialog: the window keeps working (and saving) meanwhile. The outcome is
        told by :attr:`made` or :attr:`failed`. The file is checked first: a damaged
        one is not copied (:class:`~safeguarding.errors.DamagedDatabaseError`).

        Returns:
            The running task, or None if none was started: no database, a read-only
            one, stopped, locked (only ``"periodic"`` runs then), or an automatic
            backup is still being taken.
        """
        store = self.host.store
        if store is None or store.read_only or self._stopped or (self._is_locked() and reason != "periodic"):
            return None
        if any(running in AUTOMATIC_BACKUPS for running, _ in self.running):
            return None
        return self.start(reason, self.made.emit, self.failed.emit)

    def start(self, reason: str, succeeded: Callable[[Path], None], failed: Callable[[BaseException], None]) -> Task:
        """Start taking a backup of the open database on the thread pool; GUI thread only.

        The worker uses its own read-only connection
        (:meth:`~safeguarding.store.backups.StoreBackups.take_detached`), never the
        window's, which belongs to the GUI thread. Backups started together are
        taken one after the other. The ``"on-start"`` backup of an encrypted database
        first encrypts any plain backups an encryption cut short left behind
        (:func:`~safeguarding.workflows.encrypt.encrypt_plain_backups`).

        Args:
            reason: Why (for the file name and the list): ``"manual"``, ``"periodic"``...
            succeeded: Called on the GUI thread with the new backup's path.
            failed: Called on the GUI thread with the error (a
                :class:`~safeguarding.errors.StorageError` for a problem such as a full disk).
                Both are connected before the work starts, so a quick result is never missed.

        Returns:
            The running task (``task.done`` is set when it has finished).

        Raises:
            RuntimeError: no database is open (callers check first).
        """
        from ui.tasks import Task

        store = self.host.store
        if store is None:
            raise RuntimeError("No database is open.")
        backups, key = store.backups, store.opened.key

        def work(progress: object) -> Path:
            if reason == "on-start" and key is not None:
                from safeguarding.workflows.encrypt import encrypt_plain_backups

                encrypt_plain_backups(backups.database, key)  # an encryption cut short left some plain
            return backups.take_detached(reason)

        task = Task(work)
        self.running.append((reason, task))

        def finished(*_: object) -> None:
            self.running = [(r, t) for r, t in self.running if t is not task]

        for signal, handler in ((task.signals.succeeded, succeeded), (task.signals.failed, failed)):
            signal.connect(finished)  # first: the handler sees the backup as finished
            signal.connect(handler)  # directly: a dialog's handler is dropped if the dialog is deleted
        task.start()
        return task

    def unfinished(self) -> list[Task]:
        """The backups still being taken."""
        return [task for _, task in self.running if not task.done.is_set()]

    def stop_and_wait(self) -> None:
        """Start no more backups, and wait for those being taken (up to a second per 150 MB each)."""
        self._stopped = True
        self.timer.stop()
        for _, task in list(self.running):
            task.done.wait()
