"""Storage of drafts: the editors' unsaved work, inside the database (so encrypted with it).

Writing a draft is one small transaction (an upsert of one row), cheap enough to
run every couple of seconds while the user types. The ``drafts`` table is not
audited and not part of any record (see :mod:`safeguarding.store.schema.editing`).

A draft whose record was deleted since (or whose assessment was) is never
offered: :meth:`DraftRepository.remove_for_deleted_records` removes it first.
A draft of a record that was never saved (no base) only needs its assessment.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from safeguarding.drafts import Draft
from safeguarding.store.dberrors import DB_ERRORS, write_error
from safeguarding.timeutil import Clock, from_iso, to_iso, utc_now

RECORD_TABLES = {
    "visit": "observations",
    "consultation": "consultations",
    "pin": "map_pins",
    "photo": "assessment_photos",
    "person": "people",
    "goal": "plan_goals",
    "action": "plan_actions",
    "review": "plan_reviews",
    "location": "locations",
    "safety_session": "safety_sessions",
    "safety_mark": "safety_marks",
    "meeting": "meetings",
}
"""The table of each kind of draft that edits one record (other kinds belong to the assessment as a whole)."""


def _draft(row: dict[str, Any]) -> Draft:
    return Draft(
        key=row["id"],
        kind=row["kind"],
        record_id=row["record_id"],
        assessment_id=row["assessment_id"],
        label=row["label"],
        payload=json.loads(row["payload"]),
        base=json.loads(row["base"]) if row["base"] is not None else None,
        excerpt=row["excerpt"],
        instance=row["instance"],
        updated_at=from_iso(row["updated_at"]),
    )


class DraftRepository:
    """Keep, list and remove drafts.

    Args:
        db: An open database.
        clock: Returns "now" as an aware UTC datetime (the time written with each draft).
    """

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

    def put(self, draft: Draft) -> Draft:
        """Write ``draft`` (replacing the draft with the same key); return it with its time set.

        Raises:
            StorageError: the database cannot be written (the work is still on screen).
        """
        now = self._clock()
        row = {
            "id": draft.key,
            "kind": draft.kind,
            "record_id": draft.record_id,
            "assessment_id": draft.assessment_id,
            "label": draft.label,
            "excerpt": draft.excerpt,
            "payload": json.dumps(draft.payload, ensure_ascii=False, sort_keys=True),
            "base": None if draft.base is None else json.dumps(draft.base, ensure_ascii=False, sort_keys=True),
            "instance": draft.instance,
            "updated_at": to_iso(now),
        }
        try:
            with self._db.atomic():
                self._db.table("drafts").upsert(row, pk="id")
        except DB_ERRORS as error:
            raise write_error(error) from error
        return _draft(row)

    def remove(self, *keys: str) -> None:
        """Remove the drafts with these keys (those that exist).

        Raises:
            StorageError: the database cannot be written.
        """
        if not keys:
            return
        try:
            with self._db.atomic():
                self._db.execute(f"DELETE FROM drafts WHERE id IN ({', '.join('?' for _ in keys)})", list(keys))
        except DB_ERRORS as error:
            raise write_error(error) from error

    def get(self, key: str) -> Draft | None:
        """The draft with ``key``, or None."""
        rows = list(self._db.table("drafts").rows_where("id = ?", [key]))
        return _draft(rows[0]) if rows else None

    def every(self) -> list[Draft]:
        """Every draft, oldest first."""
        return [_draft(row) for row in self._db.table("drafts").rows_where(order_by="updated_at, rowid")]

    def left_behind(self, running: set[str]) -> list[Draft]:
        """The drafts to offer back: written by app processes not in ``running``, records still there, oldest first.

        Drafts of deleted records are removed first (:meth:`remove_for_deleted_records`).
        """
        self.remove_for_deleted_records()
        return [draft for draft in self.every() if draft.instance not in running]

    def adopt(self, key: str, instance: str) -> None:
        """Mark a draft as kept by ``instance`` from now on (it was restored into that process's window)."""
        try:
            with self._db.atomic():
                self._db.execute("UPDATE drafts SET instance = ? WHERE id = ?", [instance, key])
        except DB_ERRORS as error:
            raise write_error(error) from error

    def remove_for_deleted_records(self) -> int:
        """Remove drafts whose assessment, or whose saved record, was deleted; return how many.

        Raises:
            StorageError: the database cannot be written.
        """
        gone = [draft.key for draft in self.every() if not self._still_there(draft)]
        self.remove(*gone)
        return len(gone)

    def _still_there(self, draft: Draft) -> bool:
        if draft.assessment_id is not None and not self._live("assessments", draft.assessment_id):
            return False
        table = RECORD_TABLES.get(draft.kind)
        if table is None or draft.is_new:
            return True
        if table == "plan_reviews":
            row = self._db.execute("SELECT finalised_at FROM plan_reviews WHERE id = ?", [draft.record_id]).fetchone()
            return row is not None and row[0] is None  # a finalised review cannot be changed
        if table == "meetings":
            row = self._db.execute(
                "SELECT status FROM meetings WHERE id = ? AND deleted_at IS NULL", [draft.record_id]
            ).fetchone()
            return row is not None and row[0] == "draft"  # a finalised meeting cannot be changed
        return self._live(table, draft.record_id)

    def _live(self, table: str, record_id: str) -> bool:
        columns = {row[1] for row in self._db.execute(f"PRAGMA table_info({table})").fetchall()}
        where = "id = ? AND deleted_at IS NULL" if "deleted_at" in columns else "id = ?"
        return self._db.execute(f"SELECT 1 FROM {table} WHERE {where}", [record_id]).fetchone() is not None
