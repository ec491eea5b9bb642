"""Storage of safety goals: one side of the triangle each, with their actions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import ValidationError
from safeguarding.model import Side
from safeguarding.plan.records import SafetyGoal
from safeguarding.plan.rules import validate_goal
from safeguarding.store.plan.actions import actions_of_goal
from safeguarding.store.plan.base import PlanTables
from safeguarding.store.revisions import loaded_values, save_record
from safeguarding.timeutil import from_iso, to_iso


def goals_of(db: Database, assessment_id: str) -> list[SafetyGoal]:
    """The live safety goals of an assessment in their order, each with its actions."""
    return [
        SafetyGoal(
            id=row["id"],
            assessment_id=assessment_id,
            side=Side(row["side"]),
            statement=row["statement"],
            library_id=row["library_id"],
            position=row["position"],
            actions=actions_of_goal(db, row["id"]),
            created_at=from_iso(row["created_at"]),
            updated_at=from_iso(row["updated_at"]),
            revision=row["revision"],
        )
        for row in db.query(
            "SELECT * FROM plan_goals WHERE assessment_id = ? AND deleted_at IS NULL ORDER BY position, rowid",
            [assessment_id],
        )
    ]


def goal_values(goal: SafetyGoal) -> dict[str, Any]:
    """A goal's editable fields as stored values (``statement``, ``side``)."""
    return {"statement": goal.statement.strip(), "side": goal.side.value}


def insert_goal(db: Database, goal: SafetyGoal) -> None:
    """Insert ``goal`` (its times set) and touch its assessment; inside the caller's transaction."""
    assert goal.created_at is not None and goal.updated_at is not None
    db.table("plan_goals").insert(
        {
            "id": goal.id,
            "assessment_id": goal.assessment_id,
            "side": goal.side.value,
            "statement": goal.statement,
            "library_id": goal.library_id,
            "position": goal.position,
            "created_at": to_iso(goal.created_at),
            "updated_at": to_iso(goal.updated_at),
        }
    )
    db.table("assessments").update(goal.assessment_id, {"updated_at": to_iso(goal.updated_at)})


class PlanGoals(PlanTables):
    """The safety goals of each assessment (removed only while they have no actions)."""

    def add_goal(self, assessment_id: str, side: Side, statement: str, library_id: str = "") -> SafetyGoal:
        """Add a safety goal at the end of the assessment's goals.

        Raises:
            ValidationError, NotFoundError, StorageError.
        """
        self._require("assessments", assessment_id, "That assessment no longer exists.")
        goal = SafetyGoal(assessment_id=assessment_id, side=side, statement=statement.strip(), library_id=library_id)
        validate_goal(goal)
        rows = list(
            self._db.query("SELECT max(position) AS p FROM plan_goals WHERE assessment_id = ?", [assessment_id])
        )
        goal.position = (rows[0]["p"] if rows and rows[0]["p"] is not None else -1) + 1
        now = self._clock()
        goal.created_at = goal.updated_at = now
        self._write(lambda: insert_goal(self._db, goal))
        return goal

    def update_goal(self, goal: SafetyGoal, base: SafetyGoal | Mapping[str, Any] | None = None) -> SafetyGoal:
        """Save a goal's statement and side.

        Args:
            goal: The goal as edited.
            base: As the editor showed it: only the fields changed since are saved, never
                over another window's change (fields ``statement``, ``side``). None: write over.

        Raises:
            ValidationError, NotFoundError, StorageError.
            EditConflictError: the same field was saved differently elsewhere. Nothing was saved.
        """
        validate_goal(goal)
        self._require("plan_goals", goal.id, "That safety goal no longer exists.")
        now = self._clock()

        self._write(
            lambda: save_record(
                self._db,
                "plan_goals",
                goal.id,
                loaded_values(base, goal_values(goal), goal_values),
                goal_values(goal),
                ("statement", "side"),
                now=now,
            )
        )
        goal.updated_at = now
        return goal

    def remove_goal(self, goal_id: str) -> None:
        """Remove a goal that has no actions (kept in the file, hidden).

        Raises:
            ValidationError: if the goal has actions (cancel them instead; nothing is lost).
            NotFoundError, StorageError.
        """
        self._require("plan_goals", goal_id, "That safety goal no longer exists.")
        if list(self._db.query("SELECT id FROM plan_actions WHERE goal_id = ? LIMIT 1", [goal_id])):
            raise ValidationError(
                "This goal has actions, so it cannot be removed. Mark its actions as cancelled instead: "
                "their history stays in the plan.",
                "goal",
            )
        now = self._now()
        self._write(lambda: self._db.table("plan_goals").update(goal_id, {"deleted_at": now, "updated_at": now}))
