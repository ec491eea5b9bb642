"""Export one assessment as a DCSM report (PDF), written atomically.

The PDF is built into a temporary file in the destination folder and moved over
the destination with :func:`os.replace` only when complete, so a failure never
leaves half a file and never destroys an earlier report of the same name.
Environment problems become :class:`~safeguarding.errors.ExportError` with a
plain-English message.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path

from reportlab.platypus.doctemplate import LayoutError

from safeguarding.errors import ExportError
from safeguarding.forms import FormDefinition
from safeguarding.model import Assessment, AssessmentStatus, Location, Person
from safeguarding.protection.leak_check import RedactionLeakError, find_leaks, story_pieces, verify_file
from safeguarding.protection.redaction import Redactor, redact_copies
from safeguarding.reports.dcsm import REPORT_TITLE, ReportBuilder, uk_datetime
from safeguarding.reports.fonts import register_fonts
from safeguarding.reports.page_layout import DecoratedCanvas, PageDecor, report_template
from safeguarding.reports.styles import Styles
from safeguarding.timeutil import utc_now

PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"
"""UK Government Security Classifications marking printed on every page."""

Progress = Callable[[float, str], None]
"""``progress(fraction, message)``: fraction in 0..1, message in plain English."""


DEMO_NOTICE = "DEMO DATA – fictional, for practice only"
DRAFT_NOTICE = "DRAFT – not yet complete"
FULL_COPY = "FULL copy – assessor's agency only"
REDACTED_COPY = "REDACTED copy for multi-agency papers"
FOOTER_NAME_LIMIT = 45
"""Longest location name printed in the footer; longer names end in "…" so the footer stays one line."""


def shorten(text: str, limit: int) -> str:
    """Return ``text`` on one line, cut at a word boundary to at most ``limit`` characters plus "…"."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return f"{cut or flat[:limit]}…"


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


def os_error_message(error: OSError, folder: Path) -> str:
    """Return a plain-English sentence for a failure to write a report into ``folder``."""
    code = error.errno
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", None):
        return "The disk is full, so the report could not be saved. Free some space and try again."
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"The folder {folder} cannot be written to, so the report could not be saved. Choose another folder."
    if code in (errno.ENOENT, errno.ENOTDIR):
        return f"The folder {folder} does not exist, so the report could not be saved. Choose another folder."
    if code == errno.EISDIR:
        return "A folder already has that name, so the report could not be saved. Choose another file name."
    if code in (errno.EBUSY, errno.ETXTBSY):
        return "The report file is open in another program. Close it and try again."
    return f"The report could not be saved ({error.strerror or error})."


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
    decisions: Mapping[str, bool] | None = None,
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
        decisions: The user's answers from the preview (occurrence key → replace),
            see :mod:`safeguarding.protection.redaction`; unanswered doubtful names are replaced.

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
    folder = out_path.parent
    generated_at = generated_at or utc_now()

    report(0.0, "Preparing the report")
    redactor = Redactor(people, decisions) if redacted else None
    kept: Counter[str] = Counter()
    if redacted:
        location, assessment, log = redact_copies(location, assessment, people, decisions)
        kept = log.kept_certain()
    fonts = register_fonts()
    styles = Styles(fonts)
    builder = ReportBuilder(location, assessment, form, styles, generated_at)
    story = builder.build()
    pieces = story_pieces(story) if redactor is not None else []
    if redactor is not None and (leaks := find_leaks(redactor, pieces, kept)):
        raise RedactionLeakError(leaks, "redacted report")  # before anything is written
    footer = styles.text(
        f"{shorten(location.name, FOOTER_NAME_LIMIT)} · Generated {uk_datetime(generated_at)}", "label"
    )
    decor = PageDecor(
        marking=PROTECTIVE_MARKING,
        font=fonts.body,
        footer_left=footer,
        title=REPORT_TITLE,
        notice=page_notice(assessment, demo=demo),
        copy_label=REDACTED_COPY if redacted else FULL_COPY,
    )

    report(0.2, "Laying out the pages")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{out_path.stem}.", suffix=".pdf.part", dir=folder)
    except OSError as error:
        raise ExportError(os_error_message(error, folder)) from error
    temp_path = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            doc = report_template(
                stream,
                title=f"{REPORT_TITLE}: {location.name}",
                author=assessment.assessor_name,
                subject=PROTECTIVE_MARKING,
                font=fonts.body,
            )
            doc.build(story, canvasmaker=lambda *args, **kwargs: DecoratedCanvas(*args, decor=decor, **kwargs))
            report(0.9, "Saving the report")
            stream.flush()
            os.fsync(stream.fileno())
        if redactor is not None:
            report(0.95, "Reading the redacted report back")
            headings = [text for place, text in pieces if place == f"section \u201c{text}\u201d"]
            verify_file(temp_path, redactor, kept, headings=headings, what="redacted report")
        os.replace(temp_path, out_path)
    except OSError as error:
        temp_path.unlink(missing_ok=True)
        raise ExportError(os_error_message(error, folder)) from error
    except LayoutError as error:
        temp_path.unlink(missing_ok=True)
        raise ExportError(f"The report could not be laid out on A4 pages ({error}).") from error
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise
    report(1.0, "Report saved")
    return out_path
