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

from sqlcipher3 import dbapi2 as sqlcipher
from sqlite_utils import Database

from safeguarding.errors import (
    DamagedDatabaseError,
    DatabaseTooNewError,
    NotADatabaseError,
    PassphraseRequiredError,
    ReadOnlyError,
    StorageError,
)
from safeguarding.private_files import create_private_file, make_private, make_private_folder, write_private_atomically
from safeguarding.security.keys import Key, keyfile_path
from safeguarding.store.audit_chain import ChainBreak, ChainReport
from safeguarding.store.audit_schema import default_actor, ensure_audit_triggers, register_audit_functions
from safeguarding.store.dberrors import DATABASE_ERRORS, DB_ERRORS, OPERATIONAL_ERRORS, Connection
from safeguarding.store.immediate import ImmediateDatabase
from safeguarding.store.migrations import MIGRATION_SET, known_names, migrations
from safeguarding.timeutil import utc_now

SQLITE_HEADER = b"SQLite format 3\x00"
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


def connect(target: Path | str, key: Key | None = None, *, uri: bool = False) -> Connection:
    """Open a SQLCipher connection to ``target`` (a path, or a ``file:`` URI with ``uri=True``).

    With ``key`` the connection is keyed first (``PRAGMA key``), before anything
    is read; the key is checked by the first read. SQLCipher's own stderr log is
    silenced. The caller closes the connection.

    Raises:
        sqlcipher3.dbapi2.Error: the file cannot be opened.
    """
    conn = sqlcipher.connect(str(target), uri=uri)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            conn.execute(f"PRAGMA key = {key.pragma_value()}")
    except BaseException:
        conn.close()
        raise
    return conn


def has_plain_header(path: Path) -> bool:
    """True if ``path`` starts with the plain SQLite header (False for an encrypted or empty file)."""
    try:
        with Path(path).open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def is_encrypted(path: Path) -> bool:
    """True if ``path`` is a non-empty file without the SQLite header and with its key file beside it."""
    path = Path(path)
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return False
    except OSError:
        return False
    return not has_plain_header(path) and keyfile_path(path).is_file()


def _check_header(path: Path, key: Key | None = None) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError as error:
        raise ReadOnlyError(f"The database file {path} cannot be read: permission denied.") from error
    except OSError as error:
        raise StorageError(f"The database file {path} cannot be read ({error.strerror or error}).") from error
    if key is not None:
        if header == SQLITE_HEADER:
            raise StorageError(
                f"{path.name} is not encrypted, so it has no passphrase. Open it without one, or encrypt it "
                "first (Security → Encrypt this database…, or the encrypt command)."
            )
        return
    if header and header != SQLITE_HEADER and keyfile_path(path).is_file():
        raise PassphraseRequiredError(f"{path.name} is encrypted. Enter its passphrase to open it.")
    if header and header != SQLITE_HEADER:
        raise NotADatabaseError(
            f"{path.name} is not a database of the Location Assessment Tool (it is not a SQLite file). "
            f"If it is an encrypted database, its key file {keyfile_path(path).name} must be in the same "
            "folder. The file has not been changed."
        )


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
    except (OSError, *DB_ERRORS) as error:
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
    _check_header(path, key)
    conn: Connection | None = None
    last_error: BaseException | None = None
    for options in ("mode=ro", "immutable=1"):
        try:
            conn = connect(f"{path.resolve().as_uri()}?{options}", key, uri=True)
            applied = _applied_names(conn)
            break
        except (*DATABASE_ERRORS, UnicodeDecodeError) as error:  # text that does not decode was changed on disk
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
        _check_header(path, key)
    else:
        guard_missing_database(path, encrypted_key=key is not None)
    _check_writable(path, exists)
    set_aside_orphaned_journal(path)
    try:
        create_private_file(path)  # SQLite gives the -wal and -shm files the database's permissions
        conn = connect(path, key)
    except (OSError, *DB_ERRORS) as error:
        raise StorageError(f"The database {path} could not be opened ({error}).") from error
    register_audit_functions(conn, default_actor())  # the audit triggers call audit_actor() and seal entries
    try:
        try:
            applied = _applied_names(conn)
        except (*DATABASE_ERRORS, UnicodeDecodeError) as error:  # text that does not decode was changed on disk
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
        repairs = _audit_repairs_needed(db, applied, pending)
        backup = backup_copy(conn, path, "before-migration", key) if pending and applied else None
        migrations.apply(db)
        audit = _check_audit(db, path, repairs)
        make_private(path)  # the database holds children's records: owner only
        for suffix in ("-wal", "-shm"):
            make_private(Path(f"{path}{suffix}"))
    except OPERATIONAL_ERRORS as error:
        conn.close()
        if "readonly" in str(error) or "read-only" in str(error):
            raise ReadOnlyError(f"The database {path} is read-only, so changes could not be saved.") from error
        raise StorageError(f"The database {path} could not be opened ({error}).") from error
    except (*DATABASE_ERRORS, UnicodeDecodeError) as error:
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


CHAINED_STEP = "0050_audit_chain"
"""The schema step that made the trail a chain: from it on, the trail's protection is checked at opening."""


def _audit_repairs_needed(db: Database, applied: list[str], pending: list[str]) -> list[ChainBreak]:
    """What of the trail's protection is missing before this opening changes anything (see :func:`_check_audit`).

    Only for a database whose trail is already chained and that needs no upgrade: an
    upgrade may change the triggers on purpose.
    """
    from safeguarding.store.audit_chain import REMOVED, UNPROTECTED, ChainBreak, missing_protection
    from safeguarding.store.audit_schema import AUDIT_TABLE

    if CHAINED_STEP not in applied or pending:
        return []
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if AUDIT_TABLE not in tables:
        return [ChainBreak(REMOVED, 0, repaired=True)]
    missing = missing_protection(db)
    return [ChainBreak(UNPROTECTED, 0, None, ", ".join(missing), repaired=True)] if missing else []


def _check_audit(db: Database, path: Path, repairs: list[ChainBreak]) -> ChainReport:
    """Put back the trail's protection, check the chain from its anchor on, and move the anchor.

    A guard or trigger found missing or altered, or the trail's table found removed,
    is put back and recorded in the trail as a notice (the window still shows it, as
    new). The seals are checked from the anchor's entry on (the whole trail when there
    is no anchor, as after an upgrade); the backups check the whole trail each time
    (see :func:`~safeguarding.store.audit_chain.check_and_anchor`).
    """
    from safeguarding.store.audit_chain import REMOVED, check_and_anchor, ensure_trail_table, record_notices

    if any(item.kind == REMOVED for item in repairs):
        ensure_trail_table(db)
    ensure_audit_triggers(db)
    report = check_and_anchor(db, path, found=repairs)
    if repairs:
        record_notices(db, repairs, "found when the database was opened, and put back")
    return report
