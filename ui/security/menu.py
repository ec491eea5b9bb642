"""The Security menu and what runs behind it: lock (Ctrl+L and after idle time), passphrase, backups.

Locking swaps the window's central page for a :class:`~ui.security.dialogs.LockScreen`
and disables the menus; open dialogs are hidden. Nothing is closed or saved on
lock, so unsaved edits are still there after unlocking. Idle time is measured
by an event filter on the window that restarts a timer on every key press,
mouse press or wheel turn (time spent only in a separate dialog counts as idle).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMenuBar, QWidget

from safeguarding.errors import SafeguardingError
from safeguarding.security.throttle import UnlockThrottle

if TYPE_CHECKING:  # cryptography, the store and the dialogs load when first needed: start-up stays lean
    from safeguarding.security.keys import Key
    from safeguarding.store import BackupInfo
    from ui.main_window import MainWindow
    from ui.security.dialogs import LockScreen, PassphraseDialog

IDLE_KEY = "lock_idle_minutes"
DEFAULT_IDLE_MINUTES = 10
IDLE_CHOICES = (5, 10, 15, 30, 0)
BACKUP_EVERY_MS = 30 * 60 * 1000
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
    """

    def __init__(self, window: MainWindow, bar: QMenuBar) -> None:
        self.window = window
        self.locked = False
        self.lock_screen: LockScreen | None = None
        self.throttle = UnlockThrottle()
        self.dialog: QDialog | None = None
        self._page_before: QWidget | None = None
        self._hidden: list[QWidget] = []
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

    def back_up(self, reason: str) -> Path | None:
        """Take a backup of the open database; a problem is shown in the status bar, never a crash."""
        store = self.window.store
        if store is None or store.read_only or (self.locked and reason != "periodic"):
            return None
        try:
            return store.backups.take(reason)
        except SafeguardingError as error:
            self.window.statusBar().showMessage(f"Backup not made: {error}", 15000)
            return None

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
            widget.show()
        self._hidden = []
        self.locked = False
        self.store_changed()

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
        """Close the database, encrypt it with the dialog's passphrase, reopen it; False (and a message) on failure."""
        from safeguarding.security.convert import encrypt_database
        from safeguarding.security.keys import new_recovery_key, save_recovery_key_file
        from safeguarding.store import open_store

        store = self.window.store
        if store is None:
            return False
        path = store.path
        editor = self.window.editor
        if editor is not None and self.window.stack.currentWidget() is editor and not editor.confirm_leave():
            return False
        self.window.set_store(None, problem="Encrypting…")
        passphrase, dialog.passphrase = dialog.passphrase, ""
        try:
            recovery = new_recovery_key() if dialog.recovery_path else None
            if dialog.recovery_path and recovery:
                save_recovery_key_file(dialog.recovery_path, path, recovery)
            result = encrypt_database(path, passphrase, recovery_key=recovery)
            self.window.set_store(open_store(path, key=result.key))
        except SafeguardingError as error:
            self.window.interaction.error(self.window, "Not encrypted", str(error))
            try:
                self.window.set_store(self.open_store(path))  # type: ignore[arg-type]
            except SafeguardingError as again:
                self.window.set_store(None, problem=str(again))
            self.store_changed()
            return False
        self.store_changed()
        self.window.interaction.inform(
            self.window,
            "Database encrypted",
            f"{path.name} is now encrypted. The unencrypted original was removed after the encrypted copy "
            f"was checked. Keep {path.name}.keys.json in the same folder: the passphrase needs it.",
        )
        return True

    # -- backups -----------------------------------------------------------------

    def show_backups(self) -> None:
        """Open the backups and restore screen (non-blocking)."""
        store = self.window.store
        if store is None:
            return
        from ui.security.backups_dialog import BackupsDialog

        dialog = BackupsDialog(store, self.window.interaction, self.restore, self.window)
        self.dialog = dialog
        dialog.open()

    def restore(self, backup: BackupInfo) -> bool:
        """Close the database, restore ``backup`` (the current state is backed up first) and reopen."""
        from safeguarding.store import open_store, restore_backup

        store = self.window.store
        if store is None:
            return False
        editor = self.window.editor
        if editor is not None and self.window.stack.currentWidget() is editor and not editor.confirm_leave():
            return False
        path, key = store.path, self.key
        self.window.set_store(None, problem="Restoring…")
        try:
            restore_backup(path, backup.path, key)
        except SafeguardingError as error:
            self.window.interaction.error(self.window, "Backup not restored", str(error))
        try:
            self.window.set_store(open_store(path, key=key))
        except SafeguardingError as error:
            self.window.set_store(None, problem=str(error))
        self.store_changed()
        self.window.statusBar().showMessage("Backup restored.", 10000)
        return True
