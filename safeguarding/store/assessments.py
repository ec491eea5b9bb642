"""Storage of assessments, the write-up of each triangle side, and observation visits.

Saves take the record as the editor loaded it (``base``) and write only the
fields changed since, compared with what is stored now
(:mod:`safeguarding.store.revisions`): two windows on one assessment never undo
each other's work, and the same field changed in both raises
:class:`~safeguarding.store.revisions.EditConflictError` naming it; nothing of
that save is written. Without a base (the command line, the demo, a
reassessment) a save writes over what is stored, as before. Each save returns
the record as stored afterwards. Observation visits are saved one at a time
(:mod:`safeguarding.store.observations`); the stored values of the fields are
:mod:`safeguarding.store.assessment_fields`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import NotFoundError
from safeguarding.forms import FormDefinition
from safeguarding.model import Assessment, AssessmentStatus, Rating, Side, SideFinding, new_id
from safeguarding.store.assessment_fields import (
    ANSWER,
    ASSESSMENT_COLUMNS,
    FINDING_COLUMNS,
    assessment_row,
    finding_values,
    write_up,
)
from safeguarding.store.dberrors import DB_ERRORS, write_error
from safeguarding.store.form_versions import keep_form
from safeguarding.store.observations import AssessmentObservations
from safeguarding.store.revisions import (
    EditConflictError,
    FieldChange,
    FieldConflict,
    apply_changes,
    connection_actor,
    loaded_values,
    save_record,
)
from safeguarding.timeutil import Clock, date_from_iso, from_iso, to_iso, utc_now
from safeguarding.validation import validate_assessment


class AssessmentRepository(AssessmentObservations):
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
                    {**assessment_row(assessment), "updated_by": connection_actor(self._db)}
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
                        ASSESSMENT_COLUMNS,
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
        finding = finding_values(assessment.findings.get(side) or SideFinding(side))
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
