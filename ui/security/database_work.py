"""Long work on the database file, with the database closed: encrypting it, restoring a backup.

Slow work never runs on the GUI thread. The open assessment is saved first; once
no backup is being taken, the database is closed (the window says what is
happening in place of the list), the work runs on the thread pool behind a
window-modal progress dialog with Cancel, and the database is opened again. The
damaged-database offer (:mod:`ui.security.damage`) runs its work the same way.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safeguarding.errors import SafeguardingError

if TYPE_CHECKING:  # cryptography and the store load when first needed: start-up stays lean
    from safeguarding.progress import Progress
    from safeguarding.security.keys import Key
    from safeguarding.store import BackupInfo, Store
    from safeguarding.workflows.encrypt import ConversionResult
    from ui.security.backup_scheduler import BackupScheduler
    from ui.tasks import Task
    from ui.window_host import WindowHost


class DatabaseWork:
    """Runs encryption and restore (and the damage offer's work) while the database is closed.

    Args:
        host: The main window.
        backups: The backup scheduler (work waits for its running backups).
        open_store: Opens a database file, asking for its passphrase if it is
            encrypted; None if the user cancelled.

    Attributes:
        task: The work running while the database is closed, if any.
    """

    def __init__(self, host: WindowHost, backups: BackupScheduler, open_store: Callable[[Path], Store | None]) -> None:
        self.host = host
        self.backups = backups
        self._open_store = open_store
        self.task: Task | None = None
        self._closing = False

    @property
    def closing(self) -> bool:
        """True once the window is closing (background work is being stopped; nothing is reopened)."""
        return self._closing

    def stop_and_wait(self) -> None:
        """Cancel the running work, if any, and wait for it; nothing is reopened afterwards.

        Encryption and restore leave the database as it was when cancelled, or
        finish if they are past their point of no return.
        """
        self._closing = True
        if self.task is not None:
            self.task.cancel()
            self.task.done.wait()

    def run(
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
        :attr:`task` until it ends. Afterwards, unless the window is closing,
        exactly one of: ``succeeded(result)``; ``failed(error)`` for a
        :class:`~safeguarding.errors.SafeguardingError`; ``after_bug()`` (if given)
        then the exception hook for anything else; ``cancelled()``.
        """
        from ui.tasks import run_with_progress

        def ended() -> bool:
            self.task = None
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

        self.task = run_with_progress(
            self.host.window(),
            title,
            work,
            succeeded=on_succeeded,
            failed=on_failed,
            cancelled=on_cancelled,
            label=label,
            show_after_ms=show_after_ms,
        )

    def after_backups(self, title: str, then: Callable[[], None], cancelled: str) -> None:
        """Call ``then()`` once no backup is being taken (at once if none is).

        Meanwhile a window-modal progress dialog says so; its Cancel gives up
        (``cancelled`` goes to the status bar). A database must not be closed while a
        backup reads it: closing would wait for the backup on the GUI thread.
        """
        running = self.backups.unfinished()
        if not running:
            then()
            return
        from ui.tasks import wait_for_tasks

        message = "Finishing the backup that is being taken…"
        self.run(
            title,
            lambda progress: wait_for_tasks(running, progress, message),
            label=message,
            succeeded=lambda _: self.after_backups(title, then, cancelled),  # another may have started meanwhile
            failed=lambda error: sys.excepthook(type(error), error, error.__traceback__),  # waiting raises none
            cancelled=lambda: self._status(cancelled),
        )

    def _status(self, message: str) -> None:
        """Say ``message`` in the status bar for ten seconds."""
        self.host.statusBar().showMessage(message, 10000)

    def _reopen(self, path: Path, key: Key | None) -> None:
        """Open ``path`` again after encryption or restore (or show why it cannot be)."""
        from safeguarding.store import open_store

        try:
            self.host.set_store(open_store(path, key=key))
        except SafeguardingError as error:
            self.host.set_store(None, problem=str(error))

    def _reopen_asking(self, path: Path) -> None:
        """Open ``path`` again, asking for its passphrase if it is encrypted after all."""
        try:
            self.host.set_store(self._open_store(path))
        except SafeguardingError as error:
            self.host.set_store(None, problem=str(error))

    def _held_elsewhere(self, done: str) -> bool:
        """True (and the user is told) if another app has the database open: its file must not be replaced."""
        who = self.host.held_elsewhere()
        if who:
            self.host.interaction.error(
                self.host.window(),
                "The database is open in another window",
                f"It is open for editing by {who}, so it cannot be {done} now: the other window would lose "
                "its work. Ask them to close it, then try again. Nothing was changed.",
            )
        return bool(who)

    # -- encryption ------------------------------------------------------------------

    def encrypt(self, passphrase: str, recovery_path: Path | None) -> bool:
        """Encrypt the open database with ``passphrase``, off the GUI thread.

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
        store = self.host.store
        if store is None or self._held_elsewhere("encrypted") or not self.host.may_leave_editor():
            return False
        self.after_backups(
            "Encrypting the database",
            lambda: self._encrypt(store, passphrase, recovery_path),
            "Encryption cancelled: the database was not changed.",
        )
        return True

    def _encrypt(self, store: Store, passphrase: str, recovery_path: Path | None) -> None:
        from safeguarding.security.keys import new_recovery_key, save_recovery_key_file
        from safeguarding.workflows.encrypt import encrypt_database

        self.task = None
        if self._closing or self.host.store is not store:
            return
        path = store.path
        self.host.set_store(None, problem="Encrypting…")

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
            self.host.interaction.inform(
                self.host.window(),
                "Database encrypted",
                f"{path.name} is now encrypted. The unencrypted original was removed after the encrypted copy "
                f"was checked. Keep {path.name}.keys.json in the same folder: the passphrase needs it.",
            )

        def reopen() -> None:
            self._reopen_asking(path)

        def not_encrypted(error: SafeguardingError) -> None:
            reopen()
            self.host.interaction.error(self.host.window(), "Not encrypted", str(error))

        def cancelled() -> None:
            reopen()
            self._status("Encryption cancelled: the database was not changed.")

        self.run(
            "Encrypting the database",
            work,
            label="Checking the database…",
            succeeded=encrypted,
            failed=not_encrypted,
            cancelled=cancelled,
            after_bug=reopen,
        )

    # -- restore ---------------------------------------------------------------------

    def restore(self, backup: BackupInfo, encrypted_key: Key | None = None) -> bool:
        """Go back to ``backup``, off the GUI thread (the current state is backed up first).

        With ``encrypted_key``, the open database is a plain one standing where an
        encrypted one belongs (its key file is beside it): the encrypted ``backup``
        replaces it, the plain file being kept aside as ``<name>.plain-<stamp>``
        (it cannot be backed up with the key), and the database reopens with the key.

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
        store = self.host.store
        if store is None or self._held_elsewhere("restored") or not self.host.may_leave_editor():
            return False
        self.after_backups(
            "Restoring a backup",
            lambda: self._restore(store, backup, encrypted_key),
            "Restore cancelled: the database was not changed.",
        )
        return True

    def _restore(self, store: Store, backup: BackupInfo, encrypted_key: Key | None = None) -> None:
        from safeguarding.workflows.restore import restore_backup

        self.task = None
        if self._closing or self.host.store is not store:
            return
        path = store.path
        key = encrypted_key or store.opened.key
        self.host.set_store(None, problem="Restoring…")

        def restored(kept: object) -> None:
            self._reopen(path, key)
            where = (
                f"The unencrypted database is kept beside it as {kept.name}: encrypt or delete it."
                if encrypted_key is not None and isinstance(kept, Path)
                else "Your database as it was just before is kept in the backups list."
            )
            self.host.statusBar().showMessage(f"Backup restored. {where}", 15000)

        def reopen() -> None:
            self._reopen(path, key)

        def not_restored(error: SafeguardingError) -> None:
            reopen()
            self.host.interaction.error(self.host.window(), "Backup not restored", str(error))

        def cancelled() -> None:
            reopen()
            self._status("Restore cancelled: the database was not changed.")

        self.run(
            "Restoring a backup",
            lambda progress: restore_backup(
                path,
                backup.path,
                key,
                damaged=encrypted_key is not None,
                aside_label="plain",
                progress=progress,
            ),
            label="Checking the backup…",
            succeeded=restored,
            failed=not_restored,
            cancelled=cancelled,
            after_bug=reopen,
        )
