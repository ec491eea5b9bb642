"""Damage found after the database was opened: close it, say so, and offer the latest good backup.

The opening checks read only the file's header, schema and migration record, so a
damaged page elsewhere shows later: when the locations list or an assessment is
read (:meth:`~safeguarding.store.Store.raising_damage` turns that into a
:class:`~safeguarding.errors.DamagedDatabaseError`), or when the automatic backup's
check (``PRAGMA quick_check``, on the thread pool) refuses to copy the file. Either
way the same happens as for damage found while opening (``ui.startup._offer_backup``):

1. the database is closed (nothing more is written to it) and the window says, in
   place of the list, that the file is damaged;
2. the backups are checked on the thread pool (``PRAGMA integrity_check``; a window-modal
   progress dialog with Cancel appears if it takes more than half a second);
3. the newest good one is offered; restoring it sets the damaged file aside, renamed
   ``<name>.damaged-<stamp>``, never deleted, and opens the restored database.

While the window is locked, all this waits until it is unlocked (the questions would
show over the lock screen).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from safeguarding.errors import SafeguardingError

if TYPE_CHECKING:
    from safeguarding.progress import Progress
    from safeguarding.security.keys import Key
    from safeguarding.store import BackupInfo, Store
    from ui.security.menu import SecurityMenu


def database_damaged(security: SecurityMenu, error: BaseException) -> None:
    """The open database turned out to be damaged: close it and offer its latest good backup.

    Safe to call from the middle of reading (say, while the list is being filled)
    and more than once for the same damage: the work starts from the event loop,
    once, for the database open now. Does nothing if no database is open or the
    window is closing.

    Args:
        security: The window's Security menu (its window, running backups and database task).
        error: What found the damage (its message is shown).
    """
    from safeguarding.store import release_frames

    window = security.host
    store = window.store
    if store is None:
        return
    message = str(error)
    release_frames(error)  # a read stopped part-way keeps its statement open, and the database could not close

    def start() -> None:
        security.idle_lock.when_unlocked(lambda: _close_and_look(security, store, message))

    QTimer.singleShot(0, security.window, start)


def _close_and_look(security: SecurityMenu, store: Store, message: str) -> None:
    """Close ``store`` (if it is still the window's) and look for a good backup on the thread pool."""
    from safeguarding.store import latest_good_backup

    window = security.host
    if window.store is not store or security.database_work.closing:
        return  # already handled, or another database is open now
    path, key = store.path, store.opened.key
    problem = f"{message} It has been closed, so nothing more is written to it."
    window.set_store(None, problem=f"{problem}\n\nLooking for a good backup…")

    def found(good: BackupInfo | None) -> None:
        _offer(security, path, key, problem, good)

    def not_checked(error: SafeguardingError) -> None:
        window.set_store(None, problem=f"{problem}\n\nThe backups could not be checked: {error}")

    def cancelled() -> None:
        window.set_store(
            None,
            problem=f"{problem}\n\nThe backups were not checked. Start the app again to be offered the latest "
            "good backup.",
        )

    security.database_work.run(
        "Looking for a good backup",
        lambda progress: latest_good_backup(path, key, progress=progress),
        label="Checking the backups…",
        succeeded=found,
        failed=not_checked,
        cancelled=cancelled,
        show_after_ms=500,
    )


def _when(good: BackupInfo) -> str:
    from safeguarding.timeutil import utc_to_local

    return utc_to_local(good.taken_at).strftime("%A %d %B %Y at %H:%M")


def _offer(security: SecurityMenu, path: Path, key: Key | None, problem: str, good: BackupInfo | None) -> None:
    """Ask whether to restore ``good`` (or say that there is no good backup)."""
    window = security.host
    if good is None:
        window.set_store(
            None,
            problem=f"{problem}\n\nNo good backup of it was found. The file has not been changed: keep it, and ask "
            "your IT support for help.",
        )
        return
    when = _when(good)
    if not window.interaction.confirm(
        security.window,
        "Database damaged",
        f"{problem}\n\nThe latest good backup was taken on {when} ({good.contents()}). Restore it? Anything "
        "entered after that is not in it. The damaged file is kept beside it (renamed), never deleted.",
        yes="Restore the backup",
        no="Not now",
    ):
        window.set_store(
            None,
            problem=f"{problem}\n\nThe backup taken on {when} can be restored: start the app again, or open this "
            "database again, to be offered it.",
        )
        return
    _restore(security, path, key, problem, good)


def _restore(security: SecurityMenu, path: Path, key: Key | None, problem: str, good: BackupInfo) -> None:
    """Restore ``good`` over the damaged file (set aside) on the thread pool, then open it."""
    from safeguarding.store import open_store
    from safeguarding.workflows.restore import restore_backup
    from ui.tasks import wait_for_tasks

    window = security.host
    when = _when(good)
    window.set_store(None, problem=f"{problem}\n\nRestoring the backup taken on {when}…")
    running = security.backup_scheduler.unfinished()

    def work(progress: Progress) -> Path | None:
        # a backup still reading the file (it will refuse to copy it)
        wait_for_tasks(running, progress, "Finishing the backup that is being taken…")
        return restore_backup(path, good.path, key, damaged=True, progress=progress)

    def restored(aside: Path | None) -> None:
        try:
            window.set_store(open_store(path, key=key))
        except SafeguardingError as error:
            window.set_store(None, problem=str(error))
            return
        kept = f" The damaged file is kept beside it as {aside.name}." if aside is not None else ""
        window.statusBar().showMessage(f"Backup taken on {when} restored.{kept}", 15000)
        window.interaction.inform(
            security.window,
            "Backup restored",
            f"The backup taken on {when} was restored.{kept} Anything entered after that backup is only in the "
            "damaged file: your IT support may be able to recover it from there.",
        )

    def not_restored(error: SafeguardingError) -> None:
        window.set_store(None, problem=f"{problem}\n\nThe backup was not restored: {error}")

    def cancelled() -> None:
        window.set_store(
            None,
            problem=f"{problem}\n\nRestore cancelled: the damaged file was not changed. Start the app again to be "
            "offered the backup again.",
        )

    security.database_work.run(
        "Restoring a backup",
        work,
        label="Checking the backup…",
        succeeded=restored,
        failed=not_restored,
        cancelled=cancelled,
        after_bug=lambda: window.set_store(None, problem=problem),
    )
