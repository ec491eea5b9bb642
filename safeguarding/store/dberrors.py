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

from sqlcipher3 import dbapi2 as sqlcipher

from safeguarding.errors import StorageError

Connection = sqlcipher.Connection
"""The connection class used for every database of this app."""

DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher.Error)
"""Any database error, from either library."""

DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError, sqlcipher.DatabaseError)
"""The file is not a (readable) database, or a statement failed in the engine."""

OPERATIONAL_ERRORS: tuple[type[Exception], ...] = (sqlite3.OperationalError, sqlcipher.OperationalError)
"""Disk full, read-only, locked, missing table and similar operational failures."""

INTEGRITY_ERRORS: tuple[type[Exception], ...] = (sqlite3.IntegrityError, sqlcipher.IntegrityError)
"""A constraint (foreign key, unique, check, not null) was violated."""


def write_error(error: BaseException) -> StorageError:
    """Turn a SQLite write failure into a plain-English :class:`StorageError`."""
    text = str(error).lower()
    if "full" in text:
        return StorageError("The disk is full, so the change could not be saved. Free some space and try again.")
    if "readonly" in text or "read-only" in text:
        return StorageError("The database is read-only, so the change could not be saved.")
    if "locked" in text or "busy" in text:
        return StorageError("The database is in use by another program, so the change could not be saved. Try again.")
    return StorageError(f"The change could not be saved ({error}).")


__all__ = ["DATABASE_ERRORS", "DB_ERRORS", "INTEGRITY_ERRORS", "OPERATIONAL_ERRORS", "Connection", "write_error"]
