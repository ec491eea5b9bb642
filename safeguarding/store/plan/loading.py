"""Reading one assessment's whole plan, and what it carries from the earlier assessment."""

from __future__ import annotations

from sqlite_utils import Database

from safeguarding.model import Rating, Side
from safeguarding.plan.records import AssessmentPlan, CarriedFinding, ContextWeight, EarlierAssessment
from safeguarding.store.plan.base import assessment_day
from safeguarding.store.plan.goals import goals_of
from safeguarding.store.plan.reviews import reviews_of


def _ratings(db: Database, assessment_id: str) -> dict[Side, Rating | None]:
    ratings: dict[Side, Rating | None] = {side: None for side in Side}
    for row in db.query("SELECT side, rating FROM side_findings WHERE assessment_id = ?", [assessment_id]):
        ratings[Side(row["side"])] = Rating(row["rating"]) if row["rating"] else None
    return ratings


def earlier_assessment_id(db: Database, assessment_id: str) -> str | None:
    """The assessment this one was carried forward from, else the previous one of the same location."""
    linked = list(
        db.query(
            """
            SELECT r.earlier_assessment_id AS id FROM plan_reassessments r
            JOIN assessments e ON e.id = r.earlier_assessment_id
            WHERE r.assessment_id = ? AND e.deleted_at IS NULL
            """,
            [assessment_id],
        )
    )
    if linked:
        return str(linked[0]["id"])
    rows = list(
        db.query(
            """
            SELECT e.id FROM assessments a JOIN assessments e ON e.location_id = a.location_id
            WHERE a.id = ? AND e.deleted_at IS NULL
              AND (e.created_at < a.created_at OR (e.created_at = a.created_at AND e.rowid < a.rowid))
            ORDER BY e.created_at DESC, e.rowid DESC LIMIT 1
            """,
            [assessment_id],
        )
    )
    return str(rows[0]["id"]) if rows else None


def _earlier(db: Database, assessment_id: str) -> EarlierAssessment | None:
    earlier_id = earlier_assessment_id(db, assessment_id)
    if earlier_id is None:
        return None
    actions = [action for goal in goals_of(db, earlier_id) for action in goal.actions]
    carried = {
        row["carried_from_action_id"]
        for row in db.query(
            """
            SELECT a.carried_from_action_id FROM plan_actions a JOIN plan_goals g ON g.id = a.goal_id
            WHERE g.assessment_id = ? AND a.carried_from_action_id IS NOT NULL
            """,
            [assessment_id],
        )
    }
    reviews = [review for review in reviews_of(db, earlier_id) if review.is_final]
    return EarlierAssessment(
        id=earlier_id,
        on=assessment_day(db, earlier_id),
        ratings=_ratings(db, earlier_id),
        actions=actions,
        carried_action_ids=carried,
        last_review=max(reviews, key=lambda r: (r.meeting_date, r.finalised_at)) if reviews else None,
    )


def load_plan(db: Database, assessment_id: str) -> AssessmentPlan:
    """Load the whole plan of one assessment (empty when nothing is planned yet).

    Used by :meth:`AssessmentRepository.get` to fill ``Assessment.plan``.
    """
    weights = [
        ContextWeight(
            id=row["id"], context=row["context"], label=row["label"], weight=row["weight"], rationale=row["rationale"]
        )
        for row in db.query(
            "SELECT * FROM plan_weights WHERE assessment_id = ? ORDER BY weight DESC, position, rowid",
            [assessment_id],
        )
    ]
    carried = [
        CarriedFinding(
            side=Side(row["side"]),
            from_assessment_id=row["from_assessment_id"],
            from_date=assessment_day(db, row["from_assessment_id"]),
            rating_then=Rating(row["rating_then"]) if row["rating_then"] else None,
        )
        for row in db.query(
            "SELECT * FROM plan_carried_findings WHERE assessment_id = ? ORDER BY rowid", [assessment_id]
        )
    ]
    return AssessmentPlan(
        assessment_id=assessment_id,
        weights=weights,
        goals=goals_of(db, assessment_id),
        reviews=reviews_of(db, assessment_id),
        carried=carried,
        earlier=_earlier(db, assessment_id),
    )
