"""Open (or create) the app's SQLite database safely.

Order of checks, so that a file we should not touch is never written:

1. the file, if it exists, must start with the SQLite header;
2. it must be empty or carry this app's migration record;
3. it must not record a migration this version does not know (newer app);
4. only then are pragmas set, a backup taken if migrations are pending, and
   pending migrations applied.

Every failure raises a :class:`~safeguarding.errors.StorageError` subclass with
a plain-English message; nothing already saved is changed.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from safeguarding.errors import DatabaseTooNewError, NotADatabaseError, ReadOnlyError, StorageError
from safeguarding.store.migrations import MIGRATION_SET, known_names, migrations
from safeguarding.timeutil import utc_now

SQLITE_HEADER = b"SQLite format 3\x00"
BACKUP_FOLDER = "backups"
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
    """

    db: Database
    path: Path
    created: bool
    migrated: tuple[str, ...]
    backup: Path | None
    read_only: bool = False


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError as error:
        raise ReadOnlyError(f"The database file {path} cannot be read: permission denied.") from error
    except OSError as error:
        raise StorageError(f"The database file {path} cannot be read ({error.strerror or error}).") from error
    if header and header != SQLITE_HEADER:
        raise NotADatabaseError(
            f"{path.name} is not a database of the Location Assessment Tool (it is not a SQLite file). "
            "It has not been changed. Choose another file."
        )


def _check_writable(path: Path, exists: bool) -> None:
    folder = path.parent
    if not exists:
        try:
            folder.mkdir(parents=True, exist_ok=True)
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


def _applied_names(conn: sqlite3.Connection) -> list[str] | None:
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


def backup_copy(conn: sqlite3.Connection, path: Path, reason: str) -> Path:
    """Write a consistent copy of an open database beside it, in ``backups/``.

    Args:
        conn: Open connection to the database at ``path``.
        path: The database file (used to name the copy).
        reason: Short word for the file name, e.g. ``"before-migration"``.

    Returns:
        The path of the copy, e.g. ``backups/assessments.before-migration.20261130T170000Z.sqlite3``.

    Raises:
        StorageError: if the copy cannot be written.
    """
    stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
    target = path.parent / BACKUP_FOLDER / f"{path.stem}.{reason}.{stamp}{path.suffix}"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(target) as copy:
            conn.backup(copy)
        copy.close()
    except (OSError, sqlite3.Error) as error:
        raise StorageError(f"A backup copy could not be written to {target} ({error}).") from error
    return target


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


def open_read_only(path: Path) -> OpenedDatabase:
    """Open an existing database for reading only (export works from a read-only folder).

    Nothing is written: no journal mode change, no migrations, no backup.

    Raises:
        StorageError: if the file does not exist.
        NotADatabaseError: the file is not SQLite, or not this app's database.
        DatabaseTooNewError: written by a newer version.
        StorageError: it needs upgrading (open it in the app once), or cannot be read.
    """
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        raise StorageError(f"There is no database at {path}.")
    _check_header(path)
    conn: sqlite3.Connection | None = None
    for options in ("mode=ro", "immutable=1"):
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?{options}", uri=True)
            applied = _applied_names(conn)
            break
        except sqlite3.DatabaseError as error:
            if conn is not None:
                conn.close()
                conn = None
            last_error = error
    if conn is None:
        raise NotADatabaseError(f"{path.name} could not be read as a database ({last_error}). It has not been changed.")
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
    return OpenedDatabase(db=Database(conn), path=path, created=False, migrated=(), backup=None, read_only=True)


def open_database(path: Path) -> OpenedDatabase:
    """Open the database at ``path``, creating and migrating it as needed.

    Args:
        path: The database file. Its folder is created if missing. A journal
            left behind without its database is set aside first
            (:func:`set_aside_orphaned_journal`).

    Returns:
        An :class:`OpenedDatabase` with foreign keys on, WAL journaling and
        ``synchronous=FULL`` (a committed write survives the app being killed).

    Raises:
        NotADatabaseError: the file is not SQLite, or not this app's database.
        DatabaseTooNewError: the file was written by a newer version of the app.
        ReadOnlyError: the file or folder cannot be written.
        StorageError: any other problem opening or migrating the file.
    """
    path = Path(path)
    exists = path.exists() and path.stat().st_size > 0
    if path.is_dir():
        raise StorageError(f"{path} is a folder, not a database file.")
    if exists:
        _check_header(path)
    _check_writable(path, exists)
    set_aside_orphaned_journal(path)
    try:
        conn = sqlite3.connect(path)
    except sqlite3.Error as error:
        raise StorageError(f"The database {path} could not be opened ({error}).") from error
    try:
        try:
            applied = _applied_names(conn)
        except sqlite3.DatabaseError as error:
            raise NotADatabaseError(
                f"{path.name} could not be read as a database ({error}). It may be damaged. It has not been changed."
            ) from error
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
        db = Database(conn)
        pending = [m.name for m in migrations.pending(db)]
        backup = backup_copy(conn, path, "before-migration") if pending and applied else None
        migrations.apply(db)
    except sqlite3.OperationalError as error:
        conn.close()
        if "readonly" in str(error) or "read-only" in str(error):
            raise ReadOnlyError(f"The database {path} is read-only, so changes could not be saved.") from error
        raise StorageError(f"The database {path} could not be opened ({error}).") from error
    except sqlite3.DatabaseError as error:
        conn.close()
        raise NotADatabaseError(
            f"{path.name} could not be read as a database ({error}). It may be damaged. It has not been changed."
        ) from error
    except BaseException:
        conn.close()
        raise
    return OpenedDatabase(db=db, path=path, created=not applied, migrated=tuple(pending), backup=backup)
