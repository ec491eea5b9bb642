"""Across locations: overdue actions and DCSM reviews due, read from every live plan."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from safeguarding.plan.attention import AttentionItem, OpenAction, PlanContext, needs_attention
from safeguarding.plan.records import ActionStatus, Decision, Review
from safeguarding.store.plan.base import PlanTables
from safeguarding.timeutil import date_from_iso

_STATUSES = {status.value: status for status in ActionStatus}
"""Each stored status text and its status (a dictionary look-up per row: thousands are read at once)."""


class PlanAttention(PlanTables):
    """What needs attention across all locations."""

    def attention(self, today: date | None = None) -> list[AttentionItem]:
        """What needs attention across all (unarchived) locations, most urgent first.

        Overdue open actions of every live plan (an action carried into a later
        assessment counts only once, as the later copy), and each location's next
        DCSM review when it is due within four weeks or has passed.

        Args:
            today: The date to judge by (default: today from the clock).
        """
        today = today or self.today()
        contexts: dict[str, PlanContext] = {}  # one per assessment, shared by its actions
        actions: list[OpenAction] = []
        # One query for the candidates, read as plain rows as far as the rule needs (see ``needs_attention``).
        for (
            action_id,
            description,
            lead,
            due_date,
            status,
            agency_name,
            location_id,
            location_name,
            assessment_id,
        ) in self._db.execute(
            """
            SELECT a.id, a.description, a.lead, a.due_date, a.status,
                   ag.name, l.id, l.name, s.id
            FROM plan_actions a JOIN plan_goals g ON g.id = a.goal_id
            JOIN assessments s ON s.id = g.assessment_id JOIN locations l ON l.id = s.location_id
            LEFT JOIN plan_agencies ag ON ag.id = a.agency_id
            WHERE g.deleted_at IS NULL AND s.deleted_at IS NULL AND l.archived = 0
              AND a.status IN ('not_started', 'on_track', 'at_risk')
              AND a.due_date < ?  -- ISO dates: only those that can be overdue are read (the rule decides)
              AND NOT EXISTS (
                SELECT 1 FROM plan_actions n JOIN plan_goals ng ON ng.id = n.goal_id
                JOIN assessments ns ON ns.id = ng.assessment_id
                WHERE n.carried_from_action_id = a.id AND ns.deleted_at IS NULL)
            """,
            [today.isoformat()],
        ):
            where = contexts.get(assessment_id)
            if where is None:
                where = contexts[assessment_id] = PlanContext(location_id, location_name, assessment_id)
            actions.append(
                OpenAction(
                    where, description, agency_name or "", lead, date_from_iso(due_date), _STATUSES[status], action_id
                )
            )
        latest: dict[str, tuple[PlanContext, Review]] = {}
        for row in self._db.query(
            """
            SELECT r.id, r.assessment_id, r.meeting_date, r.decision, r.next_review_date,
                   l.id AS location_id, l.name AS location_name
            FROM plan_reviews r JOIN assessments s ON s.id = r.assessment_id
            JOIN locations l ON l.id = s.location_id
            WHERE r.finalised_at IS NOT NULL AND s.deleted_at IS NULL AND l.archived = 0
            ORDER BY r.meeting_date, r.finalised_at
            """
        ):
            where = PlanContext(row["location_id"], row["location_name"], row["assessment_id"])
            review = Review(  # the dates and decision the rule reads; not its items
                row["assessment_id"],
                meeting_date=date.fromisoformat(row["meeting_date"]),
                decision=Decision(row["decision"]) if row["decision"] else None,
                next_review_date=date_from_iso(row["next_review_date"]),
                id=row["id"],
            )
            latest[where.location_id] = (where, review)  # ordered, so the last one wins
        current = self._current_assessments()
        due = [
            (replace(where, assessment_id=current.get(where.location_id, where.assessment_id)), review)
            for where, review in latest.values()
            if review.decision != Decision.CLOSE
        ]
        return needs_attention(actions, due, today)

    def _current_assessments(self) -> dict[str, str]:
        """Each location's id with its newest assessment's id (deleted ones left out), in one query."""
        rows = self._db.execute(
            "SELECT location_id, id FROM assessments WHERE deleted_at IS NULL ORDER BY created_at, rowid"
        )
        return dict(rows.fetchall())  # ordered, so the newest of each location wins
