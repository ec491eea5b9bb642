"""Across locations: overdue actions and DCSM reviews due, read from every live plan."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from safeguarding.plan.attention import AttentionItem, PlanContext, needs_attention
from safeguarding.plan.records import Action, Decision, Review
from safeguarding.store.plan.actions import load_action
from safeguarding.store.plan.base import PlanTables
from safeguarding.store.plan.reviews import review_from_row


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
        actions: list[tuple[PlanContext, Action]] = []
        for row in self._db.query(
            """
            SELECT a.id, a.goal_id, l.id AS location_id, l.name AS location_name, s.id AS assessment_id
            FROM plan_actions a JOIN plan_goals g ON g.id = a.goal_id
            JOIN assessments s ON s.id = g.assessment_id JOIN locations l ON l.id = s.location_id
            WHERE g.deleted_at IS NULL AND s.deleted_at IS NULL AND l.archived = 0
              AND a.status IN ('not_started', 'on_track', 'at_risk')
              AND NOT EXISTS (
                SELECT 1 FROM plan_actions n JOIN plan_goals ng ON ng.id = n.goal_id
                JOIN assessments ns ON ns.id = ng.assessment_id
                WHERE n.carried_from_action_id = a.id AND ns.deleted_at IS NULL)
            """
        ):
            where = PlanContext(row["location_id"], row["location_name"], row["assessment_id"])
            actions.append((where, load_action(self._db, row["id"])))
        reviews: list[tuple[PlanContext, Review]] = []
        for row in self._db.query(
            """
            SELECT r.*, l.id AS location_id, l.name AS location_name
            FROM plan_reviews r JOIN assessments s ON s.id = r.assessment_id
            JOIN locations l ON l.id = s.location_id
            WHERE r.finalised_at IS NOT NULL AND s.deleted_at IS NULL AND l.archived = 0
            ORDER BY r.meeting_date, r.finalised_at
            """
        ):
            where = PlanContext(row["location_id"], row["location_name"], row["assessment_id"])
            reviews.append((where, review_from_row(self._db, row)))
        latest: dict[str, tuple[PlanContext, Review]] = {}
        for where, review in reviews:
            latest[where.location_id] = (where, review)  # ordered, so the last one wins
        due = [
            (self._current_assessment(where), review)
            for where, review in latest.values()
            if review.decision != Decision.CLOSE
        ]
        return needs_attention(actions, due, today)

    def _current_assessment(self, where: PlanContext) -> PlanContext:
        rows = list(
            self._db.query(
                "SELECT id FROM assessments WHERE location_id = ? AND deleted_at IS NULL "
                "ORDER BY created_at DESC, rowid DESC LIMIT 1",
                [where.location_id],
            )
        )
        return replace(where, assessment_id=rows[0]["id"]) if rows else where
