"""Storage of assessments, the write-up of each triangle side, and observation visits."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import NotFoundError
from safeguarding.evidence.details import validate_observation_details
from safeguarding.forms import FormDefinition
from safeguarding.model import (
    AgeBand,
    Assessment,
    AssessmentStatus,
    GuardianPresence,
    Observation,
    ObservedGender,
    Rating,
    Side,
    SideFinding,
    new_id,
)
from safeguarding.store.consultations import load_consultations
from safeguarding.store.dberrors import DB_ERRORS, write_error
from safeguarding.store.detail_rows import sync_detail_rows
from safeguarding.store.form_versions import keep_form
from safeguarding.store.map_features import load_boundary, load_pins
from safeguarding.store.photos import load_photos
from safeguarding.store.plan.loading import load_plan
from safeguarding.store.soft_delete import soft_delete_assessment_record
from safeguarding.timeutil import Clock, date_from_iso, date_to_iso, from_iso, to_iso, utc_now
from safeguarding.validation import validate_assessment, validate_observation

_ASSESSMENT_COLUMNS = (
    "status",
    "assessor_name",
    "assessor_agency",
    "start_date",
    "end_date",
    "scope_boundary",
    "scope_times",
    "analysis",
    "recommendation",
)


def _assessment_row(assessment: Assessment) -> dict[str, Any]:
    return {
        "id": assessment.id,
        "location_id": assessment.location_id,
        "form_id": assessment.form_id,
        "form_version": assessment.form_version,
        "status": assessment.status.value,
        "assessor_name": assessment.assessor_name,
        "assessor_agency": assessment.assessor_agency,
        "start_date": date_to_iso(assessment.start_date),
        "end_date": date_to_iso(assessment.end_date),
        "scope_boundary": assessment.scope_boundary,
        "scope_times": assessment.scope_times,
        "analysis": assessment.analysis,
        "recommendation": assessment.recommendation,
        "created_at": to_iso(assessment.created_at) if assessment.created_at else None,
        "updated_at": to_iso(assessment.updated_at) if assessment.updated_at else None,
    }


def _observation_row(assessment_id: str, observation: Observation) -> dict[str, Any]:
    assert observation.created_at is not None and observation.updated_at is not None
    return {
        "id": observation.id,
        "assessment_id": assessment_id,
        "start_utc": to_iso(observation.start),
        "end_utc": to_iso(observation.end),
        "observer": observation.observer,
        "weather": observation.weather,
        "light": observation.light,
        "notes": observation.notes,
        "activities": observation.activities,
        "guardians": observation.guardians,
        "guardian_presence": observation.guardian_presence.value,
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


def _write_observation_details(db: Database, observation: Observation) -> None:
    """Write a visit's head counts and side tags, changing only what differs (call inside the visit's transaction)."""
    parent = ("observation_id", observation.id)
    counts = [
        {"observation_id": observation.id, "age_band": band.value, "gender": gender.value, "count": count}
        for (band, gender), count in sorted(observation.counts.items())
        if count
    ]
    sync_detail_rows(db, "observation_counts", parent, ("age_band", "gender"), counts)
    sides = [{"observation_id": observation.id, "side": side.value} for side in Side if side in observation.sides]
    sync_detail_rows(db, "observation_sides", parent, ("side",), sides)


class AssessmentRepository:
    """Create, read and save :class:`Assessment` aggregates.

    An assessment is saved whole (its own fields and the three side findings in
    one transaction); observation visits are saved one at a time, so a visit
    entered in the field is on disk as soon as it is added.

    Args:
        db: An open database.
        clock: Returns "now" as an aware UTC datetime (tests pass a fixed clock).
    """

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

    def create(self, location_id: str, form: FormDefinition, **fields: Any) -> Assessment:
        """Start a new draft assessment of a location with the given form.

        Args:
            location_id: An existing location's id.
            form: The form the assessment is written with: its id and version are
                recorded, and its exact text is kept in the database
                (:mod:`safeguarding.store.form_versions`), so the assessment
                always opens with this wording.
            **fields: Initial values of :class:`Assessment` attributes (e.g. ``assessor_name``).

        Raises:
            NotFoundError: if the location does not exist.
            StorageError: if the database cannot be written.
        """
        if not list(self._db["locations"].rows_where("id = ?", [location_id])):
            raise NotFoundError("That location no longer exists.")
        assessment = Assessment(location_id=location_id, form_id=form.id, form_version=form.version, **fields)
        now = self._clock()
        assessment.created_at = assessment.created_at or now
        assessment.updated_at = now
        validate_assessment(assessment)
        try:
            with self._db.atomic():
                self._db.table("assessments").insert(_assessment_row(assessment))
                self._write_findings(assessment, now)
                keep_form(self._db, assessment.id, form, to_iso(now))
        except DB_ERRORS as error:
            raise write_error(error) from error
        return assessment

    def save(self, assessment: Assessment) -> Assessment:
        """Save an assessment's own fields and its three side findings atomically.

        Observations are not written here: use :meth:`save_observation`.

        Raises:
            ValidationError: if the assessment breaks a rule.
            NotFoundError: if it was never created.
            StorageError: if the database cannot be written (nothing is half-saved).
        """
        validate_assessment(assessment)
        if not list(self._db["assessments"].rows_where("id = ? AND deleted_at IS NULL", [assessment.id])):
            raise NotFoundError("That assessment no longer exists.")
        now = self._clock()
        row = _assessment_row(assessment)
        try:
            with self._db.atomic():
                self._db.table("assessments").update(
                    assessment.id, {**{key: row[key] for key in _ASSESSMENT_COLUMNS}, "updated_at": to_iso(now)}
                )
                self._write_findings(assessment, now)
        except DB_ERRORS as error:
            raise write_error(error) from error
        assessment.updated_at = now
        return assessment

    def _write_findings(self, assessment: Assessment, now: Any) -> None:
        table = self._db.table("side_findings")
        for side in Side:
            finding = assessment.findings.get(side) or SideFinding(side)
            existing = list(
                self._db.query(
                    "SELECT id FROM side_findings WHERE assessment_id = ? AND side = ?", [assessment.id, side.value]
                )
            )
            values = {
                "strengths": finding.strengths,
                "concerns": finding.concerns,
                "evidence": finding.evidence,
                "rating": finding.rating.value if finding.rating else None,
                "answers": json.dumps(finding.answers, ensure_ascii=False, sort_keys=True),
                "updated_at": to_iso(now),
            }
            if existing:
                table.update(existing[0]["id"], values)
            else:
                table.insert({"id": new_id(), "assessment_id": assessment.id, "side": side.value, **values})

    def get(self, assessment_id: str) -> Assessment:
        """Return the whole assessment: fields, three findings and its visits in time order.

        Raises:
            NotFoundError: if there is no such (undeleted) assessment.
        """
        rows = list(self._db["assessments"].rows_where("id = ? AND deleted_at IS NULL", [assessment_id]))
        if not rows:
            raise NotFoundError("That assessment no longer exists.")
        row = rows[0]
        findings = {side: SideFinding(side) for side in Side}
        for frow in self._db["side_findings"].rows_where("assessment_id = ?", [assessment_id]):
            side = Side(frow["side"])
            findings[side] = SideFinding(
                side=side,
                strengths=frow["strengths"],
                concerns=frow["concerns"],
                evidence=frow["evidence"],
                rating=Rating(frow["rating"]) if frow["rating"] else None,
                answers=json.loads(frow["answers"]),
            )
        return Assessment(
            id=row["id"],
            location_id=row["location_id"],
            form_id=row["form_id"],
            form_version=row["form_version"],
            status=AssessmentStatus(row["status"]),
            assessor_name=row["assessor_name"],
            assessor_agency=row["assessor_agency"],
            start_date=date_from_iso(row["start_date"]),
            end_date=date_from_iso(row["end_date"]),
            scope_boundary=row["scope_boundary"],
            scope_times=row["scope_times"],
            analysis=row["analysis"],
            recommendation=row["recommendation"],
            findings=findings,
            observations=self.observations(assessment_id),
            plan=load_plan(self._db, assessment_id),
            photos=load_photos(self._db, assessment_id),
            consultations=load_consultations(self._db, assessment_id),
            pins=load_pins(self._db, assessment_id),
            boundary=load_boundary(self._db, assessment_id),
            created_at=from_iso(row["created_at"]),
            updated_at=from_iso(row["updated_at"]),
        )

    def for_location(self, location_id: str) -> list[Assessment]:
        """Return a location's assessments, oldest first (each loaded whole)."""
        rows = self._db["assessments"].rows_where(
            "location_id = ? AND deleted_at IS NULL", [location_id], order_by="created_at, rowid"
        )
        return [self.get(row["id"]) for row in rows]

    def latest_for_location(self, location_id: str) -> Assessment | None:
        """Return the most recently created assessment of a location, or ``None``."""
        rows = list(
            self._db.query(
                "SELECT id FROM assessments WHERE location_id = ? AND deleted_at IS NULL "
                "ORDER BY created_at DESC, rowid DESC LIMIT 1",
                [location_id],
            )
        )
        return self.get(rows[0]["id"]) if rows else None

    def delete(self, assessment_id: str) -> None:
        """Soft-delete an assessment: hidden everywhere (list, reports, exports), kept in the file.

        Design rule: deleting is soft first (recoverable), then purged by the
        retention rule.

        Raises:
            NotFoundError: if there is no such (undeleted) assessment.
            StorageError: if the database cannot be written.
        """
        if not list(self._db["assessments"].rows_where("id = ? AND deleted_at IS NULL", [assessment_id])):
            raise NotFoundError("That assessment no longer exists.")
        now = to_iso(self._clock())
        try:
            with self._db.atomic():
                self._db.table("assessments").update(assessment_id, {"deleted_at": now, "updated_at": now})
        except DB_ERRORS as error:
            raise write_error(error) from error

    def observations(self, assessment_id: str) -> list[Observation]:
        """Return an assessment's visits ordered by start time."""
        rows = self._db["observations"].rows_where(
            "assessment_id = ? AND deleted_at IS NULL", [assessment_id], order_by="start_utc, rowid"
        )
        visits = [_observation_from_row(row) for row in rows]
        _load_observation_details(self._db, visits)
        return visits

    def save_observation(self, assessment_id: str, observation: Observation) -> Observation:
        """Insert or update one visit, committed at once.

        Raises:
            ValidationError: if the visit breaks a rule (e.g. ends before it starts).
            NotFoundError: if the assessment does not exist, or the visit was deleted or
                belongs to another assessment.
            StorageError: if the database cannot be written.
        """
        validate_observation(observation)
        validate_observation_details(observation)
        if not list(self._db["assessments"].rows_where("id = ? AND deleted_at IS NULL", [assessment_id])):
            raise NotFoundError("That assessment no longer exists.")
        stored = list(self._db["observations"].rows_where("id = ?", [observation.id]))
        if stored and (stored[0]["deleted_at"] is not None or stored[0]["assessment_id"] != assessment_id):
            # An edit to a deleted visit (or one of another assessment) must not be "saved" out of sight.
            raise NotFoundError("That visit no longer exists.")
        now = self._clock()
        observation.created_at = observation.created_at or now
        observation.updated_at = now
        row = _observation_row(assessment_id, observation)
        try:
            with self._db.atomic():
                self._db.table("observations").upsert(row, pk="id")
                _write_observation_details(self._db, observation)
                self._db.table("assessments").update(assessment_id, {"updated_at": to_iso(now)})
        except DB_ERRORS as error:
            raise write_error(error) from error
        return observation

    def delete_observation(self, observation_id: str) -> None:
        """Soft-delete a visit: hidden everywhere, kept in the file until purged.

        Raises:
            NotFoundError: if there is no such visit.
            StorageError: if the database cannot be written.
        """
        soft_delete_assessment_record(
            self._db, "observations", observation_id, to_iso(self._clock()), "That visit no longer exists."
        )
