"""The DCSM commands of the command line: ``pack``, ``minutes``, ``tracker`` and ``search``.

Argument parsing and what the commands print; the work is in
:mod:`safeguarding.workflows.meeting_papers` and :mod:`safeguarding.store.search`
(the same functions the window calls). :mod:`app.cli` adds these commands to its
parser and runs them.

``search`` prints one result a line (record type, location, date, the matching
words in context with ``[`` ``]`` around them), or with ``--json`` a JSON list of
objects with ``record_type``, ``location``, ``date``, ``snippet`` and more.

``pack`` and ``minutes`` add a "Note:" line when characters could not be printed
(emoji and the like, shown as a placeholder), saying how many and where, as ``export`` does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.console import stderr_progress

if TYPE_CHECKING:
    import argparse

    from safeguarding.reports.glyphs import Unprintable
    from safeguarding.search.query import SearchResult
    from safeguarding.store import Store

Say = Callable[[str], None]
OpenExisting = Callable[[Path], "Store"]
"""Opens an existing database (asking for nothing: the passphrase comes from the options or environment)."""


class CommandUsageError(Exception):
    """A request the user can fix by changing the command (exit code 2)."""


def add_meeting_commands(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    passphrase_options: Callable[..., None],
    sharing_options: Callable[[argparse.ArgumentParser], None],
) -> None:
    """Add ``pack``, ``minutes``, ``tracker`` and ``search`` to the main parser's commands.

    The papers take ``--for``, ``--basis`` and ``--why`` for the sharing log (``sharing_options``).
    """
    for name, help_text in (
        ("pack", "write a DCSM meeting's pack: cover and agenda, a front sheet per item, the action tracker"),
        ("minutes", "write a finalised DCSM meeting's minutes (summary and plan)"),
    ):
        paper = commands.add_parser(name, help=help_text)
        paper.add_argument("path", type=Path, metavar="DB", help="database file to read")
        paper.add_argument("--meeting", required=True, metavar="YYYY-MM-DD", help="the meeting's date")
        paper.add_argument("--out", required=True, type=Path, metavar="FILE", help="PDF file to write")
        paper.add_argument("--redacted", action="store_true", help="the redacted copy (pseudonyms for recorded names)")
        passphrase_options(paper, "the passphrase of an encrypted database is the first line of FILE")
        sharing_options(paper)

    tracker = commands.add_parser("tracker", help="write the action tracker across locations as CSV")
    tracker.add_argument("path", type=Path, metavar="DB", help="database file to read")
    tracker.add_argument("--out", required=True, type=Path, metavar="FILE", help="CSV file to write")
    tracker.add_argument("--redacted", action="store_true", help="the redacted copy (pseudonyms for recorded names)")
    passphrase_options(tracker, "the passphrase of an encrypted database is the first line of FILE")
    sharing_options(tracker)

    search = commands.add_parser("search", help="search every record (locations, visits, actions, meetings...)")
    search.add_argument("path", type=Path, metavar="DB", help="database file to read")
    search.add_argument("words", metavar="WORDS", help='what to find, e.g. "red car" (use "" for filters only)')
    search.add_argument("--type", dest="types", action="append", metavar="TYPE", help=_type_help())
    search.add_argument("--location", metavar="NAME", help="only this location (not case-sensitive)")
    search.add_argument("--since", metavar="YYYY-MM-DD", help="only records dated on or after this day")
    search.add_argument("--until", metavar="YYYY-MM-DD", help="only records dated on or before this day")
    search.add_argument("--band", metavar="BAND", help="only visits in this time band (its id in the form)")
    search.add_argument("--side", choices=("young_people", "guardianship", "environment"), help="only this side")
    search.add_argument("--limit", type=int, default=50, metavar="N", help="at most N results (default 50)")
    search.add_argument("--json", action="store_true", help="print JSON instead of one result a line")
    passphrase_options(search, "the passphrase of an encrypted database is the first line of FILE")


def _type_help() -> str:
    from safeguarding.search.query import RECORD_TYPE_LABELS

    return "only this record type (repeat for several): " + ", ".join(RECORD_TYPE_LABELS)


def meeting_date(text: str) -> date:
    """A ``YYYY-MM-DD`` date from the command line.

    Raises:
        CommandUsageError: the text is not such a date.
    """
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandUsageError(f'"{text}" is not a date: write it as YYYY-MM-DD, e.g. 2026-11-19.') from None


def run_meeting_command(args: argparse.Namespace, open_existing: OpenExisting, say: Say, warn: Say) -> int:
    """Run ``pack``, ``minutes``, ``tracker`` or ``search``; return the exit code (0).

    A paper written is recorded in the sharing log (``warn`` says so if it cannot be). A PDF
    with characters that could not be printed gets a "Note:" line saying how many and where.

    Raises:
        CommandUsageError: a date or location the user must correct.
        SafeguardingError: a file or data problem (printed by the caller).
    """
    store = open_existing(args.path)
    try:
        if args.command == "search":
            return _search(store, args, say)
        from safeguarding.reports.glyphs import Unprintable

        unprintable = Unprintable()
        kind, description, written = _write_paper(store, args, unprintable)
        say(f"{description} written to {written}.")
        if unprintable.total:
            say(f"Note: {unprintable.message()}")
        _log(store, args, kind, description, written, warn)
    finally:
        store.close()
    return 0


def _write_paper(store: Store, args: argparse.Namespace, unprintable: Unprintable) -> tuple[str, str, Path]:
    """Write the paper asked for; return its sharing-log kind, what it is in words, and the file.

    ``unprintable`` is filled with what a PDF could not print (the CSV tracker replaces nothing).
    """
    from safeguarding.workflows import meeting_papers as papers

    if args.command == "tracker":
        rows, options = papers.read_tracker(store, redacted=args.redacted)
        return "action_tracker", f"Action tracker ({len(rows)} actions)", papers.write_tracker(rows, options, args.out)
    when = meeting_date(args.meeting)
    if args.command == "pack":
        pack = papers.read_pack(store, when, redacted=args.redacted)
        words = f"Meeting pack of {papers.kept_words(pack.meeting)} ({len(pack.sheets)} items)"
        return "meeting_pack", words, papers.write_pack(pack, args.out, stderr_progress, unprintable)
    minutes = papers.read_minutes(store, when, redacted=args.redacted)
    words = f"Minutes of {papers.kept_words(minutes.meeting)}"
    return "meeting_minutes", words, papers.write_minutes(minutes, args.out, stderr_progress, unprintable)


def _log(store: Store, args: argparse.Namespace, kind: str, description: str, written: Path, warn: Say) -> None:
    from safeguarding.protection.sharing import VIA_COMMAND_LINE, SharingDetails
    from safeguarding.workflows.sharing_log import record_export

    details = SharingDetails(args.recipient or "", args.basis or "", args.why or "")
    record_export(
        store,
        kind,
        written,
        lambda message: warn(f"Warning: {message}"),
        redacted=args.redacted,
        description=description,
        details=details,
        via=VIA_COMMAND_LINE,
    )


def _search(store: Store, args: argparse.Namespace, say: Say) -> int:
    from safeguarding.forms import FormLibrary
    from safeguarding.model import Side
    from safeguarding.search.query import RECORD_TYPE_LABELS, SearchQuery

    unknown = [kind for kind in args.types or () if kind not in RECORD_TYPE_LABELS]
    if unknown:
        raise CommandUsageError(f"unknown record type {unknown[0]!r}; use one of: {', '.join(RECORD_TYPE_LABELS)}.")
    location_id = None
    if args.location:
        matches = store.locations.find_by_name(args.location)
        if len(matches) != 1:
            names = ", ".join(f'"{loc.name}"' for loc in store.locations.by_name(include_archived=True)) or "(none)"
            raise CommandUsageError(f'No single location called "{args.location}". Locations: {names}.')
        location_id = matches[0].id
    bands = FormLibrary.load().current().time_bands
    if args.band and args.band not in {band.id for band in bands}:
        raise CommandUsageError(f"unknown time band {args.band!r}; use one of: {', '.join(b.id for b in bands)}.")
    query = SearchQuery(
        words=args.words,
        record_types=frozenset(args.types or ()),
        location_id=location_id,
        since=meeting_date(args.since) if args.since else None,
        until=meeting_date(args.until) if args.until else None,
        time_band=args.band,
        side=Side(args.side) if args.side else None,
        limit=max(1, args.limit),
    )
    store.search.bands = bands
    results = store.search.search(query)
    if args.json:
        say(json.dumps([_as_json(result) for result in results], ensure_ascii=False, indent=1))
    else:
        for result in results:
            say(result_line(result))
    return 0


def result_line(result: SearchResult) -> str:
    """One result on one line: type, location, date (and time band), title, the matching words in context."""
    from safeguarding.timeutil import format_uk_date, utc_to_local

    when = format_uk_date(result.on) if result.on else "no date"
    if result.starts is not None:
        when += f" {utc_to_local(result.starts):%H:%M}"
    if result.time_band:
        when += f" ({result.time_band})"
    place = result.location_name or "all locations"
    title = f" · {result.title}" if result.title else ""
    return f"{result.type_label} · {place} · {when}{title} · {result.plain_snippet()}"


def _as_json(result: SearchResult) -> dict[str, Any]:
    return {
        "record_type": result.record_type,
        "type": result.type_label,
        "location": result.location_name,
        "date": result.on.isoformat() if result.on else None,
        "starts_utc": result.starts.isoformat() if result.starts else None,
        "time_band": result.time_band,
        "title": result.title,
        "snippet": result.plain_snippet(),
        "record_id": result.record_id,
        "assessment_id": result.assessment_id,
        "location_id": result.location_id,
        "score": result.score,
    }
