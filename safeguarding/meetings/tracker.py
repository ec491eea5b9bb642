"""The action tracker: every open action across locations, grouped by owner agency and named lead.

Partners read it before the meeting ("the previous meeting's action log") and
take it into their own systems as CSV (UTF-8 with a byte-order mark so Excel reads
it, ISO dates, one action a row). Overdue is derived from the due date on the day
the tracker is made, as everywhere.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from safeguarding.plan.records import OVERDUE_LABEL, ActionStatus

NO_AGENCY = "No owner agency"
NO_LEAD = "No named lead"

CSV_COLUMNS = (
    "Owner agency",
    "Lead",
    "Location",
    "Safety goal",
    "Action",
    "Due date",
    "Status",
    "Overdue",
    "Last update date",
    "Last update",
    "Action id",
)


@dataclass
class TrackerRow:
    """One action on the tracker.

    Attributes:
        agency, lead: Who owns it.
        location_id, location_name: Where.
        assessment_id, action_id: Which record.
        goal: The safety goal it serves.
        description: What will be done.
        due_date: When it is due.
        status: Its plan status.
        overdue: Open and past its due date on the tracker's day.
        last_update_on, last_update: Its latest note (progress or a review's update), if any.
    """

    agency: str
    lead: str
    location_id: str
    location_name: str
    assessment_id: str
    action_id: str
    goal: str
    description: str
    due_date: date | None
    status: ActionStatus
    overdue: bool
    last_update_on: date | None = None
    last_update: str = ""

    @property
    def status_words(self) -> str:
        """E.g. "On track" or "Overdue (last marked at risk)"."""
        return f"{OVERDUE_LABEL} (last marked {self.status.label.lower()})" if self.overdue else self.status.label


def _key(text: str, empty: str) -> str:
    return text.strip() or empty


def grouped(rows: Iterable[TrackerRow]) -> list[tuple[str, list[tuple[str, list[TrackerRow]]]]]:
    """Rows grouped by agency, then lead (both alphabetical, any case), each lead's actions by due date.

    Returns:
        ``[(agency, [(lead, [rows])])]``.
    """
    ordered = sorted(
        rows,
        key=lambda row: (
            _key(row.agency, NO_AGENCY).casefold(),
            _key(row.lead, NO_LEAD).casefold(),
            row.due_date or date.max,
            row.location_name.casefold(),
        ),
    )
    result = []
    for _agency, by_agency in groupby(ordered, key=lambda row: _key(row.agency, NO_AGENCY).casefold()):
        agency_rows = list(by_agency)
        leads = [
            (_key(lead_rows[0].lead, NO_LEAD), lead_rows)
            for _, group in groupby(agency_rows, key=lambda row: _key(row.lead, NO_LEAD).casefold())
            for lead_rows in [list(group)]
        ]
        result.append((_key(agency_rows[0].agency, NO_AGENCY), leads))
    return result


def tracker_csv(rows: Iterable[TrackerRow]) -> str:
    """The tracker as CSV text (grouped order, ISO dates, "yes"/"no" for overdue)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for agency, leads in grouped(rows):
        for lead, lead_rows in leads:
            for row in lead_rows:
                writer.writerow(
                    [
                        agency,
                        lead,
                        row.location_name,
                        row.goal,
                        row.description,
                        row.due_date.isoformat() if row.due_date else "",
                        row.status_words,
                        "yes" if row.overdue else "no",
                        row.last_update_on.isoformat() if row.last_update_on else "",
                        row.last_update,
                        row.action_id,
                    ]
                )
    return out.getvalue()
