"""The export commands of the command line: ``export`` (the DCSM report) and ``action-plan`` (CSV).

Both export the latest assessment of the location named by ``--location``.
Argument parsing and what the commands print; the work is in
:mod:`safeguarding.workflows.export` and :mod:`safeguarding.workflows.action_plan`
(the same functions the window calls), and every
file written is recorded in the sharing log
(:func:`safeguarding.workflows.sharing_log.record_export`). :mod:`app.cli` adds these
commands to its parser and runs them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app.console import say, stderr_progress
from app.passphrases import UsageError, open_existing
from safeguarding.words import counted

if TYPE_CHECKING:
    import argparse

    from safeguarding.model import Assessment, Location
    from safeguarding.protection.redaction import Occurrence
    from safeguarding.protection.sharing import SharingDetails
    from safeguarding.store import Store

COMMANDS = ("export", "action-plan")
"""The commands of this module."""


def add_export_commands(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    passphrase_options: Callable[..., None],
    sharing_options: Callable[[argparse.ArgumentParser], None],
) -> None:
    """Add ``export`` and ``action-plan`` to the main parser's commands.

    Both take ``--for``, ``--basis`` and ``--why`` for the sharing log (``sharing_options``).
    """
    export = commands.add_parser("export", help="export the latest assessment of a location as a PDF report")
    export.add_argument("path", type=Path, metavar="PATH", help="database file to read")
    export.add_argument("--location", required=True, metavar="NAME", help="location name (not case-sensitive)")
    export.add_argument("--out", required=True, type=Path, metavar="FILE", help="PDF file to write")
    export.add_argument(
        "--redacted",
        action="store_true",
        help="write the redacted copy for multi-agency papers (pseudonyms instead of the recorded names)",
    )
    passphrase_options(export, "the passphrase of an encrypted database is the first line of FILE")
    sharing_options(export)

    plan = commands.add_parser(
        "action-plan", help="export the action plan of a location's latest assessment as CSV (for partner agencies)"
    )
    plan.add_argument("path", type=Path, metavar="PATH", help="database file to read")
    plan.add_argument("--location", required=True, metavar="NAME", help="location name (not case-sensitive)")
    plan.add_argument("--out", required=True, type=Path, metavar="FILE", help="CSV file to write")
    passphrase_options(plan, "the passphrase of an encrypted database is the first line of FILE")
    sharing_options(plan)


def run(args: argparse.Namespace, passphrase: str | None) -> int:
    """Run the export command ``args`` asks for; return the exit code (0).

    Raises:
        UsageError: a location that is not found, is ambiguous or has no assessment.
        SafeguardingError: a file or data problem (printed by the caller).
    """
    from safeguarding.protection.sharing import SharingDetails

    details = SharingDetails(args.recipient or "", args.basis or "", args.why or "")
    if args.command == "action-plan":
        return _action_plan(args.path, args.location, args.out, passphrase=passphrase, details=details)
    return _export(args.path, args.location, args.out, passphrase=passphrase, redacted=args.redacted, details=details)


def latest_assessment(store: Store, path: Path, name: str, what: str) -> tuple[Location, Assessment]:
    """The location called ``name`` (not case-sensitive) in ``store`` and its latest assessment.

    Args:
        store: The open database at ``path``.
        path: The database file, named in the messages.
        name: The location's name as typed.
        what: What is being exported, for the message on an ambiguous name ("the report").

    Raises:
        UsageError: no location is called so (the message lists them), several are, or it has no assessment.
    """
    matches = store.locations.find_by_name(name)
    if len(matches) != 1:
        available = sorted({location.name for location in store.locations.by_name(include_archived=True)})
        listing = ", ".join(f'"{n}"' for n in available) if available else "(none)"
        if not matches:
            raise UsageError(f'No location called "{name}" in {path}. Locations in this database: {listing}.')
        raise UsageError(
            f'{len(matches)} locations are called "{name}" in {path}, so {what} would be ambiguous. '
            "Rename one of them in the app, then export again."
        )
    location = matches[0]
    assessment = store.assessments.latest_for_location(location.id)
    if assessment is None:
        raise UsageError(f'"{location.name}" has no assessment yet, so there is nothing to export.')
    return location, assessment


def _export(
    path: Path,
    name: str,
    out: Path,
    *,
    passphrase: str | None = None,
    redacted: bool = False,
    details: SharingDetails | None = None,
) -> int:
    from safeguarding.forms import FormLibrary
    from safeguarding.workflows.export import read_report, unanswered_doubts, write_report

    store = open_existing(path, passphrase)
    try:
        location, assessment = latest_assessment(store, path, name, "the report")
        request = read_report(store, FormLibrary.load(), assessment.id, redacted=redacted)
        if redacted and not request.people:
            say(
                f'Warning: no people are recorded for redaction in the assessments of "{location.name}", so the '
                "redacted copy replaces no names. Record them on the People (for redaction) page.",
                sys.stderr,
            )
        _warn_unanswered(unanswered_doubts(request))
        from safeguarding.reports.glyphs import Unprintable

        unprintable = Unprintable()
        written = write_report(request, out, stderr_progress, unprintable)
        say(f'Report on "{location.name}" ({assessment.status.label.lower()}) written to {written}.', sys.stdout)
        if unprintable.total:
            say(f"Note: {unprintable.message()}", sys.stdout)
        _log_export(store, "dcsm_report", written, assessment.id, redacted=redacted, details=details)
    finally:
        store.close()
    return 0


def _action_plan(path: Path, name: str, out: Path, *, passphrase: str | None, details: SharingDetails) -> int:
    from safeguarding.workflows.action_plan import SHARING_KIND, read_action_plan, write_action_plan

    store = open_existing(path, passphrase)
    try:
        location, assessment = latest_assessment(store, path, name, "the action plan")
        request = read_action_plan(store, assessment.id)
        written = write_action_plan(request, out)
        count = sum(len(goal.actions) for goal in request.plan.goals)
        say(
            f'Action plan of "{location.name}" ({count} action{"" if count == 1 else "s"}, assessment '
            f"{assessment.status.label.lower()}) written to {written}.",
            sys.stdout,
        )
        _log_export(store, SHARING_KIND, written, assessment.id, redacted=False, details=details)
    finally:
        store.close()
    return 0


def _log_export(
    store: Store, kind: str, written: Path, assessment_id: str, *, redacted: bool, details: SharingDetails | None
) -> None:
    """Record the file just written in the sharing log (a database that cannot be written: say so on stderr)."""
    from safeguarding.protection.sharing import VIA_COMMAND_LINE
    from safeguarding.workflows.sharing_log import record_export

    record_export(
        store,
        kind,
        written,
        lambda message: say(f"Warning: {message}", sys.stderr),
        redacted=redacted,
        assessment_id=assessment_id,
        details=details,
        via=VIA_COMMAND_LINE,
    )


def _warn_unanswered(unanswered: Sequence[Occurrence]) -> None:
    """Say how many doubtful names (also everyday words) are replaced without an answer from the app's preview."""
    if unanswered:
        words = ", ".join(sorted({f'"{item.found}"' for item in unanswered})[:5])
        say(
            f"Note: {counted(len(unanswered), 'use')} of a recorded name that is also an everyday word ({words}) "
            f"{'was' if len(unanswered) == 1 else 'were'} "
            "replaced without an answer. To keep any of them as written, export once from the app and untick "
            "them in the preview; the command line then uses your answers.",
            sys.stderr,
        )
