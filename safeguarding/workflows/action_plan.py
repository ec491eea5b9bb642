"""The action plan as CSV, for partner agencies that track actions elsewhere.

UTF-8 without a byte-order mark, comma-separated, one header row, dates as ISO
8601 (``YYYY-MM-DD``); written owner-only and atomically (a temporary file moved
into place), so a failure never leaves half a file or destroys an earlier export.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from safeguarding.model import Assessment, Location
from safeguarding.plan.records import AssessmentPlan
from safeguarding.private_files import write_private_atomically
from safeguarding.timeutil import utc_to_local

HEADERS = (
    "Location",
    "Assessment start date",
    "Side of the triangle",
    "Safety goal",
    "Action",
    "Owner agency",
    "Lead",
    "Due date",
    "How success will be measured",
    "Status",
    "Overdue",
    "Carried forward from assessment of",
    "Last update date",
    "Last update",
    "Action id",
)


def action_plan_rows(location: Location, assessment: Assessment, plan: AssessmentPlan, today: date) -> list[list[str]]:
    """Return the CSV rows (header first): one row per action, in goal order.

    Args:
        today: The local date that decides the derived "Overdue" column.
    """
    rows: list[list[str]] = [list(HEADERS)]
    start = assessment.start_date.isoformat() if assessment.start_date else ""
    for goal in plan.goals:
        for action in goal.actions:
            last = action.history[-1] if action.history else None
            last_day = ""
            if last is not None:
                last_day = (last.happened_on or utc_to_local(last.at).date()).isoformat()
            rows.append(
                [
                    location.name,
                    start,
                    goal.side.label,
                    goal.statement,
                    action.description,
                    action.agency_name,
                    action.lead,
                    action.due_date.isoformat() if action.due_date else "",
                    action.measure,
                    action.status.label,
                    "Yes" if action.is_overdue(today) else "No",
                    action.carried_from_date.isoformat() if action.carried_from_date else "",
                    last_day,
                    last.note if last is not None else "",
                    action.id,
                ]
            )
    return rows


def write_action_plan_csv(
    path: Path, location: Location, assessment: Assessment, plan: AssessmentPlan, today: date
) -> Path:
    """Write the action plan of one assessment as CSV.

    Returns:
        ``path`` as an absolute path.

    Raises:
        ExportError: if the file cannot be written (message in plain English);
            an existing file at ``path`` is left untouched.
    """
    path = Path(path).absolute()
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(action_plan_rows(location, assessment, plan, today))
    return write_private_atomically(path, buffer.getvalue(), what="the action plan")
