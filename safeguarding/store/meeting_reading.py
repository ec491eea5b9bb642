"""Reading DCSM meetings: the list, one meeting whole (who came, its agenda, each item), by date.

A part of :class:`~safeguarding.store.meetings.MeetingRepository` (its methods, moved out whole).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import NotFoundError
from safeguarding.meetings.records import (
    AgendaReason,
    Attendance,
    Attendee,
    Meeting,
    MeetingItem,
    MeetingStatus,
    NewAction,
)
from safeguarding.model import Side
from safeguarding.plan.records import Decision
from safeguarding.store.plan.reviews import review_from_row
from safeguarding.timeutil import date_from_iso, format_uk_date, from_iso


class MeetingReading:
    """Reads meetings, who came and their agenda items (a part of the meeting repository)."""

    _db: Database

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
