"""The Security menu: lock (Ctrl+L and after idle time), passphrase, recovery key, encryption, backups.

The menu builds its entries and answers them; the work behind them has its own
modules: the lock (:mod:`ui.security.idle_lock`), backups in the background
(:mod:`ui.security.backup_scheduler`), and encryption and restore while the
database is closed (:mod:`ui.security.database_work`). It reaches the window only
through :class:`~ui.window_host.WindowHost`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QMenuBar

from safeguarding.errors import AuditTrailBrokenError, DamagedDatabaseError, SafeguardingError
from safeguarding.security.throttle import UnlockThrottle
from ui.security.backup_scheduler import BackupScheduler
from ui.security.database_work import DatabaseWork
from ui.security.idle_lock import IDLE_CHOICES, IDLE_KEY, IdleLock
from ui.widgets.folders import away_from_the_laptop
from ui.widgets.menu_action import add_action

if TYPE_CHECKING:  # cryptography, the store and the dialogs load when first needed: start-up stays lean
    from safeguarding.security.keys import Key
    from safeguarding.store import Store
    from ui.security.dialogs import PassphraseDialog
    from ui.window_host import WindowHost


class SecurityMenu:
    """Builds the Security menu on the window's menu bar and owns the lock, the backups and the long work.

    Attributes:
        idle_lock: The lock screen and the idle timer.
        backup_scheduler: Backups taken in the background.
        database_work: Encryption or restore running while the database is closed.
        throttle: Wrong-passphrase delays, shared by every unlock in this session.
        dialog: The last dialog opened (tests drive it).
    """

    def __init__(self, host: WindowHost, bar: QMenuBar) -> None:
        self.host = host
        self.window = host.window()  # the parent of its dialogs
        self.throttle = UnlockThrottle()
        self.dialog: QDialog | None = None
        self.idle_lock = IdleLock(host, self.throttle)
        self.idle_lock.unlocked.connect(self.store_changed)
        self.idle_lock.unlocked_with_recovery_key.connect(self._after_recovery_key)
        self.backup_scheduler = BackupScheduler(host, lambda: self.idle_lock.locked)
        self.backup_scheduler.made.connect(self._automatic_backup_made)
        self.backup_scheduler.failed.connect(self._automatic_backup_failed)
        self.database_work = DatabaseWork(host, self.backup_scheduler, self.open_store)
        menu = bar.addMenu("Sec&urity")
        self.lock_action = self._add(
            menu, "&Lock now", "Ctrl+L", self.idle_lock.lock, "Hide everything until the passphrase is entered"
        )
        self.idle_action = self._add(
            menu, "Lock after &idle time…", None, self.choose_idle, "Lock automatically after minutes without use"
        )
        menu.addSeparator()
        self.change_action = self._add(
            menu, "&Change passphrase…", None, lambda: self.change_passphrase(), "Choose a new passphrase"
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

    def _add(self, menu: QMenu, text: str, shortcut: str | None, slot: Callable[..., object], tip: str) -> QAction:
        return add_action(self.window, menu, text, shortcut, slot, tip)

    # -- state -------------------------------------------------------------------

    @property
    def key(self) -> Key | None:
        """The open database's data key (None: plain or none open)."""
        return self.idle_lock.key

    def store_changed(self) -> None:
        """Update the menu and the idle timer for the database now open."""
        self.idle_lock.watch_activity()
        encrypted = self.key is not None
        store = self.host.store
        has_store = store is not None and not store.read_only  # read-only: nothing of the file can change
        self.lock_action.setEnabled(encrypted)
        self.idle_action.setEnabled(encrypted)
        self.change_action.setEnabled(encrypted)
        self.recovery_action.setEnabled(encrypted)
        self.encrypt_action.setEnabled(has_store and not encrypted)
        self.backups_action.setEnabled(has_store)
        self.idle_lock.restart()

    def wait_for_background_work(self) -> None:
        """Before the window closes its database: stop an encryption or restore and wait for every backup.

        An encryption or restore is cancelled (it leaves the database as it was, or
        finishes if it is past its point of no return) and nothing is reopened
        afterwards. Blocks until the work has stopped: a backup cannot be stopped
        part-way, and takes up to a second per 150 MB.
        """
        self.database_work.stop_and_wait()
        self.backup_scheduler.stop_and_wait()

    def choose_idle(self) -> None:
        """Ask how many minutes without use before locking; saved in the database."""
        store = self.host.store
        if store is None:
            return
        labels = [f"{m} minutes" if m else "Never" for m in IDLE_CHOICES]
        current = self.idle_lock.idle_minutes()
        answer = self.host.interaction.choose(
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
            self.host.interaction.error(self.window, "Not saved", str(error))
            return
        self.store_changed()

    # -- automatic backups -----------------------------------------------------------

    def _automatic_backup_made(self, path: Path) -> None:
        if self.database_work.closing:  # the window may be gone by the time the result arrives
            return
        # Imported here, not at the top: this menu is built before the window shows (start-up speed).
        from safeguarding.timeutil import utc_now, utc_to_local

        bar = self.host.statusBar()
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
        if isinstance(error, AuditTrailBrokenError):  # the copy was made; the trail's check found a new break
            if isinstance(error.backup, Path):
                self._automatic_backup_made(error.backup)
            if not self.database_work.closing:
                self.host.audit_checked(error.report)
            return
        if not self.database_work.closing:
            self.host.statusBar().showMessage(f"Backup not made: {error}", 15000)

    def database_damaged(self, error: BaseException) -> None:
        """The open database is damaged: close it, say so, offer the latest good backup (:mod:`ui.security.damage`)."""
        from ui.security.damage import database_damaged

        database_damaged(self, error)

    def _refresh_backups_list(self) -> None:
        from ui.security.backups_dialog import BackupsDialog

        if isinstance(self.dialog, BackupsDialog) and self.dialog.isVisible():
            self.dialog.refresh()

    # -- passphrase ----------------------------------------------------------------

    def ask_key(self, path: Path) -> Key | None:
        """Show the unlock dialog for ``path`` (modal); return the key, or None if cancelled."""
        from ui.security.dialogs import UnlockDialog

        dialog = UnlockDialog(path, self.throttle, self.window)
        self.dialog = dialog
        return dialog.key if dialog.exec() == QDialog.DialogCode.Accepted else None

    def open_store(self, path: Path, *, read_only: bool = False) -> Store | None:
        """Open ``path``, asking for its passphrase if it is encrypted. Returns the Store, or None if cancelled.

        Args:
            path: The database file.
            read_only: Open it without writing anything (another app holds it for editing).

        Raises:
            SafeguardingError: it cannot be opened (message for the user).
        """
        from safeguarding.store import is_encrypted, open_store

        key = None
        if is_encrypted(path):
            key = self.ask_key(path)
            if key is None:
                return None
        return open_store(path, key=key, read_only=read_only)

    def _open_located(self, path: Path) -> None:
        """Open a database the user located (asking for its passphrase), in place of the one open."""
        if not self.host.may_leave_editor():
            return
        try:
            store = self.open_store(path)
        except SafeguardingError as error:
            self.host.interaction.error(self.window, "Not opened", str(error))
            return
        if store is not None:
            self.host.set_store(store)

    def known_words(self) -> list[str]:
        """Words a guesser tries first: the user's name and agency, the database's places (see PassphraseDialog)."""
        from safeguarding.security.strength import context_words

        profile, store = self.host.profile, self.host.store
        texts = [profile.name, profile.agency] if profile is not None else []
        if store is not None:
            try:
                for location in store.locations.by_name(include_archived=True):
                    texts += [location.name, location.ward, location.district, location.address]
            except SafeguardingError:
                pass  # the check still runs on its own words
            texts.append(store.path.stem)
        return context_words(texts)

    def _after_recovery_key(self) -> None:
        """Unlocked with the recovery key: the passphrase was forgotten, so offer to choose a new one now."""
        self.host.statusBar().showMessage(
            "Unlocked with the recovery key. Choose a new passphrase now (or later: Security → Change passphrase…).",
            15000,
        )
        self.change_passphrase(after_recovery=True)

    def change_passphrase(self, *, after_recovery: bool = False) -> None:
        """Open the change-passphrase dialog (non-blocking); ``after_recovery``: without asking the current one."""
        store, key = self.host.store, self.key
        if store is None or key is None:
            return
        from ui.security.dialogs import PassphraseDialog

        dialog = PassphraseDialog(
            store.path,
            self.host.interaction,
            key=key,
            parent=self.window,
            after_recovery=after_recovery,
            known_words=self.known_words(),
        )
        dialog.accepted.connect(
            lambda: self.host.statusBar().showMessage("Passphrase changed. Use the new one from now on.", 10000)
        )
        self.dialog = dialog
        dialog.open()

    def save_recovery_key(self) -> None:
        """Make a new recovery key (the old one stops working) and save it to a file the user chooses."""
        store, key = self.host.store, self.key
        if store is None or key is None:
            return
        from safeguarding.security.keys import save_recovery_key_file, set_recovery_key, unlock

        # A recovery key opens the database for good: someone at an unlocked laptop must not make one.
        passphrase = self.host.interaction.ask_secret(
            self.window, "Save a new recovery key", "Type the database's current passphrase:"
        )
        if passphrase is None:
            return
        try:
            confirmed = unlock(store.path, passphrase) == key
        except SafeguardingError:
            confirmed = False
        if not confirmed:
            self.host.interaction.error(
                self.window, "Recovery key not saved", "That is not the passphrase of this database."
            )
            return
        target = self.host.interaction.save_path(
            self.window,
            "Save your recovery key (keep it away from the laptop)",
            away_from_the_laptop() / f"{store.path.stem} recovery key.txt",
            "Text files (*.txt)",
        )
        if target is None:
            return

        try:
            recovery = set_recovery_key(store.path, key)
            save_recovery_key_file(target, store.path, recovery)
        except SafeguardingError as error:
            self.host.interaction.error(self.window, "Recovery key not saved", str(error))
            return
        self.host.interaction.inform(
            self.window,
            "Recovery key saved",
            f"Your recovery key was saved to:\n{target}\n\nAny earlier recovery key no longer works. Keep this "
            "file somewhere safe, away from the laptop (for example printed and locked away).",
        )

    def encrypt_current(self) -> None:
        """Encrypt the open plain database in place, after asking for a passphrase (non-blocking dialog).

        Refused when a key file is already beside it (it would be replaced): then the
        encrypted database it belongs to can be located, or its latest backup restored
        (:func:`ui.security.missing_database.offer_after_refusal`).
        """
        store = self.host.store
        if store is None or self.key is not None:
            return
        from safeguarding.security.key_paths import keyfile_path
        from ui.security.dialogs import PassphraseDialog

        if keyfile_path(store.path).exists():
            from ui.security.missing_database import offer_after_refusal

            offer_after_refusal(
                self.window,
                self.host.interaction,
                store.path,
                self.ask_key,
                lambda backup, key: self.database_work.restore(backup, encrypted_key=key),
                self._open_located,
            )
            return

        dialog = PassphraseDialog(store.path, self.host.interaction, parent=self.window, known_words=self.known_words())
        dialog.accepted.connect(lambda: self.finish_encryption(dialog))
        self.dialog = dialog
        dialog.open()

    def finish_encryption(self, dialog: PassphraseDialog) -> bool:
        """Encrypt the open database with the dialog's passphrase (see :meth:`DatabaseWork.encrypt`).

        Returns:
            True if the encryption was started (or starts when a backup finishes);
            False if no database is open or the user chose to stay with unsaved edits.
        """
        passphrase, dialog.passphrase = dialog.passphrase, ""
        return self.database_work.encrypt(passphrase, dialog.recovery_path)

    # -- backups -----------------------------------------------------------------

    def show_backups(self) -> None:
        """Open the backups and restore screen (non-blocking)."""
        store = self.host.store
        if store is None:
            return
        from ui.security.backups_dialog import BackupsDialog

        dialog = BackupsDialog(
            store,
            self.host.interaction,
            self.database_work.restore,
            self.window,
            back_up=self.backup_scheduler.start,
        )
        self.dialog = dialog
        dialog.open()
