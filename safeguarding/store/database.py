"""Open (or create) the app's SQLite database safely.

Order of checks, so that a file we should not touch is never written:

1. the file, if it exists, must start with the SQLite header;
2. it must be empty or carry this app's migration record;
3. it must not record a migration this version does not know (newer app);
4. only then are pragmas set, a backup taken if migrations are pending, and
   pending migrations applied.

Every failure raises a :class:`~safeguarding.errors.StorageError` subclass with
a plain-English message; nothing already saved is changed.

Every connection is made here, by :func:`connect`, with ``sqlcipher3`` (SQLCipher),
for plain and encrypted databases alike, so one exception family applies
(:mod:`safeguarding.store.dberrors`). An encrypted database is opened with its
data key (:class:`safeguarding.security.keys.Key`); it has no SQLite header, and
its key file lies beside it.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from safeguarding.errors import (
    DamagedDatabaseError,
    DatabaseTooNewError,
    NotADatabaseError,
    ReadOnlyError,
    StorageError,
)
from safeguarding.private_files import create_private_file, make_private, make_private_folder, write_private_atomically
from safeguarding.store.audit_chain import ChainReport
from safeguarding.store.audit_opening import audit_repairs_needed, check_audit
from safeguarding.store.audit_schema import default_actor, register_audit_functions
from safeguarding.store.database_file import SQLITE_HEADER as SQLITE_HEADER  # offered here too
from safeguarding.store.database_file import check_header
from safeguarding.store.database_file import connect as connect
from safeguarding.store.database_file import has_plain_header as has_plain_header
from safeguarding.store.database_file import is_encrypted as is_encrypted
from safeguarding.store.dberrors import (
    DB_ERRORS,
    FILE_OR_DB_ERRORS,
    OPERATIONAL_ERRORS,
    UNREADABLE_ERRORS,
    Connection,
)
from safeguarding.store.immediate import ImmediateDatabase
from safeguarding.store.migrations import MIGRATION_SET, known_names, migrations
from safeguarding.timeutil import utc_now

if TYPE_CHECKING:  # the key's module (cryptography) loads only when a key is used
    from safeguarding.security.keys import Key

BACKUP_FOLDER = "backups"
BACKUP_STEP_PAGES = 1024
"""Pages per step of a step-wise copy (4 MiB at SQLite's default page size: a few hundredths of a second)."""
MIGRATIONS_TABLE = migrations.migrations_table


@dataclass(frozen=True)
class OpenedDatabase:
    """An open database and what happened while opening it.

    Attributes:
        db: The sqlite-utils database (its connection belongs to the opening thread).
        path: The database file.
        created: True if the file was created by this call.
        migrated: Names of the migrations applied by this call.
        backup: The copy taken before migrating an existing database, if any.
        read_only: True if opened by :func:`open_read_only`.
        key: The data key of an encrypted database (None: plain).
        audit: The check of the audit trail made while opening (see
            :func:`safeguarding.store.audit_chain.verify_chain`; the part written since
            its last check, the anchor, the guards and triggers, any of which missing
            was put back); None for a read-only opening.
        tidied: Partial copies left by work cut short, removed while opening.
    """

    db: Database
    path: Path
    created: bool
    migrated: tuple[str, ...]
    backup: Path | None
    read_only: bool = False
    key: Key | None = None
    audit: ChainReport | None = None
    tidied: tuple[Path, ...] = ()

    @property
    def encrypted(self) -> bool:
        """True if the database is encrypted (opened with a key)."""
        return self.key is not None


def _check_writable(path: Path, exists: bool) -> None:
    folder = path.parent
    if not exists:
        try:
            make_private_folder(folder)  # a folder the app creates for the data is owner-only
        except OSError as error:
            raise ReadOnlyError(
                f"The data folder {folder} cannot be created ({error.strerror or error}). "
                "Choose a folder you can write to."
            ) from error
    if not os.access(folder, os.W_OK):
        raise ReadOnlyError(
            f"The data folder {folder} is read-only, so assessments could not be saved there. "
            "Choose a folder you can write to, or ask IT to give you write access."
        )
    if exists and not os.access(path, os.W_OK):
        raise ReadOnlyError(
            f"The database file {path} is read-only, so changes could not be saved. "
            "Copy it to a folder you can write to, or ask IT to give you write access."
        )


def _applied_names(conn: Connection) -> list[str] | None:
    """Return applied migration names, or None if the file has tables but is not ours."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return []
    if MIGRATIONS_TABLE not in tables:
        return None
    rows = conn.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET]
    ).fetchall()
    if not rows:
        return None
    return [row[0] for row in rows]


def database_counts(conn: Connection) -> dict[str, int]:
    """Numbers of locations and assessments in an open database (0 for a missing table)."""
    counts = {}
    for table, where in (("locations", ""), ("assessments", " WHERE deleted_at IS NULL")):
        try:
            counts[table] = int(conn.execute(f"SELECT count(*) FROM {table}{where}").fetchone()[0])
        except DB_ERRORS:
            counts[table] = 0
    return counts


def manifest_path(backup: Path) -> Path:
    """The small JSON description written beside a backup copy."""
    return backup.with_name(backup.name + ".json")


def backup_copy(
    conn: Connection,
    path: Path,
    reason: str,
    key: Key | None = None,
    *,
    now: datetime | None = None,
    progress: Callable[[float], None] | None = None,
    audit: dict[str, object] | None = None,
) -> Path:
    """Write a consistent copy of an open database beside it, in ``backups/``.

    The copy is encrypted with the same data key when ``key`` is given (so it
    opens with the same passphrase). A small manifest beside it records when it
    was taken, why, and how many locations and assessments it holds (counts
    only, no names), so the restore screen can list it without decrypting.

    Args:
        conn: Open connection to the database at ``path``.
        path: The database file (used to name the copy).
        reason: Short word for the file name, e.g. ``"before-migration"``.
        key: The database's data key, or None for a plain database.
        now: The time to record (aware UTC); default the current time.
        progress: Given only when no other connection writes the database (a database
            closed by the app): the copy is then made in steps of :data:`BACKUP_STEP_PAGES`
            pages and ``progress(fraction_copied)`` is called after each; whatever it raises
            (for example :class:`~safeguarding.progress.OperationCancelled`) stops the copy,
            and no partial copy is left. Without it the copy is one step: a step-wise copy
            starts again whenever another connection writes, so it might never finish
            while the window saves every few seconds.
        audit: What the check of the audit trail found just before (kept in the manifest:
            ``{"entries", "seal", "intact"}``), if it was checked.

    Returns:
        The path of the copy, e.g. ``backups/assessments.before-migration.20261130T170000Z.sqlite3``.

    Raises:
        StorageError: if the copy cannot be written (no partial copy is left).
    """
    now = now or utc_now()
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    folder = path.parent / BACKUP_FOLDER
    target = folder / f"{path.stem}.{reason}.{stamp}{path.suffix}"
    number = 1
    while target.exists() or manifest_path(target).exists():
        number += 1
        target = folder / f"{path.stem}.{reason}.{stamp}-{number}{path.suffix}"
    partial = folder / f".{target.name}.partial"  # renamed only when complete: a cut-short copy is never listed
    try:
        make_private_folder(folder)
        create_private_file(partial)  # private before a byte of the records is written into it
        copy = connect(partial, key)
        try:
            if progress is None:
                conn.backup(copy)
            else:
                conn.backup(copy, pages=BACKUP_STEP_PAGES, progress=step_progress(progress))
        finally:
            copy.close()
        manifest = {
            "taken_at": now.isoformat().replace("+00:00", "Z"),
            "reason": reason,
            "encrypted": key is not None,
            "counts": database_counts(conn),
            **({"audit": audit} if audit is not None else {}),
        }
        write_private_atomically(manifest_path(target), json.dumps(manifest, indent=2) + "\n")
        make_private(partial)
        os.replace(partial, target)
    except FILE_OR_DB_ERRORS as error:
        _remove_partial(partial, target)
        raise StorageError(f"A backup copy could not be written to {target} ({error}).") from error
    except BaseException:  # stopped through ``progress``
        _remove_partial(partial, target)
        raise
    return target


def _remove_partial(partial: Path, target: Path) -> None:
    for leftover in (partial, Path(f"{partial}-journal"), target, manifest_path(target)):
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


def step_progress(progress: Callable[[float], None]) -> Callable[[int, int, int], None]:
    """Adapt ``progress(fraction)`` to the ``(status, remaining, total)`` callback of ``Connection.backup``."""

    def step(status: int, remaining: int, total: int) -> None:
        progress(1.0 - remaining / total if total else 1.0)

    return step


def set_aside_orphaned_journal(path: Path) -> list[Path]:
    """Rename a write-ahead log left without its database, so it is not replayed into a new file.

    If ``path`` is missing (or empty) but ``path-wal`` / ``path-shm`` exist (left
    by a crash, or by deleting the database by hand), SQLite would apply that
    old log to the new database, mixing in old records. The files are renamed
    to ``...-wal.orphaned-<UTC stamp>``, never deleted.

    Returns:
        The new names of the files that were set aside.

    Raises:
        StorageError: if they cannot be renamed.
    """
    if path.exists() and path.stat().st_size > 0:
        return []
    stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
    moved = []
    for suffix in ("-wal", "-shm"):
        journal = Path(f"{path}{suffix}")
        if journal.exists():
            target = Path(f"{journal}.orphaned-{stamp}")
            try:
                journal.rename(target)
            except OSError as error:
                raise StorageError(
                    f"An old journal file {journal.name} is in the way and could not be moved aside "
                    f"({error.strerror or error})."
                ) from error
            moved.append(target)
    return moved


def _damaged(path: Path, error: BaseException, key: Key | None) -> DamagedDatabaseError:
    detail = "" if key is None else " with this key"
    return DamagedDatabaseError(
        f"{path.name} could not be read as a database{detail} ({error}). It may be damaged. It has not been changed."
    )


def open_read_only(path: Path, key: Key | None = None) -> OpenedDatabase:
    """Open an existing database for reading only (export works from a read-only folder).

    Nothing is written: no journal mode change, no migrations, no backup.

    Args:
        path: The database file.
        key: Its data key if it is encrypted.

    Raises:
        StorageError: if the file does not exist.
        PassphraseRequiredError: it is encrypted and no key was given.
        NotADatabaseError: the file is not SQLite, or not this app's database.
        DatabaseTooNewError: written by a newer version.
        StorageError: it needs upgrading (open it in the app once), or cannot be read.
    """
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        raise StorageError(f"There is no database at {path}.")
    check_header(path, key)
    conn: Connection | None = None
    last_error: BaseException | None = None
    for options in ("mode=ro", "immutable=1"):
        try:
            conn = connect(f"{path.resolve().as_uri()}?{options}", key, uri=True)
            applied = _applied_names(conn)
            break
        except UNREADABLE_ERRORS as error:
            if conn is not None:
                conn.close()
                conn = None
            last_error = error
    if conn is None:
        assert last_error is not None
        raise _damaged(path, last_error, key)
    if applied is None:
        conn.close()
        raise NotADatabaseError(
            f"{path.name} is a SQLite database but not one made by the Location Assessment Tool. "
            "It has not been changed."
        )
    if any(name not in known_names() for name in applied):
        conn.close()
        raise DatabaseTooNewError(
            f"{path.name} was saved by a newer version of the Location Assessment Tool. "
            "Please update the app to open it. The file has not been changed."
        )
    if [name for name in known_names() if name not in applied]:
        conn.close()
        raise StorageError(
            f"{path.name} was saved by an older version of the app and needs upgrading. Open it in the app "
            "once (a backup is made first), then try again."
        )
    conn.execute("PRAGMA foreign_keys = ON")
    register_audit_functions(conn, default_actor())
    return OpenedDatabase(
        db=ImmediateDatabase(conn), path=path, created=False, migrated=(), backup=None, read_only=True, key=key
    )


def open_database(path: Path, key: Key | None = None) -> OpenedDatabase:
    """Open the database at ``path``, creating and migrating it as needed.

    Args:
        path: The database file. Its folder is created if missing (owner-only).
            Partial copies left beside it by work cut short are removed first
            (:func:`~safeguarding.store.leftovers.tidy_up`), and a journal left
            behind without its database is set aside (:func:`set_aside_orphaned_journal`).
        key: The data key: an existing encrypted database needs it, and a new
            database is created encrypted with it. None: a plain database.

    Returns:
        An :class:`OpenedDatabase` with foreign keys on, WAL journaling and
        ``synchronous=FULL`` (a committed write survives the app being killed). The
        audit trail was checked (see :attr:`OpenedDatabase.audit`): a missing guard or
        audit trigger was put back, and that is recorded in the trail itself.

    Raises:
        MissingDatabaseError: the file is missing or empty, but its key file or backups
            are there (no new database is made over it).
        PassphraseRequiredError: the file is encrypted and no key was given.
        DamagedDatabaseError: the file cannot be read (damaged, or the key does not fit).
        NotADatabaseError: the file is not SQLite, or not this app's database.
        DatabaseTooNewError: the file was written by a newer version of the app.
        ReadOnlyError: the file or folder cannot be written.
        StorageError: any other problem opening or migrating the file.
    """
    from safeguarding.store.leftovers import guard_missing_database, tidy_up

    path = Path(path)
    if path.is_dir():
        raise StorageError(f"{path} is a folder, not a database file.")
    tidied = tuple(tidy_up(path)) if path.parent.is_dir() else ()
    exists = path.exists() and path.stat().st_size > 0
    if exists:
        check_header(path, key)
    else:
        guard_missing_database(path, encrypted_key=key is not None)
    _check_writable(path, exists)
    set_aside_orphaned_journal(path)
    try:
        create_private_file(path)  # SQLite gives the -wal and -shm files the database's permissions
        conn = connect(path, key)
    except FILE_OR_DB_ERRORS as error:
        raise StorageError(f"The database {path} could not be opened ({error}).") from error
    register_audit_functions(conn, default_actor())  # the audit triggers call audit_actor() and seal entries
    try:
        try:
            applied = _applied_names(conn)
        except UNREADABLE_ERRORS as error:
            raise _damaged(path, error, key) from error
        if applied is None:
            raise NotADatabaseError(
                f"{path.name} is a SQLite database but not one made by the Location Assessment Tool. "
                "It has not been changed."
            )
        unknown = [name for name in applied if name not in known_names()]
        if unknown:
            raise DatabaseTooNewError(
                f"{path.name} was saved by a newer version of the Location Assessment Tool. "
                "Please update the app to open it. The file has not been changed."
            )
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA busy_timeout = 5000")
        db = ImmediateDatabase(conn)
        pending = [m.name for m in migrations.pending(db)]
        repairs = audit_repairs_needed(db, applied, pending)
        backup = backup_copy(conn, path, "before-migration", key) if pending and applied else None
        migrations.apply(db)
        audit = check_audit(db, path, repairs)
        make_private(path)  # the database holds children's records: owner only
        for suffix in ("-wal", "-shm"):
            make_private(Path(f"{path}{suffix}"))
    except OPERATIONAL_ERRORS as error:
        conn.close()
        if "readonly" in str(error) or "read-only" in str(error):
            raise ReadOnlyError(f"The database {path} is read-only, so changes could not be saved.") from error
        raise StorageError(f"The database {path} could not be opened ({error}).") from error
    except UNREADABLE_ERRORS as error:
        conn.close()
        raise _damaged(path, error, key) from error
    except BaseException:
        conn.close()
        raise
    return OpenedDatabase(
        db=db,
        path=path,
        created=not applied,
        migrated=tuple(pending),
        backup=backup,
        key=key,
        audit=audit,
        tidied=tidied,
    )
