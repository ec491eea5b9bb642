"""What a finalised DCSM meeting saw: the version of each assessment it considered, kept unchanged.

A part of :class:`~safeguarding.store.meetings.MeetingRepository` (its methods, moved out whole).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from safeguarding.meetings.records import Meeting, MeetingItem
from safeguarding.model import new_id
from safeguarding.timeutil import Clock, format_uk_date, to_iso


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


class MeetingSnapshots:
    """Keeps and finds the versions of the assessments meetings saw (a part of the meeting repository)."""

    _db: Database
    _clock: Clock

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
