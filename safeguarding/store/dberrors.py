"""One family of database exceptions for plain and encrypted databases.

Every connection is made with ``sqlcipher3`` (SQLCipher), whose exception classes
are *not* subclasses of the standard library's ``sqlite3`` ones: an
``except sqlite3.Error`` would let a SQLCipher failure escape as a crash. Catch
these tuples instead. (``safeguarding/maps/mbtiles.py`` reads plain MBTiles
files with the standard ``sqlite3`` module and keeps its own ``except``.)

sqlite-utils, used on these connections, catches ``sqlite3.OperationalError``
internally in a few places. Those paths are avoided or checked in
``tests/security/test_sqlite_utils_paths.py``: ``Table.drop(ignore=True)`` and
``View.drop(ignore=True)`` would raise (use ``DROP TABLE IF EXISTS``), as would
``insert``/``update`` with ``alter=True`` and ``create_index`` with
``find_unique_name=True`` when they need their fallback.
"""

from __future__ import annotations

import sqlite3
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlcipher3 import dbapi2 as sqlcipher

from safeguarding.errors import DamagedDatabaseError, StorageError
from safeguarding.os_errors import save_failure

if TYPE_CHECKING:  # named for type checkers only: reading a file's header, or listing locations, needs no sqlite-utils
    from sqlite_utils import Database

Connection = sqlcipher.Connection
"""The connection class used for every database of this app."""

DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher.Error)
"""Any database error, from either library."""

DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError, sqlcipher.DatabaseError)
"""The file is not a (readable) database, or a statement failed in the engine."""

OPERATIONAL_ERRORS: tuple[type[Exception], ...] = (sqlite3.OperationalError, sqlcipher.OperationalError)
"""Disk full, read-only, locked, missing table and similar operational failures."""

FILE_OR_DB_ERRORS: tuple[type[Exception], ...] = (OSError, *DB_ERRORS)
"""A database error, or one of the file system (a full disk, a folder that cannot be written)."""

UNREADABLE_ERRORS: tuple[type[Exception], ...] = (*DATABASE_ERRORS, UnicodeDecodeError)
"""The file cannot be read as a database, or text in it does not decode (it was changed on disk)."""

INTEGRITY_ERRORS: tuple[type[Exception], ...] = (sqlite3.IntegrityError, sqlcipher.IntegrityError)
"""A constraint (foreign key, unique, check, not null) was violated."""


DAMAGE_MARKERS = ("malformed", "not a database")
"""Words of SQLite's messages for a damaged file.

``SQLITE_CORRUPT`` reads "database disk image is malformed" (or "malformed database
schema (...)"), ``SQLITE_NOTADB`` "file is not a database" (SQLCipher: "file is
encrypted or is not a database", also when a page fails its check). Neither library
exposes the error code (``sqlite_errorcode`` is missing from sqlcipher3), so the
message is read.
"""

_PLAIN_DATABASE_ERRORS = frozenset({sqlite3.DatabaseError, sqlcipher.DatabaseError})


def is_damage(error: BaseException) -> bool:
    """True if ``error`` means the database file is damaged (or does not open with its key).

    Damage is a :class:`~safeguarding.errors.DamagedDatabaseError`, or a database error
    of the plain ``DatabaseError`` class (both libraries) whose message says
    "malformed" or "not a database" (:data:`DAMAGE_MARKERS`). Its subclasses are not
    damage: a full disk, a locked or read-only file, a missing table (all
    ``OperationalError``, as is "malformed JSON" from a JSON function), a broken
    constraint (``IntegrityError``). Nor is anything that is not a database error.
    """
    if isinstance(error, DamagedDatabaseError):
        return True
    if type(error) not in _PLAIN_DATABASE_ERRORS:
        return False
    text = str(error).lower()
    return any(marker in text for marker in DAMAGE_MARKERS)


def damaged_error(path: Path, error: BaseException | str) -> DamagedDatabaseError:
    """The plain-English :class:`~safeguarding.errors.DamagedDatabaseError` for damage met in ``path``."""
    return DamagedDatabaseError(f"{Path(path).name} is damaged: part of the file could not be read ({error}).")


@contextmanager
def raising_damage(path: Path) -> Iterator[None]:
    """Within it, reading or writing that fails because ``path`` is damaged raises DamagedDatabaseError.

    For damage met after the file was opened (the opening checks read only the
    schema and the migration record, so a damaged page elsewhere shows only when it is
    read). A :exc:`UnicodeDecodeError` counts as damage too: the app writes only
    UTF-8 text, so text that does not decode was changed on disk. Put only database
    work inside. Other errors pass through unchanged.

    Raises:
        DamagedDatabaseError: the work failed because the file is damaged (see :func:`is_damage`).
    """
    try:
        yield
    except DB_ERRORS as error:
        if is_damage(error):
            release_frames(error)
            raise damaged_error(path, error) from error
        raise
    except UnicodeDecodeError as error:
        release_frames(error)
        raise damaged_error(path, f"text that is not UTF-8: {error.reason}") from error


def release_frames(error: BaseException) -> None:
    """Let go of what the finished calls in ``error``'s tracebacks (and its causes') still hold.

    A read that fails part-way through a loop over rows leaves that loop's cursor
    referenced from the traceback, and an open cursor keeps its statement running:
    the connection then cannot checkpoint ("database table is locked") and, on
    Windows, the file cannot be renamed (set aside) after closing. Clearing the
    finished frames (:func:`traceback.clear_frames`; running ones are skipped) frees
    the cursor, whoever keeps the error. The message and traceback lines stay.
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        traceback.clear_frames(current.__traceback__)
        current = current.__cause__ or current.__context__


def write_error(error: BaseException) -> StorageError:
    """Turn a SQLite write failure into a plain-English :class:`StorageError`.

    A damaged file (:func:`is_damage`) gives a
    :class:`~safeguarding.errors.DamagedDatabaseError` (a StorageError too); a full
    disk, a read-only or a locked database the sentences of :func:`safeguarding.os_errors.save_failure`.
    """
    if is_damage(error):
        return DamagedDatabaseError(
            f"The change could not be saved: the database file is damaged ({error}). "
            "Close the app and start it again to be offered the latest good backup."
        )
    return StorageError(save_failure(error, "the change", holder="The database"))


__all__ = [
    "DAMAGE_MARKERS",
    "DATABASE_ERRORS",
    "DB_ERRORS",
    "FILE_OR_DB_ERRORS",
    "INTEGRITY_ERRORS",
    "OPERATIONAL_ERRORS",
    "UNREADABLE_ERRORS",
    "Connection",
    "damaged_error",
    "is_damage",
    "raising_damage",
    "release_frames",
    "write_error",
]


@contextmanager
def writing(db: Database) -> Iterator[None]:
    """One transaction for several writes: all are saved, or (on any error) none.

    Nested uses become savepoints of the outer transaction.

    Raises:
        StorageError: a database error, in plain English (see :func:`write_error`);
            any other exception from inside passes through (after the rollback).
    """
    try:
        with db.atomic():
            yield
    except DB_ERRORS as error:
        raise write_error(error) from error
