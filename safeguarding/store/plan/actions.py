"""Storage of actions and their history: never deleted (cancelled instead), every change kept."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import NotFoundError, ValidationError
from safeguarding.plan.records import Action, ActionStatus, ActionUpdate, UpdateKind
from safeguarding.plan.rules import validate_action
from safeguarding.store.plan.base import PlanTables, assessment_day
from safeguarding.store.revisions import apply_changes, changes_between, connection_actor, loaded_values
from safeguarding.timeutil import date_from_iso, date_to_iso, from_iso, to_iso


def _update_from_row(row: dict[str, Any]) -> ActionUpdate:
    return ActionUpdate(
        id=row["id"],
        action_id=row["action_id"],
        kind=UpdateKind(row["kind"]),
        at=from_iso(row["at_utc"]),
        happened_on=date_from_iso(row["happened_on"]),
        status=ActionStatus(row["status"]),
        note=row["note"],
        changes=json.loads(row["changes"]),
        author=row["author"],
        review_id=row["review_id"],
    )


def _history(db: Database, action_id: str, carried_from: str | None) -> list[ActionUpdate]:
    """The action's history, preceded by the history of the actions it was carried from."""
    own = [
        _update_from_row(row)
        for row in db.query("SELECT * FROM plan_action_updates WHERE action_id = ? ORDER BY at_utc, rowid", [action_id])
    ]
    if carried_from is None:
        return own
    rows = list(db.query("SELECT carried_from_action_id FROM plan_actions WHERE id = ?", [carried_from]))
    earlier = _history(db, carried_from, rows[0]["carried_from_action_id"] if rows else None)
    return earlier + own


def actions_of_goal(db: Database, goal_id: str) -> list[Action]:
    """The actions of one goal in their order, each with its whole history and where it was carried from or into."""
    actions = []
    for row in db.query(
        """
        SELECT a.*, g.name AS agency_name,
               (SELECT p.assessment_id FROM plan_goals p JOIN plan_actions c ON c.goal_id = p.id
                WHERE c.id = a.carried_from_action_id) AS carried_from_assessment,
               (SELECT p.assessment_id FROM plan_actions n JOIN plan_goals p ON n.goal_id = p.id
                JOIN assessments s ON s.id = p.assessment_id
                WHERE n.carried_from_action_id = a.id AND s.deleted_at IS NULL
                ORDER BY n.created_at DESC LIMIT 1) AS carried_into_assessment
        FROM plan_actions a LEFT JOIN plan_agencies g ON g.id = a.agency_id
        WHERE a.goal_id = ?
        ORDER BY a.position, a.created_at, a.rowid
        """,
        [goal_id],
    ):
        actions.append(
            Action(
                id=row["id"],
                goal_id=goal_id,
                description=row["description"],
                agency_id=row["agency_id"],
                agency_name=row["agency_name"] or "",
                lead=row["lead"],
                due_date=date_from_iso(row["due_date"]),
                measure=row["measure"],
                status=ActionStatus(row["status"]),
                carried_from_action_id=row["carried_from_action_id"],
                carried_from_date=(
                    assessment_day(db, row["carried_from_assessment"]) if row["carried_from_assessment"] else None
                ),
                carried_into_date=(
                    assessment_day(db, row["carried_into_assessment"]) if row["carried_into_assessment"] else None
                ),
                history=_history(db, row["id"], row["carried_from_action_id"]),
                created_at=from_iso(row["created_at"]),
                updated_at=from_iso(row["updated_at"]),
                revision=row["revision"],
            )
        )
    return actions


def load_action(db: Database, action_id: str) -> Action:
    """Return one action with its history.

    Raises:
        NotFoundError: if there is no such action.
    """
    rows = list(db.query("SELECT goal_id FROM plan_actions WHERE id = ?", [action_id]))
    if not rows:
        raise NotFoundError("That action no longer exists.")
    return next(a for a in actions_of_goal(db, rows[0]["goal_id"]) if a.id == action_id)


def action_row(action: Action) -> dict[str, Any]:
    """The stored columns of ``action`` that an edit may change."""
    return {
        "description": action.description.strip(),
        "agency_id": action.agency_id,
        "lead": action.lead.strip(),
        "due_date": date_to_iso(action.due_date),
        "measure": action.measure.strip(),
        "status": action.status.value,
    }


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, ActionStatus):
        return value.label
    return str(value)


class PlanActions(PlanTables):
    """Actions under each goal; every change appends to the action's history."""

    def _agency_name(self, agency_id: str | None) -> str:
        if not agency_id:
            return ""
        rows = list(self._db.query("SELECT name FROM plan_agencies WHERE id = ?", [agency_id]))
        return str(rows[0]["name"]) if rows else ""

    def _assessment_of_goal(self, goal_id: str) -> str:
        row = self._require("plan_goals", goal_id, "That safety goal no longer exists.")
        return str(row["assessment_id"])

    def add_action(self, action: Action, note: str = "") -> Action:
        """Add an action under its goal and start its history ("Added").

        Raises:
            ValidationError: if it says nothing or has no owner agency.
            NotFoundError: if the goal or agency does not exist.
            StorageError: if the database cannot be written.
        """
        validate_action(action)
        assessment_id = self._assessment_of_goal(action.goal_id)
        self._require("plan_agencies", str(action.agency_id), "That agency no longer exists.")
        rows = list(self._db.query("SELECT count(*) AS n FROM plan_actions WHERE goal_id = ?", [action.goal_id]))
        now = self._clock()
        action.created_at = action.updated_at = now
        action.agency_name = self._agency_name(action.agency_id)

        def work() -> None:
            self._db.table("plan_actions").insert(
                {
                    "id": action.id,
                    "goal_id": action.goal_id,
                    **action_row(action),
                    "carried_from_action_id": action.carried_from_action_id,
                    "position": rows[0]["n"],
                    "created_at": to_iso(now),
                    "updated_at": to_iso(now),
                    "updated_by": connection_actor(self._db),
                }
            )
            self._append(action.id, UpdateKind.CREATED, action.status, note=note, happened_on=self.today())
            self._db.table("assessments").update(assessment_id, {"updated_at": to_iso(now)})

        self._write(work)
        action.history = _history(self._db, action.id, action.carried_from_action_id)
        return action

    def update_action(self, action: Action, note: str = "", base: Action | Mapping[str, Any] | None = None) -> Action:
        """Save changes to an action; the history gains a row with each old and new value.

        Nothing is written when nothing changed and there is no note.

        Args:
            action: The action as edited.
            note: Why it changed (kept in the history).
            base: The action as the editor showed it: only the fields changed since are saved,
                never over another window's change (fields as in :func:`action_row`). None:
                every field is saved over what is stored.

        Raises:
            ValidationError, NotFoundError, StorageError.
            EditConflictError: the same field was saved differently elsewhere. Nothing was saved.
        """
        validate_action(action)
        rows = list(self._db.table("plan_actions").rows_where("id = ?", [action.id]))
        if not rows:
            raise NotFoundError("That action no longer exists.")
        stored = rows[0]
        self._require("plan_agencies", str(action.agency_id), "That agency no longer exists.")
        new = action_row(action)
        loaded = loaded_values(base, new, action_row) or {column: stored[column] for column in new}
        edits = [
            change
            for change in changes_between(loaded, new, list(new))
            if (change.base or None) != (change.value or None)
        ]
        changes: dict[str, list[str]] = {}
        for change in edits:
            key = "agency" if change.column == "agency_id" else change.column
            old_value, new_value = stored[change.column], change.value
            if (old_value or None) == (new_value or None):
                continue
            if key == "agency":
                changes[key] = [self._agency_name(old_value), self._agency_name(new_value)]
            elif key == "status":
                changes[key] = [ActionStatus(old_value).label, ActionStatus(new_value).label]
            else:
                changes[key] = [_text(old_value), _text(new_value)]
        if not changes and not note.strip():
            return self.action(action.id)
        now = self._clock()

        def work() -> None:
            apply_changes(self._db, "plan_actions", action.id, edits, now=now, actor=connection_actor(self._db))
            kind = UpdateKind.EDITED if changes else UpdateKind.PROGRESS
            status = ActionStatus(self._db.table("plan_actions").get(action.id)["status"])
            self._append(action.id, kind, status, note=note, changes=changes, happened_on=self.today())
            self._db.table("assessments").update(self._assessment_of_goal(action.goal_id), {"updated_at": to_iso(now)})

        self._write(work)
        return self.action(action.id)

    def record_progress(
        self, action_id: str, note: str, status: ActionStatus | None = None, happened_on: date | None = None
    ) -> Action:
        """Add a dated progress note to an action, optionally changing its status.

        Args:
            happened_on: When the progress happened (default: today).

        Raises:
            ValidationError: if the note is empty.
            NotFoundError, StorageError.
        """
        if not note.strip():
            raise ValidationError("Please write what progress was made.", "note")
        action = self.action(action_id)
        old = action.status
        new_status = status or old
        changes = {"status": [old.label, new_status.label]} if new_status != old else {}
        now = self._clock()

        def work() -> None:
            if changes:
                self._db.table("plan_actions").update(
                    action_id, {"status": new_status.value, "updated_at": to_iso(now)}
                )
            self._append(
                action_id,
                UpdateKind.PROGRESS,
                new_status,
                note=note,
                changes=changes,
                happened_on=happened_on or self.today(),
            )

        self._write(work)
        return self.action(action_id)

    def action(self, action_id: str) -> Action:
        """Return one action with its history (see :func:`load_action`)."""
        return load_action(self._db, action_id)
