"""Across locations: overdue actions and DCSM reviews due, read from every live plan."""

from __future__ import annotations

from datetime import date

from safeguarding.plan.attention import REVIEW_HORIZON, AttentionItem, OpenAction, PlanContext, needs_attention
from safeguarding.plan.records import ActionStatus, Decision
from safeguarding.store.plan.base import PlanTables

_STATUSES = {status.value: status for status in ActionStatus}
"""Each stored status text and its status (a dictionary look-up per row: thousands are read at once)."""


class PlanAttention(PlanTables):
    """What needs attention across all locations."""

    def attention(self, today: date | None = None) -> list[AttentionItem]:
        """What needs attention across all (unarchived) locations, most urgent first.

        Overdue open actions of every live plan (an action carried into a later
        assessment counts only once, as the later copy), and each location's next
        DCSM review when it is due within four weeks or has passed.

        Two queries read only the candidates, as plain rows (issue 14: 2,000 actions
        and 500 locations in well under 30 ms, most of it building rows in Python).

        Args:
            today: The date to judge by (default: today from the clock).
        """
        today = today or self.today()
        contexts: dict[str, PlanContext] = {}  # one per assessment, shared by its actions
        actions: list[OpenAction] = []
        parse = date.fromisoformat
        statuses = _STATUSES
        # The candidates, read as plain rows as far as the rule needs (see ``needs_attention``).
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
        ).fetchall():
            where = contexts.get(assessment_id)
            if where is None:
                where = contexts[assessment_id] = PlanContext(location_id, location_name, assessment_id)
            actions.append(
                OpenAction(where, description, agency_name or "", lead, parse(due_date), statuses[status], action_id)
            )
        return needs_attention(actions, self._next_reviews(today + REVIEW_HORIZON), today)

    def _next_reviews(self, until: date) -> list[tuple[PlanContext, date]]:
        """Each location's next DCSM review on or before ``until``, where the plan goes on, in one query.

        The next review is that of the location's latest finalised review (by meeting date,
        then when it was finalised); none if that review closed the plan. The review is
        shown against the location's current assessment (its newest live one), which a
        reassessment after the meeting makes a later one than the reviewed assessment.
        Reviews further off than ``until`` are not read: they cannot be due.
        """
        rows = self._db.execute(
            """
            SELECT location_id, location_name, next_review_date, decision, assessment_id,
                   (SELECT c.id FROM assessments c WHERE c.location_id = latest.location_id AND c.deleted_at IS NULL
                    ORDER BY c.created_at DESC, c.rowid DESC LIMIT 1)
            FROM (
                SELECT l.id AS location_id, l.name AS location_name, r.next_review_date, r.decision, r.assessment_id,
                       row_number() OVER (
                           PARTITION BY l.id ORDER BY r.meeting_date DESC, r.finalised_at DESC
                       ) AS newest
                FROM plan_reviews r JOIN assessments s ON s.id = r.assessment_id
                JOIN locations l ON l.id = s.location_id
                WHERE r.finalised_at IS NOT NULL AND s.deleted_at IS NULL AND l.archived = 0
            ) AS latest
            WHERE newest = 1 AND next_review_date IS NOT NULL AND next_review_date <= ?
              AND (decision IS NULL OR decision <> ?)
            """,
            [until.isoformat(), Decision.CLOSE.value],
        ).fetchall()
        parse = date.fromisoformat
        return [
            (PlanContext(location_id, location_name, current or reviewed), parse(next_review))
            for location_id, location_name, next_review, _decision, reviewed, current in rows
        ]
