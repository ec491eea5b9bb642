"""Storage of DCSM meetings: the meeting, who came, its agenda, new actions agreed, and what it saw.

An item about an assessment keeps what the meeting says in that assessment's
DCSM review (``plan_reviews``, through :class:`~safeguarding.store.plan.repository.PlanRepository`),
so it is written once and every view of the plan sees it. Finalising (several
repositories in one transaction) is :func:`safeguarding.workflows.meetings.finalise_meeting`.

Reading is :mod:`~safeguarding.store.meeting_reading` and what a meeting saw
:mod:`~safeguarding.store.meeting_snapshots`, both parts of :class:`MeetingRepository`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import ValidationError
from safeguarding.meetings.records import Meeting, MeetingItem, MeetingStatus, NewAction
from safeguarding.meetings.rules import validate_meeting
from safeguarding.meetings.values import apply_meeting_value, apply_values, meeting_values, split_key
from safeguarding.plan.records import Review
from safeguarding.store.dberrors import writing
from safeguarding.store.meeting_reading import MeetingReading
from safeguarding.store.meeting_snapshots import MeetingSnapshots
from safeguarding.store.plan.repository import PlanRepository
from safeguarding.store.revisions import EditConflictError, FieldConflict, connection_actor
from safeguarding.timeutil import Clock, date_to_iso, format_uk_date, from_iso, to_iso, utc_now

FINAL_MESSAGE = "This meeting has been finalised and is part of the record; it cannot be changed."


class MeetingRepository(MeetingReading, MeetingSnapshots):
    """Create, read and change DCSM meetings (drafts), and keep what a finalised meeting saw.

    Args:
        db: An open database.
        plan: The plan repository (items write their assessment's DCSM review through it).
        clock: Returns "now" as an aware UTC datetime.
    """

    def __init__(self, db: Database, plan: PlanRepository, clock: Clock = utc_now) -> None:
        self._db = db
        self._plan = plan
        self._clock = clock

    # -- writing --------------------------------------------------------------------

    def _require_draft(self, meeting_id: str) -> None:
        rows = list(self._db.query("SELECT status FROM meetings WHERE id = ?", [meeting_id]))
        if rows and rows[0]["status"] == MeetingStatus.FINAL.value:
            raise ValidationError(FINAL_MESSAGE)

    def save(self, meeting: Meeting, base: Mapping[str, Any] | None = None) -> Meeting:
        """Save a draft meeting: its details, attendees, agenda and what each item records.

        Items with an assessment write their discussion, decision and updates into
        a draft DCSM review of that assessment (made on first save). Items no longer
        in ``meeting.items`` are removed with their draft reviews.

        Args:
            meeting: The meeting as entered.
            base: The meeting as the editor showed it (:func:`~safeguarding.meetings.values.meeting_values`),
                so only what was changed since is saved, never over another window's change to the
                same field; what another window saved in other fields (or another item) is kept.
                None: the meeting is written whole, as given (a new meeting, the command line).

        Returns:
            The meeting as saved (with another window's changes when ``base`` was given).

        Raises:
            ValidationError: the meeting is finalised, another meeting has the same
                date, or a rule of :func:`~safeguarding.meetings.rules.validate_meeting` fails.
            EditConflictError: a field changed here was saved differently elsewhere since
                ``base`` (its keys as in :mod:`safeguarding.meetings.values`). Nothing was saved.
            StorageError: the database cannot be written.
        """
        validate_meeting(meeting, finalising=False)
        clash = list(
            self._db.query(
                "SELECT id FROM meetings WHERE meeting_date = ? AND id <> ? AND deleted_at IS NULL",
                [meeting.meeting_date.isoformat(), meeting.id],
            )
        )
        if clash:
            raise ValidationError(
                f"There is already a meeting on {format_uk_date(meeting.meeting_date)}. Open that one instead.",
                "meeting_date",
            )
        with writing(self._db):  # BEGIN IMMEDIATE: what is compared cannot change before it is written
            self._require_draft(meeting.id)  # not finalised in another window meanwhile
            if base is not None and self._db.table("meetings").count_where("id = ?", [meeting.id]):
                meeting, changed = self._merged(meeting, base)
                validate_meeting(meeting, finalising=False)
            else:
                changed = {item.id for item in meeting.items} | {""}
            if changed:
                self._write(meeting, changed)
        return meeting

    def _merged(self, mine: Meeting, base: Mapping[str, Any]) -> tuple[Meeting, set[str]]:
        """The meeting as stored now with the fields changed since ``base`` taken from ``mine``.

        Returns:
            The merged meeting, and the ids of the items changed ("" for the meeting itself).

        Raises:
            EditConflictError: a changed field was saved differently elsewhere.
        """
        result = self.get(mine.id)
        current, ours = meeting_values(result), meeting_values(mine)
        kept = {item.id for item in mine.items}
        changed = [
            key
            for key in sorted(ours.keys() | base.keys())
            if ours.get(key) != base.get(key) and split_key(key)[0] in (None, *kept)
        ]
        found = [self._conflict(mine.id, key, base, ours, current) for key in changed]
        conflicts = [conflict for conflict in found if conflict is not None]
        if conflicts:
            revision = self._db.execute("SELECT revision FROM meetings WHERE id = ?", [mine.id]).fetchone()[0]
            raise EditConflictError("meetings", mine.id, conflicts, int(revision))
        stored = {item.id for item in result.items}
        if "agenda" in changed:
            items = {**{item.id: item for item in mine.items}, **{item.id: item for item in result.items}}
            result.items = [items[item_id] for item_id in json.loads(ours["agenda"]) if item_id in items]
        for key in changed:
            item_id, name = split_key(key)
            if item_id is None:
                apply_meeting_value(result, name, ours[key])
            elif item_id in stored:
                apply_values(result, {key: ours[key]})
        touched = {split_key(key)[0] or "" for key in changed}
        return result, touched | ({""} if touched else set())

    def _conflict(
        self, meeting_id: str, key: str, base: Mapping[str, Any], ours: Mapping[str, Any], current: Mapping[str, Any]
    ) -> FieldConflict | None:
        """The conflict of one changed field with what is stored now (None: no conflict)."""
        if current.get(key) in (base.get(key), ours.get(key)):
            return None
        item_id, _name = split_key(key)
        table, record_id = ("meetings", meeting_id) if item_id is None else ("meeting_items", item_id)
        row = self._db.execute(f"SELECT updated_by, updated_at FROM {table} WHERE id = ?", [record_id]).fetchone()
        author, when = (str(row[0] or ""), from_iso(row[1])) if row else ("", None)
        return FieldConflict(key, base.get(key), ours.get(key), current.get(key), author, when)

    def _write(self, meeting: Meeting, changed: set[str]) -> None:
        """Write the meeting whole, inside the caller's transaction; stamp the records in ``changed``."""
        now = self._clock()
        actor = connection_actor(self._db)
        meeting.created_at = meeting.created_at or now
        meeting.updated_at = now
        self._db.table("meetings").upsert(_meeting_row(meeting), pk="id")
        self._db.execute("DELETE FROM meeting_people WHERE meeting_id = ?", [meeting.id])
        for position, person in enumerate(meeting.attendees):
            self._db.table("meeting_people").insert(
                {
                    "id": person.id,
                    "meeting_id": meeting.id,
                    "name": person.name.strip(),
                    "agency": person.agency.strip(),
                    "role": person.role.strip(),
                    "attendance": person.attendance.value,
                    "position": position,
                    "created_at": to_iso(now),
                    "updated_at": to_iso(now),
                    "updated_by": actor,
                }
            )
        kept = {item.id for item in meeting.items}
        for row in self._item_rows(meeting.id):
            if row["id"] not in kept:
                self._remove_item(row, now)
        for position, item in enumerate(meeting.items, start=1):
            item.meeting_id, item.position = meeting.id, position
            self._write_item(meeting, item, now)
        if "" in changed:
            self._stamp("meetings", [meeting.id], actor)
        self._stamp("meeting_items", sorted(changed - {""}), actor)

    def _stamp(self, table: str, ids: list[str], actor: str) -> None:
        """One more revision, and who saved it, for each record of ``ids`` (changed by this save)."""
        for record_id in ids:
            self._db.execute(
                f"UPDATE {table} SET revision = revision + 1, updated_by = ? WHERE id = ?", [actor, record_id]
            )

    def _write_item(self, meeting: Meeting, item: MeetingItem, now: Any) -> None:
        if item.assessment_id is not None:
            review = item.review or Review(item.assessment_id, meeting.meeting_date, meeting_id=meeting.id)
            if not review.is_final:
                review.meeting_date = meeting.meeting_date
                review.meeting_id = meeting.id
                review.agencies_present = meeting.agencies_present()
                self._plan.save_review(review)
            item.review = review
        item.created_at = item.created_at or now
        item.updated_at = now
        self._db.table("meeting_items").upsert(
            {
                "id": item.id,
                "meeting_id": meeting.id,
                "location_id": item.location_id,
                "assessment_id": item.assessment_id,
                "review_id": item.review.id if item.review else None,
                "position": item.position,
                "reason": item.reason.value,
                "raised_by": item.raised_by.strip(),
                "reason_note": item.reason_note.strip(),
                "decision_sought": item.decision_sought.strip(),
                "discussion": item.discussion.strip() if item.review is None else "",
                "decision": item.decision.value if item.decision and item.review is None else None,
                "route": item.route.strip() if item.review is None else "",
                "next_review_date": date_to_iso(item.next_review_date) if item.review is None else None,
                "created_at": to_iso(item.created_at),
                "updated_at": to_iso(now),
                "deleted_at": None,
            },
            pk="id",
        )
        kept = [action.id for action in item.new_actions]
        marks = ", ".join("?" for _ in kept) or "''"
        self._db.execute(
            "UPDATE meeting_new_actions SET deleted_at = ? WHERE item_id = ? AND deleted_at IS NULL "
            f"AND id NOT IN ({marks})",
            [to_iso(now), item.id, *kept],
        )
        for position, action in enumerate(item.new_actions):
            self._db.table("meeting_new_actions").upsert(
                {
                    "id": action.id,
                    "item_id": item.id,
                    "goal_id": action.goal_id,
                    "side": action.side.value,
                    "description": action.description.strip(),
                    "agency_id": action.agency_id,
                    "lead": action.lead.strip(),
                    "due_date": date_to_iso(action.due_date),
                    "measure": action.measure.strip(),
                    "action_id": action.action_id,
                    "position": position,
                    "created_at": to_iso(now),
                    "updated_at": to_iso(now),
                    "deleted_at": None,
                },
                pk="id",
            )

    def _remove_item(self, row: dict[str, Any], now: Any) -> None:
        self._db.table("meeting_items").update(row["id"], {"deleted_at": to_iso(now), "updated_at": to_iso(now)})
        if row["review_id"]:
            self._db.table("meeting_items").update(row["id"], {"review_id": None})
            self._plan.discard_draft_review(row["review_id"])

    def delete(self, meeting_id: str) -> None:
        """Remove a draft meeting (kept in the file, hidden), with its items' draft reviews.

        Raises:
            ValidationError: the meeting is finalised.
            NotFoundError, StorageError.
        """
        meeting = self.get(meeting_id)
        if meeting.is_final:
            raise ValidationError(FINAL_MESSAGE)
        now = self._clock()
        with writing(self._db):
            for row in self._item_rows(meeting_id):
                self._remove_item(row, now)
            self._db.table("meetings").update(meeting_id, {"deleted_at": to_iso(now), "updated_at": to_iso(now)})

    def mark_final(self, meeting: Meeting) -> None:
        """Record the meeting as finalised, now (used by the finalising workflow, inside its transaction)."""
        now = self._clock()
        meeting.status, meeting.finalised_at, meeting.updated_at = MeetingStatus.FINAL, now, now
        self._db.table("meetings").update(
            meeting.id, {"status": meeting.status.value, "finalised_at": to_iso(now), "updated_at": to_iso(now)}
        )

    def record_new_action(self, new_action: NewAction) -> None:
        """Remember the plan action (and goal) a new action became when the meeting was finalised."""
        self._db.table("meeting_new_actions").update(
            new_action.id,
            {"action_id": new_action.action_id, "goal_id": new_action.goal_id, "updated_at": to_iso(self._clock())},
        )


def _meeting_row(meeting: Meeting) -> dict[str, Any]:
    assert meeting.created_at is not None and meeting.updated_at is not None
    return {
        "id": meeting.id,
        "meeting_date": meeting.meeting_date.isoformat(),
        "title": meeting.title.strip(),
        "chair": meeting.chair.strip(),
        "venue": meeting.venue.strip(),
        "notes": meeting.notes.strip(),
        "status": meeting.status.value,
        "finalised_at": to_iso(meeting.finalised_at) if meeting.finalised_at else None,
        "created_at": to_iso(meeting.created_at),
        "updated_at": to_iso(meeting.updated_at),
    }
