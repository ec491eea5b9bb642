"""Storage of DCSM meetings: the meeting, who came, its agenda, new actions agreed, and what it saw.

An item about an assessment keeps what the meeting says in that assessment's
DCSM review (``plan_reviews``, through :class:`~safeguarding.store.plan.repository.PlanRepository`),
so it is written once and every view of the plan sees it. Finalising (several
repositories in one transaction) is :func:`safeguarding.workflows.meetings.finalise_meeting`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import NotFoundError, ValidationError
from safeguarding.meetings.records import (
    AgendaReason,
    Attendance,
    Attendee,
    Meeting,
    MeetingItem,
    MeetingStatus,
    NewAction,
)
from safeguarding.meetings.rules import validate_meeting
from safeguarding.meetings.values import apply_meeting_value, apply_values, meeting_values, split_key
from safeguarding.model import Side, new_id
from safeguarding.plan.records import Decision, Review
from safeguarding.store.dberrors import writing
from safeguarding.store.plan.repository import PlanRepository
from safeguarding.store.plan.reviews import review_from_row
from safeguarding.store.revisions import EditConflictError, FieldConflict, connection_actor
from safeguarding.timeutil import Clock, date_from_iso, date_to_iso, format_uk_date, from_iso, to_iso, utc_now

FINAL_MESSAGE = "This meeting has been finalised and is part of the record; it cannot be changed."


@dataclass(frozen=True)
class KeptVersion:
    """A kept version of an assessment: which meeting, when, its fingerprint and its JSON.

    Attributes:
        meeting_id, meeting_date: The meeting that kept it.
        digest: :func:`safeguarding.meetings.snapshot.digest` of it.
        content: :func:`safeguarding.meetings.snapshot.to_json` of it.
    """

    meeting_id: str
    meeting_date: date
    digest: str
    content: str

    @property
    def words(self) -> str:
        """E.g. ``"the DCSM of 19 November 2026"``."""
        return f"the DCSM of {format_uk_date(self.meeting_date)}"


class MeetingRepository:
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

    # -- reading --------------------------------------------------------------------

    def meetings(self) -> list[Meeting]:
        """Every meeting, latest first, without attendees or items (for lists)."""
        return [
            _meeting_from_row(row)
            for row in self._db.query("SELECT * FROM meetings WHERE deleted_at IS NULL ORDER BY meeting_date DESC")
        ]

    def get(self, meeting_id: str) -> Meeting:
        """The whole meeting: attendees, items (each with its review and new actions).

        Raises:
            NotFoundError: no such (live) meeting.
        """
        rows = list(self._db.query("SELECT * FROM meetings WHERE id = ? AND deleted_at IS NULL", [meeting_id]))
        if not rows:
            raise NotFoundError("That meeting no longer exists.")
        meeting = _meeting_from_row(rows[0])
        meeting.attendees = [
            Attendee(row["name"], row["agency"], row["role"], Attendance(row["attendance"]), row["id"])
            for row in self._db.query(
                "SELECT * FROM meeting_people WHERE meeting_id = ? ORDER BY position, rowid", [meeting_id]
            )
        ]
        meeting.items = [self._item_from_row(row) for row in self._item_rows(meeting_id)]
        return meeting

    def on_date(self, meeting_date: date) -> Meeting:
        """The meeting held on ``meeting_date``.

        Raises:
            NotFoundError: no meeting on that date (the message lists the dates there are).
        """
        rows = list(
            self._db.query("SELECT id FROM meetings WHERE meeting_date = ? AND deleted_at IS NULL", [meeting_date])
        )
        if not rows:
            dates = ", ".join(format_uk_date(meeting.meeting_date) for meeting in self.meetings()) or "none yet"
            raise NotFoundError(f"There is no meeting on {format_uk_date(meeting_date)}. Meetings: {dates}.")
        return self.get(rows[0]["id"])

    def meeting_of(self, record_id: str) -> str | None:
        """The id of the meeting ``record_id`` is (a meeting) or belongs to (an agenda item); None if neither."""
        rows = list(
            self._db.query(
                "SELECT id FROM meetings WHERE id = ? UNION ALL SELECT meeting_id FROM meeting_items WHERE id = ?",
                [record_id, record_id],
            )
        )
        return str(rows[0]["id"]) if rows else None

    def _item_rows(self, meeting_id: str) -> list[dict[str, Any]]:
        return list(
            self._db.query(
                "SELECT mi.*, l.name AS location_name FROM meeting_items mi JOIN locations l ON l.id = mi.location_id "
                "WHERE mi.meeting_id = ? AND mi.deleted_at IS NULL ORDER BY mi.position, mi.rowid",
                [meeting_id],
            )
        )

    def _item_from_row(self, row: dict[str, Any]) -> MeetingItem:
        review = None
        if row["review_id"]:
            found = list(self._db.query("SELECT * FROM plan_reviews WHERE id = ?", [row["review_id"]]))
            review = review_from_row(self._db, found[0]) if found else None
        actions = [
            NewAction(
                description=action["description"],
                agency_id=action["agency_id"],
                agency_name=action["agency_name"] or "",
                lead=action["lead"],
                due_date=date_from_iso(action["due_date"]),
                measure=action["measure"],
                goal_id=action["goal_id"],
                side=Side(action["side"]),
                action_id=action["action_id"],
                id=action["id"],
            )
            for action in self._db.query(
                "SELECT na.*, ag.name AS agency_name FROM meeting_new_actions na "
                "LEFT JOIN plan_agencies ag ON ag.id = na.agency_id "
                "WHERE na.item_id = ? AND na.deleted_at IS NULL ORDER BY na.position, na.rowid",
                [row["id"]],
            )
        ]
        return MeetingItem(
            meeting_id=row["meeting_id"],
            location_id=row["location_id"],
            reason=AgendaReason(row["reason"]),
            assessment_id=row["assessment_id"],
            location_name=row["location_name"],
            position=row["position"],
            raised_by=row["raised_by"],
            reason_note=row["reason_note"],
            decision_sought=row["decision_sought"],
            review=review,
            discussion=row["discussion"],
            decision=Decision(row["decision"]) if row["decision"] else None,
            route=row["route"],
            next_review_date=date_from_iso(row["next_review_date"]),
            new_actions=actions,
            id=row["id"],
            created_at=from_iso(row["created_at"]),
            updated_at=from_iso(row["updated_at"]),
        )

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

    # -- what a meeting saw ---------------------------------------------------------------

    def keep_snapshot(self, meeting: Meeting, item: MeetingItem, digest: str, content: str) -> None:
        """Keep the version of ``item``'s assessment the meeting considered (never changed after)."""
        assert item.assessment_id is not None
        self._db.table("meeting_snapshots").insert(
            {
                "id": new_id(),
                "meeting_id": meeting.id,
                "item_id": item.id,
                "assessment_id": item.assessment_id,
                "digest": digest,
                "content": content,
                "taken_at": to_iso(self._clock()),
            }
        )

    def latest_snapshot(self, assessment_id: str, before: date | None = None) -> KeptVersion | None:
        """The version of an assessment kept by the last finalised meeting that considered it (before a date).

        Args:
            assessment_id: The assessment.
            before: Only meetings held before this date (None: any).
        """
        query = (
            "SELECT s.digest, s.content, s.meeting_id, m.meeting_date FROM meeting_snapshots s "
            "JOIN meetings m ON m.id = s.meeting_id WHERE s.assessment_id = ? AND m.deleted_at IS NULL "
        )
        params: list[Any] = [assessment_id]
        if before is not None:
            query += "AND m.meeting_date < ? "
            params.append(before.isoformat())
        rows = list(self._db.query(query + "ORDER BY m.meeting_date DESC, s.rowid DESC LIMIT 1", params))
        if not rows:
            return None
        row = rows[0]
        return KeptVersion(row["meeting_id"], date.fromisoformat(row["meeting_date"]), row["digest"], row["content"])

    def snapshot(self, meeting_id: str, assessment_id: str) -> KeptVersion | None:
        """The version of an assessment kept by one meeting, if it kept one."""
        rows = list(
            self._db.query(
                "SELECT s.digest, s.content, m.meeting_date FROM meeting_snapshots s JOIN meetings m "
                "ON m.id = s.meeting_id WHERE s.meeting_id = ? AND s.assessment_id = ?",
                [meeting_id, assessment_id],
            )
        )
        if not rows:
            return None
        row = rows[0]
        return KeptVersion(meeting_id, date.fromisoformat(row["meeting_date"]), row["digest"], row["content"])


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


def _meeting_from_row(row: dict[str, Any]) -> Meeting:
    return Meeting(
        meeting_date=date.fromisoformat(row["meeting_date"]),
        title=row["title"],
        chair=row["chair"],
        venue=row["venue"],
        notes=row["notes"],
        status=MeetingStatus(row["status"]),
        finalised_at=from_iso(row["finalised_at"]) if row["finalised_at"] else None,
        id=row["id"],
        created_at=from_iso(row["created_at"]),
        updated_at=from_iso(row["updated_at"]),
    )
