"""Storage of observation visits: each saved on its own, with its head counts and side tags.

A part of :class:`~safeguarding.store.assessments.AssessmentRepository` (its methods, moved
out whole): a visit entered in the field is on disk as soon as it is added. A save with
the visit as the editor loaded it (``base``) writes only the fields changed since, as an
assessment's save does (:mod:`safeguarding.store.revisions`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import NotFoundError
from safeguarding.evidence.details import sides_text, validate_observation_details
from safeguarding.model import AgeBand, GuardianPresence, Observation, ObservedGender, Side
from safeguarding.store.dberrors import DB_ERRORS, write_error
from safeguarding.store.detail_rows import sync_detail_rows
from safeguarding.store.revisions import connection_actor, loaded_values, save_record
from safeguarding.store.soft_delete import soft_delete_assessment_record
from safeguarding.timeutil import Clock, from_iso, to_iso
from safeguarding.validation import validate_observation

OBSERVATION_FIELDS = (
    "start_utc",
    "end_utc",
    "observer",
    "weather",
    "light",
    "notes",
    "activities",
    "guardians",
    "guardian_presence",
    "counts",
    "sides",
)
"""The fields of a visit an edit may change (``counts`` and ``sides`` are kept in child rows)."""


def counts_text(counts: dict[tuple[AgeBand, ObservedGender], int]) -> str:
    """A visit's head counts as one comparable value in words, e.g. ``"14-15 male: 3; Adults female: 1"``."""
    return "; ".join(
        f"{band.label} {gender.label.lower()}: {counts[(band, gender)]}"
        for band in AgeBand
        for gender in ObservedGender
        if counts.get((band, gender))
    )


def observation_values(observation: Observation) -> dict[str, Any]:
    """A visit's editable fields as stored values (see :data:`OBSERVATION_FIELDS`)."""
    return {
        "start_utc": to_iso(observation.start),
        "end_utc": to_iso(observation.end),
        "observer": observation.observer,
        "weather": observation.weather,
        "light": observation.light,
        "notes": observation.notes,
        "activities": observation.activities,
        "guardians": observation.guardians,
        "guardian_presence": observation.guardian_presence.value,
        "counts": counts_text(observation.counts),
        "sides": sides_text(observation.sides),
    }


def _observation_row(assessment_id: str, observation: Observation) -> dict[str, Any]:
    """A new visit's row (its head counts and side tags are rows of their own)."""
    assert observation.created_at is not None and observation.updated_at is not None
    columns = {key: value for key, value in observation_values(observation).items() if key not in ("counts", "sides")}
    return {
        "id": observation.id,
        "assessment_id": assessment_id,
        **columns,
        "created_at": to_iso(observation.created_at),
        "updated_at": to_iso(observation.updated_at),
    }


def _observation_from_row(row: dict[str, Any]) -> Observation:
    return Observation(
        id=row["id"],
        start=from_iso(row["start_utc"]),
        end=from_iso(row["end_utc"]),
        observer=row["observer"],
        weather=row["weather"],
        light=row["light"],
        notes=row["notes"],
        activities=row["activities"],
        guardians=row["guardians"],
        guardian_presence=GuardianPresence(row["guardian_presence"]),
        created_at=from_iso(row["created_at"]),
        updated_at=from_iso(row["updated_at"]),
        revision=row["revision"],
    )


def _load_observation_details(db: Database, observations: list[Observation]) -> None:
    """Fill in each visit's head counts and side tags (tables of schema step 0020)."""
    by_id = {visit.id: visit for visit in observations}
    if not by_id:
        return
    marks = ", ".join("?" for _ in by_id)
    ids = list(by_id)
    for observation_id, band, gender, count in db.execute(
        f"SELECT observation_id, age_band, gender, count FROM observation_counts WHERE observation_id IN ({marks})",
        ids,
    ).fetchall():
        by_id[observation_id].counts[(AgeBand(band), ObservedGender(gender))] = count
    for observation_id, side in db.execute(
        f"SELECT observation_id, side FROM observation_sides WHERE observation_id IN ({marks})", ids
    ).fetchall():
        by_id[observation_id].sides.add(Side(side))


def _stored_details(db: Database, observation_id: str) -> dict[str, str]:
    """A stored visit's head counts and side tags as compared values (``counts``, ``sides``)."""
    visit = Observation(start=datetime.min, end=datetime.min, id=observation_id)
    _load_observation_details(db, [visit])
    return {"counts": counts_text(visit.counts), "sides": sides_text(visit.sides)}


def _write_observation_details(
    db: Database, observation: Observation, *, counts: bool = True, sides: bool = True
) -> None:
    """Write a visit's head counts and/or side tags, changing only what differs (inside the visit's transaction)."""
    parent = ("observation_id", observation.id)
    if counts:
        rows = [
            {"observation_id": observation.id, "age_band": band.value, "gender": gender.value, "count": count}
            for (band, gender), count in sorted(observation.counts.items())
            if count
        ]
        sync_detail_rows(db, "observation_counts", parent, ("age_band", "gender"), rows)
    if sides:
        tags = [{"observation_id": observation.id, "side": side.value} for side in Side if side in observation.sides]
        sync_detail_rows(db, "observation_sides", parent, ("side",), tags)


class AssessmentObservations:
    """Read, save and delete an assessment's visits (a part of the assessment repository)."""

    _db: Database
    _clock: Clock

    def observations(self, assessment_id: str) -> list[Observation]:
        """Return an assessment's visits ordered by start time."""
        rows = self._db.table("observations").rows_where(
            "assessment_id = ? AND deleted_at IS NULL", [assessment_id], order_by="start_utc, rowid"
        )
        visits = [_observation_from_row(row) for row in rows]
        _load_observation_details(self._db, visits)
        return visits

    def observation(self, observation_id: str) -> Observation:
        """Return one visit with its head counts and side tags.

        Raises:
            NotFoundError: if there is no such (undeleted) visit.
        """
        rows = list(self._db.table("observations").rows_where("id = ? AND deleted_at IS NULL", [observation_id]))
        if not rows:
            raise NotFoundError("That visit no longer exists.")
        visit = _observation_from_row(rows[0])
        _load_observation_details(self._db, [visit])
        return visit

    def save_observation(
        self, assessment_id: str, observation: Observation, base: Observation | Mapping[str, Any] | None = None
    ) -> Observation:
        """Insert or update one visit, committed at once.

        Args:
            assessment_id: The assessment the visit belongs to.
            observation: The visit as entered (a new one is inserted with its id).
            base: The visit as the editor loaded it, or its :func:`observation_values` as shown
                (see :meth:`~safeguarding.store.assessments.AssessmentRepository.save`); None:
                write over what is stored.

        Returns:
            The visit as stored after the save.

        Raises:
            ValidationError: if the visit breaks a rule (e.g. ends before it starts).
            NotFoundError: if the assessment does not exist, or the visit was deleted or
                belongs to another assessment.
            EditConflictError: someone else saved a different value of a field changed
                here (fields named as in :data:`OBSERVATION_FIELDS`). Nothing was saved.
            StorageError: if the database cannot be written.
        """
        validate_observation(observation)
        validate_observation_details(observation)
        if not list(self._db.table("assessments").rows_where("id = ? AND deleted_at IS NULL", [assessment_id])):
            raise NotFoundError("That assessment no longer exists.")
        now = self._clock()
        try:
            with self._db.atomic():
                stored = list(self._db.table("observations").rows_where("id = ?", [observation.id]))
                if stored and (stored[0]["deleted_at"] is not None or stored[0]["assessment_id"] != assessment_id):
                    # An edit to a deleted visit (or one of another assessment) must not be "saved" out of sight.
                    raise NotFoundError("That visit no longer exists: it may have been deleted in another window.")
                if not stored:
                    observation.created_at = observation.created_at or now
                    observation.updated_at = now
                    self._db.table("observations").insert(
                        {**_observation_row(assessment_id, observation), "updated_by": connection_actor(self._db)}
                    )
                    _write_observation_details(self._db, observation)
                else:
                    details = _stored_details(self._db, observation.id)
                    edited = observation_values(observation)
                    loaded = loaded_values(base, edited, observation_values) or {**edited, **details}
                    save_record(
                        self._db,
                        "observations",
                        observation.id,
                        None if base is None else loaded,
                        edited,
                        OBSERVATION_FIELDS,
                        now=now,
                        derived=details,
                    )
                    _write_observation_details(  # only what this edit changed: another window's counts stay
                        self._db,
                        observation,
                        counts=edited["counts"] not in (loaded["counts"], details["counts"]),
                        sides=edited["sides"] not in (loaded["sides"], details["sides"]),
                    )
                self._db.table("assessments").update(assessment_id, {"updated_at": to_iso(now)})
        except DB_ERRORS as error:
            raise write_error(error) from error
        return self.observation(observation.id)

    def delete_observation(self, observation_id: str) -> None:
        """Soft-delete a visit: hidden everywhere, kept in the file until purged.

        Raises:
            NotFoundError: if there is no such visit.
            StorageError: if the database cannot be written.
        """
        soft_delete_assessment_record(
            self._db, "observations", observation_id, to_iso(self._clock()), "That visit no longer exists."
        )
