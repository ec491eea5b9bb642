"""Storage of the people named in an assessment, for redaction (real name and pseudonym).

Each person is saved on its own and committed at once. Removing a person is a
real delete (the audit trail keeps the record of it): a soft-deleted real name
would still be a real name kept for no purpose. An edit saves only the fields
changed since it was shown, never over another window's change
(:mod:`safeguarding.store.revisions`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import NotFoundError, ValidationError
from safeguarding.model import Person, PersonRole, new_id
from safeguarding.store.dberrors import DB_ERRORS, write_error
from safeguarding.store.revisions import connection_actor, loaded_values, save_record
from safeguarding.timeutil import Clock, from_iso, to_iso, utc_now

NAME_LIMIT = 200
PERSON_FIELDS = ("real_name", "pseudonym", "role", "other_names", "notes")
"""The fields of a person an edit may change."""


def person_values(person: Person) -> dict[str, Any]:
    """A person's editable fields as stored values (names with their spaces tidied, as saved)."""
    return {
        "real_name": " ".join(person.real_name.split()),
        "pseudonym": " ".join(person.pseudonym.split()),
        "role": person.role.value,
        "other_names": "\n".join(line.strip() for line in person.other_names.splitlines() if line.strip()),
        "notes": person.notes,
    }


def _from_row(row: dict[str, Any]) -> Person:
    return Person(
        id=row["id"],
        assessment_id=row["assessment_id"],
        real_name=row["real_name"],
        pseudonym=row["pseudonym"],
        role=PersonRole(row["role"]),
        other_names=row["other_names"],
        notes=row["notes"],
        created_at=from_iso(row["created_at"]),
        updated_at=from_iso(row["updated_at"]),
        revision=row["revision"],
    )


def validate_person(person: Person, others: list[Person]) -> None:
    """Check a person before saving.

    Raises:
        ValidationError: the name or pseudonym is empty or too long, the
            pseudonym is used by another person, or contains the real name.
    """
    name, pseudonym = person.real_name.strip(), person.pseudonym.strip()
    if not name:
        raise ValidationError("Please give the person's name as it is written in your notes.", "real_name")
    if not pseudonym:
        raise ValidationError('Please give a pseudonym, for example "Young person A".', "pseudonym")
    if len(name) > NAME_LIMIT or len(pseudonym) > NAME_LIMIT:
        raise ValidationError(f"Names are limited to {NAME_LIMIT} characters.", "real_name")
    if name.casefold() in pseudonym.casefold():
        raise ValidationError("The pseudonym must not contain the person's real name.", "pseudonym")
    for other in others:
        if other.id != person.id and other.pseudonym.strip().casefold() == pseudonym.casefold():
            raise ValidationError(
                f'"{pseudonym}" is already the pseudonym of someone else in this assessment. Choose another.',
                "pseudonym",
            )


class PeopleRepository:
    """Create, read, update and remove the people registered for redaction.

    Args:
        db: An open database.
        clock: Returns "now" as an aware UTC datetime.
    """

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

    def of_assessment(self, assessment_id: str) -> list[Person]:
        """Return the people of an assessment in the order they were added."""
        rows = self._db.table("people").rows_where("assessment_id = ?", [assessment_id], order_by="created_at, rowid")
        return [_from_row(row) for row in rows]

    def everyone(self) -> list[Person]:
        """Return the people registered in every assessment, in the order they were added."""
        return [_from_row(row) for row in self._db.table("people").rows_where(order_by="created_at, rowid")]

    def for_redaction(self, assessment_id: str) -> list[Person]:
        """Return everyone whose name a redacted export of this assessment must replace.

        That is the people recorded for this assessment and for every other
        assessment of the same location: a reassessment carries earlier write-ups
        (and the names in them) forward, so a name recorded once for a place is
        replaced in every report on that place. A name recorded in several
        assessments appears once, with this assessment's pseudonym if it has one.
        """
        rows = self._db.execute(
            "SELECT p.* FROM people p JOIN assessments a ON a.id = p.assessment_id "
            "WHERE a.location_id = (SELECT location_id FROM assessments WHERE id = ?) "
            "ORDER BY (p.assessment_id = ?) DESC, p.created_at, p.rowid",
            [assessment_id, assessment_id],
        )
        columns = [column[0] for column in rows.description]
        seen: set[str] = set()
        people: list[Person] = []
        for values in rows.fetchall():
            person = _from_row(dict(zip(columns, values, strict=True)))
            key = person.real_name.casefold()
            if key not in seen:
                seen.add(key)
                people.append(person)
        return people

    def copy_to(self, from_assessment_id: str, to_assessment_id: str) -> int:
        """Copy the people of one assessment to another (used when reassessing); return how many.

        Runs inside the caller's transaction.
        """
        now = to_iso(self._clock())
        count = 0
        for person in self.of_assessment(from_assessment_id):
            self._db.table("people").insert(
                {
                    "id": new_id(),
                    "assessment_id": to_assessment_id,
                    "real_name": person.real_name,
                    "pseudonym": person.pseudonym,
                    "role": person.role.value,
                    "other_names": person.other_names,
                    "notes": person.notes,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            count += 1
        return count

    def get(self, person_id: str) -> Person:
        """Return one person.

        Raises:
            NotFoundError: there is no such person (removed, perhaps in another window).
        """
        rows = list(self._db.table("people").rows_where("id = ?", [person_id]))
        if not rows:
            raise NotFoundError("That person is no longer in the list: they may have been removed in another window.")
        return _from_row(rows[0])

    def save(self, person: Person, base: Person | Mapping[str, Any] | None = None) -> Person:
        """Insert or update one person, committed at once.

        Args:
            person: As entered (a new one is inserted with its id).
            base: As the editor showed it: only the fields changed since are saved, never
                over another window's change. None: write over what is stored.

        Returns:
            The person as stored after the save.

        Raises:
            ValidationError: see :func:`validate_person`.
            NotFoundError: the assessment no longer exists, or the person was removed.
            EditConflictError: the same field was saved differently elsewhere (fields as in
                :data:`PERSON_FIELDS`). Nothing was saved.
            StorageError: the database cannot be written.
        """
        person.real_name = " ".join(person.real_name.split())
        person.pseudonym = " ".join(person.pseudonym.split())
        validate_person(person, self.of_assessment(person.assessment_id))
        if not list(self._db.table("assessments").rows_where("id = ?", [person.assessment_id])):
            raise NotFoundError("That assessment no longer exists.")
        now = self._clock()
        edited = person_values(person)
        try:
            with self._db.atomic():
                if list(self._db.table("people").rows_where("id = ?", [person.id])):
                    save_record(
                        self._db,
                        "people",
                        person.id,
                        loaded_values(base, edited, person_values),
                        edited,
                        PERSON_FIELDS,
                        now=now,
                    )
                elif base is not None:
                    raise NotFoundError(
                        "That person is no longer in the list: they may have been removed in another window."
                    )
                else:
                    self._db.table("people").insert(
                        {
                            "id": person.id,
                            "assessment_id": person.assessment_id,
                            **edited,
                            "created_at": to_iso(person.created_at or now),
                            "updated_at": to_iso(now),
                            "updated_by": connection_actor(self._db),
                        }
                    )
        except DB_ERRORS as error:
            raise write_error(error) from error
        return self.get(person.id)

    def remove(self, person_id: str) -> None:
        """Remove a person (the audit trail records it).

        Raises:
            NotFoundError: there is no such person.
            StorageError: the database cannot be written.
        """
        if not list(self._db.table("people").rows_where("id = ?", [person_id])):
            raise NotFoundError("That person is no longer in the list.")
        try:
            with self._db.atomic():
                self._db.execute("DELETE FROM people WHERE id = ?", [person_id])
        except DB_ERRORS as error:
            raise write_error(error) from error
