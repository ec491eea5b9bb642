"""The meeting's papers, one way for the command line and the window: pack, minutes, tracker (CSV), front sheets.

As with the DCSM report (:mod:`safeguarding.workflows.export`), each paper is made
in two steps: ``read_*`` gathers everything from the open store (on its thread),
``write_*`` writes the file from that alone (on any thread). A redacted copy
replaces the name of every person recorded in any assessment the paper draws on
(:mod:`safeguarding.protection.redaction`) and is read back before it is kept.

The front sheet of a location (:func:`read_front_sheet`) adds to what the
assessment says (:func:`~safeguarding.reports.front_sheet.sheet_of`) the register's
status and last decision, the ratings the last meeting saw (so the direction of
travel is "since the last review"), and whether the assessment changed since then.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from safeguarding.errors import ExportError
from safeguarding.meetings import snapshot
from safeguarding.meetings.records import Meeting, MeetingItem
from safeguarding.meetings.register import RegisterRow
from safeguarding.meetings.tracker import TrackerRow, tracker_csv
from safeguarding.model import Assessment, Location, Person, Side
from safeguarding.plan.records import Action
from safeguarding.timeutil import format_uk_date, utc_now, utc_to_local

if TYPE_CHECKING:
    from safeguarding.progress import Progress
    from safeguarding.reports.front_sheet import FrontSheet
    from safeguarding.reports.glyphs import Unprintable
    from safeguarding.store import Store

MINUTES_NEED_FINAL = "The minutes are written once the meeting is finalised. Finalise it first."


def changed_since_words(kept_words: str, parts: list[str]) -> str:
    """E.g. "Changed since the DCSM of 19 November 2026: the visits and the plan." ("" when nothing changed)."""
    if not parts:
        return ""
    names = [snapshot.PART_LABELS[part] for part in parts]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"Changed since {kept_words}: {listed}."


def changed_since(store: Store, assessment_id: str) -> str:
    """Whether (and what) an assessment changed since the last finalised meeting that considered it ("" if not)."""
    kept = store.meetings.latest_snapshot(assessment_id)
    if kept is None:
        return ""
    assessment = store.assessments.get(assessment_id)
    location = store.locations.get(assessment.location_id)
    return changed_since_words(kept.words, snapshot.changed_parts(kept.digest, location, assessment))


def read_front_sheet(
    store: Store,
    location_id: str,
    today: date,
    *,
    before: date | None = None,
    seen: snapshot.Snapshot | None = None,
    assessment: Assessment | None = None,
    row: RegisterRow | None = None,
) -> FrontSheet:
    """The front sheet of a location (its latest assessment), as on ``today``.

    Args:
        store: The open database.
        location_id: The location.
        today: The day overdue is worked out on.
        before: Ratings "then" come from the last meeting held before this date (default: any).
        seen: Print this kept version of the assessment instead of the one in the database now
            (a finalised meeting's pack shows what the meeting saw).
        assessment: The assessment to show, already loaded (default: the location's latest).
        row: The location's register row, already read (default: read now).

    Raises:
        NotFoundError, StorageError.
    """
    from safeguarding.reports.front_sheet import FrontSheet, sheet_of

    location = store.locations.get(location_id)
    row = row or store.register.row(location_id, today)
    if seen is not None:
        location, assessment = seen.location, seen.assessment
    elif assessment is None:
        assessment = store.assessments.latest_for_location(location_id)
    sheet = sheet_of(location, assessment, today) if assessment is not None else FrontSheet(location, None)
    if row is not None:
        sheet.status = row.status.label
        if row.last_decision is not None:
            sheet.last_decision = f"{row.last_decision.words} ({format_uk_date(row.last_decision.on)})"
            sheet.next_review = row.last_decision.next_review
    if assessment is None:
        return sheet
    kept = store.meetings.latest_snapshot(assessment.id, before)
    if kept is not None:
        then = snapshot.from_json(kept.content).assessment
        sheet.ratings_then = {side: then.rating(side) for side in Side}
        sheet.then_words = f"at {kept.words}"
    if seen is None:
        sheet.changed_since = changed_since(store, assessment.id)
    return sheet


def _people(store: Store, assessment_ids: Iterable[str]) -> tuple[tuple[Person, ...], dict[str, bool]]:
    """The people recorded in any of these assessments, and the redaction answers remembered for them."""
    people: list[Person] = []
    decisions: dict[str, bool] = {}
    for assessment_id in dict.fromkeys(assessment_ids):
        people += store.people.for_redaction(assessment_id)
        decisions.update(store.redaction_decisions.for_assessment(assessment_id))
    return tuple(people), decisions


@dataclass(frozen=True)
class PaperOptions:
    """How a paper is made: full or redacted, demo or not, and when.

    Attributes:
        redacted: The redacted copy (pseudonyms for every recorded name).
        demo: Every page says the data are fictional.
        generated_at: When it is made (aware UTC); overdue is as on its UK local day.
        people, decisions: Recorded people and remembered redaction answers (for ``redacted``).
    """

    redacted: bool = False
    demo: bool = False
    generated_at: datetime = field(default_factory=utc_now)
    people: tuple[Person, ...] = ()
    decisions: Mapping[str, bool] = field(default_factory=dict)


@dataclass(frozen=True)
class PackRequest:
    """Everything a meeting pack is written from.

    Attributes:
        meeting: The meeting (agenda, attendees).
        sheets: A front sheet per item, in agenda order.
        tracker: The action tracker (open actions across locations, and those closed since the last meeting).
        options: Full or redacted, demo, when.
    """

    meeting: Meeting
    sheets: list[FrontSheet]
    tracker: list[TrackerRow]
    options: PaperOptions


def _options(store: Store, assessment_ids: Iterable[str], redacted: bool, demo: bool | None) -> PaperOptions:
    people, decisions = _people(store, assessment_ids) if redacted else ((), {})
    is_demo = store.meta.is_demo() if demo is None else demo
    return PaperOptions(redacted=redacted, demo=is_demo, generated_at=store.clock(), people=people, decisions=decisions)


def read_pack(store: Store, meeting_date: date, *, redacted: bool = False, demo: bool | None = None) -> PackRequest:
    """Read what the pack of the meeting on ``meeting_date`` needs.

    A finalised meeting's front sheets show the versions it kept (what it saw);
    a draft's show the assessments as they are now.

    Raises:
        NotFoundError: no meeting on that date (the message lists the dates).
        StorageError.
    """
    meeting = store.meetings.on_date(meeting_date)
    today = utc_to_local(store.clock()).date()
    rows = {row.location_id: row for row in store.register.rows(today, include_archived=True)}
    sheets = []
    for item in meeting.items:
        seen = None
        if meeting.is_final and item.assessment_id is not None:
            kept = store.meetings.snapshot(meeting.id, item.assessment_id)
            seen = snapshot.from_json(kept.content) if kept is not None else None
        sheet = read_front_sheet(
            store, item.location_id, today, before=meeting.meeting_date, seen=seen, row=rows.get(item.location_id)
        )
        sheet.item_number = item.position
        sheet.reason = item.why
        sheet.reason_note = item.reason_note
        sheet.decision_sought = item.decision_sought
        sheets.append(sheet)
    previous = [other.meeting_date for other in store.meetings.meetings() if other.meeting_date < meeting_date]
    tracker = store.register.action_log(today, since=max(previous) if previous else None)
    ids = [sheet.assessment.id for sheet in sheets if sheet.assessment] + [row.assessment_id for row in tracker]
    return PackRequest(meeting, sheets, tracker, _options(store, ids, redacted, demo))


def write_pack(
    request: PackRequest, out: Path, progress: Progress | None = None, unprintable: Unprintable | None = None
) -> Path:
    """Write the meeting pack as a PDF at ``out`` (replaced if it exists); runs on any thread.

    Args:
        request: From :func:`read_pack`.
        out: The PDF file to write.
        progress: Told ``(fraction, message)`` at each stage; may be None.
        unprintable: Filled with the characters the pack could not print (shown as "[emoji]" or
            "[character not printable]") and where, e.g. "the front sheet of item 1 (Brenchley
            Gardens)"; its ``message()`` says so in words. None: not reported.

    Raises:
        ExportError: fonts missing, folder not writable, disk full, layout failed.
        RedactionLeakError: a redacted pack still holds a recorded name (nothing is written).
    """
    from safeguarding.reports.pack import export_pack

    return export_pack(request, out, progress, unprintable)


@dataclass(frozen=True)
class MinutesRequest:
    """Everything the minutes are written from.

    Attributes:
        meeting: The finalised meeting.
        actions: Each action an item's updates or new actions name, by id (description, owner, lead).
        options: Full or redacted, demo, when.
    """

    meeting: Meeting
    actions: dict[str, Action]
    options: PaperOptions


def read_minutes(
    store: Store, meeting_date: date, *, redacted: bool = False, demo: bool | None = None
) -> MinutesRequest:
    """Read what the minutes of the meeting on ``meeting_date`` need.

    Raises:
        NotFoundError: no meeting on that date.
        ExportError: the meeting is a draft (:data:`MINUTES_NEED_FINAL`).
        StorageError.
    """
    meeting = store.meetings.on_date(meeting_date)
    if not meeting.is_final:
        raise ExportError(MINUTES_NEED_FINAL)
    actions: dict[str, Action] = {}
    for item in meeting.items:
        if item.assessment_id is not None:
            actions.update({action.id: action for action in store.plan.load(item.assessment_id).actions()})
    ids = item_assessments(meeting.items)
    return MinutesRequest(meeting, actions, _options(store, ids, redacted, demo))


def write_minutes(
    request: MinutesRequest, out: Path, progress: Progress | None = None, unprintable: Unprintable | None = None
) -> Path:
    """Write the minutes as a PDF at ``out``; runs on any thread.

    ``unprintable`` is filled as by :func:`write_pack` (places such as "the minutes of item 1
    (Brenchley Gardens)").

    Raises:
        ExportError, RedactionLeakError: as :func:`write_pack`.
    """
    from safeguarding.reports.minutes import export_minutes

    return export_minutes(request, out, progress, unprintable)


def read_tracker(
    store: Store, *, redacted: bool = False, since: date | None = None
) -> tuple[list[TrackerRow], PaperOptions]:
    """The action tracker rows (open actions across locations) and how to write them."""
    rows = store.register.action_log(utc_to_local(store.clock()).date(), since=since)
    return rows, _options(store, [row.assessment_id for row in rows], redacted, None)


def write_tracker(rows: list[TrackerRow], options: PaperOptions, out: Path) -> Path:
    """Write the tracker as CSV (UTF-8 with BOM) at ``out`` in one step; a redacted copy is read back first.

    The CSV keeps every character as typed (emoji included): nothing is drawn with a font, so
    nothing is replaced (the printed tracker, in the meeting pack, counts what it replaces).

    Raises:
        ExportError: the folder cannot be written or the disk is full.
        RedactionLeakError: a redacted CSV still holds a recorded name (nothing is kept).
    """
    from safeguarding.private_files import write_private_atomically
    from safeguarding.protection.leak_check import verify_file
    from safeguarding.protection.redaction import RedactionLog, Redactor, redact_copy

    redactor = None
    kept = None
    if options.redacted:
        log = RedactionLog()
        rows = redact_copy(rows, options.people, options.decisions, log)
        kept = log.kept_certain()
        redactor = Redactor(options.people, options.decisions)
    content = ("\ufeff" + tracker_csv(rows)).encode("utf-8")

    def check(written: Path) -> None:
        if redactor is not None:
            verify_file(written, redactor, kept, what="redacted action tracker")

    return write_private_atomically(Path(out).absolute(), content, check=check, what="the action tracker")


def kept_version(store: Store, assessment_id: str, meeting_date: date) -> tuple[Location, Assessment, str]:
    """The version of an assessment kept by the meeting on ``meeting_date``, and the notice its report prints.

    Raises:
        NotFoundError: no meeting on that date, or it kept no version of this assessment.
    """
    from safeguarding.errors import NotFoundError

    meeting = store.meetings.on_date(meeting_date)
    kept = store.meetings.snapshot(meeting.id, assessment_id)
    if kept is None:
        raise NotFoundError(
            f"The {kept_words(meeting)[4:]} did not consider this assessment, so it kept no version of it."
        )
    seen = snapshot.from_json(kept.content)
    return seen.location, seen.assessment, f"As considered by {kept.words}"


def kept_words(meeting: Meeting) -> str:
    """E.g. "the DCSM of 19 November 2026"."""
    return f"the DCSM of {format_uk_date(meeting.meeting_date)}"


def item_assessments(items: Iterable[MeetingItem]) -> list[str]:
    """The assessment ids of the items that have one."""
    return [item.assessment_id for item in items if item.assessment_id]
