"""Command line of the Location Assessment Tool: the window, and headless commands.

Usage::

    python main.py                      open the window on the default database
                                        (built with demo data on first run)
    python main.py --db PATH            open the window on PATH (created empty if missing)
    python main.py demo PATH [--force]  create the demo database at PATH
    python main.py export PATH --location NAME --out report.pdf
                                        export the latest assessment of NAME as a PDF

Exit codes: 0 success; 1 a problem with the files or data (the message says
what and what to do); 2 a usage problem (bad arguments, a location name that is
not found or is ambiguous). Every :class:`~safeguarding.errors.SafeguardingError`
is printed as its plain-English message, never as a traceback.

Heavy modules (sqlite-utils, reportlab, Qt) are imported inside the commands
that need them, so ``--help`` and the headless commands start quickly and never
load Qt.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from safeguarding import APP_NAME, __version__
from safeguarding.errors import SafeguardingError

if TYPE_CHECKING:
    from safeguarding.store import Store

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """A request the user can fix by changing the command (exit code 2)."""


def _say(message: str, stream: TextIO | None) -> None:
    """Print ``message`` to ``stream``; frozen windowed apps on Windows have no console streams."""
    if stream is not None:
        print(message, file=stream, flush=True)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser (subcommands ``demo`` and ``export``; no subcommand opens the window)."""
    parser = argparse.ArgumentParser(
        prog="LocationAssessmentTool",
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

    export = commands.add_parser("export", help="export the latest assessment of a location as a PDF report")
    export.add_argument("path", type=Path, metavar="PATH", help="database file to read")
    export.add_argument("--location", required=True, metavar="NAME", help="location name (not case-sensitive)")
    export.add_argument("--out", required=True, type=Path, metavar="FILE", help="PDF file to write")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the process exit code.

    Args:
        argv: Arguments without the program name; ``None`` reads ``sys.argv``.

    Returns:
        0 on success, 1 for a file or data problem, 2 for a usage problem.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "demo":
            return _demo(args.path, force=args.force)
        if args.command == "export":
            return _export(args.path, args.location, args.out)
        return _window(args.db)
    except UsageError as error:
        _say(f"{parser.prog}: {error}", sys.stderr)
        return EXIT_USAGE
    except SafeguardingError as error:
        _say(str(error), sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        _say("Stopped.", sys.stderr)
        return 130


def _demo(path: Path, *, force: bool) -> int:
    from safeguarding.demo import build_demo_database

    build_demo_database(path, overwrite=force)
    _say(f"Demo database written to {path}. The observations and people in it are fictional.", sys.stdout)
    return EXIT_OK


def _open_existing(path: Path) -> Store:
    """Open a database that must already exist (headless commands never create one).

    A database in a read-only folder is opened read-only: exporting only reads.
    """
    from safeguarding.errors import NotFoundError, ReadOnlyError
    from safeguarding.store import open_store

    if not path.exists():
        raise NotFoundError(f"There is no database at {path}. Check the path, or create one with the demo command.")
    try:
        return open_store(path)
    except ReadOnlyError:
        return open_store(path, read_only=True)


def _export(path: Path, name: str, out: Path) -> int:
    from safeguarding.forms import FormLibrary

    store = _open_existing(path)
    try:
        matches = store.locations.find_by_name(name)
        if len(matches) != 1:
            available = sorted({location.name for location in store.locations.list(include_archived=True)})
            listing = ", ".join(f'"{n}"' for n in available) if available else "(none)"
            if not matches:
                raise UsageError(f'No location called "{name}" in {path}. Locations in this database: {listing}.')
            raise UsageError(
                f'{len(matches)} locations are called "{name}" in {path}, so the report would be ambiguous. '
                "Rename one of them in the app, then export again."
            )
        location = matches[0]
        assessment = store.assessments.latest_for_location(location.id)
        if assessment is None:
            raise UsageError(f'"{location.name}" has no assessment yet, so there is nothing to export.')
        form = FormLibrary.load().get(assessment.form_id, assessment.form_version)
        demo = store.meta.is_demo()
    finally:
        store.close()

    from safeguarding.reports import export_assessment_report

    def progress(fraction: float, message: str) -> None:
        if sys.stderr is not None and sys.stderr.isatty():
            _say(f"{fraction:4.0%}  {message}", sys.stderr)

    written = export_assessment_report(location, assessment, form, out, progress=progress, demo=demo)
    _say(f'Report on "{location.name}" ({assessment.status.label.lower()}) written to {written}.', sys.stdout)
    return EXIT_OK


def _window(db: Path | None) -> int:
    """Open the window. Problems with the database are shown inside the window.

    A practitioner who starts the app from an icon never sees a console, so a
    database that cannot be opened (not a database, from a newer version, in a
    read-only folder) becomes a message in the window, which offers to open
    another file, rather than a line on stderr. With no database yet at the
    default path, the window's first-run welcome offers the demo database.
    """
    from safeguarding.paths import default_database_path

    first_run = False
    if db is None:
        db = default_database_path()
        first_run = not db.exists()
    from ui.app import run

    return run(db, first_run=first_run)
