"""Why a file could not be saved, in plain English: one set of sentences for every save in the app.

A failed save is an environment problem, not a bug (style.md, "Two kinds of
failure"): the user is told what happened and what to do. The same few problems
come from the operating system (an :class:`OSError` and its ``errno``) and from
SQLite (an error whose message says it: "database or disk is full", "attempt
to write a readonly database", "database is locked"), so both are read here and
worded once:

* the disk is full (``ENOSPC``, ``EDQUOT``: free some space);
* writing is not allowed (``EACCES``, ``EPERM``) or the disk is read-only (``EROFS``);
* the folder is missing (``ENOENT``, ``ENOTDIR``) or a folder has the file's name (``EISDIR``);
* the file is in use by another program (``EBUSY``, ``ETXTBSY``, a locked database).
"""

from __future__ import annotations

import enum
import errno
from pathlib import Path


class Problem(enum.Enum):
    """What went wrong, as far as the user can do something about it."""

    DISK_FULL = "disk full"
    NOT_ALLOWED = "not allowed"
    READ_ONLY = "read-only"
    NO_FOLDER = "no such folder"
    IS_FOLDER = "a folder has the name"
    IN_USE = "in use"


_CODES: dict[int, Problem] = {
    errno.ENOSPC: Problem.DISK_FULL,
    errno.EACCES: Problem.NOT_ALLOWED,
    errno.EPERM: Problem.NOT_ALLOWED,
    errno.EROFS: Problem.READ_ONLY,
    errno.ENOENT: Problem.NO_FOLDER,
    errno.ENOTDIR: Problem.NO_FOLDER,
    errno.EISDIR: Problem.IS_FOLDER,
    errno.EBUSY: Problem.IN_USE,
    errno.ETXTBSY: Problem.IN_USE,
}
if hasattr(errno, "EDQUOT"):  # over the user's disk quota (not on Windows)
    _CODES[errno.EDQUOT] = Problem.DISK_FULL

_SQLITE_PHRASES: tuple[tuple[str, Problem], ...] = (
    ("database or disk is full", Problem.DISK_FULL),
    ("readonly database", Problem.READ_ONLY),
    ("read-only database", Problem.READ_ONLY),
    ("database is locked", Problem.IN_USE),
    ("database table is locked", Problem.IN_USE),
    ("database schema is locked", Problem.IN_USE),
)
"""SQLite's messages for the same problems (https://www.sqlite.org/rescode.html: FULL, READONLY, BUSY, LOCKED)."""

FIXABLE = frozenset({Problem.DISK_FULL, Problem.NOT_ALLOWED, Problem.READ_ONLY, Problem.IN_USE})
"""Problems the user can fix where they are, whatever was being saved (not a missing folder, which
only a save to a folder the user chose can meet)."""


def problem_of(error: BaseException) -> Problem | None:
    """Return the problem behind ``error``, or None if it is none of the known ones.

    An :class:`OSError` is read by its ``errno``; any other error by SQLite's
    wording of the same problems (sqlite3's and sqlcipher3's errors say it only in words).
    """
    if isinstance(error, OSError):
        return _CODES.get(error.errno) if error.errno is not None else None
    text = str(error).lower()
    return next((problem for phrase, problem in _SQLITE_PHRASES if phrase in text), None)


def save_failure(error: BaseException, what: str, *, folder: Path | None = None, holder: str = "The file") -> str:
    """Return the sentence that tells the user ``what`` could not be saved because of ``error``, and what to do.

    Args:
        error: The failure (an OSError, or a SQLite error).
        what: What was being saved, as it reads in "… could not be saved": "the report",
            "the action plan", "the change".
        folder: The folder it was saved into, named in the sentence when the folder is the
            problem (the user can then choose another); None where the user chose no folder.
        holder: What is in use by another program, or read-only when SQLite says so: "The file"
            or "The database".

    Returns:
        One or two sentences ending in a full stop, e.g. "The disk is full, so the report could
        not be saved. Free some space and try again." Unknown problems give
        "The report could not be saved (<the system's words>)."
    """
    problem = problem_of(error)
    place = f"The folder {folder}" if folder is not None else None
    if problem is Problem.DISK_FULL:
        return f"The disk is full, so {what} could not be saved. Free some space and try again."
    if problem is Problem.NOT_ALLOWED:
        if place:
            return f"{place} cannot be written to, so {what} could not be saved. Choose another folder."
        return (
            f"The app was not allowed to write a file (permission denied), so {what} could not be saved. "
            "Check the folder and try again."
        )
    if problem is Problem.READ_ONLY:
        if place:
            return (
                f"{place} cannot be written to (it is read-only), so {what} could not be saved. Choose another folder."
            )
        disk = "The disk or folder" if isinstance(error, OSError) else holder  # EROFS: the whole file system
        return f"{disk} is read-only, so {what} could not be saved."
    if problem is Problem.NO_FOLDER and place:
        return f"{place} does not exist, so {what} could not be saved. Choose another folder."
    if problem is Problem.IS_FOLDER:
        return f"A folder already has that name, so {what} could not be saved. Choose another file name."
    if problem is Problem.IN_USE:
        return f"{holder} is in use by another program, so {what} could not be saved. Close it and try again."
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return f"{what[:1].upper()}{what[1:]} could not be saved ({reason})."


__all__ = ["FIXABLE", "Problem", "problem_of", "save_failure"]
