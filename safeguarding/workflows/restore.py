"""Go back to a backup: the current database is kept (backed up, or set aside if damaged) first.

Works on closed files only, with connections of its own, so it runs on any thread
(the window runs it behind a progress window; the backups themselves are made and
checked by :mod:`safeguarding.store.backups`).

Killed at any step, the database path is never left empty nor holding a partial
file: the backup is copied to ``.<name>.restoring`` and checked, a damaged database
is *kept aside* as a second name for the same file (a hard link, or a copy where the
file system has none) while it stays in place, and only then does one atomic rename
put the checked copy where the database was. What a cut-short restore leaves (the
partial copy, a half-written ``before-restore`` backup) is removed at the next
opening (:func:`safeguarding.store.leftovers.tidy_up`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from safeguarding.errors import StorageError
from safeguarding.private_files import create_private_file, make_private
from safeguarding.progress import Progress, no_progress
from safeguarding.security.keys import Key
from safeguarding.store.audit_anchor import remove_anchor
from safeguarding.store.audit_chain import add_entry
from safeguarding.store.audit_schema import default_actor, register_audit_functions
from safeguarding.store.backups import check_backup, open_backup, remove_backup, rotate
from safeguarding.store.cancellable import past_no_return
from safeguarding.store.database import BACKUP_STEP_PAGES, backup_copy, step_progress
from safeguarding.store.database_file import connect
from safeguarding.store.dberrors import DB_ERRORS
from safeguarding.timeutil import Clock, utc_now


def _remove_journals(database: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)


def keep_aside(database: Path, label: str, clock: Clock = utc_now) -> Path:
    """Keep a (damaged) database and its log under a second name, ``<name>.<label>-<stamp>``, leaving it in place.

    A hard link where the file system has them (instant, no second copy of the data),
    else a private copy. The database itself stays where it is until the restored copy
    replaces it in one atomic rename, so its path is never empty. Never deletes anything.

    Raises:
        StorageError: it cannot be kept aside (nothing is changed then; a partial copy is removed).
    """
    stamp = clock().strftime("%Y%m%dT%H%M%SZ")
    target = Path(database).with_name(f"{Path(database).name}.{label}-{stamp}")
    made: list[Path] = []
    try:
        for suffix in ("", "-wal"):
            source, kept = Path(f"{database}{suffix}"), Path(f"{target}{suffix}")
            if not source.exists():
                continue
            try:
                os.link(source, kept)
            except OSError:
                partial = kept.with_name(f".{kept.name}.partial")
                shutil.copyfile(source, create_private_file(partial))
                os.replace(partial, kept)
            made.append(kept)
            make_private(kept)
    except OSError as error:
        for leftover in made:
            leftover.unlink(missing_ok=True)
        raise StorageError(f"{Path(database).name} could not be kept aside ({error.strerror or error}).") from error
    return target


def _drop_aside(aside: Path) -> None:
    """Undo :func:`keep_aside` (the restore did not happen: the database is still in place)."""
    for suffix in ("", "-wal"):
        with contextlib.suppress(OSError):
            Path(f"{aside}{suffix}").unlink(missing_ok=True)


def _copy_steps(source: Path, target: Path, key: Key | None, progress: Callable[[float], None]) -> None:
    """Copy the closed database ``source`` to ``target`` in steps, calling ``progress(fraction)`` after each."""
    reader = open_backup(source, key)
    try:
        create_private_file(target)  # owner-only before a byte of the records is written into it
        writer = connect(target, key)
        try:
            reader.backup(
                writer,
                pages=BACKUP_STEP_PAGES,  # nobody writes a backup, so the copy never restarts
                progress=step_progress(progress),
            )
        finally:
            writer.close()
    finally:
        reader.close()


def restore_backup(
    database: Path,
    backup: Path,
    key: Key | None,
    *,
    damaged: bool = False,
    aside_label: str = "damaged",
    clock: Clock = utc_now,
    progress: Progress = no_progress,
) -> Path | None:
    """Replace ``database`` (which must be closed) with a copy of ``backup``.

    Order, so nothing is lost: the backup is checked (opens with ``key``, integrity
    ok); the current database is backed up first (``before-restore``), or, when
    ``damaged`` is true, kept aside (``.damaged-<stamp>``, see :func:`keep_aside`); the
    backup is copied to a temporary file beside the database, checked again, and only
    then moved into place (the database's journal is removed just before, so it is
    never replayed into the restored copy). That move is the point of no return:
    ``progress`` reports 1.0 only after it. The audit trail's anchor is forgotten just
    before (the restored trail is older; a new anchor is written at the next check).
    Runs on any thread (it opens its own connections); it takes about 2.5 s per 150 MB
    (encrypted). Killed at any moment, the database path holds either the database as
    it was or the checked copy (see the module docstring).

    Args:
        database: The database file (closed by the caller, and by every other thread).
        backup: The backup chosen.
        key: The data key (the same for the database and its backups); None if plain.
        damaged: The current database cannot be read (or cannot be backed up with ``key``, as
            a plain database replaced by its encrypted backup), so it is kept aside rather
            than backed up.
        aside_label: The word in the name it is kept aside under (``<name>.<label>-<stamp>``).
        clock: For the names of the copies.
        progress: Told ``(fraction, message)`` at each step ("Checking the backup…",
            "Backing up your database as it is now…", "Copying the backup…", "Checking
            the copy…") and within long steps about ten times a second. It may raise
            :class:`~safeguarding.progress.OperationCancelled` to stop (before the point
            of no return; a raise at 1.0 is ignored).

    Returns:
        The copy of the database as it was (``before-restore`` backup or the set-aside file), if any.

    Raises:
        StorageError: anything fails; the database is then unchanged.
        OperationCancelled: ``progress`` raised it; the database is unchanged, and the
            ``before-restore`` copy and the temporary file made on the way are removed.
    """
    database = Path(database)
    incoming = database.with_name(f".{database.name}.restoring")
    kept: Path | None = None
    made: Path | None = None  # the before-restore copy made by this call: removed if the restore stops
    aside: Path | None = None
    try:
        check_backup(backup, key, progress=progress, fraction=0.0, message="Checking the backup…")
        present = database.is_file() and database.stat().st_size > 0  # an empty file holds nothing to keep
        if present and not damaged:
            message = "Backing up your database as it is now…"
            progress(0.15, message)
            try:
                current = connect(database, key)
            except DB_ERRORS as error:
                raise StorageError(f"The current database could not be opened to back it up ({error}).") from error
            try:
                kept = made = backup_copy(
                    current,
                    database,
                    "before-restore",
                    key,
                    now=clock(),
                    progress=lambda done: progress(0.15 + 0.35 * done, message),
                )
            finally:
                current.close()
        progress(0.5, "Copying the backup…")
        incoming.unlink(missing_ok=True)
        _copy_steps(backup, incoming, key, lambda done: progress(0.5 + 0.35 * done, "Copying the backup…"))
        check_backup(incoming, key, progress=progress, fraction=0.85, message="Checking the copy…")
        if present and damaged:
            kept = aside = keep_aside(database, aside_label, clock)
        progress(0.95, "Checking the copy…")  # the last moment to cancel
        remove_anchor(database)
        _remove_journals(database)
        os.replace(incoming, database)  # the point of no return
    except BaseException as error:
        for leftover in (incoming, Path(f"{incoming}-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        if made is not None:
            remove_backup(made)
        if aside is not None:
            _drop_aside(aside)
        if isinstance(error, (OSError, *DB_ERRORS)):
            raise StorageError(f"The backup could not be restored ({error}). The database is unchanged.") from error
        raise
    _note_restore(database, backup, key)
    rotate(database, clock)
    past_no_return(progress)(1.0, "Backup restored.")
    return kept


def _note_restore(database: Path, backup: Path, key: Key | None) -> None:
    """Record in the restored database's audit trail that it was restored, and from which backup (best effort).

    The entries written after that backup was taken are not in this trail any more
    (the ``before-restore`` copy keeps them); the notice says why its story stops there.
    """
    with contextlib.suppress(*DB_ERRORS):
        conn = connect(database, key)
        try:
            register_audit_functions(conn, default_actor())
            add_entry(Database(conn), "audit_log", "restore", "notice", {"restored_from": Path(backup).name})
            conn.commit()
        finally:
            conn.close()
