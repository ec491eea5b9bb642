"""Storage of safety-mapping sessions and their marks.

Each session and each mark is saved on its own, committed at once (like visits
and pins). Deleting is soft: hidden everywhere, kept until purged by the
retention rule (marks belong to the session's assessment through the session).
An edit saves only the fields changed since it was shown, never over another
window's change (:mod:`safeguarding.store.revisions`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import NotFoundError
from safeguarding.safety_mapping.model import (
    MarkKind,
    Participants,
    SafetyMark,
    SafetySession,
    validate_mark,
    validate_session,
)
from safeguarding.store.dberrors import DB_ERRORS, write_error
from safeguarding.store.revisions import connection_actor, loaded_values, save_record
from safeguarding.store.soft_delete import soft_delete_assessment_record
from safeguarding.timeutil import Clock, from_iso, to_iso, utc_now

SESSION_FIELDS = ("held_on", "participants", "facilitator", "notes")
"""The fields of a safety-mapping session an edit may change."""
MARK_FIELDS = ("kind", "label", "notes", "points")
"""The fields of a safety-mapping mark an edit may change."""


def session_values(session: SafetySession) -> dict[str, Any]:
    """A session's editable fields as stored values (see :data:`SESSION_FIELDS`)."""
    return {
        "held_on": session.held_on.isoformat(),
        "participants": json.dumps([{"role": p.role.strip(), "number": p.number} for p in session.participants]),
        "facilitator": session.facilitator.strip(),
        "notes": session.notes.strip(),
    }


def mark_values(mark: SafetyMark) -> dict[str, Any]:
    """A mark's editable fields as stored values (see :data:`MARK_FIELDS`)."""
    return {
        "kind": MarkKind(mark.kind).value,
        "label": mark.label.strip(),
        "notes": mark.notes.strip(),
        "points": json.dumps([list(p) for p in mark.points]),
    }


def _mark_from_row(row: dict[str, Any]) -> SafetyMark:
    return SafetyMark(
        session_id=row["session_id"],
        kind=MarkKind(row["kind"]),
        points=[(float(lat), float(lon)) for lat, lon in json.loads(row["points"])],
        label=row["label"],
        notes=row["notes"],
        id=row["id"],
        created_at=from_iso(row["created_at"]),
        updated_at=from_iso(row["updated_at"]),
    )


def load_sessions(db: Database, assessment_id: str) -> list[SafetySession]:
    """An assessment's sessions in date order, each with its marks in the order they were made."""
    sessions = []
    for row in db.table("safety_sessions").rows_where(
        "assessment_id = ? AND deleted_at IS NULL", [assessment_id], order_by="held_on, created_at, rowid"
    ):
        marks = [
            _mark_from_row(mark)
            for mark in db.table("safety_marks").rows_where(
                "session_id = ? AND deleted_at IS NULL", [row["id"]], order_by="created_at, rowid"
            )
        ]
        sessions.append(
            SafetySession(
                assessment_id=row["assessment_id"],
                held_on=date.fromisoformat(row["held_on"]),
                participants=[Participants(str(p["role"]), int(p["number"])) for p in json.loads(row["participants"])],
                facilitator=row["facilitator"],
                notes=row["notes"],
                marks=marks,
                id=row["id"],
                created_at=from_iso(row["created_at"]),
                updated_at=from_iso(row["updated_at"]),
            )
        )
    return sessions


class SafetyMappingRepository:
    """Create, read, update and delete safety-mapping sessions and marks.

    Args:
        db: An open database.
        clock: Returns "now" as an aware UTC datetime.
    """

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

    def sessions(self, assessment_id: str) -> list[SafetySession]:
        """The assessment's sessions, oldest first, with their marks."""
        return load_sessions(self._db, assessment_id)

    def save_session(
        self, session: SafetySession, base: SafetySession | Mapping[str, Any] | None = None
    ) -> SafetySession:
        """Insert or update a session (not its marks), committed at once.

        Args:
            session: The session as entered (a new one is inserted with its id).
            base: As the editor showed it: only the fields changed since are saved, never over
                another window's change. None: write over what is stored.

        Raises:
            EditConflictError: the same field was saved differently elsewhere. Nothing was saved.
            ValidationError: if the session breaks a rule (see :func:`validate_session`).
            NotFoundError: if the assessment or the session no longer exists.
            StorageError: if the database cannot be written.
        """
        validate_session(session)
        if not list(self._db.table("assessments").rows_where("id = ? AND deleted_at IS NULL", [session.assessment_id])):
            raise NotFoundError("That assessment no longer exists.")
        stored = list(self._db.table("safety_sessions").rows_where("id = ?", [session.id]))
        if stored and (stored[0]["deleted_at"] is not None or stored[0]["assessment_id"] != session.assessment_id):
            raise NotFoundError("That safety-mapping session no longer exists.")
        now = self._clock()
        session.created_at = session.created_at or now
        session.updated_at = now
        edited = session_values(session)
        row = {
            "id": session.id,
            "assessment_id": session.assessment_id,
            **edited,
            "created_at": to_iso(session.created_at),
            "updated_at": to_iso(now),
            "updated_by": connection_actor(self._db),
        }
        try:
            with self._db.atomic():
                if stored:
                    loaded = loaded_values(base, edited, session_values)
                    save_record(self._db, "safety_sessions", session.id, loaded, edited, SESSION_FIELDS, now=now)
                else:
                    self._db.table("safety_sessions").insert(row)
                self._db.table("assessments").update(session.assessment_id, {"updated_at": to_iso(now)})
        except DB_ERRORS as error:
            raise write_error(error) from error
        return session

    def delete_session(self, session_id: str) -> None:
        """Soft-delete a session (its marks are hidden with it).

        Raises:
            NotFoundError: if there is no such session.
            StorageError: if the database cannot be written.
        """
        soft_delete_assessment_record(
            self._db,
            "safety_sessions",
            session_id,
            to_iso(self._clock()),
            "That safety-mapping session no longer exists.",
        )

    def save_mark(self, mark: SafetyMark, base: SafetyMark | Mapping[str, Any] | None = None) -> SafetyMark:
        """Insert or update a mark, committed at once.

        Args:
            mark: The mark as entered (a new one is inserted with its id).
            base: As the editor showed it: only the fields changed since are saved, never over
                another window's change. None: write over what is stored.

        Raises:
            EditConflictError: the same field was saved differently elsewhere. Nothing was saved.
            ValidationError: if the mark breaks a rule (see :func:`validate_mark`).
            NotFoundError: if its session no longer exists.
            StorageError: if the database cannot be written.
        """
        validate_mark(mark)
        sessions = list(
            self._db.table("safety_sessions").rows_where("id = ? AND deleted_at IS NULL", [mark.session_id])
        )
        if not sessions:
            raise NotFoundError("That safety-mapping session no longer exists.")
        now = self._clock()
        mark.created_at = mark.created_at or now
        mark.updated_at = now
        edited = mark_values(mark)
        row = {
            "id": mark.id,
            "session_id": mark.session_id,
            **edited,
            "created_at": to_iso(mark.created_at),
            "updated_at": to_iso(now),
            "updated_by": connection_actor(self._db),
        }
        try:
            with self._db.atomic():
                if list(self._db.table("safety_marks").rows_where("id = ?", [mark.id])):
                    loaded = loaded_values(base, edited, mark_values)
                    save_record(self._db, "safety_marks", mark.id, loaded, edited, MARK_FIELDS, now=now)
                else:
                    self._db.table("safety_marks").insert(row)
                self._db.table("assessments").update(sessions[0]["assessment_id"], {"updated_at": to_iso(now)})
        except DB_ERRORS as error:
            raise write_error(error) from error
        return mark

    def delete_mark(self, mark_id: str) -> None:
        """Soft-delete a mark.

        Raises:
            NotFoundError: if there is no such mark.
            StorageError: if the database cannot be written.
        """
        rows = list(self._db.table("safety_marks").rows_where("id = ? AND deleted_at IS NULL", [mark_id]))
        if not rows:
            raise NotFoundError("That mark no longer exists.")
        now = to_iso(self._clock())
        try:
            with self._db.atomic():
                self._db.table("safety_marks").update(mark_id, {"deleted_at": now, "updated_at": now})
        except DB_ERRORS as error:
            raise write_error(error) from error
