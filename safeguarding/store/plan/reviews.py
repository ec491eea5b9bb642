"""Storage of DCSM reviews of each assessment's plan."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import NotFoundError, ValidationError
from safeguarding.plan.records import ActionStatus, Decision, Review, ReviewItem, UpdateKind
from safeguarding.plan.rules import validate_review
from safeguarding.store.plan.base import PlanTables
from safeguarding.store.revisions import FieldChange, apply_changes, connection_actor, loaded_values
from safeguarding.timeutil import date_from_iso, date_to_iso, from_iso, to_iso

REVIEW_FIELDS = ("meeting_date", "agencies_present", "decision", "next_review_date", "notes")
"""The fields of a draft review an edit may change, besides what it says about each action (``item.<action id>``)."""
ITEM = "item."


def review_values(review: Review) -> dict[str, Any]:
    """A review's editable fields as stored values; each action's line as ``item.<action id>`` ("On track: note")."""
    values: dict[str, Any] = {
        "meeting_date": review.meeting_date.isoformat(),
        "agencies_present": json.dumps(review.agencies_present, ensure_ascii=False),
        "decision": review.decision.value if review.decision else None,
        "next_review_date": date_to_iso(review.next_review_date),
        "notes": review.notes,
    }
    values.update({ITEM + item.action_id: _item_text(item) for item in review.items})
    return values


def _item_text(item: ReviewItem) -> str:
    return f"{item.status.label}: {item.note}" if item.note else item.status.label


def review_from_row(db: Database, row: dict[str, Any]) -> Review:
    """The review stored in ``row`` (a ``plan_reviews`` row), with its items."""
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
        route=row.get("route") or "",
        meeting_id=row.get("meeting_id"),
        finalised_at=from_iso(row["finalised_at"]) if row["finalised_at"] else None,
        created_at=from_iso(row["created_at"]),
        updated_at=from_iso(row["updated_at"]),
        revision=row["revision"],
    )


def reviews_of(db: Database, assessment_id: str) -> list[Review]:
    """The reviews of an assessment, by meeting date."""
    return [
        review_from_row(db, row)
        for row in db.query(
            "SELECT * FROM plan_reviews WHERE assessment_id = ? ORDER BY meeting_date, created_at, rowid",
            [assessment_id],
        )
    ]


class PlanReviews(PlanTables):
    """DCSM reviews: drafts, then finalised into the actions' history (and never changed again)."""

    def save_review(self, review: Review, base: Review | Mapping[str, Any] | None = None) -> Review:
        """Save a draft review (its items are what the meeting has said so far).

        Args:
            review: The review as entered (a new one is inserted with its id).
            base: As the editor showed it: only the fields changed since (and each action's
                line on its own) are saved, never over another window's change. None: write over.

        Raises:
            ValidationError: if the review is already finalised, or its dates are inconsistent.
            EditConflictError: the same field was saved differently elsewhere (fields as in
                :data:`REVIEW_FIELDS`, an action's line as ``item.<action id>``). Nothing was saved.
            NotFoundError, StorageError.
        """
        validate_review(review, finalising=False)
        self._require("assessments", review.assessment_id, "That assessment no longer exists.")
        stored = list(self._db.table("plan_reviews").rows_where("id = ?", [review.id]))
        if stored and stored[0]["finalised_at"]:
            raise ValidationError("This review has been finalised and is part of the record; it cannot be changed.")
        now = self._clock()
        review.created_at = review.created_at or now
        review.updated_at = now
        if not stored or base is None:
            self._write(lambda: self._write_review(review))
            return review
        self._write(lambda: self._merge_review(review, base))
        return review_from_row(self._db, dict(self._db.table("plan_reviews").get(review.id)))

    def _merge_review(self, review: Review, base: Review | Mapping[str, Any]) -> None:
        """Save the fields of a draft review changed since ``base`` (inside the caller's transaction)."""
        current_items = {
            ITEM + row["action_id"]: _item_text(ReviewItem(row["action_id"], ActionStatus(row["status"]), row["note"]))
            for row in self._db.query("SELECT * FROM plan_review_items WHERE review_id = ?", [review.id])
        }
        mine = review_values(review)
        loaded = loaded_values(base, mine, review_values) or mine
        names = [*REVIEW_FIELDS, *sorted({key for key in (*mine, *loaded) if key.startswith(ITEM)})]
        changes = [FieldChange(n, loaded.get(n), mine.get(n)) for n in names if loaded.get(n) != mine.get(n)]
        apply_changes(
            self._db,
            "plan_reviews",
            review.id,
            changes,
            now=self._clock(),
            actor=connection_actor(self._db),
            derived={name: current_items.get(name) for name in names if name.startswith(ITEM)},
        )
        for item in review.items:
            if any(change.column == ITEM + item.action_id for change in changes):
                self._db.execute(  # an upsert, not a replace: a replace would write a second insert entry
                    "INSERT INTO plan_review_items (review_id, action_id, status, note) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (review_id, action_id) DO UPDATE SET status = excluded.status, note = excluded.note",
                    [review.id, item.action_id, item.status.value, item.note],
                )

    def _write_review(self, review: Review) -> None:
        assert review.created_at is not None and review.updated_at is not None
        self._db.table("plan_reviews").upsert(
            {
                "id": review.id,
                "assessment_id": review.assessment_id,
                "meeting_date": review.meeting_date.isoformat(),
                "agencies_present": json.dumps(review.agencies_present, ensure_ascii=False),
                "decision": review.decision.value if review.decision else None,
                "next_review_date": date_to_iso(review.next_review_date),
                "notes": review.notes,
                "route": review.route.strip(),
                "meeting_id": review.meeting_id,
                "finalised_at": to_iso(review.finalised_at) if review.finalised_at else None,
                "created_at": to_iso(review.created_at),
                "updated_at": to_iso(review.updated_at),
                "updated_by": connection_actor(self._db),
            },
            pk="id",
        )
        self._db.execute("DELETE FROM plan_review_items WHERE review_id = ?", [review.id])
        for item in review.items:
            self._db.table("plan_review_items").insert(
                {"review_id": review.id, "action_id": item.action_id, "status": item.status.value, "note": item.note}
            )

    def discard_draft_review(self, review_id: str) -> None:
        """Remove a draft review (a meeting item taken off the agenda); a finalised one is never removed.

        Raises:
            ValidationError: the review is finalised.
            StorageError.
        """
        stored = list(self._db["plan_reviews"].rows_where("id = ?", [review_id]))
        if not stored:
            return
        if stored[0]["finalised_at"]:
            raise ValidationError("This review has been finalised and is part of the record; it cannot be removed.")

        def work() -> None:
            self._db.execute("DELETE FROM plan_review_items WHERE review_id = ?", [review_id])
            self._db.execute("DELETE FROM plan_reviews WHERE id = ?", [review_id])

        self._write(work)

    def finalise_review(self, review: Review) -> Review:
        """Finalise a review: each item becomes a history row of its action and sets its status.

        Raises:
            ValidationError: if there is no decision (nothing is written), or the
                review was already finalised.
            NotFoundError, StorageError.
        """
        validate_review(review, finalising=True)
        self._require("assessments", review.assessment_id, "That assessment no longer exists.")
        stored = list(self._db.table("plan_reviews").rows_where("id = ?", [review.id]))
        if stored and stored[0]["finalised_at"]:
            raise ValidationError("This review has already been finalised.")
        for item in review.items:
            if not list(self._db.table("plan_actions").rows_where("id = ?", [item.action_id])):
                raise NotFoundError("An action in this review no longer exists.")
        now = self._clock()
        review.created_at = review.created_at or now
        review.updated_at = now
        review.finalised_at = now

        def work() -> None:
            self._write_review(review)
            for item in review.items:
                old = ActionStatus(self._db.table("plan_actions").get(item.action_id)["status"])
                changes = {"status": [old.label, item.status.label]} if old != item.status else {}
                if changes:
                    self._db.table("plan_actions").update(
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
            self._db.table("assessments").update(review.assessment_id, {"updated_at": to_iso(now)})

        try:
            self._write(work)
        except BaseException:
            review.finalised_at = None
            raise
        return review
