"""Convert a plain (unencrypted) database of an earlier version into an encrypted one, in place, safely.

Steps (:func:`encrypt_database`):

1. the plain database is checked: this app's, not from a newer version, integrity ok,
   and no key file beside it (a key file is never replaced: it may be the only way into
   another copy of the records); its write-ahead log is folded in;
2. an encrypted copy is written beside it (``.<name>.encrypting``, owner-only from the
   start) with SQLCipher's ``sqlcipher_export``, under a new random data key;
3. the copy is verified: it opens with the key, ``PRAGMA integrity_check`` is ok
   and every table has exactly the rows of the original;
4. the copy's key file is written beside the copy (``.<name>.encrypting.keys.json``);
5. the copy replaces the original (an atomic rename: the point of no return), then
   its key file takes its final name (``<name>.keys.json``, never replacing one).
   Plain backups in ``backups/`` are converted the same way, so no readable copy is
   left behind by the app.

Killed at any moment, nothing is lost and nothing stays half done: before step 5 the
original is untouched and the next opening removes the partial copy and its key file
(:func:`safeguarding.store.leftovers.tidy_up`); between the two renames of step 5 the
next opening gives the waiting key file its name; killed while the backups were being
converted, the next opening with the key finishes them (:func:`encrypt_plain_backups`).

If anything fails before step 5 the original is untouched and the partial copy
removed. Progress is reported at each step and, within the long statements,
about ten times a second; Cancel (``OperationCancelled`` raised by the progress
callable) is honoured until the replacement in step 5, the point of no return.

Note: like any file deletion, the old plain file's blocks may remain on the disk
until overwritten; full-disk encryption (BitLocker, FileVault) covers that.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from safeguarding.errors import DatabaseTooNewError, NotADatabaseError, StorageError
from safeguarding.private_files import create_private_file
from safeguarding.progress import Progress, no_progress
from safeguarding.security.key_paths import keyfile_path
from safeguarding.security.keys import (
    Key,
    KeyFileExistsError,
    add_keyfile,
    build_keyfile,
    key_file_in_the_way,
)
from safeguarding.store.backups import list_backups
from safeguarding.store.cancellable import past_no_return, reporting
from safeguarding.store.database import MIGRATIONS_TABLE
from safeguarding.store.database_file import connect, has_plain_header, is_encrypted
from safeguarding.store.dberrors import DB_ERRORS, FILE_OR_DB_ERRORS, Connection
from safeguarding.store.leftovers import finish_key_file, guard_missing_database, tidy_up
from safeguarding.store.migrations import known_names

OLD_BACKUP_FAILURES: tuple[type[Exception], ...] = (*FILE_OR_DB_ERRORS, StorageError)
"""What encrypting an older backup may raise: that backup stays as it was (the restore screen marks it)."""


@dataclass(frozen=True)
class ConversionResult:
    """What :func:`encrypt_database` did.

    Attributes:
        key: The new data key (the database is now encrypted with it).
        row_counts: Rows per table, the same before and after.
        backups_converted: Plain backups that were encrypted too.
    """

    key: Key
    row_counts: dict[str, int] = field(default_factory=dict)
    backups_converted: tuple[Path, ...] = ()


def _discard(path: Path) -> None:
    """Remove a partial copy (its journal, and its key file if written) we made; never raise."""
    for leftover in (path, Path(f"{path}-journal"), keyfile_path(path)):
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _row_counts(conn: Connection) -> dict[str, int]:
    names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {
        name: int(conn.execute(f"SELECT count(*) FROM {_quote(name)}").fetchone()[0])
        for name in names
        if not name.startswith("sqlite_")
    }


def _integrity(conn: Connection) -> str:
    row = conn.execute("PRAGMA integrity_check").fetchone()
    return str(row[0]) if row else "no answer"


def _export_encrypted(plain: Path, target: Path, key: Key, progress: Progress = no_progress) -> dict[str, int]:
    """Write an encrypted, verified copy of ``plain`` to ``target``; return the row counts.

    ``progress`` is told 0.2-0.75 of the way (the caller's point of no return comes after).
    """
    target.unlink(missing_ok=True)
    create_private_file(target)  # owner-only before a byte of the records is written into it
    conn = connect(plain)
    try:
        with reporting(conn, progress, 0.2, "Checking the database…"):
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            if (result := _integrity(conn)) != "ok":
                raise StorageError(
                    f"{plain.name} is damaged ({result}), so it was not converted. It has not been changed."
                )
            counts = _row_counts(conn)
        with reporting(conn, progress, 0.25, "Copying into an encrypted file…"):
            conn.execute(f"ATTACH DATABASE ? AS encrypted KEY {key.pragma_value()}", [str(target)])
            conn.execute("SELECT sqlcipher_export('encrypted')")
            conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
    copy = connect(target, key)
    try:
        with reporting(copy, progress, 0.75, "Checking the encrypted copy…"):
            if (result := _integrity(copy)) != "ok":
                raise StorageError(
                    f"The encrypted copy failed its check ({result}); {plain.name} has not been changed."
                )
            if _row_counts(copy) != counts:
                raise StorageError(f"The encrypted copy does not hold every row; {plain.name} has not been changed.")
    finally:
        copy.close()
    return counts


def check_can_encrypt(path: Path) -> None:
    """Check that ``path`` is a plain database of this app that can be encrypted in place (nothing is changed).

    Raises:
        MissingDatabaseError: it is missing or empty, but its key file or backups are there.
        KeyFileExistsError: a key file is already beside it (it would be replaced).
        NotADatabaseError: it is not a plain database of this app.
        DatabaseTooNewError: a newer version of the app wrote it.
        StorageError: there is no database there, or it is already encrypted.
    """
    _check_plain_database(path)


def _check_plain_database(path: Path) -> None:
    if not path.is_file() or path.stat().st_size == 0:
        guard_missing_database(path)  # gone beside its key file or backups: say so
        raise StorageError(f"There is no database at {path}.")
    if is_encrypted(path):
        raise StorageError(f"{path.name} is already encrypted.")
    if keyfile_path(path).exists():
        raise KeyFileExistsError(key_file_in_the_way(path))
    if not has_plain_header(path):
        raise NotADatabaseError(
            f"{path.name} is not a database of the Location Assessment Tool. It has not been changed."
        )
    conn = connect(path)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if MIGRATIONS_TABLE not in tables:
            raise NotADatabaseError(
                f"{path.name} is a SQLite database but not one made by the Location Assessment Tool. "
                "It has not been changed."
            )
        applied = [row[0] for row in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE}")]
    except DB_ERRORS as error:
        raise NotADatabaseError(f"{path.name} could not be read ({error}). It has not been changed.") from error
    finally:
        conn.close()
    if any(name not in known_names() for name in applied):
        raise DatabaseTooNewError(
            f"{path.name} was saved by a newer version of the Location Assessment Tool. "
            "Please update the app first. The file has not been changed."
        )


def encrypt_database(
    path: Path, passphrase: str, *, recovery_key: str | None = None, progress: Progress = no_progress
) -> ConversionResult:
    """Encrypt the plain database at ``path`` in place (it must not be open elsewhere).

    Runs on any thread (it opens its own connections). It takes about 1.5 s per
    150 MB, and about as long again for each plain backup (converted after the point
    of no return).

    Args:
        path: A plain database of this app.
        passphrase: The new passphrase (check its strength first).
        recovery_key: Also let this recovery key unlock it (see
            :func:`safeguarding.security.keys.new_recovery_key`).
        progress: Told ``(fraction, message)`` at each step ("Checking the database…",
            "Copying into an encrypted file…", "Checking the encrypted copy…") and
            within long steps about ten times a second. It may raise
            :class:`~safeguarding.progress.OperationCancelled` to stop until the
            encrypted copy replaces the original. After that it is told 1.0 (and a
            raise is ignored) while the plain backups are encrypted.

    Returns:
        A :class:`ConversionResult` with the new data key.

    Raises:
        StorageError: (or a subclass) with a plain message; the original is then unchanged.
        OperationCancelled: ``progress`` raised it; the original is unchanged and the partial copy removed.
    """
    path = Path(path)
    progress(0.0, "Checking the database…")
    tidy_up(path)  # what an earlier, interrupted attempt left
    _check_plain_database(path)
    key = Key.generate()
    progress(0.02, "Locking the new key with your passphrase…")
    keyfile = build_keyfile(key, passphrase, recovery_key=recovery_key)  # scrypt: about 0.3 s
    copy = path.with_name(f".{path.name}.encrypting")
    try:
        counts = _export_encrypted(path, copy, key, progress)
        add_keyfile(copy, keyfile)  # beside the copy: never a database without its key file
        for suffix in ("-wal", "-shm"):  # the plain file's (folded in and emptied): not to be read with the key
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(copy, path)  # the point of no return
    except FILE_OR_DB_ERRORS as error:
        _discard(copy)
        raise StorageError(f"{path.name} could not be encrypted ({error}). It has not been changed.") from error
    except BaseException:
        _discard(copy)
        raise
    done = past_no_return(progress)
    done(1.0, "Encrypted.")
    if not finish_key_file(path):
        raise StorageError(
            f"{path.name} is now encrypted, but its key file could not take its name: it is "
            f"{keyfile_path(copy).name} in the same folder. Rename it to {keyfile_path(path).name} "
            "(the database cannot be opened without it)."
        )
    converted = encrypt_plain_backups(path, key, lambda number, total: done(1.0, _backups_message(number, total)))
    return ConversionResult(key=key, row_counts=counts, backups_converted=tuple(converted))


def _backups_message(number: int, total: int) -> str:
    return f"Encrypted. Now encrypting the older backups ({number} of {total})…"


def plain_backups(database: Path) -> list[Path]:
    """The backups of ``database`` that are not encrypted (left by an encryption that was cut short)."""
    return [backup.path for backup in list_backups(database) if not backup.encrypted]


def encrypt_plain_backups(
    database: Path, key: Key, progress: Callable[[int, int], None] = lambda number, total: None
) -> list[Path]:
    """Encrypt every plain backup of the (encrypted) ``database`` with its data key, one after the other.

    Each is converted as the database was (copy, check, atomic rename), so a backup
    is always whole, plain or encrypted. A damaged backup stays as it was (the
    restore screen marks it). Runs on any thread; after an encryption that was cut
    short, the next opening calls it again.

    Args:
        database: The encrypted database whose ``backups/`` are converted.
        key: Its data key.
        progress: Told ``(number, total)`` before each backup.

    Returns:
        The backups converted.
    """
    converted = []
    waiting = plain_backups(database)
    for number, backup in enumerate(waiting, start=1):
        progress(number, len(waiting))
        backup_copy = backup.with_name(f".{backup.name}.encrypting")
        try:
            _export_encrypted(backup, backup_copy, key)
            os.replace(backup_copy, backup)
        except OLD_BACKUP_FAILURES:
            _discard(backup_copy)
            continue  # a damaged old backup stays as it was; the restore screen marks it
        converted.append(backup)
    return converted
