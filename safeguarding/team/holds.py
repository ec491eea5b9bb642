""" "I am writing this up": who holds an assessment, so the team knows who is finishing it.

A hold is a shared record (``team_holds``), sent and received like the
assessment itself: others see it after their next sync. It is a courtesy, not a
lock: nobody is stopped from editing, and two holds made offline at once meet as
an ordinary conflict on the ``holder`` field, shown to both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from safeguarding.timeutil import Clock, from_iso, to_iso, utc_now


@dataclass(frozen=True)
class Hold:
    """Who is writing an assessment up.

    Attributes:
        assessment_id: The assessment.
        holder: The member's name; holder_agency: their agency.
        since: When they took it (aware UTC).
    """

    assessment_id: str
    holder: str
    holder_agency: str
    since: datetime | None


def holder_of(db: Database, assessment_id: str) -> Hold | None:
    """The current hold of an assessment, or None if nobody holds it."""
    row = db.execute(
        "SELECT holder, holder_agency, since FROM team_holds WHERE assessment_id = ? AND holder <> ''", [assessment_id]
    ).fetchone()
    if row is None:
        return None
    return Hold(assessment_id, row[0], row[1], from_iso(row[2]) if row[2] else None)


def take_hold(db: Database, assessment_id: str, holder: str, agency: str = "", clock: Clock = utc_now) -> Hold:
    """Mark the assessment as being written up by ``holder`` (replaces any earlier hold)."""
    now = to_iso(clock())
    with db.atomic():
        db.execute(
            "INSERT INTO team_holds (assessment_id, holder, holder_agency, since, updated_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (assessment_id) DO UPDATE SET holder = excluded.holder, "
            "holder_agency = excluded.holder_agency, since = excluded.since, updated_at = excluded.updated_at",
            [assessment_id, holder, agency, now, now],
        )
    return Hold(assessment_id, holder, agency, from_iso(now))


def release_hold(db: Database, assessment_id: str, clock: Clock = utc_now) -> None:
    """Say the assessment is no longer being written up (the record stays, with no holder)."""
    with db.atomic():
        db.execute(
            "UPDATE team_holds SET holder = '', holder_agency = '', since = NULL, updated_at = ? "
            "WHERE assessment_id = ?",
            [to_iso(clock()), assessment_id],
        )
