"""A database file of this app: a connection to it, and what its first bytes say (plain, encrypted or neither).

Every connection is made by :func:`connect`, with ``sqlcipher3`` (SQLCipher), for plain
and encrypted databases alike, so one exception family applies
(:mod:`safeguarding.store.dberrors`). An encrypted database has no SQLite header,
and its key file lies beside it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlcipher3 import dbapi2 as sqlcipher

from safeguarding.errors import NotADatabaseError, PassphraseRequiredError, ReadOnlyError, StorageError
from safeguarding.security.key_paths import keyfile_path
from safeguarding.store.dberrors import Connection

if TYPE_CHECKING:  # the key's module (cryptography) loads only when a key is used
    from safeguarding.security.keys import Key

SQLITE_HEADER = b"SQLite format 3\x00"
"""The first 16 bytes of a plain SQLite file."""


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


def check_header(path: Path, key: Key | None = None) -> None:
    """Refuse a file that is not a (plain, or with ``key`` encrypted) SQLite database, before anything opens it.

    Raises:
        ReadOnlyError: it cannot be read (permission denied).
        StorageError: it cannot be read, or ``key`` was given for a plain database.
        PassphraseRequiredError: it is encrypted and no key was given.
        NotADatabaseError: it is not SQLite (and no key file is beside it).
    """
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


__all__ = ["SQLITE_HEADER", "check_header", "connect", "has_plain_header", "is_encrypted"]
