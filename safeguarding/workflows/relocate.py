"""Locate a database that went missing: put it back beside its key file and backups, or open it where it is.

A sync tool, or a user tidying folders, can move the database away from its key file
and its ``backups/``. The app never makes a new database (or key file) in its place
(:func:`safeguarding.store.leftovers.guard_missing_database`); instead the user points
at the file, which is checked (it opens with the key, its integrity check passes) and
then:

* :func:`bring_back`: moved back to where the app expects it (an atomic rename on the
  same disk; across disks a private copy is checked, renamed into place, and the
  original is left where it was, and named in the result);
* :func:`lend_key_file`: when the expected place is taken (a plain database is there and
  the key file belongs to another, encrypted one), the key file is *copied* beside the
  file found, so it opens where it is. A key file is never moved, replaced or removed.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from safeguarding.errors import StorageError
from safeguarding.private_files import create_private_file, make_private
from safeguarding.security.keys import Key, add_keyfile, read_keyfile
from safeguarding.store.backups import check_backup
from safeguarding.store.database_file import connect
from safeguarding.store.dberrors import DB_ERRORS


@dataclass(frozen=True)
class Relocated:
    """Where the database is now, and the original left behind by a copy across disks (if any)."""

    database: Path
    left_behind: Path | None = None


def _check(found: Path, key: Key | None) -> None:
    """The file found must open with ``key`` and pass the integrity check; its log is folded in first."""
    if not found.is_file() or found.stat().st_size == 0:
        raise StorageError(f"{found} is not a database file (it is missing or empty).")
    try:
        conn = connect(found, key)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # its log travels inside it
        finally:
            conn.close()
    except DB_ERRORS as error:
        raise StorageError(f"{found.name} does not open with this database's key file ({error}).") from error
    check_backup(found, key)


def bring_back(found: Path, database: Path, key: Key | None) -> Relocated:
    """Move the database ``found`` elsewhere back to ``database`` (which must be missing or empty).

    Args:
        found: The file the user located.
        database: Where the app expects it (beside its key file and backups).
        key: The data key from the key file beside ``database`` (None for a plain database).

    Returns:
        Where it is now, and the original if it had to be copied across disks.

    Raises:
        StorageError: the file found does not open with the key or is damaged, or ``database``
            holds a database already, or the file cannot be moved (nothing is changed then).
    """
    found, database = Path(found), Path(database)
    if found.resolve() == database.resolve():
        raise StorageError(f"{found.name} is the file that is missing or empty: choose the database you found.")
    if database.exists() and database.stat().st_size > 0:
        raise StorageError(f"{database} already holds a database, so {found.name} was not moved over it.")
    _check(found, key)
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)  # an old journal must not be replayed into it
    try:
        os.replace(found, database)
        make_private(database)
        for suffix in ("-wal", "-shm"):
            Path(f"{found}{suffix}").unlink(missing_ok=True)  # emptied by the checkpoint
        return Relocated(database)
    except OSError:
        pass  # another disk: copy, check, rename
    partial = database.with_name(f".{database.name}.restoring")
    try:
        shutil.copyfile(found, create_private_file(partial))
        check_backup(partial, key)
        os.replace(partial, database)
    except (OSError, StorageError) as error:
        partial.unlink(missing_ok=True)
        raise StorageError(f"{found.name} could not be copied back to {database.parent} ({error}).") from error
    return Relocated(database, left_behind=found)


def lend_key_file(database: Path, found: Path) -> Path:
    """Copy ``database``'s key file beside ``found`` so it opens where it is (nothing is replaced).

    Returns:
        The key file beside ``found``.

    Raises:
        KeyFileExistsError: ``found`` has a key file already (it is used as it is).
        StorageError: the key file cannot be read or copied.
    """
    return add_keyfile(found, read_keyfile(database))
