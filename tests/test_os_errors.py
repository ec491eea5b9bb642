"""One set of plain-English sentences for a save that failed, from an OSError or from SQLite."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from safeguarding.os_errors import FIXABLE, Problem, problem_of, save_failure

FOLDER = Path("/media/usb/reports")
REPORT = "so the report could not be saved."
ANOTHER_FOLDER = f"{REPORT} Choose another folder."


@pytest.mark.parametrize(
    ("code", "problem", "sentence"),
    [
        (errno.ENOSPC, Problem.DISK_FULL, f"The disk is full, {REPORT} Free some space and try again."),
        (errno.EACCES, Problem.NOT_ALLOWED, f"The folder {FOLDER} cannot be written to, {ANOTHER_FOLDER}"),
        (errno.EPERM, Problem.NOT_ALLOWED, f"The folder {FOLDER} cannot be written to, {ANOTHER_FOLDER}"),
        (
            errno.EROFS,
            Problem.READ_ONLY,
            f"The folder {FOLDER} cannot be written to (it is read-only), {ANOTHER_FOLDER}",
        ),
        (errno.ENOENT, Problem.NO_FOLDER, f"The folder {FOLDER} does not exist, {ANOTHER_FOLDER}"),
        (errno.ENOTDIR, Problem.NO_FOLDER, f"The folder {FOLDER} does not exist, {ANOTHER_FOLDER}"),
        (errno.EISDIR, Problem.IS_FOLDER, f"A folder already has that name, {REPORT} Choose another file name."),
        (errno.EBUSY, Problem.IN_USE, f"The file is in use by another program, {REPORT} Close it and try again."),
        (errno.EIO, None, "The report could not be saved (Input/output error)."),
    ],
)
def test_each_os_error_has_its_sentence(code: int, problem: Problem | None, sentence: str) -> None:
    error = OSError(code, "Input/output error" if code == errno.EIO else "x")
    assert problem_of(error) is problem
    assert save_failure(error, "the report", folder=FOLDER) == sentence


@pytest.mark.skipif(not hasattr(errno, "EDQUOT"), reason="no disk quotas on this system")
def test_a_full_quota_is_a_full_disk() -> None:
    assert problem_of(OSError(errno.EDQUOT, "Disk quota exceeded")) is Problem.DISK_FULL


def test_without_a_folder_the_sentence_names_no_folder() -> None:
    assert save_failure(OSError(errno.EACCES, "x"), "the last change") == (
        "The app was not allowed to write a file (permission denied), so the last change could not be saved. "
        "Check the folder and try again."
    )
    assert save_failure(OSError(errno.EROFS, "x"), "the last change") == (
        "The disk or folder is read-only, so the last change could not be saved."
    )
    assert save_failure(OSError(errno.ENOENT, "No such file or directory"), "the profile") == (
        "The profile could not be saved (No such file or directory)."
    )


CHANGE = "so the change could not be saved."


@pytest.mark.parametrize(
    ("message", "problem", "sentence"),
    [
        ("database or disk is full", Problem.DISK_FULL, f"The disk is full, {CHANGE} Free some space and try again."),
        ("attempt to write a readonly database", Problem.READ_ONLY, f"The database is read-only, {CHANGE}"),
        (
            "database is locked",
            Problem.IN_USE,
            f"The database is in use by another program, {CHANGE} Close it and try again.",
        ),
        (
            "database table is locked",
            Problem.IN_USE,
            f"The database is in use by another program, {CHANGE} Close it and try again.",
        ),
        ("disk I/O error", None, "The change could not be saved (disk I/O error)."),
    ],
)
def test_sqlite_says_the_same_problems_in_words(message: str, problem: Problem | None, sentence: str) -> None:
    error = sqlite3.OperationalError(message)
    assert problem_of(error) is problem
    assert save_failure(error, "the change", holder="The database") == sentence


def test_other_errors_are_no_known_problem() -> None:
    assert problem_of(ValueError("the file is locked in a drawer")) is None
    assert problem_of(OSError("no errno")) is None
    assert Problem.NO_FOLDER not in FIXABLE and Problem.DISK_FULL in FIXABLE
