"""Storage of assessments, the write-up of each triangle side, and observation visits.

Saves take the record as the editor loaded it (``base``) and write only the
fields changed since, compared with what is stored now
(:mod:`safeguarding.store.revisions`): two windows on one assessment never undo
each other's work, and the same field changed in both raises
:class:`~safeguarding.store.revisions.EditConflictError` naming it; nothing of
that save is written. Without a base (the command line, the demo, a
reassessment) a save writes over what is stored, as before. Each save returns
the record as stored afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import NotFoundError
from safeguarding.evidence.details import sides_text, validate_observation_details
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
from safeguarding.store.dberrors import DB_ERRORS, write_error
from safeguarding.store.detail_rows import sync_detail_rows
from safeguarding.store.form_versions import keep_form
from safeguarding.store.revisions import (
    EditConflictError,
    FieldChange,
    FieldConflict,
    apply_changes,
    connection_actor,
    loaded_values,
    save_record,
)
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
FINDING_COLUMNS = ("strengths", "concerns", "evidence", "rating")
"""The stored columns of a side's write-up (its other answers are kept together in ``answers``)."""
ANSWER = "answers."
"""Prefix of one extra answer of a side's write-up among the fields compared on saving."""
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


def write_up(assessment: Assessment) -> dict[str, Any]:
    """The assessment's own fields and the write-up of each side as stored values, one key per field.

    Own fields by column (``"analysis"``, ``"start_date"`` as ISO text); a side's by
    ``"<side>.<field>"`` (``"guardianship.concerns"``, ``"guardianship.rating"``) and its
    extra answers the same way (``"guardianship.<answer id>"``). An
    :class:`~safeguarding.store.revisions.EditConflictError` from
    :meth:`AssessmentRepository.save` names its fields by these keys.
    """
    row = _assessment_row(assessment)
    values: dict[str, Any] = {column: row[column] for column in _ASSESSMENT_COLUMNS}
    for side in Side:
        for column, value in _finding_values(assessment.findings.get(side) or SideFinding(side)).items():
            values[f"{side.value}.{column.removeprefix(ANSWER)}"] = value
    return values


def _finding_values(finding: SideFinding) -> dict[str, Any]:
    """A side's write-up as stored values: the columns, and each answer as ``answers.<id>``."""
    values: dict[str, Any] = {
        "strengths": finding.strengths,
        "concerns": finding.concerns,
        "evidence": finding.evidence,
        "rating": finding.rating.value if finding.rating else None,
    }
    values.update({ANSWER + key: str(value) for key, value in finding.answers.items()})
    return values


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


class AssessmentRepository:
    """Create, read and save :class:`Assessment` aggregates.

    An assessment's write-up is saved whole (its own fields and the three side
    findings in one transaction); observation visits are saved one at a time, so
    a visit entered in the field is on disk as soon as it is added.

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
        if not list(self._db.table("locations").rows_where("id = ?", [location_id])):
            raise NotFoundError("That location no longer exists.")
        assessment = Assessment(location_id=location_id, form_id=form.id, form_version=form.version, **fields)
        now = self._clock()
        assessment.created_at = assessment.created_at or now
        assessment.updated_at = now
        validate_assessment(assessment)
        try:
            with self._db.atomic():
                self._db.table("assessments").insert(
                    {**_assessment_row(assessment), "updated_by": connection_actor(self._db)}
                )
                for side in Side:
                    self._save_finding(assessment, side, None, now)
                keep_form(self._db, assessment.id, form, to_iso(now))
        except DB_ERRORS as error:
            raise write_error(error) from error
        return assessment

    def save(self, assessment: Assessment, base: Assessment | Mapping[str, Any] | None = None) -> Assessment:
        """Save an assessment's own fields and its three side findings in one transaction.

        Observations are not written here: use :meth:`save_observation`.

        Args:
            assessment: The assessment as edited.
            base: The assessment as the editor loaded it (or its :func:`write_up` values as
                the editor showed them): only the fields changed since are saved, and only
                if nobody else saved a different value of the same field meanwhile. None:
                write over what is stored.

        Returns:
            The assessment as stored after the save: its own fields and findings read
            back (with other windows' changes to fields this editor did not change);
            its visits, photos, pins and plan are those of ``assessment``.

        Raises:
            ValidationError: if the assessment breaks a rule.
            NotFoundError: if it was never created, or was deleted.
            EditConflictError: someone else saved a different value of a field changed
                here; the conflicts are named by the keys of :func:`write_up`. Nothing was saved.
            StorageError: if the database cannot be written (nothing is half-saved).
        """
        validate_assessment(assessment)
        now = self._clock()
        edited = write_up(assessment)
        loaded = loaded_values(base, edited, write_up)
        try:
            with self._db.atomic():
                if not list(self._db.table("assessments").rows_where("id = ? AND deleted_at IS NULL", [assessment.id])):
                    raise NotFoundError("That assessment no longer exists: it may have been deleted in another window.")
                conflicts: list[FieldConflict] = []
                revision = 0
                try:
                    revision = save_record(
                        self._db,
                        "assessments",
                        assessment.id,
                        loaded,
                        edited,
                        _ASSESSMENT_COLUMNS,
                        now=now,
                    )
                except EditConflictError as error:
                    conflicts.extend(error.conflicts)
                    revision = error.revision
                findings_changed = False
                for side in Side:
                    try:
                        findings_changed |= self._save_finding(assessment, side, loaded, now)
                    except EditConflictError as error:
                        conflicts.extend(
                            replace(c, column=f"{side.value}.{c.column.removeprefix(ANSWER)}") for c in error.conflicts
                        )
                if conflicts:
                    raise EditConflictError("assessments", assessment.id, conflicts, revision)
                if findings_changed:
                    self._db.table("assessments").update(assessment.id, {"updated_at": to_iso(now)})
        except DB_ERRORS as error:
            raise write_error(error) from error
        return self._with_stored_write_up(assessment)

    def _save_finding(
        self, assessment: Assessment, side: Side, loaded_write_up: Mapping[str, Any] | None, now: datetime
    ) -> bool:
        """Save one side's write-up inside the caller's transaction; True if anything was written.

        Each extra answer is compared on its own, so two windows answering different
        extra questions of one side both keep their answers.
        """
        finding = _finding_values(assessment.findings.get(side) or SideFinding(side))
        rows = list(
            self._db.query(
                "SELECT * FROM side_findings WHERE assessment_id = ? AND side = ?", [assessment.id, side.value]
            )
        )
        if not rows:
            answers = {key.removeprefix(ANSWER): value for key, value in finding.items() if key.startswith(ANSWER)}
            self._db.table("side_findings").insert(
                {
                    "id": new_id(),
                    "assessment_id": assessment.id,
                    "side": side.value,
                    **{column: finding[column] for column in FINDING_COLUMNS},
                    "answers": json.dumps(answers, ensure_ascii=False, sort_keys=True),
                    "updated_at": to_iso(now),
                    "updated_by": connection_actor(self._db),
                }
            )
            return True
        row = rows[0]
        stored = {key: str(value) for key, value in json.loads(row["answers"]).items()}
        current = {ANSWER + key: value for key, value in stored.items()}
        if loaded_write_up is None:
            loaded = {**{column: row[column] for column in FINDING_COLUMNS}, **current}
        else:
            prefix = f"{side.value}."
            loaded = {
                (key if key in FINDING_COLUMNS else ANSWER + key): value
                for key, value in (
                    (k.removeprefix(prefix), v) for k, v in loaded_write_up.items() if k.startswith(prefix)
                )
            }
        answer_keys = sorted({key for key in (*finding, *loaded) if key.startswith(ANSWER)})
        changes = [
            FieldChange(column, loaded.get(column), finding.get(column))
            for column in FINDING_COLUMNS
            if loaded.get(column) != finding.get(column)
        ] + [
            FieldChange(key, loaded.get(key, ""), finding.get(key, ""))
            for key in answer_keys
            if loaded.get(key, "") != finding.get(key, "")
        ]
        answers = dict(stored)
        answers.update({c.column.removeprefix(ANSWER): c.value for c in changes if c.column.startswith(ANSWER)})
        before = int(row["revision"])
        after = apply_changes(
            self._db,
            "side_findings",
            row["id"],
            changes,
            now=now,
            actor=connection_actor(self._db),
            extra={"answers": json.dumps(answers, ensure_ascii=False, sort_keys=True)} if answers != stored else None,
            derived={key: current.get(key, "") for key in answer_keys},
        )
        return after != before

    def _with_stored_write_up(self, assessment: Assessment) -> Assessment:
        """``assessment`` with its own fields and findings as stored now (its visits, photos, map and plan kept)."""
        stored = self._read(assessment.id, with_records=False)
        assessment.updated_at, assessment.revision = stored.updated_at, stored.revision  # as before: the time saved
        stored.observations, stored.plan, stored.photos = assessment.observations, assessment.plan, assessment.photos
        stored.consultations, stored.pins = assessment.consultations, assessment.pins
        stored.boundary = assessment.boundary
        return stored

    def get(self, assessment_id: str) -> Assessment:
        """Return the whole assessment: fields, three findings and its visits in time order.

        Raises:
            NotFoundError: if there is no such (undeleted) assessment.
        """
        return self._read(assessment_id, with_records=True)

    def _read(self, assessment_id: str, *, with_records: bool) -> Assessment:
        rows = list(self._db.table("assessments").rows_where("id = ? AND deleted_at IS NULL", [assessment_id]))
        if not rows:
            raise NotFoundError("That assessment no longer exists.")
        row = rows[0]
        findings = {side: SideFinding(side) for side in Side}
        for frow in self._db.table("side_findings").rows_where("assessment_id = ?", [assessment_id]):
            side = Side(frow["side"])
            findings[side] = SideFinding(
                side=side,
                strengths=frow["strengths"],
                concerns=frow["concerns"],
                evidence=frow["evidence"],
                rating=Rating(frow["rating"]) if frow["rating"] else None,
                answers=json.loads(frow["answers"]),
            )
        assessment = Assessment(
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
            created_at=from_iso(row["created_at"]),
            updated_at=from_iso(row["updated_at"]),
            revision=row["revision"],
        )
        if with_records:  # their modules (photos load Pillow) are imported only for a whole assessment
            from safeguarding.store.consultations import load_consultations
            from safeguarding.store.map_features import load_boundary, load_pins
            from safeguarding.store.photos import load_photos
            from safeguarding.store.plan.loading import load_plan

            assessment.observations = self.observations(assessment_id)
            assessment.plan = load_plan(self._db, assessment_id)
            assessment.photos = load_photos(self._db, assessment_id)
            assessment.consultations = load_consultations(self._db, assessment_id)
            assessment.pins = load_pins(self._db, assessment_id)
            assessment.boundary = load_boundary(self._db, assessment_id)
        return assessment

    def for_location(self, location_id: str, *, records: bool = True) -> list[Assessment]:
        """Return a location's assessments, oldest first.

        Args:
            location_id: The location's id.
            records: True: each loaded whole (as :meth:`get`). False: the assessments'
                own fields and findings only, their visits, plan, photos, consultations,
                pins and boundary left empty (for listing them: a few queries each, not
                a read of every record).
        """
        ids = [
            row["id"]  # read first: no statement stays open while each assessment is read
            for row in self._db.table("assessments").rows_where(
                "location_id = ? AND deleted_at IS NULL", [location_id], order_by="created_at, rowid"
            )
        ]
        return [self._read(assessment_id, with_records=records) for assessment_id in ids]

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
        retention rule. Drafts of unsaved work on it are removed with it.

        Raises:
            NotFoundError: if there is no such (undeleted) assessment.
            StorageError: if the database cannot be written.
        """
        if not list(self._db.table("assessments").rows_where("id = ? AND deleted_at IS NULL", [assessment_id])):
            raise NotFoundError("That assessment no longer exists.")
        now = to_iso(self._clock())
        try:
            with self._db.atomic():
                self._db.table("assessments").update(assessment_id, {"deleted_at": now, "updated_at": now})
                self._db.execute("DELETE FROM drafts WHERE assessment_id = ?", [assessment_id])
        except DB_ERRORS as error:
            raise write_error(error) from error

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
                (see :meth:`save`); None: write over what is stored.

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
