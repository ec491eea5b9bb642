"""Storage of what a reassessment carries forward from the earlier assessment's plan.

Called by :func:`safeguarding.workflows.reassess.reassess` inside its transaction:
nothing here commits on its own.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from safeguarding.model import Rating, Side, new_id
from safeguarding.plan.records import AssessmentPlan, UpdateKind
from safeguarding.store.plan.actions import action_row
from safeguarding.store.plan.base import PlanTables
from safeguarding.store.plan.goals import insert_goal
from safeguarding.timeutil import format_uk_date, to_iso


class PlanCarried(PlanTables):
    """Marks carried write-ups, and carries the open goals and actions into a reassessment."""

    def record_carried_finding(
        self, assessment_id: str, side: Side, from_assessment_id: str, rating_then: Rating | None, at: datetime
    ) -> None:
        """Record that ``side`` of ``assessment_id`` was carried from ``from_assessment_id`` (rated ``rating_then``).

        Inside the caller's transaction.
        """
        self._db.table("plan_carried_findings").insert(
            {
                "assessment_id": assessment_id,
                "side": side.value,
                "from_assessment_id": from_assessment_id,
                "rating_then": rating_then.value if rating_then else None,
                "created_at": to_iso(at),
            }
        )

    def carry_forward(
        self, earlier: AssessmentPlan, earlier_day: date | None, into_id: str, start: date, now: datetime
    ) -> None:
        """Link the reassessment ``into_id`` to ``earlier`` and copy the goals that have open actions, and those.

        Each carried action is linked to the one it continues (its history comes
        with it), and both gain a "carried" history row dated ``start``. Inside the
        caller's transaction.

        Args:
            earlier: The earlier assessment's whole plan.
            earlier_day: The earlier assessment's day (for the history notes).
            into_id: The new assessment.
            start: The new assessment's start date.
            now: The time of the reassessment (UTC).
        """
        self._db.table("plan_reassessments").insert(
            {"assessment_id": into_id, "earlier_assessment_id": earlier.assessment_id, "created_at": to_iso(now)}
        )
        note_in = f"Carried forward from the assessment of {format_uk_date(earlier_day)}."
        note_out = f"Carried forward into the reassessment starting {format_uk_date(start)}."
        for position, goal in enumerate(g for g in earlier.goals if any(a.status.is_open for a in g.actions)):
            copy = replace(goal, id=new_id(), assessment_id=into_id, position=position, created_at=now, updated_at=now)
            insert_goal(self._db, copy)
            for index, action in enumerate(a for a in goal.actions if a.status.is_open):
                carried = replace(action, id=new_id(), goal_id=copy.id, carried_from_action_id=action.id)
                self._db.table("plan_actions").insert(
                    {
                        "id": carried.id,
                        "goal_id": copy.id,
                        **action_row(carried),
                        "carried_from_action_id": action.id,
                        "position": index,
                        "created_at": to_iso(now),
                        "updated_at": to_iso(now),
                    }
                )
                self._append(action.id, UpdateKind.CARRIED, action.status, note=note_out, happened_on=start)
                self._append(carried.id, UpdateKind.CARRIED, action.status, note=note_in, happened_on=start)
