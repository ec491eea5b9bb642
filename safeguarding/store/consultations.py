"""Storage of consultations (engagement): who was consulted, how, when and what they said.

Each consultation is saved on its own, committed at once, with its side tags in
the same transaction. Deleting is soft (hidden, kept until purged). An edit saves
only the fields changed since the form was filled, and never over another
window's change (see :mod:`safeguarding.store.revisions`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import NotFoundError
from safeguarding.evidence.details import sides_text, validate_consultation
from safeguarding.model import Consultation, ConsultationMethod, Side
from safeguarding.store.dberrors import DB_ERRORS, write_error
from safeguarding.store.detail_rows import sync_detail_rows
from safeguarding.store.revisions import connection_actor, loaded_values, save_record
from safeguarding.store.soft_delete import soft_delete_assessment_record
from safeguarding.timeutil import Clock, date_from_iso, date_to_iso, from_iso, to_iso, utc_now

CONSULTATION_FIELDS = ("consulted", "method", "held_on", "people", "said", "sides")
"""The fields of a consultation an edit may change (``sides`` is kept in child rows)."""


def consultation_values(consultation: Consultation) -> dict[str, Any]:
    """A consultation's editable fields as stored values (see :data:`CONSULTATION_FIELDS`)."""
    return {
        "consulted": consultation.consulted.strip(),
        "method": consultation.method.value,
        "held_on": date_to_iso(consultation.held_on),
        "people": consultation.people,
        "said": consultation.said,
        "sides": sides_text(consultation.sides),
    }


def _from_row(row: dict[str, Any], sides: set[Side]) -> Consultation:
    held_on = date_from_iso(row["held_on"])
    assert held_on is not None
    return Consultation(
        id=row["id"],
        consulted=row["consulted"],
        method=ConsultationMethod(row["method"]),
        held_on=held_on,
        people=row["people"],
        said=row["said"],
        sides=sides,
        created_at=from_iso(row["created_at"]),
        updated_at=from_iso(row["updated_at"]),
        revision=row["revision"],
    )


def load_consultations(db: Database, assessment_id: str) -> list[Consultation]:
    """Return an assessment's consultations in date order (then the order entered)."""
    rows = list(
        db.table("consultations").rows_where(
            "assessment_id = ? AND deleted_at IS NULL", [assessment_id], order_by="held_on, created_at, rowid"
        )
    )
    sides: dict[str, set[Side]] = {row["id"]: set() for row in rows}
    if rows:
        marks = ", ".join("?" for _ in rows)
        for consultation_id, side in db.execute(
            f"SELECT consultation_id, side FROM consultation_sides WHERE consultation_id IN ({marks})",
            [row["id"] for row in rows],
        ).fetchall():
            sides[consultation_id].add(Side(side))
    return [_from_row(row, sides[row["id"]]) for row in rows]


class ConsultationRepository:
    """Create, read, update and delete an assessment's consultations.

    Args:
        db: An open database.
        clock: Returns "now" as an aware UTC datetime.
    """

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

    def of_assessment(self, assessment_id: str) -> list[Consultation]:
        """Return the assessment's consultations in date order."""
        return load_consultations(self._db, assessment_id)

    def get(self, consultation_id: str) -> Consultation:
        """Return one consultation.

        Raises:
            NotFoundError: if there is no such (undeleted) consultation.
        """
        rows = list(self._db.table("consultations").rows_where("id = ? AND deleted_at IS NULL", [consultation_id]))
        if not rows:
            raise NotFoundError("That consultation no longer exists.")
        return next(c for c in load_consultations(self._db, rows[0]["assessment_id"]) if c.id == consultation_id)

    def save(
        self, assessment_id: str, consultation: Consultation, base: Consultation | Mapping[str, Any] | None = None
    ) -> Consultation:
        """Insert or update one consultation and its side tags, committed at once.

        Args:
            assessment_id: The assessment it belongs to.
            consultation: As entered (a new one is inserted with its id).
            base: As the editor loaded it (or its :func:`consultation_values` as shown): only the
                fields changed since are saved, never over another window's change. None: write over.

        Returns:
            The consultation as stored after the save.

        Raises:
            ValidationError: if it breaks a rule (e.g. nobody named as consulted).
            NotFoundError: if the assessment does not exist, or the consultation was
                deleted or belongs to another assessment.
            EditConflictError: the same field was saved differently elsewhere (fields as in
                :data:`CONSULTATION_FIELDS`). Nothing was saved.
            StorageError: if the database cannot be written (nothing is half-saved).
        """
        validate_consultation(consultation)
        if not list(self._db.table("assessments").rows_where("id = ? AND deleted_at IS NULL", [assessment_id])):
            raise NotFoundError("That assessment no longer exists.")
        now = self._clock()
        edited = consultation_values(consultation)
        try:
            with self._db.atomic():
                stored = list(self._db.table("consultations").rows_where("id = ?", [consultation.id]))
                if stored and (stored[0]["deleted_at"] is not None or stored[0]["assessment_id"] != assessment_id):
                    raise NotFoundError(
                        "That consultation no longer exists: it may have been deleted in another window."
                    )
                current_sides = sides_text(
                    {
                        Side(row[0])
                        for row in self._db.execute(
                            "SELECT side FROM consultation_sides WHERE consultation_id = ?", [consultation.id]
                        ).fetchall()
                    }
                )
                if stored:
                    loaded = loaded_values(base, edited, consultation_values)
                    save_record(
                        self._db,
                        "consultations",
                        consultation.id,
                        loaded,
                        edited,
                        CONSULTATION_FIELDS,
                        now=now,
                        derived={"sides": current_sides},
                    )
                    write_sides = edited["sides"] not in ((loaded or {}).get("sides", current_sides), current_sides)
                else:
                    self._db.table("consultations").insert(
                        {
                            **{key: value for key, value in edited.items() if key != "sides"},
                            "id": consultation.id,
                            "assessment_id": assessment_id,
                            "created_at": to_iso(consultation.created_at or now),
                            "updated_at": to_iso(now),
                            "updated_by": connection_actor(self._db),
                        }
                    )
                    write_sides = True
                if write_sides:
                    sides = [
                        {"consultation_id": consultation.id, "side": side.value}
                        for side in Side
                        if side in consultation.sides
                    ]
                    sync_detail_rows(
                        self._db, "consultation_sides", ("consultation_id", consultation.id), ("side",), sides
                    )
                self._db.table("assessments").update(assessment_id, {"updated_at": to_iso(now)})
        except DB_ERRORS as error:
            raise write_error(error) from error
        return self.get(consultation.id)

    def delete(self, consultation_id: str) -> None:
        """Soft-delete a consultation.

        Raises:
            NotFoundError: if there is no such consultation.
            StorageError: if the database cannot be written.
        """
        soft_delete_assessment_record(
            self._db, "consultations", consultation_id, to_iso(self._clock()), "That consultation no longer exists."
        )
