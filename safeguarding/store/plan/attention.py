"""Across locations: overdue actions and DCSM reviews due, read from every live plan."""

from __future__ import annotations

from datetime import date

from safeguarding.plan.attention import AttentionItem, PlanContext, needs_attention
from safeguarding.plan.records import Action, ActionStatus, Decision, Review
from safeguarding.store.plan.base import PlanTables
from safeguarding.timeutil import date_from_iso


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
        contexts: dict[str, PlanContext] = {}  # one per assessment, shared by its rows
        actions: list[tuple[PlanContext, Action]] = []
        # The candidates, read as far as the rule needs (no history: see ``needs_attention``), as plain rows;
        # from the locations down (their indexes), which reads each assessment row only once.
        for (
            action_id,
            goal_id,
            description,
            agency_id,
            lead,
            due_date,
            status,
            agency_name,
            location_id,
            location_name,
            assessment_id,
        ) in self._db.execute(
            """
            SELECT a.id, a.goal_id, a.description, a.agency_id, a.lead, a.due_date, a.status,
                   ag.name, l.id, l.name, s.id
            FROM locations l CROSS JOIN assessments s ON s.location_id = l.id
            CROSS JOIN plan_goals g ON g.assessment_id = s.id CROSS JOIN plan_actions a ON a.goal_id = g.id
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
            action = Action(
                goal_id,
                description,
                agency_id,
                agency_name=agency_name or "",
                lead=lead,
                due_date=date_from_iso(due_date),
                status=ActionStatus(status),
                id=action_id,
            )
            actions.append((where, action))
        due: list[tuple[PlanContext, Review]] = []
        # Each location's last finalised review (by meeting date, then finalising), shown against the
        # location's newest assessment (deleted ones left out): one row per location.
        for (
            review_id,
            assessment_id,
            meeting_date,
            decision,
            next_review,
            location_id,
            location_name,
            current,
        ) in self._db.execute(
            """
                SELECT r.id, r.assessment_id, r.meeting_date, r.decision, r.next_review_date, r.location_id,
                       r.location_name,
                       (SELECT c.id FROM assessments c WHERE c.location_id = r.location_id AND c.deleted_at IS NULL
                        ORDER BY c.created_at DESC, c.rowid DESC LIMIT 1)
                FROM (
                    SELECT r.id, r.assessment_id, r.meeting_date, r.decision, r.next_review_date,
                           l.id AS location_id, l.name AS location_name,
                           ROW_NUMBER() OVER (
                               PARTITION BY l.id ORDER BY r.meeting_date DESC, r.finalised_at DESC
                           ) AS newest
                    FROM plan_reviews r JOIN assessments s ON s.id = r.assessment_id
                    JOIN locations l ON l.id = s.location_id
                    WHERE r.finalised_at IS NOT NULL AND s.deleted_at IS NULL AND l.archived = 0
                ) AS r
                WHERE r.newest = 1
                """
        ):
            review = Review(  # the dates and decision the rule reads; not its items
                assessment_id,
                meeting_date=date.fromisoformat(meeting_date),
                decision=Decision(decision) if decision else None,
                next_review_date=date_from_iso(next_review),
                id=review_id,
            )
            if review.decision != Decision.CLOSE:
                due.append((PlanContext(location_id, location_name, current or assessment_id), review))
        return needs_attention(actions, due, today)
