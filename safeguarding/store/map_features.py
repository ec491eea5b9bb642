"""Storage of an assessment's map: its pins and the drawn boundary of the place.

Each pin is saved on its own, committed at once (a pin dropped in the field is on
disk straight away), like observation visits. Deleting a pin is soft: it is
hidden everywhere and kept in the file until purged. An edit of a pin or of the
boundary saves only what changed since it was shown, and never over another
window's change (see :mod:`safeguarding.store.revisions`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import NotFoundError, ValidationError
from safeguarding.maps.geo import check_point
from safeguarding.model import MapPin, Side, new_id
from safeguarding.store.dberrors import DB_ERRORS, write_error
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
from safeguarding.timeutil import Clock, from_iso, to_iso, utc_now

MAX_LABEL = 200
"""Most characters of a pin's label (it is drawn on the map)."""
MAX_BOUNDARY_POINTS = 2000
"""Most corners of a drawn boundary."""
PIN_FIELDS = ("latitude", "longitude", "accuracy_m", "category", "label", "notes", "side", "observation_id")
"""The fields of a pin an edit may change."""


def pin_values(pin: MapPin) -> dict[str, Any]:
    """A pin's editable fields as stored values (see :data:`PIN_FIELDS`)."""
    return {
        "latitude": pin.latitude,
        "longitude": pin.longitude,
        "accuracy_m": pin.accuracy_m,
        "category": pin.category.strip(),
        "label": pin.label,
        "notes": pin.notes,
        "side": Side(pin.side).value,
        "observation_id": pin.observation_id,
    }


def validate_pin(pin: MapPin) -> None:
    """Check a pin before saving.

    Rules: possible WGS84 coordinates; a category; a label of at most
    :data:`MAX_LABEL` characters; a known triangle side; an accuracy, if given,
    of 0 metres or more.

    Raises:
        ValidationError: naming the offending field.
    """
    pin.latitude, pin.longitude = check_point(pin.latitude, pin.longitude)
    if not pin.category.strip():
        raise ValidationError("Please choose what the pin shows (its category).", "category")
    if len(pin.label) > MAX_LABEL:
        raise ValidationError(f"A pin's label can be at most {MAX_LABEL} characters; use the notes for more.", "label")
    try:
        pin.side = Side(pin.side)
    except ValueError:
        raise ValidationError(f"'{pin.side}' is not a side of the triangle.", "side") from None
    if pin.accuracy_m is not None and not (isinstance(pin.accuracy_m, int | float) and 0 <= pin.accuracy_m < 1e6):
        raise ValidationError("A position's accuracy must be a number of metres, 0 or more.", "accuracy")


def validate_boundary(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Check a boundary polygon and return it as float pairs.

    Args:
        points: ``[(latitude, longitude), ...]``; empty clears the boundary.

    Raises:
        ValidationError: if it has one or two points (a boundary needs at least
            three corners), too many points, or an impossible coordinate.
    """
    if not points:
        return []
    if len(points) < 3:
        raise ValidationError("A boundary needs at least three corners.", "boundary")
    if len(points) > MAX_BOUNDARY_POINTS:
        raise ValidationError(f"A boundary can have at most {MAX_BOUNDARY_POINTS} corners.", "boundary")
    return [check_point(lat, lon, f"Boundary corner {index + 1}") for index, (lat, lon) in enumerate(points)]


def _pin_row(assessment_id: str, pin: MapPin) -> dict[str, Any]:
    assert pin.created_at is not None and pin.updated_at is not None
    return {
        "id": pin.id,
        "assessment_id": assessment_id,
        "observation_id": pin.observation_id,
        "category": pin.category.strip(),
        "label": pin.label,
        "notes": pin.notes,
        "side": Side(pin.side).value,
        "latitude": pin.latitude,
        "longitude": pin.longitude,
        "created_at": to_iso(pin.created_at),
        "updated_at": to_iso(pin.updated_at),
        "carried_from_pin_id": pin.carried_from,
        "accuracy_m": pin.accuracy_m,
    }


def _pin_from_row(row: dict[str, Any]) -> MapPin:
    return MapPin(
        id=row["id"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        category=row["category"],
        label=row["label"],
        notes=row["notes"],
        side=Side(row["side"]),
        observation_id=row["observation_id"],
        created_at=from_iso(row["created_at"]),
        updated_at=from_iso(row["updated_at"]),
        carried_from=row["carried_from_pin_id"],
        accuracy_m=row.get("accuracy_m"),
        revision=row["revision"],
    )


def load_pins(db: Database, assessment_id: str) -> list[MapPin]:
    """Return an assessment's pins in the order they were added (for aggregate loading)."""
    rows = db.table("map_pins").rows_where(
        "assessment_id = ? AND deleted_at IS NULL", [assessment_id], order_by="created_at, rowid"
    )
    return [_pin_from_row(row) for row in rows]


def load_boundary(db: Database, assessment_id: str) -> list[tuple[float, float]]:
    """Return an assessment's boundary as ``[(lat, lon), ...]`` (empty when none is drawn)."""
    rows = list(db.table("map_boundaries").rows_where("assessment_id = ?", [assessment_id]))
    if not rows:
        return []
    return [(float(lat), float(lon)) for lat, lon in json.loads(rows[0]["points"])]


def carry_forward_map(db: Database, earlier_id: str, into_id: str, now: str) -> None:
    """Copy an earlier assessment's boundary and pins into a reassessment (no transaction of its own).

    Called by the reassessment inside its transaction. The boundary is copied as
    drawn. Each live pin is copied with a new id, ``carried_from_pin_id`` set to
    the pin it copies (so it is shown "(carried forward)") and no visit (visits
    are not carried). Deleted pins stay behind.

    Args:
        db: The open database, inside the caller's transaction.
        earlier_id: The assessment carried forward from.
        into_id: The new assessment.
        now: The ISO UTC timestamp of the reassessment.
    """
    boundary = load_boundary(db, earlier_id)
    if boundary:
        db.table("map_boundaries").insert({"assessment_id": into_id, "points": json.dumps(boundary), "updated_at": now})
    for pin in load_pins(db, earlier_id):
        copy = replace(pin, id=new_id(), observation_id=None, carried_from=pin.id)
        copy.created_at = copy.updated_at = from_iso(now)
        db.table("map_pins").insert(_pin_row(into_id, copy))


class MapFeatureRepository:
    """Create, read, update and delete map pins, and set an assessment's boundary.

    Args:
        db: An open database.
        clock: Returns "now" as an aware UTC datetime (tests pass a fixed clock).
    """

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

    def _require_assessment(self, assessment_id: str) -> None:
        if not list(self._db.table("assessments").rows_where("id = ? AND deleted_at IS NULL", [assessment_id])):
            raise NotFoundError("That assessment no longer exists.")

    def pins(self, assessment_id: str) -> list[MapPin]:
        """Return the assessment's pins in the order they were added."""
        return load_pins(self._db, assessment_id)

    def get_pin(self, pin_id: str) -> MapPin:
        """Return one pin.

        Raises:
            NotFoundError: if there is no such (undeleted) pin.
        """
        rows = list(self._db.table("map_pins").rows_where("id = ? AND deleted_at IS NULL", [pin_id]))
        if not rows:
            raise NotFoundError("That pin no longer exists.")
        return _pin_from_row(rows[0])

    def save_pin(self, assessment_id: str, pin: MapPin, base: MapPin | Mapping[str, Any] | None = None) -> MapPin:
        """Insert or update one pin, committed at once.

        Args:
            assessment_id: The assessment the pin belongs to.
            pin: The pin as entered (a new one is inserted with its id).
            base: The pin as the editor showed it: only the fields changed since are saved,
                never over another window's change. None: write over what is stored.

        Returns:
            The pin as stored after the save.

        Raises:
            ValidationError: if the pin breaks a rule (e.g. impossible coordinates).
            NotFoundError: if the assessment does not exist, the pin was deleted or
                belongs to another assessment, or its visit is not one of this assessment's.
            EditConflictError: the same field was saved differently elsewhere (fields as in
                :data:`PIN_FIELDS`). Nothing was saved.
            StorageError: if the database cannot be written.
        """
        validate_pin(pin)
        self._require_assessment(assessment_id)
        if pin.observation_id and not list(
            self._db.table("observations").rows_where(
                "id = ? AND assessment_id = ? AND deleted_at IS NULL", [pin.observation_id, assessment_id]
            )
        ):
            raise NotFoundError("The visit this pin came from no longer exists.")
        now = self._clock()
        try:
            with self._db.atomic():
                stored = list(self._db.table("map_pins").rows_where("id = ?", [pin.id]))
                if stored and (stored[0]["deleted_at"] is not None or stored[0]["assessment_id"] != assessment_id):
                    raise NotFoundError("That pin no longer exists: it may have been deleted in another window.")
                if stored:
                    edited = pin_values(pin)
                    save_record(
                        self._db,
                        "map_pins",
                        pin.id,
                        loaded_values(base, edited, pin_values),
                        edited,
                        PIN_FIELDS,
                        now=now,
                    )
                else:
                    # Where a pin came from is set by the reassessment only; editing never changes it.
                    pin.carried_from = None
                    pin.created_at = pin.created_at or now
                    pin.updated_at = now
                    self._db.table("map_pins").insert(
                        {**_pin_row(assessment_id, pin), "updated_by": connection_actor(self._db)}
                    )
                self._db.table("assessments").update(assessment_id, {"updated_at": to_iso(now)})
        except DB_ERRORS as error:
            raise write_error(error) from error
        return self.get_pin(pin.id)

    def delete_pin(self, pin_id: str) -> None:
        """Soft-delete a pin.

        Raises:
            NotFoundError: if there is no such pin.
            StorageError: if the database cannot be written.
        """
        soft_delete_assessment_record(self._db, "map_pins", pin_id, to_iso(self._clock()), "That pin no longer exists.")

    def boundary(self, assessment_id: str) -> list[tuple[float, float]]:
        """Return the assessment's boundary, ``[(lat, lon), ...]``, or ``[]``."""
        return load_boundary(self._db, assessment_id)

    def set_boundary(
        self,
        assessment_id: str,
        points: list[tuple[float, float]],
        base: list[tuple[float, float]] | None = None,
    ) -> list[tuple[float, float]]:
        """Replace the assessment's boundary (an empty list removes it).

        Args:
            assessment_id: The assessment.
            points: The new boundary, ``[(lat, lon), ...]`` (WGS84), or ``[]``.
            base: The boundary as the editor showed it; if another window has saved a
                different one since, nothing is saved. None: write over what is stored.

        Returns:
            The stored points as float pairs.

        Raises:
            ValidationError: if the polygon breaks a rule (see :func:`validate_boundary`).
            NotFoundError: if the assessment does not exist.
            EditConflictError: another window saved a different boundary (field ``boundary``).
            StorageError: if the database cannot be written.
        """
        checked = validate_boundary(points)
        self._require_assessment(assessment_id)
        now = self._clock()
        wanted = json.dumps(checked)
        try:
            with self._db.atomic():
                rows = list(self._db.table("map_boundaries").rows_where("assessment_id = ?", [assessment_id]))
                current = rows[0]["points"] if rows else json.dumps([])
                loaded = current if base is None else json.dumps(validate_boundary(list(base)))
                if rows:
                    apply_changes(
                        self._db,
                        "map_boundaries",
                        assessment_id,
                        [FieldChange("points", loaded, wanted)] if loaded != wanted else [],
                        now=now,
                        actor=connection_actor(self._db),
                        key="assessment_id",
                    )
                    if not checked:
                        self._db.execute("DELETE FROM map_boundaries WHERE assessment_id = ?", [assessment_id])
                elif loaded != current:  # drawn in this window, removed in another meanwhile
                    raise EditConflictError(
                        "map_boundaries",
                        assessment_id,
                        [_removed_boundary(loaded, wanted)],
                        0,
                    )
                elif checked:
                    self._db.table("map_boundaries").insert(
                        {
                            "assessment_id": assessment_id,
                            "points": wanted,
                            "updated_at": to_iso(now),
                            "updated_by": connection_actor(self._db),
                        }
                    )
                self._db.table("assessments").update(assessment_id, {"updated_at": to_iso(now)})
        except DB_ERRORS as error:
            raise write_error(error) from error
        return checked


def _removed_boundary(loaded: str, wanted: str) -> FieldConflict:
    return FieldConflict("points", loaded, wanted, json.dumps([]), "", None)
