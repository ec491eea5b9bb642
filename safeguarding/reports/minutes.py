"""The minutes of a finalised DCSM meeting: the summary and plan that go out after it.

In the order a partner reads them (domain guide: "a written summary and plan goes
out within about two working days"): the meeting, who was present and who sent
apologies; then for each item why it was on the agenda, the discussion, the
decision (with where an escalation goes) and the next review, each open action's
update, and the new actions agreed with owner agency, named lead and due date;
last, every action agreed at the meeting by agency. Every page is marked
OFFICIAL-SENSITIVE; a redacted copy replaces every recorded name. Characters no
report font has print as a placeholder and are counted where they are ("the minutes
of item 1 (Brenchley Gardens)"; :func:`~safeguarding.reports.export.paper_styles`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from safeguarding.meetings.records import MeetingItem
from safeguarding.plan.records import Action
from safeguarding.reports.export import FOOTER_PLACE, PdfDocument, paper_styles, render_pdf
from safeguarding.reports.pack import item_words, meeting_heading, page_decor, people_rows, redacted
from safeguarding.reports.page_layout import CONTENT_WIDTH
from safeguarding.reports.styles import Styles
from safeguarding.reports.tables import facts_table, grid, head_row
from safeguarding.timeutil import format_uk_date

if TYPE_CHECKING:
    from safeguarding.progress import Progress
    from safeguarding.reports.glyphs import Unprintable
    from safeguarding.workflows.meeting_papers import MinutesRequest

MINUTES_TITLE = "DCSM minutes: summary and plan"


def _owner(action: Action | None) -> str:
    return ", ".join(part for part in (action.agency_name, action.lead) if part) if action else ""


def _updates(styles: Styles, item: MeetingItem, actions: dict[str, Action]) -> list[Flowable]:
    review = item.review
    if review is None or not review.items:
        return []
    rows: list[list[Any]] = [head_row(styles, ["Open action", "Owner and lead", "Status now", "Update"])]
    for update in review.items:
        action = actions.get(update.action_id)
        rows.append(
            [
                styles.text(action.description if action else "An action no longer in the plan", "cell"),
                styles.text(_owner(action), "cell"),
                styles.text(update.status.label, "cell", bold=True),
                styles.text(update.note or "No update given.", "cell"),
            ]
        )
    widths = [CONTENT_WIDTH * 0.34, CONTENT_WIDTH * 0.22, CONTENT_WIDTH * 0.12]
    widths.append(CONTENT_WIDTH - sum(widths))
    return [styles.text("Updates on open actions", "h2", bold=True), grid(styles, rows, widths)]


def _new_actions(styles: Styles, item: MeetingItem) -> list[Flowable]:
    if not item.new_actions:
        return []
    rows: list[list[Any]] = [head_row(styles, ["New action agreed", "Owner agency", "Lead", "Due"])]
    for action in item.new_actions:
        rows.append(
            [
                [styles.text(action.description, "cell")]
                + ([styles.text(f"Measured by: {action.measure}", "label")] if action.measure else []),
                styles.text(action.agency_name, "cell"),
                styles.text(action.lead, "cell"),
                styles.text(format_uk_date(action.due_date), "cell"),
            ]
        )
    widths = [CONTENT_WIDTH * 0.46, CONTENT_WIDTH * 0.2, CONTENT_WIDTH * 0.2]
    widths.append(CONTENT_WIDTH - sum(widths))
    return [styles.text("New actions agreed", "h2", bold=True), grid(styles, rows, widths)]


def item_minutes(styles: Styles, item: MeetingItem, actions: dict[str, Action]) -> list[Flowable]:
    """One agenda item: why, discussion, decision, next review, updates and new actions."""
    styles.unprintable.place = f"the minutes of {item_words(item.position, item.location_name)}"
    why = item.why
    facts = [
        ("Why it was on the agenda", f"{why}. {item.reason_note}".strip()),
        ("Decision", item.decision_in_words),
        ("Next review", format_uk_date(item.the_next_review) if item.the_next_review else "None set"),
    ]
    heading = styles.text(f"Item {item.position}: {item.location_name}", "h1", bold=True)
    return [
        CondPageBreak(160),
        KeepTogether([heading, facts_table(styles, facts)]),
        styles.text("Discussion", "h2", bold=True),
        styles.text(item.the_discussion or "No discussion recorded.", "body"),
        *_updates(styles, item, actions),
        *_new_actions(styles, item),
        Spacer(0, 10),
    ]


def agreed_actions(styles: Styles, request: MinutesRequest) -> list[Flowable]:
    """Every action agreed at the meeting, by owner agency: the plan partners take away."""
    styles.unprintable.place = "the actions agreed at this meeting"
    agreed = [(item, action) for item in request.meeting.items for action in item.new_actions]
    parts: list[Flowable] = [CondPageBreak(160), styles.text("Actions agreed at this meeting", "h1", bold=True)]
    if not agreed:
        return [*parts, styles.text("No new actions were agreed.", "body")]
    agreed.sort(
        key=lambda pair: (pair[1].agency_name.casefold(), pair[1].lead.casefold(), pair[1].due_date or date.max)
    )
    rows: list[list[Any]] = [head_row(styles, ["Owner agency", "Lead", "Location", "Action", "Due"])]
    for item, action in agreed:
        rows.append(
            [
                styles.text(action.agency_name, "cell"),
                styles.text(action.lead, "cell"),
                styles.text(item.location_name, "cell"),
                styles.text(action.description, "cell"),
                styles.text(format_uk_date(action.due_date), "cell"),
            ]
        )
    widths = [CONTENT_WIDTH * 0.18, CONTENT_WIDTH * 0.17, CONTENT_WIDTH * 0.17, CONTENT_WIDTH * 0.34]
    widths.append(CONTENT_WIDTH - sum(widths))
    return [*parts, grid(styles, rows, widths)]


def minutes_story(styles: Styles, request: MinutesRequest) -> list[Flowable]:
    """Every flowable of the minutes, in order; each part is named on ``styles.unprintable`` while it is made."""
    meeting = request.meeting
    styles.unprintable.place = "the meeting's details and who came"
    story: list[Flowable] = [
        styles.text(MINUTES_TITLE, "title", bold=True),
        styles.text(meeting_heading(meeting), "subtitle"),
        facts_table(styles, [("Venue", meeting.venue), ("Chair", meeting.chair), *people_rows(meeting)]),
    ]
    if meeting.notes.strip():
        styles.unprintable.place = "the notes for the whole meeting"
        story += [styles.text("Notes for the whole meeting", "h2", bold=True), styles.text(meeting.notes, "body")]
    story.append(Spacer(0, 8))
    for item in meeting.items:
        story += item_minutes(styles, item, request.actions)
    story += agreed_actions(styles, request)
    return story


def export_minutes(
    request: MinutesRequest, out: Path, progress: Progress | None = None, unprintable: Unprintable | None = None
) -> Path:
    """Write the minutes PDF (see :func:`safeguarding.workflows.meeting_papers.write_minutes`)."""
    options = request.options
    report = progress or (lambda fraction, message: None)
    report(0.0, "Preparing the minutes")
    request, redactor, kept = redacted(request, options)
    styles = paper_styles(unprintable)
    story = minutes_story(styles, request)
    styles.unprintable.place = FOOTER_PLACE
    document = PdfDocument(
        story=story,
        styles=styles,
        decor=page_decor(styles, request.meeting, options, MINUTES_TITLE, []),
        title=f"{MINUTES_TITLE}: {meeting_heading(request.meeting)}",
        author=request.meeting.chair,
        name="the minutes",
    )
    render_pdf(document, out, report, redactor=redactor, kept=kept, what="redacted minutes")
    report(1.0, "Minutes saved")
    return Path(out).absolute()
