"""The meeting pack: cover and agenda, a front sheet per item, then the action tracker.

What a DCSM chair and members get before the meeting (domain guide, "The DCSM
meeting cycle"): the agenda (reviews due, new referrals, places raised by
partners), a front sheet per item (:mod:`safeguarding.reports.front_sheet`) and the
action log across agencies (:mod:`safeguarding.reports.tracker_section`). Every page
is marked OFFICIAL-SENSITIVE; a redacted pack replaces every recorded name.
Characters no report font has print as a placeholder and are counted where they are
("the agenda, item 1 (Brenchley Gardens)", "the front sheet of item 1 (Brenchley
Gardens)", "the action tracker"; :func:`~safeguarding.reports.export.paper_styles`).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reportlab.platypus import Flowable, PageBreak, Spacer

from safeguarding.reports.export import (
    DEMO_NOTICE,
    FOOTER_PLACE,
    FULL_COPY,
    PROTECTIVE_MARKING,
    REDACTED_COPY,
    PdfDocument,
    paper_styles,
    render_pdf,
)
from safeguarding.reports.front_sheet import front_sheet
from safeguarding.reports.page_layout import CONTENT_WIDTH, PageDecor, footer_line
from safeguarding.reports.styles import Styles
from safeguarding.reports.tables import facts_table, grid, head_row
from safeguarding.reports.text_fitting import uk_datetime
from safeguarding.reports.tracker_section import tracker_section
from safeguarding.timeutil import format_uk_date, utc_to_local

R = TypeVar("R")

if TYPE_CHECKING:
    from safeguarding.meetings.records import Meeting
    from safeguarding.progress import Progress
    from safeguarding.protection.redaction import Redactor
    from safeguarding.reports.glyphs import Unprintable
    from safeguarding.workflows.meeting_papers import PackRequest, PaperOptions

PACK_TITLE = "DCSM meeting pack"
DRAFT_AGENDA = "DRAFT AGENDA"


def item_words(position: int, location_name: str) -> str:
    """An agenda item as its heading names it, e.g. "item 1 (Brenchley Gardens)"."""
    return f"item {position} ({location_name})"


def meeting_heading(meeting: Meeting) -> str:
    """E.g. "Maidstone DCSM, Thursday 17 December 2026"."""
    return f"{meeting.title or 'DCSM'}, {meeting.meeting_date:%A} {format_uk_date(meeting.meeting_date)}"


def page_decor(styles: Styles, meeting: Meeting, options: PaperOptions, title: str, notices: list[str]) -> PageDecor:
    """The header and footer of every page of a meeting's papers."""
    footer = footer_line(
        styles,
        meeting.title or "DCSM",
        f" · {format_uk_date(meeting.meeting_date)} · Generated {uk_datetime(options.generated_at)}",
    )
    shown = ([DEMO_NOTICE] if options.demo else []) + notices
    return PageDecor(
        marking=PROTECTIVE_MARKING,
        font=styles.fonts.body,
        footer_left=footer,
        title=f"{title} – {format_uk_date(meeting.meeting_date)}",
        notice=" · ".join(shown),
        copy_label=REDACTED_COPY if options.redacted else FULL_COPY,
    )


def people_rows(meeting: Meeting) -> list[tuple[str, str]]:
    """Who came and who sent apologies, as facts rows (name, agency and role)."""

    def listed(people: list[Any]) -> str:
        return "\n".join(
            ", ".join(part for part in (person.name, person.role, person.agency) if part) for person in people
        )

    return [("Present", listed(meeting.present())), ("Apologies", listed(meeting.apologies()))]


def cover(styles: Styles, request: PackRequest) -> list[Flowable]:
    """The cover: the meeting, who is coming, and the agenda (each row counted as that item's place)."""
    meeting = request.meeting
    styles.unprintable.place = "the cover"
    parts: list[Flowable] = [
        styles.text(PACK_TITLE, "title", bold=True),
        styles.text(meeting_heading(meeting), "subtitle"),
        styles.text(
            "Agenda, a front sheet for each item and the action tracker across agencies. Young people are never "
            "named in these papers.",
            "intro",
        ),
        facts_table(
            styles,
            [
                ("Venue", meeting.venue),
                ("Chair", meeting.chair),
                ("Status", "Finalised: what the meeting saw" if meeting.is_final else "Draft agenda"),
                *people_rows(meeting),
            ],
        ),
        Spacer(0, 8),
        styles.text("Agenda", "h1", bold=True),
    ]
    if not meeting.items:
        return [*parts, styles.text("No items on the agenda yet.", "body")]
    rows: list[list[Any]] = [head_row(styles, ["No.", "Location", "Why it is on the agenda", "Decision sought"])]
    for item in meeting.items:
        why = item.why
        styles.unprintable.place = f"the agenda, {item_words(item.position, item.location_name)}"
        rows.append(
            [
                styles.text(str(item.position), "cell"),
                styles.text(item.location_name, "cell", bold=True),
                [styles.text(why, "cell"), styles.text(item.reason_note, "label")],
                styles.text(item.decision_sought, "cell"),
            ]
        )
    widths = [26, CONTENT_WIDTH * 0.24, CONTENT_WIDTH * 0.38]
    widths.append(CONTENT_WIDTH - sum(widths))
    parts.append(grid(styles, rows, widths))
    parts.append(
        styles.text(
            f"Then: the action tracker ({len(request.tracker)} actions), grouped by owner agency and named lead.",
            "label",
        )
    )
    return parts


def pack_story(styles: Styles, request: PackRequest, generated_at: datetime) -> list[Flowable]:
    """Every flowable of the pack, in order; each part is named on ``styles.unprintable`` while it is made."""
    story = cover(styles, request)
    for sheet in request.sheets:
        story.append(PageBreak())
        named = sheet.location.name if sheet.item_number is None else item_words(sheet.item_number, sheet.location.name)
        styles.unprintable.place = f"the front sheet of {named}"
        story += front_sheet(styles, sheet, generated_at)
    story.append(PageBreak())
    styles.unprintable.place = "the action tracker"
    story += tracker_section(styles, request.tracker, utc_to_local(generated_at).date())
    return story


def redacted(request: R, options: PaperOptions) -> tuple[R, Redactor | None, Counter[str] | None]:
    """The paper's contents as a redacted copy asks (unchanged for a full copy), its redactor and kept names."""
    from safeguarding.protection.redaction import RedactionLog, Redactor, redact_copy

    if not options.redacted:
        return request, None, None
    log = RedactionLog()
    copy = redact_copy(request, options.people, options.decisions, log)
    return copy, Redactor(options.people, options.decisions), log.kept_certain()


def export_pack(
    request: PackRequest, out: Path, progress: Progress | None = None, unprintable: Unprintable | None = None
) -> Path:
    """Write the meeting pack PDF (see :func:`safeguarding.workflows.meeting_papers.write_pack`)."""
    options = request.options
    report = progress or (lambda fraction, message: None)
    report(0.0, "Preparing the meeting pack")
    request, redactor, kept = redacted(request, options)
    styles = paper_styles(unprintable)
    notices = [] if request.meeting.is_final else [DRAFT_AGENDA]
    story = pack_story(styles, request, options.generated_at)
    styles.unprintable.place = FOOTER_PLACE
    document = PdfDocument(
        story=story,
        styles=styles,
        decor=page_decor(styles, request.meeting, options, PACK_TITLE, notices),
        title=f"{PACK_TITLE}: {meeting_heading(request.meeting)}",
        author=request.meeting.chair,
        name="the meeting pack",
    )
    render_pdf(document, out, report, redactor=redactor, kept=kept, what="redacted meeting pack")
    report(1.0, "Meeting pack saved")
    return Path(out).absolute()
