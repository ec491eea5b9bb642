"""Export an assessment's action plan as CSV: the one way the command line and the window both do it.

For partner agencies that track actions elsewhere. Two steps, like the report
(:mod:`safeguarding.workflows.export`): :func:`read_action_plan` reads the plan from the
open store, :func:`write_action_plan` writes it; the caller then records the file in the
sharing log (:func:`safeguarding.workflows.sharing_log.record_export`, kind ``"action_plan"``).

UTF-8 without a byte-order mark, comma-separated, one header row, dates as ISO
8601 (``YYYY-MM-DD``); written owner-only and atomically (a temporary file moved
into place), so a failure never leaves half a file or destroys an earlier export.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from safeguarding.file_names import export_file_name
from safeguarding.model import Assessment, Location
from safeguarding.plan.records import AssessmentPlan
from safeguarding.private_files import write_private_atomically
from safeguarding.timeutil import utc_to_local

if TYPE_CHECKING:
    from safeguarding.store import Store

SHARING_KIND = "action_plan"
"""The action plan's code in the sharing log (:data:`safeguarding.protection.sharing.KINDS`)."""

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


@dataclass(frozen=True)
class ActionPlanRequest:
    """Everything the action plan CSV of one assessment is written from, read from the store.

    Attributes:
        location: The assessed place.
        assessment: The assessment whose plan it is.
        plan: Its goals and actions (with their history).
        today: The local date that decides the "Overdue" column (the store's clock).
    """

    location: Location
    assessment: Assessment
    plan: AssessmentPlan
    today: date

    def suggested_name(self) -> str:
        """The file name offered: the place, "action plan" and today (see :func:`export_file_name`)."""
        return export_file_name(self.location.name, "action plan", ".csv", day=self.today)

    def description(self) -> str:
        """What the file is, in words, for the person asked for whom it is."""
        return f"The action plan of {self.location.name} (CSV)."


def read_action_plan(store: Store, assessment_id: str) -> ActionPlanRequest:
    """Read the action plan of ``assessment_id`` from the open ``store`` (on the store's thread).

    Raises:
        NotFoundError: no such assessment (or its location is gone).
        StorageError: the database cannot be read.
    """
    assessment = store.assessments.get(assessment_id)
    location = store.locations.get(assessment.location_id)
    plan = assessment.plan or store.plan.load(assessment_id)
    return ActionPlanRequest(location, assessment, plan, store.plan.today())


def write_action_plan(request: ActionPlanRequest, out: Path) -> Path:
    """Write the action plan CSV of ``request`` at ``out`` in one step (:func:`write_action_plan_csv`).

    Returns:
        ``out`` as an absolute path.

    Raises:
        ExportError: the file cannot be written (an existing file is left as it was).
    """
    return write_action_plan_csv(out, request.location, request.assessment, request.plan, request.today)
