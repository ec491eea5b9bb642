"""The front sheet: one page a DCSM chair reads first about a location.

It says (domain guide, "The DCSM meeting cycle"): where the location stands, the
three place ratings now and their direction of travel since the last review, why
it is on the agenda and the decision sought, the overdue actions, the last
decision and the next review, and a small map. Every location report starts with
it and the meeting pack has one per agenda item. When the assessment changed
after the last meeting that considered it, the sheet says so ("Changed since the
DCSM of 19 November 2026: the visits, the plan").

:class:`FrontSheet` is the data (a plain record, so redaction walks it like any
other); :func:`sheet_of` makes one from an assessment alone; the store adds the
register's status and what the last meeting saw
(:func:`safeguarding.workflows.meeting_papers.read_front_sheet`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from reportlab.platypus import Flowable, Image, KeepInFrame, Spacer

from safeguarding.maps.categories import load_pin_categories
from safeguarding.maps.static import render_static_map
from safeguarding.model import Assessment, AssessmentStatus, Location, Rating, Side
from safeguarding.plan.compare import compare_ratings
from safeguarding.plan.records import Action
from safeguarding.reports.page_layout import CONTENT_HEIGHT, CONTENT_WIDTH
from safeguarding.reports.sentences import first_sentences
from safeguarding.reports.styles import OVERDUE_FILL, Styles, rating_fill
from safeguarding.reports.tables import facts_table, grid, head_row, rating_cell
from safeguarding.timeutil import format_uk_date, utc_to_local

FRONT_SHEET_TITLE = "Front sheet"
RECOMMENDATION_LIMIT = 420
"""About how many characters of the recommendation the sheet shows (whole sentences only)."""
OVERDUE_TEXT = rating_fill(Rating.RED)
"""Colour of the "changed since" line (the dark red of the red rating: readable in greyscale)."""
MAP_SIZE = (700, 440)
MAP_LEGEND = 400


@dataclass
class FrontSheet:
    """What a front sheet says about one location.

    Attributes:
        location: The location.
        assessment: Its latest assessment (None for a referral not yet assessed).
        status: Where it stands on the register, in words ("On the plan").
        ratings_then: The ratings at the last review (or the earlier assessment), if known.
        then_words: When "then" was, e.g. "at the DCSM of 19 November 2026".
        last_decision: The last decision in words with its date, "" if none.
        next_review: The next review date, if set.
        overdue: The overdue actions (with agency names).
        open_actions: How many actions are open.
        reason, reason_note, decision_sought: Why it is on a meeting's agenda, in words (pack only).
        item_number: Its number on the agenda (pack only).
        changed_since: "Changed since the DCSM of …: …" when edited after the last meeting that saw it.
    """

    location: Location
    assessment: Assessment | None
    status: str = ""
    ratings_then: dict[Side, Rating | None] | None = None
    then_words: str = ""
    last_decision: str = ""
    next_review: date | None = None
    overdue: list[Action] = field(default_factory=list)
    open_actions: int = 0
    reason: str = ""
    reason_note: str = ""
    decision_sought: str = ""
    item_number: int | None = None
    changed_since: str = ""

    @property
    def ratings_now(self) -> dict[Side, Rating | None]:
        """The place ratings of the assessment (all None without one)."""
        if self.assessment is None:
            return dict.fromkeys(Side)
        return {side: self.assessment.rating(side) for side in Side}


def status_words(assessment: Assessment | None) -> str:
    """A location's status from its assessment alone (the register's words)."""
    if assessment is None:
        return "Referred"
    return "Being assessed" if assessment.status == AssessmentStatus.DRAFT else "On the plan"


def sheet_of(location: Location, assessment: Assessment, today: date) -> FrontSheet:
    """A front sheet from the assessment alone: its plan's last review, overdue actions and the earlier ratings.

    Args:
        location: The location.
        assessment: The whole assessment (plan loaded, or None plan for an empty one).
        today: The day overdue is worked out on.
    """
    plan = assessment.plan
    sheet = FrontSheet(location, assessment, status=status_words(assessment))
    if plan is None:
        return sheet
    last = plan.last_review()
    if last is not None and last.decision is not None:
        sheet.last_decision = f"{last.decision_words} ({format_uk_date(last.meeting_date)})"
        sheet.next_review = last.next_review_date
    if plan.earlier is not None:
        sheet.ratings_then = dict(plan.earlier.ratings)
        sheet.then_words = f"at the assessment of {format_uk_date(plan.earlier.on)}"
    sheet.overdue = [action for action in plan.actions() if action.is_overdue(today)]
    sheet.open_actions = len(plan.open_actions())
    return sheet


def _ratings_table(styles: Styles, sheet: FrontSheet) -> Flowable:
    then = sheet.ratings_then
    heading = ["Side of the triangle", f"Then ({sheet.then_words})" if then is not None else "Then", "Now"]
    rows: list[list[Any]] = [head_row(styles, [*heading, "Direction of travel"])]
    extra: list[Any] = []
    for number, item in enumerate(compare_ratings(then or {}, sheet.ratings_now), start=1):
        direction = item.direction.label if then is not None else "No earlier rating"  # words: no arrow glyphs
        rows.append(
            [
                styles.text(item.side.label, "cell"),
                rating_cell(styles, item.then) if then is not None else styles.text("—", "cell"),
                rating_cell(styles, item.now),
                styles.text(direction, "cell"),
            ]
        )
        columns = ((1, item.then), (2, item.now)) if then is not None else ((2, item.now),)
        for column, rating in columns:
            extra.append(("BACKGROUND", (column, number), (column, number), rating_fill(rating)))
    widths = [CONTENT_WIDTH * 0.34, CONTENT_WIDTH * 0.22, CONTENT_WIDTH * 0.14]
    widths.append(CONTENT_WIDTH - sum(widths))
    return grid(styles, rows, widths, extra)


def _overdue_table(styles: Styles, sheet: FrontSheet) -> list[Flowable]:
    if not sheet.overdue:
        words = "No action is overdue." if sheet.assessment is not None else "No plan yet."
        return [styles.text(words, "small")]
    rows: list[list[Any]] = [head_row(styles, ["Overdue action", "Owner and lead", "Due", "Status"])]
    for action in sheet.overdue:
        rows.append(
            [
                styles.text(action.description, "cell"),
                styles.text(", ".join(part for part in (action.agency_name, action.lead) if part), "cell"),
                styles.text(format_uk_date(action.due_date), "cell"),
                styles.text(f"Overdue (last marked {action.status.label.lower()})", "cell"),
            ]
        )
    widths = [CONTENT_WIDTH * 0.46, CONTENT_WIDTH * 0.26, CONTENT_WIDTH * 0.12]
    widths.append(CONTENT_WIDTH - sum(widths))
    return [grid(styles, rows, widths, [("BACKGROUND", (3, 1), (3, -1), OVERDUE_FILL)])]


def _small_map(sheet: FrontSheet) -> list[Flowable]:
    """A small map of the place (boundary and pins), or nothing when there is no point to show."""
    loc, assessment = sheet.location, sheet.assessment
    centre = (loc.latitude, loc.longitude) if loc.latitude is not None and loc.longitude is not None else None
    pins = assessment.pins if assessment else []
    boundary = assessment.boundary if assessment else []
    figure = render_static_map(
        pins, boundary, load_pin_categories(), centre=centre, size=MAP_SIZE, legend_width=MAP_LEGEND
    )
    if figure is None:
        return []
    height = CONTENT_WIDTH * figure.image.height / figure.image.width
    return [Spacer(0, 4), Image(figure.pixels(), width=CONTENT_WIDTH, height=height)]


def front_sheet(styles: Styles, sheet: FrontSheet, generated_at: datetime, *, notice: str = "") -> list[Flowable]:
    """The front sheet as one page of flowables (shrunk to fit rather than spilling onto a second page).

    Args:
        styles: The document's styles.
        sheet: What it says.
        generated_at: When the paper is made (aware UTC): overdue and "today" are as on that day.
        notice: A line under the title, e.g. "As considered by the DCSM of 19 November 2026".
    """
    loc = sheet.location
    title = f"Item {sheet.item_number}: {loc.name}" if sheet.item_number is not None else loc.name
    facts: list[tuple[str, str]] = []
    if sheet.reason:
        facts.append(("Why it is on the agenda", f"{sheet.reason}. {sheet.reason_note}".strip()))
        facts.append(("Decision sought", sheet.decision_sought))
    assessment = sheet.assessment
    lead = ""
    if assessment is not None:
        lead = ", ".join(part for part in (assessment.assessor_agency, assessment.assessor_name) if part)
    facts += [
        ("Ward and district", ", ".join(part for part in (loc.ward, loc.district) if part)),
        ("Status", sheet.status),
        ("Lead agency and worker", lead),
        ("Last decision", sheet.last_decision or "No decision recorded yet"),
        ("Next review", format_uk_date(sheet.next_review) if sheet.next_review else "Not set"),
        ("Open actions", f"{sheet.open_actions} open, {len(sheet.overdue)} overdue"),
    ]
    if assessment is not None and not sheet.reason:
        recommendation, more = first_sentences(assessment.recommendation, RECOMMENDATION_LIMIT)
        facts.append(("Recommendation to the DCSM", recommendation + (" (continued in the report)" if more else "")))
    content: list[Flowable] = [
        styles.text(FRONT_SHEET_TITLE, "label"),
        styles.text(title, "title", bold=True),
    ]
    if notice:
        content.append(styles.text(notice, "intro", bold=True))
    if sheet.changed_since:
        content.append(styles.text(sheet.changed_since, styles.style("intro", textColor=OVERDUE_TEXT), bold=True))
    day = utc_to_local(generated_at).date()
    content += [
        facts_table(styles, facts),
        styles.text("Place ratings and direction of travel", "h2", bold=True),
        styles.text(
            "A place rating says how safe the place is for young people on that side; "
            "it is not the status of an action.",
            "label",
        ),
        _ratings_table(styles, sheet),
        styles.text(f"Overdue actions (as on {format_uk_date(day)})", "h2", bold=True),
        *_overdue_table(styles, sheet),
        *_small_map(sheet),
    ]
    return [KeepInFrame(CONTENT_WIDTH, CONTENT_HEIGHT - 4, content, mode="shrink")]
