"""The Security menu and what runs behind it: lock (Ctrl+L and after idle time), passphrase, backups.

Locking swaps the window's central page for a :class:`~ui.security.dialogs.LockScreen`
and disables the menus; open dialogs are hidden. Nothing is closed or saved on
lock, so unsaved edits are still there after unlocking. Idle time is measured
by an event filter on the window that restarts a timer on every key press,
mouse press or wheel turn (time spent only in a separate dialog counts as idle).

Slow work never runs on the GUI thread. Backups are taken on the thread pool
through a connection of their own (the window keeps working and saving); the
window waits for them before it closes the database. Encrypting the database
and restoring a backup close the database, run behind a window-modal progress
dialog with Cancel, and reopen it.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMenuBar, QWidget

from safeguarding.errors import DamagedDatabaseError, SafeguardingError
from safeguarding.security.throttle import UnlockThrottle

if TYPE_CHECKING:  # cryptography, the store and the dialogs load when first needed: start-up stays lean
    from safeguarding.progress import Progress
    from safeguarding.security.keys import Key
    from safeguarding.store import BackupInfo, Store
    from safeguarding.workflows.encrypt import ConversionResult
    from ui.main_window import MainWindow
    from ui.security.dialogs import LockScreen, PassphraseDialog
    from ui.tasks import Task

IDLE_KEY = "lock_idle_minutes"
DEFAULT_IDLE_MINUTES = 10
IDLE_CHOICES = (5, 10, 15, 30, 0)
BACKUP_EVERY_MS = 30 * 60 * 1000
AUTOMATIC_BACKUPS = ("on-start", "periodic")
_ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.TouchBegin})


class _ActivityFilter(QObject):
    """Restarts the idle timer on user input anywhere in the app."""

    def __init__(self, timer: QTimer, parent: QObject) -> None:
        super().__init__(parent)  # destroyed with the window, which removes it from the application
        self._timer = timer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self._timer.isActive():
            self._timer.start()
        return False


class SecurityMenu:
    """Builds the Security menu on ``window`` and runs the lock and periodic backups.

    Attributes:
        locked: True while the lock screen is shown.
        lock_screen: The lock screen while locked.
        idle_timer: Locks the app when it fires (restarted by activity).
        throttle: Wrong-passphrase delays, shared by every unlock in this session.
        dialog: The last dialog opened (tests drive it).
        backups_running: ``(reason, task)`` of each backup being taken in the background.
        database_task: The encryption or restore running while the database is closed, if any.
    """

    def __init__(self, window: MainWindow, bar: QMenuBar) -> None:
        self.window = window
        self.locked = False
        self.lock_screen: LockScreen | None = None
        self.throttle = UnlockThrottle()
        self.dialog: QDialog | None = None
        self.backups_running: list[tuple[str, Task]] = []
        self.database_task: Task | None = None
        self._closing = False
        self._page_before: QWidget | None = None
        self._hidden: list[QWidget] = []
        self._after_unlock: list[Callable[[], None]] = []
        menu = bar.addMenu("Sec&urity")
        self.lock_action = self._add(
            menu, "&Lock now", "Ctrl+L", self.lock, "Hide everything until the passphrase is entered"
        )
        self.idle_action = self._add(
            menu, "Lock after &idle time…", None, self.choose_idle, "Lock automatically after minutes without use"
        )
        menu.addSeparator()
        self.change_action = self._add(
            menu, "&Change passphrase…", None, self.change_passphrase, "Choose a new passphrase"
        )
        self.recovery_action = self._add(
            menu,
            "Save a new &recovery key…",
            None,
            self.save_recovery_key,
            "A key that unlocks the database if the passphrase is forgotten",
        )
        self.encrypt_action = self._add(
            menu, "&Encrypt this database…", None, self.encrypt_current, "Protect this database with a passphrase"
        )
        menu.addSeparator()
        self.backups_action = self._add(
            menu, "&Backups and restore…", None, self.show_backups, "See the backups and go back to one"
        )
        self.idle_timer = QTimer(window)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setTimerType(Qt.TimerType.PreciseTimer)  # restarts are exact (a coarse timer rounds)
        self.idle_timer.timeout.connect(self.lock)
        self._filter = _ActivityFilter(self.idle_timer, window)
        self._watched: QObject | None = None
        self.backup_timer = QTimer(window)
        self.backup_timer.setInterval(BACKUP_EVERY_MS)
        self.backup_timer.timeout.connect(lambda: self.back_up("periodic"))
        self.backup_timer.start()

    def _add(self, menu: object, text: str, shortcut: str | None, slot: object, tip: str) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    # -- state -------------------------------------------------------------------

    @property
    def closing(self) -> bool:
        """True once the window is closing (background work is being stopped; nothing is reopened)."""
        return self._closing

    @property
    def key(self) -> Key | None:
        """The open database's data key (None: plain or none open)."""
        store = self.window.store
        return store.opened.key if store is not None else None

    def watch_activity(self) -> None:
        """Watch the window's input for activity (call once it is shown).

        The filter sits on the window's native ``QWindow``, which receives every key
        and mouse event for the window before Qt hands it to a widget. (An
        application-wide Python event filter crashed QtWebEngine in tests.)
        """
        handle = self.window.windowHandle()
        if handle is not None and handle is not self._watched:
            handle.installEventFilter(self._filter)
            self._watched = handle

    def store_changed(self) -> None:
        """Update the menu and the idle timer for the database now open."""
        self.watch_activity()
        encrypted = self.key is not None
        has_store = self.window.store is not None
        self.lock_action.setEnabled(encrypted)
        self.idle_action.setEnabled(encrypted)
        self.change_action.setEnabled(encrypted)
        self.recovery_action.setEnabled(encrypted)
        self.encrypt_action.setEnabled(has_store and not encrypted)
        self.backups_action.setEnabled(has_store)
        minutes = self.idle_minutes()
        if encrypted and minutes > 0:
            self.idle_timer.setInterval(minutes * 60 * 1000)
            self.idle_timer.start()
        else:
            self.idle_timer.stop()

    def idle_minutes(self) -> int:
        """Minutes without use before the app locks (0 = never), from the database's settings."""
        store = self.window.store
        if store is None:
            return 0
        try:
            return max(0, int(store.meta.get(IDLE_KEY, str(DEFAULT_IDLE_MINUTES))))
        except ValueError:
            return DEFAULT_IDLE_MINUTES

    # -- backups in the background ---------------------------------------------------

    def back_up(self, reason: str) -> Task | None:
        """Start an automatic backup (``"on-start"`` or ``"periodic"``) in the background.

        No dialog: the window keeps working (and saving) meanwhile. When it is made,
        the status bar says so briefly (if it shows nothing else) and an open backups
        list is refreshed; a problem is shown in the status bar ("Backup not made:
        …"), never as a crash. The file is checked first: a damaged one is not copied,
        and is closed, with its latest good backup offered (:meth:`database_damaged`).

        Returns:
            The running task, or None if none was started: no database, a read-only
            one, locked (only ``"periodic"`` runs then), or an automatic backup is
            still being taken.
        """
        store = self.window.store
        if store is None or store.read_only or self._closing or (self.locked and reason != "periodic"):
            return None
        if any(running in AUTOMATIC_BACKUPS for running, _ in self.backups_running):
            return None
        return self.start_backup(reason, self._automatic_backup_made, self._automatic_backup_failed)

    def start_backup(
        self, reason: str, succeeded: Callable[[Path], None], failed: Callable[[BaseException], None]
    ) -> Task:
        """Start taking a backup of the open database on the thread pool; GUI thread only.

        The worker uses its own read-only connection
        (:meth:`~safeguarding.store.backups.StoreBackups.take_detached`), never the
        window's, which belongs to the GUI thread. Backups started together are
        taken one after the other.

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

        store = self.window.store
        if store is None:
            raise RuntimeError("No database is open.")
        backups = store.backups
        task = Task(lambda progress: backups.take_detached(reason))
        self.backups_running.append((reason, task))

        def finished(*_: object) -> None:
            self.backups_running = [(r, t) for r, t in self.backups_running if t is not task]

        for signal, handler in ((task.signals.succeeded, succeeded), (task.signals.failed, failed)):
            signal.connect(finished)  # first: the handler sees the backup as finished
            signal.connect(handler)  # directly: a dialog's handler is dropped if the dialog is deleted
        task.start()
        return task

    def wait_for_background_work(self) -> None:
        """Before the window closes its database: stop an encryption or restore and wait for every backup.

        An encryption or restore is cancelled (it leaves the database as it was, or
        finishes if it is past its point of no return) and nothing is reopened
        afterwards. Blocks until the work has stopped: a backup cannot be stopped
        part-way, and takes up to a second per 150 MB.
        """
        self._closing = True
        self.backup_timer.stop()
        if self.database_task is not None:
            self.database_task.cancel()
            self.database_task.done.wait()
        for _, task in list(self.backups_running):
            task.done.wait()

    def _automatic_backup_made(self, path: Path) -> None:
        if self._closing:  # the window may be gone by the time the result arrives
            return
        # Imported here, not at the top: this menu is built before the window shows (start-up speed).
        from safeguarding.timeutil import utc_now, utc_to_local

        bar = self.window.statusBar()
        if not bar.currentMessage():
            bar.showMessage(f"Backup made at {utc_to_local(utc_now()):%H:%M}.", 5000)
        self._refresh_backups_list()

    def _automatic_backup_failed(self, error: BaseException) -> None:
        if not isinstance(error, SafeguardingError):
            sys.excepthook(type(error), error, error.__traceback__)  # a bug: logged and shown
            return
        if isinstance(error, DamagedDatabaseError):  # the check before copying found damage
            self.database_damaged(error)
            return
        if not self._closing:
            self.window.statusBar().showMessage(f"Backup not made: {error}", 15000)

    def database_damaged(self, error: BaseException) -> None:
        """The open database is damaged: close it, say so, offer the latest good backup (:mod:`ui.security.damage`)."""
        from ui.security.damage import database_damaged

        database_damaged(self, error)

    def _refresh_backups_list(self) -> None:
        from ui.security.backups_dialog import BackupsDialog

        if isinstance(self.dialog, BackupsDialog) and self.dialog.isVisible():
            self.dialog.refresh()

    def _after_backups(self, title: str, then: Callable[[], None], cancelled: str) -> None:
        """Call ``then()`` once no backup is being taken (at once if none is).

        Meanwhile a window-modal progress dialog says so; its Cancel gives up
        (``cancelled`` goes to the status bar). A database must not be closed while a
        backup reads it: closing would wait for the backup on the GUI thread.
        """
        running = [task for _, task in self.backups_running if not task.done.is_set()]
        if not running:
            then()
            return
        from ui.tasks import wait_for_tasks

        message = "Finishing the backup that is being taken…"
        self.run_database_work(
            title,
            lambda progress: wait_for_tasks(running, progress, message),
            label=message,
            succeeded=lambda _: self._after_backups(title, then, cancelled),  # another may have started meanwhile
            failed=lambda error: sys.excepthook(type(error), error, error.__traceback__),  # waiting raises none
            cancelled=lambda: self._status(cancelled),
        )

    def _may_close_database(self) -> bool:
        """Save the open assessment's edits first; False if the user chose to stay."""
        editor = self.window.editor
        return editor is None or self.window.stack.currentWidget() is not editor or editor.confirm_leave()

    def _reopen(self, path: Path, key: Key | None) -> None:
        """Open ``path`` again after encryption or restore (or show why it cannot be)."""
        from safeguarding.store import open_store

        try:
            self.window.set_store(open_store(path, key=key))
        except SafeguardingError as error:
            self.window.set_store(None, problem=str(error))

    # -- lock --------------------------------------------------------------------

    def lock(self) -> None:
        """Hide all content behind the lock screen (only for an encrypted database). Edits stay in memory."""
        store = self.window.store
        if self.locked or store is None or self.key is None:
            if store is not None and self.key is None and not self.locked:
                self.window.statusBar().showMessage(
                    "This database has no passphrase, so it cannot be locked. Use Security → Encrypt this database…",
                    10000,
                )
            return
        self.locked = True
        self.idle_timer.stop()
        self._page_before = self.window.stack.currentWidget()
        self._hidden = [
            widget
            for widget in QApplication.topLevelWidgets()
            if widget is not self.window and widget.isVisible() and widget.isWindow()
        ]
        for widget in self._hidden:
            widget.hide()
        from ui.security.dialogs import LockScreen

        self.lock_screen = LockScreen(store.path, self.throttle, self.window)
        self.lock_screen.panel.unlocked.connect(self._unlocked)
        self.window.stack.addWidget(self.lock_screen)
        self.window.stack.setCurrentWidget(self.lock_screen)
        self.window.menuBar().setEnabled(False)
        self._set_window_actions(False)
        self.lock_screen.panel.passphrase_edit.setFocus()

    def _set_window_actions(self, enabled: bool) -> None:
        for action in self.window.findChildren(QAction):
            if action.shortcut().isEmpty():
                continue
            if enabled:
                action.setEnabled(bool(action.property("enabledBeforeLock")))
            else:
                action.setProperty("enabledBeforeLock", action.isEnabled())
                action.setEnabled(False)

    def _unlocked(self, key: object) -> None:
        if key != self.key:  # the passphrase of another database's key file cannot be right here
            return
        self.unlock_now()

    def unlock_now(self) -> None:
        """Remove the lock screen and show what was there before."""
        if not self.locked or self.lock_screen is None:
            return
        self.window.stack.removeWidget(self.lock_screen)
        self.lock_screen.deleteLater()
        self.lock_screen = None
        self.window.menuBar().setEnabled(True)
        self._set_window_actions(True)
        if self._page_before is not None:
            self.window.stack.setCurrentWidget(self._page_before)
        for widget in self._hidden:
            if shiboken6.isValid(widget):  # a progress window whose work ended meanwhile is gone
                widget.show()
        self._hidden = []
        self.locked = False
        self.store_changed()
        waiting, self._after_unlock = self._after_unlock, []
        for show in waiting:
            show()

    def when_unlocked(self, show: Callable[[], None]) -> None:
        """Run ``show`` (a message about work that finished) now, or once unlocked if the window is locked.

        A message shown over the lock screen would reveal what the window hides
        (a report's file name carries the location's name).
        """
        if self.locked:
            self._after_unlock.append(show)
        else:
            show()

    def choose_idle(self) -> None:
        """Ask how many minutes without use before locking; saved in the database."""
        store = self.window.store
        if store is None:
            return
        labels = [f"{m} minutes" if m else "Never" for m in IDLE_CHOICES]
        current = self.idle_minutes()
        answer = self.window.interaction.choose(
            self.window,
            "Lock after idle time",
            f"Lock the app after how long without use? (now: {f'{current} minutes' if current else 'never'})",
            labels,
        )
        if answer is None:
            return
        try:
            store.meta.set(IDLE_KEY, str(IDLE_CHOICES[answer]))
        except SafeguardingError as error:
            self.window.interaction.error(self.window, "Not saved", str(error))
            return
        self.store_changed()

    # -- passphrase ----------------------------------------------------------------

    def ask_key(self, path: Path) -> Key | None:
        """Show the unlock dialog for ``path`` (modal); return the key, or None if cancelled."""
        from ui.security.dialogs import UnlockDialog

        dialog = UnlockDialog(path, self.throttle, self.window)
        self.dialog = dialog
        return dialog.key if dialog.exec() == QDialog.DialogCode.Accepted else None

    def open_store(self, path: Path) -> object:
        """Open ``path``, asking for its passphrase if it is encrypted. Returns the Store, or None if cancelled.

        Raises:
            SafeguardingError: it cannot be opened (message for the user).
        """
        from safeguarding.store import is_encrypted, open_store

        key = None
        if is_encrypted(path):
            key = self.ask_key(path)
            if key is None:
                return None
        return open_store(path, key=key)

    def change_passphrase(self) -> None:
        """Open the change-passphrase dialog (non-blocking)."""
        store, key = self.window.store, self.key
        if store is None or key is None:
            return
        from ui.security.dialogs import PassphraseDialog

        dialog = PassphraseDialog(store.path, self.window.interaction, key=key, parent=self.window)
        dialog.accepted.connect(
            lambda: self.window.statusBar().showMessage("Passphrase changed. Use the new one from now on.", 10000)
        )
        self.dialog = dialog
        dialog.open()

    def save_recovery_key(self) -> None:
        """Make a new recovery key (the old one stops working) and save it to a file the user chooses."""
        store, key = self.window.store, self.key
        if store is None or key is None:
            return
        from safeguarding.security.keys import save_recovery_key_file, set_recovery_key, unlock

        # A recovery key opens the database for good: someone at an unlocked laptop must not make one.
        passphrase = self.window.interaction.ask_secret(
            self.window, "Save a new recovery key", "Type the database's current passphrase:"
        )
        if passphrase is None:
            return
        try:
            confirmed = unlock(store.path, passphrase) == key
        except SafeguardingError:
            confirmed = False
        if not confirmed:
            self.window.interaction.error(
                self.window, "Recovery key not saved", "That is not the passphrase of this database."
            )
            return
        target = self.window.interaction.save_path(
            self.window,
            "Save your recovery key (keep it away from the laptop)",
            Path.home() / f"{store.path.stem} recovery key.txt",
            "Text files (*.txt)",
        )
        if target is None:
            return

        try:
            recovery = set_recovery_key(store.path, key)
            save_recovery_key_file(target, store.path, recovery)
        except SafeguardingError as error:
            self.window.interaction.error(self.window, "Recovery key not saved", str(error))
            return
        self.window.interaction.inform(
            self.window,
            "Recovery key saved",
            f"Your recovery key was saved to:\n{target}\n\nAny earlier recovery key no longer works. Keep this "
            "file somewhere safe, away from the laptop (for example printed and locked away).",
        )

    def encrypt_current(self) -> None:
        """Encrypt the open plain database in place, after asking for a passphrase (non-blocking dialog)."""
        store = self.window.store
        if store is None or self.key is not None:
            return
        from ui.security.dialogs import PassphraseDialog

        dialog = PassphraseDialog(store.path, self.window.interaction, parent=self.window)
        dialog.accepted.connect(lambda: self.finish_encryption(dialog))
        self.dialog = dialog
        dialog.open()

    def finish_encryption(self, dialog: PassphraseDialog) -> bool:
        """Encrypt the open database with the dialog's passphrase, off the GUI thread.

        The open assessment is saved first. Once no backup is being taken, the
        database is closed (the window shows "Encrypting…"), converted by
        :func:`~safeguarding.workflows.encrypt.encrypt_database` on the thread pool
        behind a window-modal progress dialog with Cancel, and opened again. The
        outcome is said in plain English: a message when encrypted or when it failed
        (the database is then unchanged), the status bar when cancelled. A recovery
        key file, if one was asked for, is written first and removed again if the
        database was not encrypted (it would open nothing).

        Returns:
            True if the encryption was started (or starts when a backup finishes);
            False if no database is open or the user chose to stay with unsaved edits.
        """
        store = self.window.store
        if store is None or not self._may_close_database():
            return False
        passphrase, dialog.passphrase = dialog.passphrase, ""
        recovery_path = dialog.recovery_path
        self._after_backups(
            "Encrypting the database",
            lambda: self._encrypt(store, passphrase, recovery_path),
            "Encryption cancelled: the database was not changed.",
        )
        return True

    def _encrypt(self, store: Store, passphrase: str, recovery_path: Path | None) -> None:
        from safeguarding.security.keys import new_recovery_key, save_recovery_key_file
        from safeguarding.workflows.encrypt import encrypt_database

        self.database_task = None
        if self._closing or self.window.store is not store:
            return
        path = store.path
        self.window.set_store(None, problem="Encrypting…")

        def work(progress: Progress) -> ConversionResult:
            recovery = None
            if recovery_path is not None:
                progress(0.0, "Saving the recovery key…")
                recovery = new_recovery_key()
                save_recovery_key_file(recovery_path, path, recovery)
            try:
                return encrypt_database(path, passphrase, recovery_key=recovery, progress=progress)
            except BaseException:
                if recovery_path is not None:
                    with contextlib.suppress(OSError):
                        recovery_path.unlink(missing_ok=True)
                raise

        def encrypted(result: ConversionResult) -> None:
            self._reopen(path, result.key)
            self.window.interaction.inform(
                self.window,
                "Database encrypted",
                f"{path.name} is now encrypted. The unencrypted original was removed after the encrypted copy "
                f"was checked. Keep {path.name}.keys.json in the same folder: the passphrase needs it.",
            )

        def reopen() -> None:
            self._reopen_asking(path)

        def not_encrypted(error: SafeguardingError) -> None:
            reopen()
            self.window.interaction.error(self.window, "Not encrypted", str(error))

        def cancelled() -> None:
            reopen()
            self._status("Encryption cancelled: the database was not changed.")

        self.run_database_work(
            "Encrypting the database",
            work,
            label="Checking the database…",
            succeeded=encrypted,
            failed=not_encrypted,
            cancelled=cancelled,
            after_bug=reopen,
        )

    def run_database_work(
        self,
        title: str,
        work: Callable[[Progress], Any],
        *,
        label: str,
        succeeded: Callable[[Any], None],
        failed: Callable[[SafeguardingError], None],
        cancelled: Callable[[], None],
        after_bug: Callable[[], None] | None = None,
        show_after_ms: int = 0,
    ) -> None:
        """Run work on the database file (encrypt, restore, find a good backup) behind a progress window.

        The window-modal progress window shows at once by default: the database is
        closed meanwhile and nothing else in the window can be used. Kept in
        :attr:`database_task` until it ends. Afterwards, unless the window is closing,
        exactly one of: ``succeeded(result)``; ``failed(error)`` for a
        :class:`~safeguarding.errors.SafeguardingError`; ``after_bug()`` (if given)
        then the exception hook for anything else; ``cancelled()``.
        """
        from ui.tasks import run_with_progress

        def ended() -> bool:
            self.database_task = None
            return not self._closing

        def on_succeeded(result: object) -> None:
            if ended():
                succeeded(result)

        def on_failed(error: BaseException) -> None:
            if not ended():
                return
            if isinstance(error, SafeguardingError):
                failed(error)
                return
            if after_bug is not None:
                after_bug()
            sys.excepthook(type(error), error, error.__traceback__)

        def on_cancelled() -> None:
            if ended():
                cancelled()

        self.database_task = run_with_progress(
            self.window,
            title,
            work,
            succeeded=on_succeeded,
            failed=on_failed,
            cancelled=on_cancelled,
            label=label,
            show_after_ms=show_after_ms,
        )

    def _status(self, message: str) -> None:
        """Say ``message`` in the status bar for ten seconds."""
        self.window.statusBar().showMessage(message, 10000)

    def _reopen_asking(self, path: Path) -> None:
        """Open ``path`` again, asking for its passphrase if it is encrypted after all."""
        try:
            self.window.set_store(self.open_store(path))  # type: ignore[arg-type]
        except SafeguardingError as error:
            self.window.set_store(None, problem=str(error))

    # -- backups -----------------------------------------------------------------

    def show_backups(self) -> None:
        """Open the backups and restore screen (non-blocking)."""
        store = self.window.store
        if store is None:
            return
        from ui.security.backups_dialog import BackupsDialog

        dialog = BackupsDialog(store, self.window.interaction, self.restore, self.window, back_up=self.start_backup)
        self.dialog = dialog
        dialog.open()

    def restore(self, backup: BackupInfo) -> bool:
        """Go back to ``backup``, off the GUI thread (the current state is backed up first).

        The open assessment is saved first. Once no backup is being taken, the
        database is closed (the window shows "Restoring…"),
        :func:`~safeguarding.workflows.restore.restore_backup` runs on the thread pool
        behind a window-modal progress dialog with Cancel, and the database is
        opened again. The outcome is said in plain English: the status bar when
        restored or cancelled (the database is then unchanged), a message when it
        failed (unchanged too).

        Returns:
            True if the restore was started (or starts when a backup finishes);
            False if no database is open or the user chose to stay with unsaved edits.
        """
        store = self.window.store
        if store is None or not self._may_close_database():
            return False
        self._after_backups(
            "Restoring a backup",
            lambda: self._restore(store, backup),
            "Restore cancelled: the database was not changed.",
        )
        return True

    def _restore(self, store: Store, backup: BackupInfo) -> None:
        from safeguarding.workflows.restore import restore_backup

        self.database_task = None
        if self._closing or self.window.store is not store:
            return
        path, key = store.path, store.opened.key
        self.window.set_store(None, problem="Restoring…")

        def restored(_kept: object) -> None:
            self._reopen(path, key)
            self.window.statusBar().showMessage(
                "Backup restored. Your database as it was just before is kept in the backups list.", 10000
            )

        def reopen() -> None:
            self._reopen(path, key)

        def not_restored(error: SafeguardingError) -> None:
            reopen()
            self.window.interaction.error(self.window, "Backup not restored", str(error))

        def cancelled() -> None:
            reopen()
            self._status("Restore cancelled: the database was not changed.")

        self.run_database_work(
            "Restoring a backup",
            lambda progress: restore_backup(path, backup.path, key, progress=progress),
            label="Checking the backup…",
            succeeded=restored,
            failed=not_restored,
            cancelled=cancelled,
            after_bug=reopen,
        )
