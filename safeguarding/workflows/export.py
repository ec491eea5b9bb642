"""Export one assessment's DCSM report: the one way the command line and the window both do it.

Two steps, so the slow one can run without the database: :func:`read_report`
reads everything the report needs from the open store (on the store's thread),
and :func:`write_report` writes the PDF from that alone (on any thread, after the
store is closed if need be). The window asks full or redacted copy between the
two (:func:`dataclasses.replace` on the request); the command line decides by
its ``--redacted`` option.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from safeguarding.meetings.snapshot import Snapshot
from safeguarding.protection.redaction import Occurrence, redact_copies
from safeguarding.timeutil import utc_to_local
from safeguarding.workflows.meeting_papers import read_front_sheet

if TYPE_CHECKING:
    from safeguarding.forms import FormDefinition, FormLibrary
    from safeguarding.model import Assessment, Location, Person
    from safeguarding.progress import Progress
    from safeguarding.reports.front_sheet import FrontSheet
    from safeguarding.reports.glyphs import Unprintable
    from safeguarding.reports.place_data import PlaceData
    from safeguarding.store import Store


@dataclass(frozen=True)
class ReportRequest:
    """Everything one DCSM report is written from, read from the store.

    Attributes:
        location: The assessed place.
        assessment: The whole assessment (findings, visits, evidence, plan loaded).
        form: The form the assessment was written with (kept in the database;
            see :meth:`~safeguarding.store.form_versions.FormVersionRepository.for_assessment`).
        demo: The database is the demo: every page says so.
        redacted: Write the redacted copy (pseudonyms instead of names).
        people: The people recorded for redaction (used when ``redacted``).
        place_data: The police figures and safety-mapping sessions of the place, worked
            out from the database (:func:`safeguarding.reports.place_data.load_place_data`);
            None leaves those sections out.
        decisions: The answers given in the redaction preview, occurrence key → replace
            (True) or keep as written (False); see :mod:`safeguarding.protection.redaction`.
            A doubtful match with no answer is replaced.
        front: The front sheet read from the store (register status, ratings at the last
            review, what changed since the last DCSM); None: made from the assessment alone.
        notice: Said on every page, e.g. "As considered by the DCSM of 19 November 2026".
    """

    location: Location
    assessment: Assessment
    form: FormDefinition
    demo: bool
    redacted: bool = False
    people: tuple[Person, ...] = ()
    place_data: PlaceData | None = None
    decisions: Mapping[str, bool] = field(default_factory=dict)
    front: FrontSheet | None = None
    notice: str = ""


def read_report(
    store: Store, forms: FormLibrary, assessment_id: str, *, redacted: bool = False, demo: bool | None = None
) -> ReportRequest:
    """Read what the report of ``assessment_id`` needs from the open ``store``.

    Args:
        store: The open database (use it on its own thread).
        forms: The installed forms: used when the database keeps no form for the
            assessment (then its version is kept now, if installed and the store is writable).
        assessment_id: The assessment to report on.
        redacted: Read the people recorded for redaction and the answers remembered
            from the redaction preview too, for the redacted copy.
        demo: Whether to mark the report as demo data; None: as the database says
            (:meth:`~safeguarding.store.meta.MetaRepository.is_demo`).

    Returns:
        The request for :func:`write_report`.

    Raises:
        NotFoundError: no such (live) assessment.
        FormDefinitionError: no form is kept for the assessment and no version of it is installed.
        StorageError: the database cannot be read.
    """
    assessment = store.assessments.get(assessment_id)
    location = store.locations.get(assessment.location_id)
    form = store.form_versions.for_assessment(assessment, forms).form
    people = tuple(store.people.for_redaction(assessment.id)) if redacted else ()
    decisions = store.redaction_decisions.for_assessment(assessment.id) if redacted else {}
    is_demo = store.meta.is_demo() if demo is None else demo
    from safeguarding.reports.place_data import load_place_data  # the police figures are worked out here

    place_data = load_place_data(store, location, assessment)
    front = read_front_sheet(store, location.id, utc_to_local(store.clock()).date(), assessment=assessment)
    return ReportRequest(
        location, assessment, form, is_demo, redacted, people, place_data=place_data, decisions=decisions, front=front
    )


def read_kept_report(
    store: Store, forms: FormLibrary, assessment_id: str, meeting_date: date, *, redacted: bool = False
) -> ReportRequest:
    """Read the version of an assessment a finalised meeting kept (what it saw), to print it.

    Raises:
        NotFoundError: no meeting on that date, or it did not consider the assessment.
        FormDefinitionError, StorageError: as :func:`read_report`.
    """
    from safeguarding.workflows.meeting_papers import kept_version

    location, assessment, notice = kept_version(store, assessment_id, meeting_date)
    request = read_report(store, forms, assessment_id, redacted=redacted)
    seen = Snapshot(location, assessment)
    front = read_front_sheet(store, location.id, meeting_date, before=meeting_date, seen=seen)
    return replace(request, location=location, assessment=assessment, front=front, notice=notice)


def unanswered_doubts(request: ReportRequest) -> list[Occurrence]:
    """The doubtful matches a redacted copy of ``request`` replaces without an answer from the preview.

    A doubtful match is a recorded name that is also an everyday word ("Will",
    "Green") written with a capital, in capitals or at the start of a sentence
    (:mod:`safeguarding.protection.name_matching`). The window's preview asks about
    each; the command line has no preview, so it says how many went unanswered.

    Returns:
        Each such occurrence, in the order found (the police figures and safety
        mapping included); empty for a full copy or with no people.
    """
    if not request.redacted or not request.people:
        return []
    from safeguarding.reports.place_data import redact_place_data

    _, _, log = redact_copies(request.location, request.assessment, request.people, request.decisions)
    redact_place_data(request.place_data, request.people, request.decisions, log)
    return [item for item in log.doubtful if not item.remembered]


def write_report(
    request: ReportRequest, out: Path, progress: Progress | None = None, unprintable: Unprintable | None = None
) -> Path:
    """Write the report of ``request`` as a PDF at ``out`` (replaced if it exists).

    Runs on any thread: it needs no database. See
    :func:`safeguarding.reports.export.export_assessment_report`, which it calls.

    Args:
        request: From :func:`read_report`.
        out: The PDF file to write.
        progress: Told ``(fraction, message)`` at each stage; may raise
            :class:`~safeguarding.progress.OperationCancelled` to stop.
        unprintable: Filled with the characters the report could not print (shown as "[emoji]"
            or "[character not printable]") and where; None: not reported.

    Returns:
        ``out`` as an absolute path.

    Raises:
        ExportError: the fonts are missing, the folder cannot be written, the disk
            is full, or the report cannot be laid out (an existing file is left as it was).
        RedactionLeakError: (an ExportError) a redacted report, checked before layout
            and read back after it, still holds a recorded name; nothing is written.
    """
    from safeguarding.reports.export import export_assessment_report  # reportlab loads on the first export

    return export_assessment_report(
        request.location,
        request.assessment,
        request.form,
        out,
        progress=progress,
        demo=request.demo,
        redacted=request.redacted,
        people=request.people,
        place_data=request.place_data,
        decisions=request.decisions,
        front=request.front,
        notice=request.notice,
        unprintable=unprintable,
    )
