"""Storage of the plan: agencies, context weights, safety goals, actions, history, reviews.

Rules kept here (the issue's "nothing is lost by editing"):

* every change to an action appends a ``plan_action_updates`` row with the old
  and new values (the table refuses updates and deletes by trigger);
* actions and goals are never deleted: an action is cancelled; a goal can be
  removed only while it has no actions;
* an agency used by any action cannot be deleted (:class:`AgencyInUseError`
  lists the actions);
* a finalised DCSM review is part of the record and cannot be edited.

"Today" for derived states comes from the injected clock, in UK local time.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import NotFoundError, ValidationError
from safeguarding.forms import FormDefinition
from safeguarding.model import Assessment, Rating, Side, SideFinding, new_id
from safeguarding.plan.attention import AttentionItem, PlanContext, needs_attention
from safeguarding.plan.library import PlanLibrary, shipped_library
from safeguarding.plan.records import (
    Action,
    ActionStatus,
    ActionUpdate,
    Agency,
    AssessmentPlan,
    CarriedFinding,
    ContextWeight,
    Decision,
    EarlierAssessment,
    Review,
    ReviewItem,
    SafetyGoal,
    UpdateKind,
)
from safeguarding.plan.rules import (
    CARRIED_MARKER,
    AgencyInUseError,
    default_author,
    validate_action,
    validate_goal,
    validate_review,
    validate_weight,
)
from safeguarding.store.dberrors import DB_ERRORS, write_error
from safeguarding.store.map_features import carry_forward_map
from safeguarding.store.people import PeopleRepository
from safeguarding.timeutil import (
    Clock,
    date_from_iso,
    date_to_iso,
    format_uk_date,
    from_iso,
    to_iso,
    utc_now,
    utc_to_local,
)

AGENCIES_SEEDED = "plan_agencies_seeded"
"""``app_meta`` key set once the seed agencies have been added (so deleting them all is respected)."""


# -- reading ----------------------------------------------------------------------


def _assessment_day(db: Database, assessment_id: str) -> date | None:
    rows = list(db.query("SELECT start_date, created_at FROM assessments WHERE id = ?", [assessment_id]))
    if not rows:
        return None
    return date_from_iso(rows[0]["start_date"]) or utc_to_local(from_iso(rows[0]["created_at"])).date()


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


def _actions_of_goal(db: Database, goal_id: str) -> list[Action]:
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
                    _assessment_day(db, row["carried_from_assessment"]) if row["carried_from_assessment"] else None
                ),
                carried_into_date=(
                    _assessment_day(db, row["carried_into_assessment"]) if row["carried_into_assessment"] else None
                ),
                history=_history(db, row["id"], row["carried_from_action_id"]),
                created_at=from_iso(row["created_at"]),
                updated_at=from_iso(row["updated_at"]),
            )
        )
    return actions


def _goals(db: Database, assessment_id: str) -> list[SafetyGoal]:
    return [
        SafetyGoal(
            id=row["id"],
            assessment_id=assessment_id,
            side=Side(row["side"]),
            statement=row["statement"],
            library_id=row["library_id"],
            position=row["position"],
            actions=_actions_of_goal(db, row["id"]),
            created_at=from_iso(row["created_at"]),
            updated_at=from_iso(row["updated_at"]),
        )
        for row in db.query(
            "SELECT * FROM plan_goals WHERE assessment_id = ? AND deleted_at IS NULL ORDER BY position, rowid",
            [assessment_id],
        )
    ]


def _review_from_row(db: Database, row: dict[str, Any]) -> Review:
    items = [
        ReviewItem(action_id=item["action_id"], status=ActionStatus(item["status"]), note=item["note"])
        for item in db.query("SELECT * FROM plan_review_items WHERE review_id = ? ORDER BY rowid", [row["id"]])
    ]
    return Review(
        id=row["id"],
        assessment_id=row["assessment_id"],
        meeting_date=date.fromisoformat(row["meeting_date"]),
        agencies_present=json.loads(row["agencies_present"]),
        items=items,
        decision=Decision(row["decision"]) if row["decision"] else None,
        next_review_date=date_from_iso(row["next_review_date"]),
        notes=row["notes"],
        finalised_at=from_iso(row["finalised_at"]) if row["finalised_at"] else None,
        created_at=from_iso(row["created_at"]),
        updated_at=from_iso(row["updated_at"]),
    )


def _reviews(db: Database, assessment_id: str) -> list[Review]:
    return [
        _review_from_row(db, row)
        for row in db.query(
            "SELECT * FROM plan_reviews WHERE assessment_id = ? ORDER BY meeting_date, created_at, rowid",
            [assessment_id],
        )
    ]


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
    actions = [action for goal in _goals(db, earlier_id) for action in goal.actions]
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
    reviews = [review for review in _reviews(db, earlier_id) if review.is_final]
    return EarlierAssessment(
        id=earlier_id,
        on=_assessment_day(db, earlier_id),
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
            from_date=_assessment_day(db, row["from_assessment_id"]),
            rating_then=Rating(row["rating_then"]) if row["rating_then"] else None,
        )
        for row in db.query(
            "SELECT * FROM plan_carried_findings WHERE assessment_id = ? ORDER BY rowid", [assessment_id]
        )
    ]
    return AssessmentPlan(
        assessment_id=assessment_id,
        weights=weights,
        goals=_goals(db, assessment_id),
        reviews=_reviews(db, assessment_id),
        carried=carried,
        earlier=_earlier(db, assessment_id),
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, ActionStatus):
        return value.label
    return str(value)


class PlanRepository:
    """Create, read and change the plan of each assessment.

    Every write is committed at once (the plan pages save as the user works), in
    one transaction per call.

    Args:
        db: An open database.
        clock: Returns "now" as an aware UTC datetime (tests pass a fixed clock).
        library: The plan library (seed agencies); default: the shipped one.
        author: Who is recording changes; default: the computer's user name.
    """

    def __init__(
        self,
        db: Database,
        clock: Clock = utc_now,
        library: PlanLibrary | None = None,
        author: str | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._library = library
        self.author = default_author() if author is None else author

    # -- helpers ------------------------------------------------------------------

    def today(self) -> date:
        """Today's date in UK local time, from the injected clock."""
        return utc_to_local(self._clock()).date()

    def _now(self) -> str:
        return to_iso(self._clock())

    def _require(self, table: str, row_id: str, message: str, live: bool = True) -> dict[str, Any]:
        where = "id = ? AND deleted_at IS NULL" if live else "id = ?"
        rows = list(self._db[table].rows_where(where, [row_id]))
        if not rows:
            raise NotFoundError(message)
        return rows[0]

    def _write(self, work: Any) -> None:
        try:
            with self._db.atomic():
                work()
        except DB_ERRORS as error:
            raise write_error(error) from error

    def load(self, assessment_id: str) -> AssessmentPlan:
        """Return the plan of an assessment (see :func:`load_plan`)."""
        return load_plan(self._db, assessment_id)

    # -- agencies -------------------------------------------------------------------

    def agencies(self) -> list[Agency]:
        """Return the partner agencies by name; a new database is first seeded from the library.

        Raises:
            StorageError: if the seed cannot be written.
        """
        seeded = list(self._db.query("SELECT value FROM app_meta WHERE key = ?", [AGENCIES_SEEDED]))
        if not seeded:
            library = self._library or shipped_library()
            now = self._now()

            def seed() -> None:
                existing = {
                    str(row["name"]).casefold()
                    for row in self._db.query("SELECT name FROM plan_agencies WHERE deleted_at IS NULL")
                }
                for agency in library.agencies:
                    if agency.name.casefold() not in existing:
                        self._db["plan_agencies"].insert(
                            {"id": new_id(), "name": agency.name, "created_at": now, "updated_at": now}
                        )
                self._db["app_meta"].upsert({"key": AGENCIES_SEEDED, "value": now}, pk="key")

            self._write(seed)
        return [
            Agency(
                id=row["id"],
                name=row["name"],
                created_at=from_iso(row["created_at"]),
                updated_at=from_iso(row["updated_at"]),
            )
            for row in self._db.query(
                "SELECT * FROM plan_agencies WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE"
            )
        ]

    def _check_agency_name(self, name: str, except_id: str = "") -> str:
        name = name.strip()
        if not name:
            raise ValidationError("Please give the agency a name.", "name")
        clash = list(
            self._db.query(
                "SELECT id FROM plan_agencies WHERE deleted_at IS NULL AND lower(name) = lower(?) AND id <> ?",
                [name, except_id],
            )
        )
        if clash:
            raise ValidationError(f"There is already an agency called {name}.", "name")
        return name

    def add_agency(self, name: str) -> Agency:
        """Add a partner agency.

        Raises:
            ValidationError: if the name is blank or already used.
            StorageError: if the database cannot be written.
        """
        self.agencies()
        name = self._check_agency_name(name)
        now = self._clock()
        agency = Agency(name=name, created_at=now, updated_at=now)
        self._write(
            lambda: self._db["plan_agencies"].insert(
                {"id": agency.id, "name": name, "created_at": to_iso(now), "updated_at": to_iso(now)}
            )
        )
        return agency

    def rename_agency(self, agency_id: str, name: str) -> None:
        """Rename an agency; actions it owns show the new name (their history keeps the old one).

        Raises:
            NotFoundError, ValidationError, StorageError.
        """
        self._require("plan_agencies", agency_id, "That agency no longer exists.")
        name = self._check_agency_name(name, agency_id)
        self._write(lambda: self._db["plan_agencies"].update(agency_id, {"name": name, "updated_at": self._now()}))

    def agency_usage(self, agency_id: str) -> list[str]:
        """Describe the actions (any assessment, any status) that name an agency as owner."""
        return [
            f"{row['location']}: {row['description']} ({ActionStatus(row['status']).label.lower()})"
            for row in self._db.query(
                """
                SELECT a.description, a.status, l.name AS location
                FROM plan_actions a JOIN plan_goals g ON g.id = a.goal_id
                JOIN assessments s ON s.id = g.assessment_id JOIN locations l ON l.id = s.location_id
                WHERE a.agency_id = ? ORDER BY l.name, a.created_at
                """,
                [agency_id],
            )
        ]

    def delete_agency(self, agency_id: str) -> None:
        """Remove an agency from the list, unless an action names it as owner.

        Raises:
            AgencyInUseError: listing the actions that use it (nothing changed).
            NotFoundError, StorageError.
        """
        row = self._require("plan_agencies", agency_id, "That agency no longer exists.")
        used = self.agency_usage(agency_id)
        if used:
            raise AgencyInUseError(row["name"], used)
        now = self._now()
        self._write(lambda: self._db["plan_agencies"].update(agency_id, {"deleted_at": now, "updated_at": now}))

    # -- weighting ------------------------------------------------------------------

    def save_weights(self, assessment_id: str, weights: list[ContextWeight]) -> list[ContextWeight]:
        """Replace the context weights of an assessment.

        Raises:
            ValidationError: if a weight is outside 0-10, unnamed, or a context is listed twice.
            NotFoundError, StorageError.
        """
        self._require("assessments", assessment_id, "That assessment no longer exists.")
        seen: set[str] = set()
        for weight in weights:
            validate_weight(weight)
            if weight.context.casefold() in seen:
                raise ValidationError(f"{weight.label} is listed twice.", "context")
            seen.add(weight.context.casefold())
        now = self._now()

        def work() -> None:
            self._db.execute("DELETE FROM plan_weights WHERE assessment_id = ?", [assessment_id])
            for position, weight in enumerate(weights):
                self._db["plan_weights"].insert(
                    {
                        "id": weight.id,
                        "assessment_id": assessment_id,
                        "context": weight.context,
                        "label": weight.label.strip(),
                        "weight": weight.weight,
                        "rationale": weight.rationale,
                        "position": position,
                        "updated_at": now,
                    }
                )
            self._db["assessments"].update(assessment_id, {"updated_at": now})

        self._write(work)
        return weights

    # -- goals -------------------------------------------------------------------------

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
        self._write(lambda: self._insert_goal(goal))
        return goal

    def _insert_goal(self, goal: SafetyGoal) -> None:
        assert goal.created_at is not None and goal.updated_at is not None
        self._db["plan_goals"].insert(
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
        self._db["assessments"].update(goal.assessment_id, {"updated_at": to_iso(goal.updated_at)})

    def update_goal(self, goal: SafetyGoal) -> SafetyGoal:
        """Save a goal's statement and side.

        Raises:
            ValidationError, NotFoundError, StorageError.
        """
        validate_goal(goal)
        self._require("plan_goals", goal.id, "That safety goal no longer exists.")
        now = self._clock()
        goal.updated_at = now
        self._write(
            lambda: self._db["plan_goals"].update(
                goal.id, {"statement": goal.statement.strip(), "side": goal.side.value, "updated_at": to_iso(now)}
            )
        )
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
        self._write(lambda: self._db["plan_goals"].update(goal_id, {"deleted_at": now, "updated_at": now}))

    # -- actions -------------------------------------------------------------------------

    def _agency_name(self, agency_id: str | None) -> str:
        if not agency_id:
            return ""
        rows = list(self._db.query("SELECT name FROM plan_agencies WHERE id = ?", [agency_id]))
        return str(rows[0]["name"]) if rows else ""

    def _append(
        self,
        action_id: str,
        kind: UpdateKind,
        status: ActionStatus,
        *,
        note: str = "",
        changes: dict[str, list[str]] | None = None,
        happened_on: date | None = None,
        review_id: str | None = None,
        at: str | None = None,
    ) -> None:
        self._db["plan_action_updates"].insert(
            {
                "id": new_id(),
                "action_id": action_id,
                "kind": kind.value,
                "at_utc": at or self._now(),
                "happened_on": date_to_iso(happened_on),
                "status": status.value,
                "note": note.strip(),
                "changes": json.dumps(changes or {}, ensure_ascii=False, sort_keys=True),
                "author": self.author,
                "review_id": review_id,
            }
        )

    def _action_row(self, action: Action) -> dict[str, Any]:
        return {
            "description": action.description.strip(),
            "agency_id": action.agency_id,
            "lead": action.lead.strip(),
            "due_date": date_to_iso(action.due_date),
            "measure": action.measure.strip(),
            "status": action.status.value,
        }

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
            self._db["plan_actions"].insert(
                {
                    "id": action.id,
                    "goal_id": action.goal_id,
                    **self._action_row(action),
                    "carried_from_action_id": action.carried_from_action_id,
                    "position": rows[0]["n"],
                    "created_at": to_iso(now),
                    "updated_at": to_iso(now),
                }
            )
            self._append(action.id, UpdateKind.CREATED, action.status, note=note, happened_on=self.today())
            self._db["assessments"].update(assessment_id, {"updated_at": to_iso(now)})

        self._write(work)
        action.history = _history(self._db, action.id, action.carried_from_action_id)
        return action

    def update_action(self, action: Action, note: str = "") -> Action:
        """Save changes to an action; the history gains a row with each old and new value.

        Nothing is written when nothing changed and there is no note.

        Raises:
            ValidationError, NotFoundError, StorageError.
        """
        validate_action(action)
        rows = list(self._db["plan_actions"].rows_where("id = ?", [action.id]))
        if not rows:
            raise NotFoundError("That action no longer exists.")
        stored = rows[0]
        self._require("plan_agencies", str(action.agency_id), "That agency no longer exists.")
        new = self._action_row(action)
        changes: dict[str, list[str]] = {}
        for key, column in (
            ("description", "description"),
            ("agency", "agency_id"),
            ("lead", "lead"),
            ("due_date", "due_date"),
            ("measure", "measure"),
            ("status", "status"),
        ):
            old_value, new_value = stored[column], new[column]
            if (old_value or None) == (new_value or None):
                continue
            if key == "agency":
                changes[key] = [self._agency_name(old_value), self._agency_name(new_value)]
            elif key == "status":
                changes[key] = [ActionStatus(old_value).label, ActionStatus(new_value).label]
            else:
                changes[key] = [_text(old_value), _text(new_value)]
        if not changes and not note.strip():
            return action
        now = self._clock()

        def work() -> None:
            if changes:
                self._db["plan_actions"].update(action.id, {**new, "updated_at": to_iso(now)})
            kind = UpdateKind.EDITED if changes else UpdateKind.PROGRESS
            self._append(action.id, kind, action.status, note=note, changes=changes, happened_on=self.today())
            self._db["assessments"].update(self._assessment_of_goal(action.goal_id), {"updated_at": to_iso(now)})

        self._write(work)
        action.updated_at = now
        action.agency_name = self._agency_name(action.agency_id)
        action.history = _history(self._db, action.id, action.carried_from_action_id)
        return action

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
                self._db["plan_actions"].update(action_id, {"status": new_status.value, "updated_at": to_iso(now)})
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
        """Return one action with its history.

        Raises:
            NotFoundError: if there is no such action.
        """
        rows = list(self._db.query("SELECT goal_id FROM plan_actions WHERE id = ?", [action_id]))
        if not rows:
            raise NotFoundError("That action no longer exists.")
        return next(a for a in _actions_of_goal(self._db, rows[0]["goal_id"]) if a.id == action_id)

    # -- reviews ---------------------------------------------------------------------------

    def save_review(self, review: Review) -> Review:
        """Save a draft review (its items are what the meeting has said so far).

        Raises:
            ValidationError: if the review is already finalised, or its dates are inconsistent.
            NotFoundError, StorageError.
        """
        validate_review(review, finalising=False)
        self._require("assessments", review.assessment_id, "That assessment no longer exists.")
        stored = list(self._db["plan_reviews"].rows_where("id = ?", [review.id]))
        if stored and stored[0]["finalised_at"]:
            raise ValidationError("This review has been finalised and is part of the record; it cannot be changed.")
        now = self._clock()
        review.created_at = review.created_at or now
        review.updated_at = now
        self._write(lambda: self._write_review(review))
        return review

    def _write_review(self, review: Review) -> None:
        assert review.created_at is not None and review.updated_at is not None
        self._db["plan_reviews"].upsert(
            {
                "id": review.id,
                "assessment_id": review.assessment_id,
                "meeting_date": review.meeting_date.isoformat(),
                "agencies_present": json.dumps(review.agencies_present, ensure_ascii=False),
                "decision": review.decision.value if review.decision else None,
                "next_review_date": date_to_iso(review.next_review_date),
                "notes": review.notes,
                "finalised_at": to_iso(review.finalised_at) if review.finalised_at else None,
                "created_at": to_iso(review.created_at),
                "updated_at": to_iso(review.updated_at),
            },
            pk="id",
        )
        self._db.execute("DELETE FROM plan_review_items WHERE review_id = ?", [review.id])
        for item in review.items:
            self._db["plan_review_items"].insert(
                {"review_id": review.id, "action_id": item.action_id, "status": item.status.value, "note": item.note}
            )

    def finalise_review(self, review: Review) -> Review:
        """Finalise a review: each item becomes a history row of its action and sets its status.

        Raises:
            ValidationError: if there is no decision (nothing is written), or the
                review was already finalised.
            NotFoundError, StorageError.
        """
        validate_review(review, finalising=True)
        self._require("assessments", review.assessment_id, "That assessment no longer exists.")
        stored = list(self._db["plan_reviews"].rows_where("id = ?", [review.id]))
        if stored and stored[0]["finalised_at"]:
            raise ValidationError("This review has already been finalised.")
        for item in review.items:
            if not list(self._db["plan_actions"].rows_where("id = ?", [item.action_id])):
                raise NotFoundError("An action in this review no longer exists.")
        now = self._clock()
        review.created_at = review.created_at or now
        review.updated_at = now
        review.finalised_at = now

        def work() -> None:
            self._write_review(review)
            for item in review.items:
                old = ActionStatus(self._db["plan_actions"].get(item.action_id)["status"])
                changes = {"status": [old.label, item.status.label]} if old != item.status else {}
                if changes:
                    self._db["plan_actions"].update(
                        item.action_id, {"status": item.status.value, "updated_at": to_iso(now)}
                    )
                self._append(
                    item.action_id,
                    UpdateKind.REVIEW,
                    item.status,
                    note=item.note,
                    changes=changes,
                    happened_on=review.meeting_date,
                    review_id=review.id,
                )
            self._db["assessments"].update(review.assessment_id, {"updated_at": to_iso(now)})

        try:
            self._write(work)
        except BaseException:
            review.finalised_at = None
            raise
        return review

    # -- reassessment ----------------------------------------------------------------------

    def reassess(self, earlier_id: str, form: FormDefinition, start_date: date | None = None) -> Assessment:
        """Start a new assessment of the same location, carrying forward what may still be true.

        Carried: the scope, each side's strengths, concerns and evidence (each
        text gains a first line "[Carried forward from the assessment of ...]"
        and the side is marked carried), the safety goals that still have open
        actions, and those open actions (each linked to the one it continues; its
        history comes with it), the map's boundary and its pins (each pin marked
        as carried from the one it copies, shown "(carried forward)", and no
        longer tied to a visit). Not carried: place ratings (rate again, so the
        comparison means something), visits, photos, consultations, weights and
        reviews.

        Args:
            earlier_id: The assessment to carry forward from.
            form: The form the new assessment is written with (normally the current one).
            start_date: The new assessment's start date (default: today).

        Returns:
            The new assessment, loaded whole.

        Raises:
            NotFoundError, StorageError (nothing is half-written).
        """
        from safeguarding.store.assessments import AssessmentRepository  # avoids an import cycle

        assessments = AssessmentRepository(self._db, self._clock)
        earlier = assessments.get(earlier_id)
        earlier_plan = load_plan(self._db, earlier_id)
        earlier_day = _assessment_day(self._db, earlier_id)
        marker = CARRIED_MARKER.format(date=format_uk_date(earlier_day))
        start = start_date or self.today()
        now = self._clock()
        created: list[Assessment] = []

        def work() -> None:
            new = assessments.create(
                earlier.location_id,
                form,
                start_date=start,
                assessor_name=earlier.assessor_name,
                assessor_agency=earlier.assessor_agency,
                scope_boundary=earlier.scope_boundary,
                scope_times=earlier.scope_times,
            )
            for side in Side:
                old = earlier.findings[side]
                if not (old.strengths.strip() or old.concerns.strip() or old.evidence.strip()):
                    continue
                new.findings[side] = SideFinding(
                    side=side,
                    strengths=_mark(marker, old.strengths),
                    concerns=_mark(marker, old.concerns),
                    evidence=_mark(marker, old.evidence),
                    rating=None,
                    answers=dict(old.answers),
                )
                self._db["plan_carried_findings"].insert(
                    {
                        "assessment_id": new.id,
                        "side": side.value,
                        "from_assessment_id": earlier_id,
                        "rating_then": old.rating.value if old.rating else None,
                        "created_at": to_iso(now),
                    }
                )
            assessments.save(new)
            carry_forward_map(self._db, earlier_id, new.id, to_iso(now))
            # The carried write-ups keep the names in them: the people recorded for redaction come too.
            PeopleRepository(self._db, self._clock).copy_to(earlier_id, new.id)
            self._db["plan_reassessments"].insert(
                {"assessment_id": new.id, "earlier_assessment_id": earlier_id, "created_at": to_iso(now)}
            )
            note_in = f"Carried forward from the assessment of {format_uk_date(earlier_day)}."
            note_out = f"Carried forward into the reassessment starting {format_uk_date(start)}."
            for position, goal in enumerate(g for g in earlier_plan.goals if any(a.status.is_open for a in g.actions)):
                copy = replace(
                    goal, id=new_id(), assessment_id=new.id, position=position, created_at=now, updated_at=now
                )
                self._insert_goal(copy)
                for index, action in enumerate(a for a in goal.actions if a.status.is_open):
                    carried = replace(action, id=new_id(), goal_id=copy.id, carried_from_action_id=action.id)
                    self._db["plan_actions"].insert(
                        {
                            "id": carried.id,
                            "goal_id": copy.id,
                            **self._action_row(carried),
                            "carried_from_action_id": action.id,
                            "position": index,
                            "created_at": to_iso(now),
                            "updated_at": to_iso(now),
                        }
                    )
                    self._append(action.id, UpdateKind.CARRIED, action.status, note=note_out, happened_on=start)
                    self._append(carried.id, UpdateKind.CARRIED, action.status, note=note_in, happened_on=start)
            created.append(new)

        self._write(work)
        return assessments.get(created[0].id)

    # -- across locations ------------------------------------------------------------------

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
            actions.append((where, self.action(row["id"])))
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
            reviews.append((where, _review_from_row(self._db, row)))
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


def _mark(marker: str, text: str) -> str:
    return f"{marker}\n{text}" if text.strip() else text
