"""Command line of the Location Assessment Tool: the window, and headless commands.

Usage::

    python main.py                      open the window on the default database
                                        (built with demo data on first run)
    python main.py --db PATH            open the window on PATH (created empty if missing)
    python main.py demo PATH [--force]  create the demo database at PATH
    python main.py export PATH --location NAME --out report.pdf
                                        export the latest assessment of NAME as a PDF
    python main.py action-plan PATH --location NAME --out plan.csv
                                        export the action plan of NAME's latest assessment as CSV
    python main.py encrypt PATH --passphrase-file FILE [--recovery-key-file OUT]
                                        encrypt a plain database in place
    python main.py import-map DB FILE   import a background map (MBTiles or PMTiles) for DB's places
    python main.py import-crime DB FILE...
                                        import police.uk street-level CSV files (or zips) into DB
    python main.py team init|add-user|assign|status ...
                                        set up a team database on PostgreSQL (see docs/team.md)
    python main.py sync PATH [--server URL]
                                        send this laptop's changes to the team, receive the team's
    python main.py pack PATH --meeting YYYY-MM-DD --out FILE.pdf [--redacted]
                                        a DCSM meeting's pack (agenda, front sheets, action tracker)
    python main.py minutes PATH --meeting YYYY-MM-DD --out FILE.pdf [--redacted]
                                        a finalised meeting's minutes (summary and plan)
    python main.py tracker PATH --out FILE.csv [--redacted]
                                        the action tracker across locations, as CSV
    python main.py search PATH "words" [--type visit] [--location NAME] [--since YYYY-MM-DD] [--json]
                                        search every record; one result a line, or JSON
    python main.py check [--no-window]  check this installation on throw-away data
                                        (forms, time zone, encryption, report fonts,
                                        photos, and the offline Map page)

Encrypted databases: ``demo`` (to make an encrypted demo), ``export``, ``action-plan`` and
``encrypt`` read the passphrase from ``--passphrase-file FILE`` (its first line),
else from the file named by ``LAT_PASSPHRASE_FILE``, else from ``LAT_PASSPHRASE``.
A passphrase as a command-line value is refused: other users of the computer can
see command lines.

Exit codes: 0 success; 1 a problem with the files or data (the message says
what and what to do); 2 a usage problem (bad arguments, a location name that is
not found or is ambiguous). Every :class:`~safeguarding.errors.SafeguardingError`
is printed as its plain-English message, never as a traceback.

Heavy modules (sqlite-utils, reportlab, Qt) are imported inside the commands
that need them, so ``--help`` and the headless commands start quickly and never
load Qt.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from app import export_commands, import_commands
from app.console import say
from app.passphrases import (
    PASSPHRASE_FILE_ENV,
    UsageError,
    open_existing,
    passphrase_from,
    passphrase_options,
    unlock_existing,
)
from safeguarding import APP_NAME, __version__
from safeguarding.errors import SafeguardingError, StorageError
from safeguarding.words import counted

if TYPE_CHECKING:
    import argparse

    from safeguarding.security.keys import Key

LAWFUL_BASE_CODES = (
    "safeguarding",
    "legal_obligation",
    "vital_interests",
    "crime_disorder",
    "consent",
    "subject_access",
    "own_agency",
    "other",
)
"""The codes of :data:`safeguarding.protection.sharing.LAWFUL_BASES` (listed here: ``--help`` loads nothing heavy)."""

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser (``demo``, ``export``, ``action-plan``...; no subcommand opens the window)."""
    import argparse

    parser = argparse.ArgumentParser(
        prog=PROG,
        description=f"{APP_NAME}: Contextual Safeguarding location assessments on a laptop.",
        epilog="With no command, the window opens. Data folder: set LAT_DATA_DIR to use another folder.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        help="open the window on this database file (created empty if missing); "
        "default: the database in your data folder, with demo data on first run",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="create the demo database (fictional observations of real places)")
    demo.add_argument("path", type=Path, metavar="PATH", help="database file to create")
    demo.add_argument("--force", action="store_true", help="replace PATH if it already exists")
    passphrase_options(demo, "encrypt the demo database with the passphrase in FILE (default: not encrypted)")

    encrypt = commands.add_parser(
        "encrypt", help="encrypt a plain database in place (the original is removed only after the copy checks out)"
    )
    encrypt.add_argument("path", type=Path, metavar="PATH", help="plain database file to encrypt")
    passphrase_options(encrypt, "the new passphrase is the first line of FILE")
    encrypt.add_argument(
        "--recovery-key-file", type=Path, metavar="OUT", help="also make a recovery key and save it to OUT"
    )
    check = commands.add_parser(
        "check",
        help="check this installation on throw-away data (forms, time zone, encryption, report, photos, map)",
    )
    check.add_argument(
        "--no-window", action="store_true", help="skip the Map page check, which starts Qt WebEngine offscreen"
    )
    check.add_argument(
        "--db",
        dest="db_to_check",
        type=Path,
        metavar="PATH",
        help="the database whose audit trail is checked (read-only; default: the one in your data folder)",
    )
    passphrase_options(check, "the passphrase of that database, if it is encrypted, is the first line of FILE")
    import_commands.add_commands(commands, passphrase_options)
    # Hidden (no help=, so not listed): the Map page part of ``check``, run by it in a child process.
    check_map = commands.add_parser("check-map")
    check_map.add_argument("path", type=Path, metavar="DB", help="the demo database to open")
    check_map.add_argument("--result", type=Path, metavar="FILE", help="write the result here as JSON")
    from app.meeting_commands import add_meeting_commands
    from app.team_commands import add_team_commands

    export_commands.add_export_commands(commands, passphrase_options, sharing_options)
    add_team_commands(commands, passphrase_options)
    add_meeting_commands(commands, passphrase_options, sharing_options)
    return parser


MEETING_COMMANDS = ("pack", "minutes", "tracker", "search")
"""Commands of :mod:`app.meeting_commands`."""


def sharing_options(command: argparse.ArgumentParser) -> None:
    """``--for``, ``--basis`` and ``--why``: what the sharing log keeps about an export."""
    command.add_argument(
        "--for", dest="recipient", metavar="WHOM", help="for whom the copy is (kept in the sharing log)"
    )
    command.add_argument(
        "--basis",
        choices=list(LAWFUL_BASE_CODES),
        metavar="BASIS",
        help="the lawful basis for sharing it (kept in the sharing log): " + ", ".join(LAWFUL_BASE_CODES),
    )
    command.add_argument("--why", metavar="TEXT", help="why it is shared, in your words (kept in the sharing log)")


PROG = "LocationAssessmentTool"
"""The program's name in usage messages."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the process exit code.

    Args:
        argv: Arguments without the program name; ``None`` reads ``sys.argv``.

    Returns:
        0 on success, 1 for a file or data problem, 2 for a usage problem.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    window, db = window_arguments(arguments)
    if window:
        return _run(lambda: _window(db))
    args = build_parser().parse_args(arguments)
    return _run(lambda: _command(args))


def window_arguments(arguments: Sequence[str]) -> tuple[bool, Path | None]:
    """Read the window's own arguments without building the argument parser (about 6 ms of start-up).

    Recognises exactly what ``build_parser`` means by "open the window": no
    arguments, ``--db PATH`` or ``--db=PATH``. Anything else (a command,
    ``--help``, a mistake) is left to argparse, which explains it.

    Returns:
        ``(True, database or None)`` for the window; ``(False, None)`` otherwise.
    """
    if not arguments:
        return True, None
    if len(arguments) == 2 and arguments[0] == "--db" and arguments[1] and not arguments[1].startswith("-"):
        return True, Path(arguments[1])
    if len(arguments) == 1 and arguments[0].startswith("--db=") and len(arguments[0]) > len("--db="):
        return True, Path(arguments[0][len("--db=") :])
    return False, None


def _command(args: argparse.Namespace) -> int:
    """Run the command argparse found (or open the window)."""
    if args.command == "demo":
        return _demo(args.path, force=args.force, passphrase=passphrase_from(args))
    if args.command in export_commands.COMMANDS:
        return export_commands.run(args, passphrase_from(args))
    if args.command == "encrypt":
        return _encrypt(args.path, passphrase_from(args), args.recovery_key_file)
    if args.command == "check":
        return _check_installation(
            window=not args.no_window, database=args.db_to_check, passphrase=passphrase_from(args)
        )
    if args.command in import_commands.COMMANDS:
        return import_commands.run(args, open_existing, passphrase_from(args))
    if args.command in ("team", "sync"):
        from app.team_commands import run_team_command

        def key_of(path: Path) -> Key | None:
            return unlock_existing(path, passphrase_from(args))

        return run_team_command(args, key_of, lambda text: say(text, sys.stdout))
    if args.command in MEETING_COMMANDS:
        from app.meeting_commands import CommandUsageError, run_meeting_command

        try:
            return run_meeting_command(
                args,
                lambda path: open_existing(path, passphrase_from(args)),
                lambda text: say(text, sys.stdout),
                lambda text: say(text, sys.stderr),
            )
        except CommandUsageError as error:
            raise UsageError(str(error)) from error
    if args.command == "check-map":
        from app.map_check import run_map_check

        return run_map_check(args.path, args.result)
    return _window(args.db)


def _run(action: Callable[[], int]) -> int:
    """Run a command; its expected failures become a plain message and an exit code, never a traceback."""
    try:
        return action()
    except UsageError as error:
        say(f"{PROG}: {error}", sys.stderr)
        return EXIT_USAGE
    except SafeguardingError as error:
        say(str(error), sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        say("Stopped.", sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `... | head -1` stopped reading: end quietly, not with a traceback
        _silence_stdout()
        return EXIT_ERROR


def _silence_stdout() -> None:
    """Send the rest of stdout to the null device (its reader has gone), so exiting does not fail on it too."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):  # no stdout, or not a real file
        sys.stdout = None


@contextmanager
def _holding(path: Path) -> Iterator[None]:
    """Hold the database's instance lock while a command replaces or converts it.

    Raises:
        StorageError: an app window has the database open for editing (it is named); nothing was changed.
    """
    from safeguarding.profile import load_profile
    from safeguarding.store import DatabaseInUseError, Holder, InstanceLock

    profile = load_profile()
    lock = InstanceLock(path, Holder.this_instance(profile.name if profile else ""))
    try:
        lock.acquire()
    except DatabaseInUseError as error:
        who = error.holder.describe() if error.holder is not None else "another copy of the app"
        raise StorageError(
            f"{path.name} is open for editing by {who}. Close it there first, then run this command again. "
            "Nothing was changed."
        ) from None
    try:
        yield
    finally:
        lock.release()


def _demo(path: Path, *, force: bool, passphrase: str | None = None) -> int:
    from safeguarding.demo import build_demo_database
    from safeguarding.security.strength import estimate
    from safeguarding.workflows.encrypt import encrypt_database

    if passphrase is not None and not (strength := estimate(passphrase)).acceptable:
        raise UsageError(f"the passphrase is too weak ({strength.words}). {strength.advice}")
    with _holding(path) if path.exists() else nullcontext():  # a window may have the file open
        build_demo_database(path, overwrite=force)
        if passphrase is not None:
            encrypt_database(path, passphrase)
    if passphrase is not None:
        say(
            f"Encrypted demo database written to {path} (key file: {path.name}.keys.json). "
            "The observations and people in it are fictional.",
            sys.stdout,
        )
    else:
        say(f"Demo database written to {path}. The observations and people in it are fictional.", sys.stdout)
    return EXIT_OK


def _encrypt(path: Path, passphrase: str | None, recovery_file: Path | None) -> int:
    from safeguarding.errors import StorageError
    from safeguarding.security.keys import new_recovery_key, save_recovery_key_file
    from safeguarding.security.strength import estimate
    from safeguarding.workflows.encrypt import check_can_encrypt, encrypt_database

    if passphrase is None:
        raise UsageError(f"give the new passphrase with --passphrase-file FILE (or set {PASSPHRASE_FILE_ENV}).")
    check_can_encrypt(path)  # before a recovery key file is written: it would unlock nothing
    strength = estimate(passphrase)
    if not strength.acceptable:
        raise UsageError(f"the passphrase is too weak ({strength.words}). {strength.advice}")
    with _holding(path):  # refused, before anything is written, while a window has it open
        if recovery_file and (recovery_file.exists() or recovery_file.is_symlink()):
            raise StorageError(
                f"{recovery_file} already exists, so nothing was encrypted: it may hold an earlier recovery key. "
                "Give --recovery-key-file a new file name."
            )
        recovery = new_recovery_key() if recovery_file else None
        if recovery_file and recovery:  # before converting: never a key without its file; never over another file
            save_recovery_key_file(recovery_file, path, recovery, replace=False)
        try:
            result = encrypt_database(path, passphrase, recovery_key=recovery)
        except BaseException:
            if recovery_file is not None:
                recovery_file.unlink(missing_ok=True)  # the database was not encrypted: the key would open nothing
            raise
    say(
        f"{path} is now encrypted ({sum(result.row_counts.values())} rows checked; the plain original was removed "
        f"after the encrypted copy verified). Keep {path.name}.keys.json beside it: without it and the passphrase "
        "the data cannot be recovered.",
        sys.stdout,
    )
    if result.backups_converted:
        say(f"{counted(len(result.backups_converted), 'plain backup')} in backups/ encrypted too.", sys.stdout)
    if recovery_file:
        say(f"Recovery key saved to {recovery_file}. Keep it somewhere safe, away from the laptop.", sys.stdout)
    return EXIT_OK


def _check_installation(*, window: bool, database: Path | None = None, passphrase: str | None = None) -> int:
    """Run the installation checks; print one line each and a summary; 1 if any failed.

    The "Data folder" check looks at the user's real data folder first, the "Qt
    binding" check names PySide6, Qt and Python and proves they keep reference counts
    steady (:func:`app.installcheck.check_binding`), and the audit trail of the user's
    database (``database``, default the one in that folder) is checked read-only (an
    encrypted one needs ``passphrase``, else it is not checked); then
    ``LAT_DATA_DIR`` points at a temporary folder for the other checks (restored
    afterwards) and the temporary folder is always removed. The Map page is
    checked in a child process (``check-map``), so a web engine that aborts is
    reported as a failed check; with ``window=False`` it is skipped and not counted.
    If stdout's reader goes away (``check | head -1``) the checks still run, silently.
    """
    import tempfile

    from app import installcheck
    from app.installcheck import CheckResult

    results: list[CheckResult] = []

    def report(result: CheckResult) -> None:
        results.append(result)
        try:
            say(f"{'ok    ' if result.ok else 'FAILED'} {result.name}: {result.detail}", sys.stdout)
        except BrokenPipeError:
            _silence_stdout()

    from safeguarding.paths import default_database_path

    report(installcheck.check_data_folder())
    report(installcheck.check_binding())
    report(installcheck.check_audit_trail(database or default_database_path(), passphrase))
    before = os.environ.get("LAT_DATA_DIR")
    try:
        with tempfile.TemporaryDirectory(prefix="lat-check-", ignore_cleanup_errors=True) as folder:
            os.environ["LAT_DATA_DIR"] = str(Path(folder) / "userdata")  # never the user's profile or maps
            demo_built = False
            for result in installcheck.run_checks(Path(folder)):
                report(result)
                demo_built = demo_built or (result.name == "Demo database" and result.ok)
            if window:
                database = Path(folder) / "demo.sqlite3"
                report(installcheck.check_map_in_child(database) if demo_built else installcheck.map_not_checked())
    finally:
        if before is None:
            os.environ.pop("LAT_DATA_DIR", None)
        else:
            os.environ["LAT_DATA_DIR"] = before
    failed = [result.name for result in results if not result.ok]
    skipped = "" if window else " The Map page was not checked (--no-window)."
    if failed:
        summary = f"{len(failed)} of {len(results)} checks failed: {', '.join(failed)}.{skipped}"
    else:
        summary = f"All {len(results)} checks passed.{skipped}"
    try:
        say(summary, sys.stdout)
    except BrokenPipeError:
        _silence_stdout()
    return EXIT_ERROR if failed else EXIT_OK


def _window(db: Path | None) -> int:
    """Open the window. Problems with the database are shown inside the window.

    A practitioner who starts the app from an icon never sees a console, so a
    database that cannot be opened (not a database, from a newer version, in a
    read-only folder) becomes a message in the window, which offers to open
    another file, rather than a line on stderr. With no database yet at the
    default path, the window's first-run welcome offers the demo database.
    """
    from safeguarding.paths import default_database_path
    from safeguarding.store.leftovers import has_traces

    first_run = False
    if db is None:
        db = default_database_path()
        first_run = not db.exists() and not has_traces(db)  # a key file or backups: the database went missing
    from ui.startup import run

    return run(db, first_run=first_run)
