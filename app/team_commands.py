"""The team commands of the command line: ``team init``, ``team add-user``, ``team assign``, ``team status``, ``sync``.

Argument parsing, passwords and what the commands print; the work itself is in
:mod:`safeguarding.team` (the same functions the window's Team menu calls).
:mod:`app.cli` adds these commands to its parser and runs them.

Passwords are never taken on the command line (other users can see command
lines): ``--password-file FILE`` (its first line), else ``LAT_TEAM_PASSWORD_FILE``
(a file) or ``LAT_TEAM_PASSWORD`` (the value), else a hidden prompt when a person
is at the terminal. ``add-user`` reads the new member's password the same way
from ``--new-password-file`` (or asks twice).
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.console import stderr_progress
from safeguarding.team.errors import TeamError
from safeguarding.words import counted

if TYPE_CHECKING:
    import argparse

    from safeguarding.security.keys import Key

PASSWORD_FILE_ENV = "LAT_TEAM_PASSWORD_FILE"
PASSWORD_ENV = "LAT_TEAM_PASSWORD"

Say = Callable[[str], None]
KeyOf = Callable[[Path], "Key | None"]
"""The data key of the existing database at a path (None: not encrypted); :mod:`app.cli` asks for it."""


def add_team_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], passphrase_options: Callable[..., None]
) -> None:
    """Add ``team`` (with its sub-commands) and ``sync`` to the main parser's commands."""
    team = commands.add_parser("team", help="set up and look after a team database on PostgreSQL")
    steps = team.add_subparsers(dest="team_command", metavar="STEP", required=True)

    init = steps.add_parser("init", help="create or upgrade the team schema and roles on the server (for IT)")
    init.add_argument("url", metavar="URL", help="postgresql://ADMIN@HOST/DATABASE (no password in it)")
    _password_option(init, "the admin's password")

    add = steps.add_parser("add-user", help="add a member (or change their role, agency or password)")
    add.add_argument("url", metavar="URL", help="postgresql://ADMIN@HOST/DATABASE")
    add.add_argument("username", metavar="USERNAME", help="the new member's login, e.g. sam.patel")
    add.add_argument("--name", required=True, help='full name shown as author, e.g. "Sam Patel"')
    add.add_argument("--role", required=True, choices=("practitioner", "coordinator", "partner"))
    add.add_argument("--agency", default="", help="agency; a partner's must match the agency named on actions")
    _password_option(add, "the admin's password")
    add.add_argument("--new-password-file", type=Path, metavar="FILE", help="the new member's password (first line)")

    assign = steps.add_parser("assign", help="put a practitioner on every assessment of a location")
    assign.add_argument("url", metavar="URL", help="postgresql://ADMIN_OR_COORDINATOR@HOST/DATABASE")
    assign.add_argument("username", metavar="USERNAME", help="the practitioner's login")
    assign.add_argument("--location", required=True, metavar="NAME", help="the location's name (not case-sensitive)")
    _password_option(assign, "your password")

    status = steps.add_parser("status", help="this laptop's team link: server, last sync, changes waiting")
    status.add_argument("path", type=Path, metavar="DB", help="the laptop's database")
    passphrase_options(status, "the passphrase of an encrypted database is the first line of FILE")

    sync = commands.add_parser("sync", help="send this laptop's changes to the team server and receive the team's")
    sync.add_argument("path", type=Path, metavar="DB", help="the laptop's database")
    sync.add_argument("--server", metavar="URL", help="join this team server first: postgresql://USER@HOST/DATABASE")
    sync.add_argument("--user", metavar="NAME", help="your user name on the server (default: the one in the URL)")
    sync.add_argument(
        "--resend-all",
        action="store_true",
        help="send every record again and receive all (after IT restored the server from a backup)",
    )
    _password_option(sync, "your password on the team server")
    passphrase_options(sync, "the passphrase of an encrypted database is the first line of FILE")


def _password_option(command: argparse.ArgumentParser, what: str) -> None:
    import argparse

    command.add_argument("--password-file", type=Path, metavar="FILE",
                         help=f"{what} is the first line of FILE; or set {PASSWORD_FILE_ENV}")  # fmt: skip
    command.add_argument("--password", metavar="VALUE", help=argparse.SUPPRESS)  # refused with an explanation


def read_password(
    args: argparse.Namespace, what: str, *, file_attr: str = "password_file", env: bool = True
) -> str | None:
    """The password from a file option, the environment, or a hidden prompt; None if there is no way to ask.

    Raises:
        TeamError: a password was given on the command line, or its file cannot be read or is empty.
    """
    if getattr(args, "password", None) is not None:
        raise TeamError(
            "A password is never taken on the command line (other users can see it). "
            f"Put it in a file and use --password-file FILE, or set {PASSWORD_FILE_ENV}."
        )
    source = getattr(args, file_attr, None)
    if source is None and env and os.environ.get(PASSWORD_FILE_ENV):
        source = Path(os.environ[PASSWORD_FILE_ENV])
    if source is not None:
        try:
            lines = Path(source).read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise TeamError(f"The password file {source} could not be read ({error.strerror or error}).") from error
        if not lines or not lines[0]:
            raise TeamError(f"The password file {source} is empty; its first line must be the password.")
        return lines[0]
    if env and os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"{what}: ")
    return None


def run_team_command(args: argparse.Namespace, key_of: KeyOf, say: Say) -> int:
    """Run ``team ...`` or ``sync``; return the exit code (0 ok).

    Args:
        args: The parsed command line (``args.command`` is ``"team"`` or ``"sync"``).
        key_of: Unlocks the laptop's database (``team status`` and ``sync``); raises if it cannot.
        say: Prints a line of the result.

    Raises:
        SafeguardingError: any expected failure (no server, a refused password...), in plain English.
    """
    if args.command == "sync":
        return _sync(args, key_of, say)
    step = args.team_command
    if step == "init":
        return _init(args, say)
    if step == "add-user":
        return _add_user(args, say)
    if step == "assign":
        return _assign(args, say)
    return _status(args, key_of, say)


def _init(args: argparse.Namespace, say: Say) -> int:
    from safeguarding.team.admin import init_team
    from safeguarding.team.connection import parse_address

    address = parse_address(args.url)
    result = init_team(address, read_password(args, "Admin password"))
    if result.applied:
        say(f"Team schema on {address.describe()} is now version {result.after} (was {result.before}): "
            + "; ".join(result.applied) + ".")  # fmt: skip
    else:
        say(f"Team schema on {address.describe()} is already version {result.after}: nothing to do.")
    say(f"Roles: {result.role_prefix}practitioner, {result.role_prefix}coordinator, {result.role_prefix}partner.")
    return 0


def _add_user(args: argparse.Namespace, say: Say) -> int:
    from safeguarding.team.admin import add_user
    from safeguarding.team.connection import parse_address

    address = parse_address(args.url)
    admin = read_password(args, "Admin password")
    new = read_password(args, f"Password for {args.username}", file_attr="new_password_file", env=False)
    if new is None:
        raise TeamError("Give the new member's password with --new-password-file FILE.")
    typed = args.new_password_file is None and sys.stdin is not None and sys.stdin.isatty()
    if typed and getpass.getpass("Type it again: ") != new:
        raise TeamError("The two passwords differ. Nothing was changed.")
    created = add_user(address, admin, username=args.username, display_name=args.name, role=args.role,
                       agency=args.agency, user_password=new)  # fmt: skip
    verb = "Added" if created else "Updated"
    say(f"{verb} {args.name} ({args.username}) as {args.role}{', ' + args.agency if args.agency else ''}.")
    return 0


def _assign(args: argparse.Namespace, say: Say) -> int:
    from safeguarding.team.admin import assign
    from safeguarding.team.connection import parse_address

    added = assign(parse_address(args.url), read_password(args, "Password"), username=args.username,
                   location=args.location)  # fmt: skip
    say(f"{args.username} was put on {counted(added, 'more assessment')} of {args.location}.")
    say("They receive them at their next sync.")
    return 0


def _status(args: argparse.Namespace, key_of: KeyOf, say: Say) -> int:
    from safeguarding.store import open_store
    from safeguarding.team.status import team_status

    store = open_store(args.path, key=key_of(args.path))
    try:
        status = team_status(store.db)
    finally:
        store.close()
    if not status.joined:
        say(f"{args.path.name} works alone: it has not joined a team.")
        return 0
    from safeguarding.timeutil import utc_to_local

    when = utc_to_local(status.last_sync).strftime("%a %d %b %Y %H:%M") if status.last_sync else "never"
    say(f"Team server: {status.server}")
    role = status.role or "role not known until the first sync"
    say(f"Signed in as: {status.display_name} ({status.username}), {role}")
    say(f"Last sync: {when}")
    say(f"Changes waiting to be sent: {status.waiting}")
    say(f"Conflicts waiting for a choice: {status.conflicts}")
    if status.set_aside:
        say(f"Received records not applied yet: {status.set_aside}")
    return 0


def _sync(args: argparse.Namespace, key_of: KeyOf, say: Say) -> int:
    from safeguarding.team.sync import sync_database, sync_with_server

    key = key_of(args.path)
    password = read_password(args, "Team password")  # None: the one remembered in an encrypted database

    if args.resend_all:
        from safeguarding.store import open_store
        from safeguarding.team.sync import resend_everything

        store = open_store(args.path, key=key)
        try:
            resend_everything(store)
        finally:
            store.close()
    if args.server:
        result = sync_with_server(args.path, args.server, args.user, password, key=key, progress=stderr_progress)
    else:
        result = sync_database(args.path, password, key=key, progress=stderr_progress)
    say(result.summary())
    return 0


__all__ = ["add_team_commands", "read_password", "run_team_command"]
