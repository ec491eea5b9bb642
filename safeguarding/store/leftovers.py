"""What work cut short leaves beside a database, tidied at the next start; and the missing-database guard.

Backups, restores, encryption and the demo build write to hidden partial files
and rename them only when complete. Killed part-way (a crash, a power cut, the
task manager), they leave those partial files behind: full copies of the records,
which would never rotate out. :func:`tidy_up` removes them the next time the
database is opened for editing, and finishes the one step that must be finished
rather than undone: an encrypted database already moved into place whose key file
was still waiting under its temporary name.

Only names the app itself gives (below) are touched, and only those of this
database: ``.<name>.restoring``, ``.<name>.encrypting`` (and its waiting key file
``.<name>.encrypting.keys.json``), ``.<name>.building``, the temporary files of
its key file and anchor, and in ``backups/`` the ``.<copy>.partial`` and
``.<copy>.encrypting`` files of its copies and manifests left without their copy.
One app instance works on a database at a time (the instance lock), so nothing
found at opening is still being written.
"""

from __future__ import annotations

import contextlib
import glob
import os
from pathlib import Path

from safeguarding.errors import MissingDatabaseError
from safeguarding.security.key_paths import keyfile_path

JOURNALS = ("", "-journal", "-wal", "-shm")
BACKUP_FOLDER = "backups"


def _has_plain_header(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _remove(path: Path, removed: list[Path]) -> None:
    for suffix in JOURNALS:
        candidate = Path(f"{path}{suffix}")
        with contextlib.suppress(OSError):
            if candidate.is_file():
                candidate.unlink()
                removed.append(candidate)


def finish_key_file(database: Path) -> bool:
    """Put a waiting key file in place if the encrypted database it unlocks is already there.

    Encryption writes the new key file as ``.<name>.encrypting.keys.json``, moves the
    encrypted copy over the database, then renames the key file. Killed between the two
    renames, the database is encrypted and its key file still waiting: this finishes.
    A key file already in place is never replaced.

    Returns:
        True if the key file was put in place.
    """
    database = Path(database)
    waiting = keyfile_path(database.with_name(f".{database.name}.encrypting"))
    final = keyfile_path(database)
    if not waiting.is_file() or final.exists():
        return False
    try:
        if not database.is_file() or database.stat().st_size == 0 or _has_plain_header(database):
            return False
        os.link(waiting, final)
    except FileExistsError:
        return False
    except OSError:
        try:
            if final.exists():
                return False
            os.replace(waiting, final)  # no hard links on this file system
            return True
        except OSError:
            return False
    with contextlib.suppress(OSError):
        waiting.unlink()
    return True


def tidy_up(database: Path) -> list[Path]:
    """Remove the partial copies work cut short left beside ``database`` (see the module docstring).

    Never raises: a file that cannot be removed stays for the next time.

    Returns:
        The files removed.
    """
    database = Path(database)
    folder, name = database.parent, database.name
    removed: list[Path] = []
    finish_key_file(database)
    for partial in (f".{name}.restoring", f".{name}.building"):
        _remove(folder / partial, removed)
    encrypting = folder / f".{name}.encrypting"
    _remove(encrypting, removed)
    waiting = keyfile_path(encrypting)
    if waiting.is_file() and (_has_plain_header(database) or keyfile_path(database).exists()):
        _remove(waiting, removed)  # the encrypted copy never replaced the database: its key unlocks nothing
    for temporary in (folder / f".{keyfile_path(database).name}.new", folder / f".{waiting.name}.new"):
        _remove(temporary, removed)
    for written in (keyfile_path(database).name, f"{name}.audit.json"):  # write_private_atomically's files
        for temporary in folder.glob(f".{glob.escape(written)}.*.writing"):
            _remove(temporary, removed)
    backups = folder / BACKUP_FOLDER
    prefix = f".{database.stem}."
    with contextlib.suppress(OSError):
        for path in list(backups.iterdir()) if backups.is_dir() else []:
            if path.name.startswith(prefix) and path.name.endswith((".partial", ".encrypting", ".writing")):
                _remove(path, removed)
            elif (
                path.name.startswith(f"{database.stem}.")
                and path.name.endswith(f"{database.suffix}.json")
                and not path.with_name(path.name[: -len(".json")]).exists()
            ):
                _remove(path, removed)  # the manifest of a copy that was never completed
    return removed


def backups_present(database: Path) -> bool:
    """True if ``backups/`` beside ``database`` holds copies of it."""
    database = Path(database)
    backups = database.parent / BACKUP_FOLDER
    try:
        return backups.is_dir() and any(
            path.name.startswith(f"{database.stem}.") and path.suffix == database.suffix for path in backups.iterdir()
        )
    except OSError:
        return False


def has_traces(database: Path) -> bool:
    """True if ``database``'s key file or backups are there (so a missing database is not a first run)."""
    return keyfile_path(database).is_file() or backups_present(database)


def guard_missing_database(database: Path, *, encrypted_key: bool = False) -> None:
    """Refuse to start a new database where the real one is missing or empty but its key file or backups are.

    Args:
        database: The database file.
        encrypted_key: A data key was given (a new encrypted database is being made
            next to the key file just written): the key file alone is then no reason to refuse.

    Raises:
        MissingDatabaseError: the file is missing or empty and its key file (unless
            ``encrypted_key``) or backups are there.
    """
    database = Path(database)
    try:
        present = database.is_file() and database.stat().st_size > 0
    except OSError:
        present = False
    if present:
        return
    has_keys = keyfile_path(database).is_file() and not encrypted_key
    has_backups = backups_present(database)
    if not has_keys and not has_backups:
        return
    state = "is empty" if database.exists() else "is missing"
    if has_keys:
        reason = (
            f"its key file {keyfile_path(database).name} is here: the key file unlocks that database and its "
            "backups, so the app will not start a new database beside it"
        )
    else:
        reason = f"its backups are in {BACKUP_FOLDER}/, so the app will not start a new, empty database in its place"
    raise MissingDatabaseError(
        f"The database {database.name} in {database.parent} {state}, but {reason}. Locate the database (it may "
        "have been moved, for example by a sync tool), or restore its latest backup.",
        database,
        has_keys=has_keys,
        has_backups=has_backups,
    )
