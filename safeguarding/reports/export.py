"""Export one assessment as a DCSM report (PDF), written atomically.

The PDF is laid out in memory first (the slow part, seconds for a long report),
then written owner-only to a temporary file in the destination folder, flushed to
disk and moved over the destination
(:func:`~safeguarding.private_files.write_private_atomically`). So:

* the destination is never opened for writing: it never exists empty or half
  written, not even for a moment (a mail or sync program watching the folder
  never picks up a 0-byte report), and an earlier report of the same name stays
  whole until the new one replaces it in one step;
* a failure, a cancel or the process being killed while laying out leaves no
  file at all; the temporary file exists only while finished bytes are written;
* an existing file at the destination, empty or not, is replaced like any
  other ("save over"): an empty file there is not the app's doing and not special.

Environment problems become :class:`~safeguarding.errors.ExportError` with a
plain-English message (:func:`~safeguarding.os_errors.save_failure`).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import LayoutError

from safeguarding.errors import ExportError
from safeguarding.forms import FormDefinition
from safeguarding.model import Assessment, AssessmentStatus, Location, Person
from safeguarding.private_files import write_private_atomically
from safeguarding.protection.leak_check import RedactionLeakError, find_leaks, story_pieces, verify_file
from safeguarding.protection.redaction import Redactor, redact_copies, redact_copy
from safeguarding.reports.dcsm import REPORT_TITLE, ReportBuilder
from safeguarding.reports.fonts import register_fonts
from safeguarding.reports.front_sheet import FrontSheet
from safeguarding.reports.glyphs import Unprintable
from safeguarding.reports.page_layout import DecoratedCanvas, PageDecor, footer_line, report_template
from safeguarding.reports.place_data import PlaceData, redact_place_data
from safeguarding.reports.styles import Styles
from safeguarding.reports.text_fitting import uk_datetime
from safeguarding.timeutil import utc_now

PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"
"""UK Government Security Classifications marking printed on every page."""
FOOTER_PLACE = "the page footer"
"""The footer, as a place where characters could not be printed (:class:`~safeguarding.reports.glyphs.Unprintable`)."""

Progress = Callable[[float, str], None]
"""``progress(fraction, message)``: fraction in 0..1, message in plain English."""


DEMO_NOTICE = "DEMO DATA – fictional, for practice only"
DRAFT_NOTICE = "DRAFT – not yet complete"
FULL_COPY = "FULL copy – assessor's agency only"
REDACTED_COPY = "REDACTED copy for multi-agency papers"


def page_notice(assessment: Assessment, *, demo: bool) -> str:
    """Return the notice printed at the top right of every page ("" for a complete, real assessment).

    A draft says so on every page, so a chair never mistakes a loose draft page for the final
    report; demo data says it is fictional.
    """
    parts = [DEMO_NOTICE] if demo else []
    if assessment.status == AssessmentStatus.DRAFT:
        parts.append(DRAFT_NOTICE)
    return " · ".join(parts)


def _no_progress(fraction: float, message: str) -> None:
    """Ignore progress reports."""


def export_assessment_report(
    location: Location,
    assessment: Assessment,
    form: FormDefinition,
    out_path: Path,
    progress: Progress | None = None,
    generated_at: datetime | None = None,
    *,
    demo: bool = False,
    redacted: bool = False,
    people: Sequence[Person] = (),
    place_data: PlaceData | None = None,
    decisions: Mapping[str, bool] | None = None,
    front: FrontSheet | None = None,
    notice: str = "",
    unprintable: Unprintable | None = None,
) -> Path:
    """Write the DCSM report of one assessment as an A4 PDF.

    Args:
        location: The assessed place.
        assessment: The whole assessment (findings and observations loaded).
        form: The form the assessment was written with (its titles, help text,
            rating meanings, light conditions and time bands are used).
        out_path: The PDF file to write; replaced if it exists.
        progress: Called as ``progress(fraction, message)`` with fraction
            0..1 at a few stages; may be ``None``.
        generated_at: When the report was generated, an aware datetime
            (default: now, UTC). Printed in UK local time.
        demo: The assessment comes from the demo database: every page says
            "DEMO DATA - fictional, for practice only" so it is never mistaken
            for a real assessment.
        redacted: Write the redacted copy for multi-agency papers: every
            registered person's name is replaced by their pseudonym everywhere
            (:func:`safeguarding.protection.redaction.redact_copies`). Each page's footer
            says which copy it is (full or redacted).
        people: The people registered for the assessment (used when ``redacted``).
        place_data: Police figures and safety mapping for the report
            (:func:`safeguarding.reports.place_data.load_place_data`), or ``None`` to leave those sections out;
            redacted like the assessment in a redacted copy.
        decisions: The user's answers from the preview (occurrence key → replace),
            see :mod:`safeguarding.protection.redaction`; unanswered doubtful names are replaced.
        front: The front sheet (register status, ratings at the last review, what changed since the
            last DCSM); None: made from the assessment alone (:func:`~safeguarding.reports.front_sheet.sheet_of`).
        notice: Said on every page and under the front sheet's title, e.g. "As considered by the DCSM of
            19 November 2026" for the version a meeting saw.
        unprintable: Filled with the characters no report font could draw (printed as a
            placeholder such as "[emoji]") and where; its :meth:`~Unprintable.message` says so
            in words. None: not reported.

    Returns:
        ``out_path`` as an absolute path.

    Raises:
        ExportError: if the fonts are missing, the folder cannot be written, the
            disk is full, or the report cannot be laid out. An existing file at
            ``out_path`` is left untouched.
        RedactionLeakError: (an ExportError) a redacted report, checked before
            layout and read back after it, still holds a registered name; the
            message names the places and nothing is written.
    """
    report = progress or _no_progress
    out_path = Path(out_path).absolute()
    generated_at = generated_at or utc_now()

    report(0.0, "Preparing the report")
    redactor = Redactor(people, decisions) if redacted else None
    kept: Counter[str] = Counter()
    if redacted:
        location, assessment, log = redact_copies(location, assessment, people, decisions)
        place_data = redact_place_data(place_data, people, decisions, log)
        front = redact_copy(front, people, decisions, log) if front is not None else None
        kept = log.kept_certain()
    styles = paper_styles(unprintable)
    fonts = styles.fonts
    builder = ReportBuilder(location, assessment, form, styles, generated_at, place_data, front=front, notice=notice)
    styles.unprintable.place = FOOTER_PLACE
    footer = footer_line(styles, location.name, f" · Generated {uk_datetime(generated_at)}")
    extra = [notice] if notice else []
    decor = PageDecor(
        marking=PROTECTIVE_MARKING,
        font=fonts.body,
        footer_left=footer,
        title=REPORT_TITLE,
        notice=" · ".join([*extra, page_notice(assessment, demo=demo)]).strip(" ·"),
        copy_label=REDACTED_COPY if redacted else FULL_COPY,
    )
    document = PdfDocument(
        story=builder.build(),
        styles=styles,
        decor=decor,
        title=f"{REPORT_TITLE}: {location.name}",
        author=assessment.assessor_name,
    )
    render_pdf(document, out_path, report, redactor=redactor, kept=kept, what="redacted report")
    report(1.0, "Report saved")
    return out_path


def paper_styles(unprintable: Unprintable | None = None) -> Styles:
    """The styles of one printed paper (the report, the meeting pack, the minutes, the register), fonts registered.

    Every paper counts the characters no report font can draw (printed as "[emoji]" or
    "[character not printable]", :mod:`safeguarding.reports.glyphs`) on one
    :class:`~safeguarding.reports.glyphs.Unprintable`; its builder names each part on
    ``styles.unprintable.place`` before making it, and the window and the command line
    add :meth:`~safeguarding.reports.glyphs.Unprintable.message` to what they say.

    Args:
        unprintable: Filled with what could not be printed, and where; None: a fresh one (not reported).

    Raises:
        ExportError: the report fonts are missing.
    """
    return Styles(register_fonts(), unprintable=unprintable if unprintable is not None else Unprintable())


@dataclass(frozen=True)
class PdfDocument:
    """A paper ready to lay out: its story, styles, page decoration and PDF properties.

    Attributes:
        story: The flowables, in order.
        styles: The styles the story was made with (its CJK fonts are made before layout).
        decor: The header and footer of every page (marking, title, notice, which copy).
        title, author: PDF document properties.
        name: The paper in words as it reads in "… could not be saved" ("the meeting pack").
    """

    story: list[Flowable]
    styles: Styles
    decor: PageDecor
    title: str
    author: str = ""
    name: str = "the report"


def render_pdf(
    document: PdfDocument,
    out_path: Path,
    progress: Progress | None = None,
    *,
    redactor: Redactor | None = None,
    kept: Counter[str] | None = None,
    what: str = "redacted copy",
) -> Path:
    """Lay ``document`` out on A4 pages in memory and write it at ``out_path`` in one step.

    A redacted paper (``redactor`` given) is checked for registered names before
    layout and read back from the written file before it replaces ``out_path``
    (:mod:`safeguarding.protection.leak_check`).

    Args:
        document: What to lay out.
        out_path: The PDF to write (replaced if it exists).
        progress: Told ``(fraction, message)``; may be None.
        redactor: The redactor of a redacted copy (None: a full copy, not checked).
        kept: Certain matches the user chose to keep (see :meth:`RedactionLog.kept_certain`).
        what: The paper in words, for a leak message ("redacted report").

    Returns:
        ``out_path`` as an absolute path.

    Raises:
        ExportError: fonts missing, the folder cannot be written, the disk is full,
            or the pages cannot be laid out; an existing file is left as it was.
        RedactionLeakError: a registered name is still in a redacted copy; nothing is written.
    """
    report = progress or _no_progress
    out_path = Path(out_path).absolute()
    kept = kept if kept is not None else Counter()
    pieces = story_pieces(document.story) if redactor is not None else []
    if redactor is not None and (leaks := find_leaks(redactor, pieces, kept)):
        raise RedactionLeakError(leaks, what)  # before anything is written
    report(0.2, "Laying out the pages")
    document.styles.cjk.register()
    pdf = io.BytesIO()
    doc = report_template(
        pdf,
        title=document.title,
        author=document.author,
        subject=PROTECTIVE_MARKING,
        font=document.styles.fonts.body,
    )
    decor = document.decor
    try:
        doc.build(document.story, canvasmaker=lambda *args, **kwargs: DecoratedCanvas(*args, decor=decor, **kwargs))
    except LayoutError as error:
        raise ExportError(f"The report could not be laid out on A4 pages ({error}).") from error
    report(0.9, "Saving")
    check: Callable[[Path], None] | None = None
    if redactor is not None:
        headings = [text for place, text in pieces if place == f"section \u201c{text}\u201d"]

        def check(written: Path) -> None:
            report(0.95, f"Reading the {what} back")
            verify_file(written, redactor, kept, headings=headings, what=what)

    content = pdf.getvalue()
    require_whole_pdf(content, document.name)
    write_private_atomically(out_path, content, check=check, what=document.name)
    return out_path


def require_whole_pdf(content: bytes, name: str = "the report") -> None:
    """Refuse PDF bytes cut short (no header, or no end-of-file marker near the end) before they are saved.

    Args:
        content: The laid-out PDF.
        name: The paper in words ("the meeting pack"), for the message.

    Raises:
        ExportError: ``content`` is not a whole PDF (nothing is written).
    """
    if not content.startswith(b"%PDF-") or b"%%EOF" not in content[-1024:]:
        raise ExportError(f"{name[:1].upper()}{name[1:]} came out incomplete, so it was not saved. Please try again.")
