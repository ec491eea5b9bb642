"""The command line's passphrases: where they are read from, and opening an existing database with one.

A passphrase is read from ``--passphrase-file FILE`` (its first line), else from
the file named by ``LAT_PASSPHRASE_FILE``, else from ``LAT_PASSPHRASE``; one given
as a command-line value is refused (other users of the computer can see command
lines). Wrong passphrases are throttled as in the window.
"""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.console import say
from safeguarding.words import counted

if TYPE_CHECKING:
    import argparse

    from safeguarding.security.keys import Key
    from safeguarding.store import Store


class UsageError(Exception):
    """A request the user can fix by changing the command (exit code 2)."""


PASSPHRASE_FILE_ENV = "LAT_PASSPHRASE_FILE"
PASSPHRASE_ENV = "LAT_PASSPHRASE"


def passphrase_options(command: argparse.ArgumentParser, help_text: str) -> None:
    import argparse

    command.add_argument(
        "--passphrase-file", type=Path, metavar="FILE", help=f"{help_text}; or set {PASSPHRASE_FILE_ENV}"
    )
    command.add_argument("--passphrase", metavar="VALUE", help=argparse.SUPPRESS)  # refused with an explanation


def passphrase_from(args: argparse.Namespace) -> str | None:
    """The passphrase from ``--passphrase-file``, ``LAT_PASSPHRASE_FILE`` or ``LAT_PASSPHRASE``; None if none.

    Raises:
        UsageError: a passphrase was given on the command line, or the file is empty.
        SafeguardingError: the file cannot be read.
    """
    from safeguarding.errors import StorageError

    if getattr(args, "passphrase", None) is not None:
        raise UsageError(
            "a passphrase is never taken on the command line (other users can see it). "
            f"Put it in a file and use --passphrase-file FILE, or set {PASSPHRASE_FILE_ENV}."
        )
    source = args.passphrase_file or (
        Path(os.environ[PASSPHRASE_FILE_ENV]) if os.environ.get(PASSPHRASE_FILE_ENV) else None
    )
    if source is None:
        value = os.environ.get(PASSPHRASE_ENV)
        return value or None
    try:
        text = Path(source).read_text(encoding="utf-8")
    except OSError as error:
        raise StorageError(f"The passphrase file {source} could not be read ({error.strerror or error}).") from error
    lines = text.splitlines()
    if not lines or not lines[0]:
        raise UsageError(f"the passphrase file {source} is empty; its first line must be the passphrase.")
    return lines[0]


def unlock_existing(path: Path, passphrase: str | None) -> Key | None:
    """The data key of the database at ``path``, which must exist (None: it is not encrypted).

    An encryption cut short between its last two steps leaves the key file under its
    temporary name: it takes its name first.

    Raises:
        NotFoundError: there is no file at ``path`` (headless commands never create one).
        MissingDatabaseError: the file is missing or empty but its key file or backups are there.
        UsageError: the database is encrypted and no passphrase was given.
        SafeguardingError: the passphrase is wrong (or the wait after wrong ones is not over), or the key file
            cannot be read.
    """
    from safeguarding.errors import NotFoundError
    from safeguarding.store import is_encrypted
    from safeguarding.store.leftovers import finish_key_file, guard_missing_database

    finish_key_file(path)
    if not path.exists() or path.stat().st_size == 0:
        guard_missing_database(path)  # its key file or backups are there: say so, and that the window can help
        raise NotFoundError(f"There is no database at {path}. Check the path, or create one with the demo command.")
    if not is_encrypted(path):
        return None
    if passphrase is None:
        raise UsageError(
            f"{path.name} is encrypted: give its passphrase with --passphrase-file FILE (or set {PASSPHRASE_FILE_ENV})."
        )
    return unlock_throttled(path, passphrase)


def open_existing(path: Path, passphrase: str | None = None) -> Store:
    """Open a database that must already exist (headless commands never create one).

    A database in a read-only folder is opened read-only: exporting only reads.
    An encrypted database needs ``passphrase``. Plain backups an encryption cut short
    left are encrypted, and a break in the audit trail is said on stderr.
    """
    from safeguarding.errors import ReadOnlyError
    from safeguarding.store import open_store

    key = unlock_existing(path, passphrase)
    try:
        store = open_store(path, key=key)
    except ReadOnlyError:
        return open_store(path, read_only=True, key=key)
    if key is not None:
        from safeguarding.workflows.encrypt import encrypt_plain_backups

        if converted := encrypt_plain_backups(path, key):
            say(
                f"{counted(len(converted), 'plain backup')} left by an interrupted encryption now encrypted.",
                sys.stderr,
            )
    report = store.opened.audit
    if report is not None and not report.intact:
        say("Warning: " + "\n".join(report.lines()), sys.stderr)
    return store


def unlock_throttled(path: Path, passphrase: str) -> Key:
    """Unlock ``path``, refusing to try while the wait after earlier wrong passphrases runs (as the window does).

    Raises:
        WrongPassphraseError: the passphrase is wrong, or the wait is not over (the message says how long).
    """
    from safeguarding.errors import WrongPassphraseError
    from safeguarding.security.keys import unlock
    from safeguarding.security.throttle import UnlockThrottle

    throttle = UnlockThrottle()
    throttle.bind(path)
    if (wait := math.ceil(throttle.wait_seconds())) > 0:
        raise WrongPassphraseError(
            f"Too many wrong passphrases for {path.name}: wait {wait} second{'s' if wait != 1 else ''}, then try again."
        )
    try:
        key = unlock(path, passphrase)
    except WrongPassphraseError as error:
        delay = math.ceil(throttle.record_failure())
        after = f" Wait {delay} second{'s' if delay != 1 else ''} before trying again." if delay else ""
        raise WrongPassphraseError(f"{error}{after}") from error
    throttle.record_success()
    return key


__all__ = [
    "PASSPHRASE_ENV",
    "PASSPHRASE_FILE_ENV",
    "UsageError",
    "open_existing",
    "passphrase_from",
    "passphrase_options",
    "unlock_existing",
    "unlock_throttled",
]
