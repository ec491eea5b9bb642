"""The action tracker on paper: every action across locations, grouped by owner agency, then named lead.

Each agency starts with its name as a heading, each lead as a sub-heading kept
with the first rows of their actions; the status is in words ("Overdue (last
marked at risk)"), never colour alone.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether

from safeguarding.meetings.tracker import TrackerRow, grouped
from safeguarding.reports.page_layout import CONTENT_WIDTH
from safeguarding.reports.styles import OVERDUE_FILL, Styles
from safeguarding.reports.tables import grid, head_row
from safeguarding.timeutil import format_uk_date

TRACKER_TITLE = "Action tracker"
_HEADINGS = ["Location", "Action", "Due", "Status", "Last update"]


def _rows(styles: Styles, rows: list[TrackerRow]) -> tuple[list[list[Any]], list[Any]]:
    data: list[list[Any]] = [head_row(styles, _HEADINGS)]
    extra: list[Any] = []
    for row in rows:
        update = f"{format_uk_date(row.last_update_on)}: {row.last_update}" if row.last_update_on else row.last_update
        data.append(
            [
                styles.text(row.location_name, "cell"),
                [styles.text(row.description, "cell"), styles.text(f"Goal: {row.goal}", "label")],
                styles.text(format_uk_date(row.due_date) or "No date", "cell"),
                styles.text(row.status_words, "cell", bold=row.overdue),
                styles.text(update or "No update recorded.", "cell"),
            ]
        )
        if row.overdue:
            extra.append(("BACKGROUND", (3, len(data) - 1), (3, len(data) - 1), OVERDUE_FILL))
    return data, extra


def tracker_section(
    styles: Styles, rows: list[TrackerRow], today: date, *, title: str = TRACKER_TITLE
) -> list[Flowable]:
    """The tracker's pages: a heading, how to read it, then a table per agency and lead."""
    parts: list[Flowable] = [styles.text(title, "h1", bold=True)]
    overdue = sum(1 for row in rows if row.overdue)
    parts.append(
        styles.text(
            f"{len(rows)} actions across locations, grouped by owner agency and named lead; {overdue} overdue "
            f"as on {format_uk_date(today)} ('Overdue' is worked out from the due date on that day).",
            "intro",
        )
    )
    if not rows:
        return [*parts, styles.text("No open actions.", "body")]
    widths = [CONTENT_WIDTH * 0.16, CONTENT_WIDTH * 0.36, CONTENT_WIDTH * 0.12, CONTENT_WIDTH * 0.14]
    widths.append(CONTENT_WIDTH - sum(widths))
    for agency, leads in grouped(rows):
        count = sum(len(lead_rows) for _, lead_rows in leads)
        parts.append(CondPageBreak(90))
        parts.append(styles.text(f"{agency} ({count})", "h2", bold=True))
        for lead, lead_rows in leads:
            data, extra = _rows(styles, lead_rows)
            table = grid(styles, data, widths, extra)
            heading = styles.text(f"Lead: {lead}", "label", bold=True)
            if len(lead_rows) <= 6:
                parts.append(KeepTogether([heading, table]))
            else:  # a long list splits across pages; its heading keeps room for the first rows
                parts += [CondPageBreak(80), heading, table]
    return parts
