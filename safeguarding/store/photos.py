"""Storage of photos: each picture once per content hash, linked to assessments.

``photos`` holds the original bytes (unchanged, as the practitioner took them),
the upright thumbnail and what was read from EXIF, keyed by SHA-256.
``assessment_photos`` links a picture to an assessment with its caption, visit,
side and distance from the location. Adding the same picture twice to one
assessment is refused with a message naming its photo number; adding it to
another assessment reuses the stored bytes.

Writes are atomic and durable (the database runs WAL with ``synchronous=FULL``),
so a photo reported as added survives the app being killed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import NotFoundError, ValidationError
from safeguarding.evidence.photos import ImportedPhoto, PhotoError, distance_m
from safeguarding.model import Photo, Side, new_id
from safeguarding.store.dberrors import DB_ERRORS, write_error
from safeguarding.store.revisions import connection_actor, loaded_values, save_record
from safeguarding.store.soft_delete import soft_delete_assessment_record
from safeguarding.timeutil import Clock, from_iso, to_iso, utc_now

_SELECT = """
    SELECT l.id, l.photo_sha256, l.observation_id, l.side, l.caption, l.original_name, l.distance_m,
           l.created_at, l.updated_at, p.format, p.byte_size, p.width, p.height, p.taken_at,
           p.gps_lat, p.gps_lon, p.thumbnail, p.gps_accuracy_m, l.revision
    FROM assessment_photos AS l JOIN photos AS p ON p.sha256 = l.photo_sha256
"""
PHOTO_FIELDS = ("caption", "observation_id", "side")
"""The fields of a photo an edit may change (the picture itself never changes)."""


def photo_values(photo: Photo) -> dict[str, Any]:
    """A photo's editable fields as stored values (see :data:`PHOTO_FIELDS`)."""
    return {
        "caption": photo.caption.strip(),
        "observation_id": photo.observation_id,
        "side": photo.side.value if photo.side else None,
    }


def _from_row(row: sqlite3.Row | tuple[Any, ...], number: int) -> Photo:
    (
        link_id,
        sha,
        observation_id,
        side,
        caption,
        original_name,
        distance,
        created,
        updated,
        fmt,
        size,
        width,
        height,
        taken,
        lat,
        lon,
        thumbnail,
        accuracy,
        revision,
    ) = row
    return Photo(
        id=link_id,
        sha256=sha,
        observation_id=observation_id,
        side=Side(side) if side else None,
        caption=caption,
        original_name=original_name,
        distance_m=distance,
        number=number,
        format=fmt,
        byte_size=size,
        width=width,
        height=height,
        taken_at=from_iso(taken) if taken else None,
        gps_lat=lat,
        gps_lon=lon,
        gps_accuracy_m=accuracy,
        thumbnail=bytes(thumbnail),
        created_at=from_iso(created),
        updated_at=from_iso(updated),
        revision=revision,
    )


def load_photos(db: Database, assessment_id: str) -> list[Photo]:
    """Return an assessment's photos (without original bytes), numbered 1.. in the order added."""
    rows = db.execute(
        _SELECT + " WHERE l.assessment_id = ? AND l.deleted_at IS NULL ORDER BY l.created_at, l.rowid",
        [assessment_id],
    ).fetchall()
    return [_from_row(row, number) for number, row in enumerate(rows, start=1)]


class PhotoRepository:
    """Add, list, describe and remove an assessment's photos.

    Args:
        db: An open database.
        clock: Returns "now" as an aware UTC datetime.
    """

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

    def _assessment_row(self, assessment_id: str) -> dict[str, Any]:
        rows = list(self._db.table("assessments").rows_where("id = ? AND deleted_at IS NULL", [assessment_id]))
        if not rows:
            raise NotFoundError("That assessment no longer exists.")
        return rows[0]

    def of_assessment(self, assessment_id: str) -> list[Photo]:
        """Return the assessment's photos in the order added (see :func:`load_photos`)."""
        return load_photos(self._db, assessment_id)

    def get(self, photo_id: str) -> Photo:
        """Return one photo link (numbered as in its assessment).

        Raises:
            NotFoundError: if it does not exist or was removed.
        """
        rows = list(self._db.table("assessment_photos").rows_where("id = ? AND deleted_at IS NULL", [photo_id]))
        if not rows:
            raise NotFoundError("That photo is no longer in the assessment.")
        return next(p for p in self.of_assessment(rows[0]["assessment_id"]) if p.id == photo_id)

    def add(
        self,
        assessment_id: str,
        imported: ImportedPhoto,
        *,
        original_name: str = "",
        caption: str = "",
        observation_id: str | None = None,
        side: Side | None = None,
    ) -> Photo:
        """Store a checked photo (once per content hash) and link it to an assessment.

        The distance from the location's point to the photo's GPS position is
        worked out now, when both are known.

        Args:
            assessment_id: The assessment to add it to.
            imported: From :func:`safeguarding.evidence.photos.import_photo`.
            original_name: The file name it came from (kept for the practitioner).
            caption, observation_id, side: Initial description.

        Raises:
            PhotoError: if this picture is already in the assessment.
            NotFoundError: if the assessment or the visit does not exist.
            StorageError: if the database cannot be written (nothing is stored).
        """
        assessment = self._assessment_row(assessment_id)
        self._check_visit(assessment_id, observation_id)
        existing = self._db.execute(
            "SELECT id FROM assessment_photos WHERE assessment_id = ? AND photo_sha256 = ? AND deleted_at IS NULL",
            [assessment_id, imported.sha256],
        ).fetchone()
        if existing:
            number = next(p.number for p in self.of_assessment(assessment_id) if p.id == existing[0])
            what = original_name or "This photo"  # several refusals in one import must be told apart
            raise PhotoError(f"{what} is already in the assessment, as photo {number}. It was not added again.")
        location = self._db.execute(
            "SELECT latitude, longitude FROM locations WHERE id = ?", [assessment["location_id"]]
        ).fetchone()
        distance = None
        if location and location[0] is not None and imported.gps_lat is not None and imported.gps_lon is not None:
            distance = round(distance_m(location[0], location[1], imported.gps_lat, imported.gps_lon), 1)
        now = self._clock()
        link_id = new_id()
        try:
            with self._db.atomic():
                self._db.execute(
                    "INSERT OR IGNORE INTO photos (sha256, format, byte_size, width, height, taken_at, gps_lat, "
                    "gps_lon, thumbnail, original, created_at, gps_accuracy_m) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        imported.sha256,
                        imported.format,
                        len(imported.data),
                        imported.width,
                        imported.height,
                        to_iso(imported.taken_at) if imported.taken_at else None,
                        imported.gps_lat,
                        imported.gps_lon,
                        imported.thumbnail,
                        imported.data,
                        to_iso(now),
                        imported.gps_accuracy_m,
                    ],
                )
                self._db.table("assessment_photos").insert(
                    {
                        "id": link_id,
                        "assessment_id": assessment_id,
                        "photo_sha256": imported.sha256,
                        "observation_id": observation_id,
                        "side": side.value if side else None,
                        "caption": caption.strip(),
                        "original_name": original_name,
                        "distance_m": distance,
                        "created_at": to_iso(now),
                        "updated_at": to_iso(now),
                        "deleted_at": None,
                        "updated_by": connection_actor(self._db),
                    }
                )
                self._db.table("assessments").update(assessment_id, {"updated_at": to_iso(now)})
        except DB_ERRORS as error:
            raise write_error(error) from error
        return self.get(link_id)

    def _check_visit(self, assessment_id: str, observation_id: str | None) -> None:
        if observation_id is None:
            return
        row = self._db.execute(
            "SELECT 1 FROM observations WHERE id = ? AND assessment_id = ? AND deleted_at IS NULL",
            [observation_id, assessment_id],
        ).fetchone()
        if row is None:
            raise NotFoundError("That visit no longer exists, so the photo cannot be linked to it.")

    def update(self, photo: Photo, base: Photo | Mapping[str, Any] | None = None) -> Photo:
        """Save a photo's caption, visit and side.

        Args:
            photo: The photo as edited.
            base: The photo as the editor showed it: only the fields changed since are saved,
                never over another window's change. None: write over what is stored.

        Returns:
            The photo as stored after the save.

        Raises:
            NotFoundError: if the photo was removed, or the visit does not exist.
            ValidationError: if the caption is absurdly long.
            EditConflictError: the same field was saved differently elsewhere (fields as in
                :data:`PHOTO_FIELDS`). Nothing was saved.
            StorageError: if the database cannot be written.
        """
        rows = list(self._db.table("assessment_photos").rows_where("id = ? AND deleted_at IS NULL", [photo.id]))
        if not rows:
            raise NotFoundError("That photo is no longer in the assessment.")
        assessment_id = rows[0]["assessment_id"]
        self._check_visit(assessment_id, photo.observation_id)
        if len(photo.caption) > 2000:
            raise ValidationError("Please keep the caption under 2,000 characters.", "caption")
        now = self._clock()
        try:
            with self._db.atomic():
                save_record(
                    self._db,
                    "assessment_photos",
                    photo.id,
                    loaded_values(base, photo_values(photo), photo_values),
                    photo_values(photo),
                    PHOTO_FIELDS,
                    now=now,
                )
                self._db.table("assessments").update(assessment_id, {"updated_at": to_iso(now)})
        except DB_ERRORS as error:
            raise write_error(error) from error
        return self.get(photo.id)

    def remove(self, photo_id: str) -> None:
        """Remove a photo from its assessment (soft delete; the stored picture is kept until purged).

        Raises:
            NotFoundError: if there is no such photo.
            StorageError: if the database cannot be written.
        """
        soft_delete_assessment_record(
            self._db, "assessment_photos", photo_id, to_iso(self._clock()), "That photo is no longer in the assessment."
        )

    def original_bytes(self, sha256: str) -> bytes:
        """Return a stored picture's original bytes, exactly as added.

        These keep the camera's metadata (GPS, device): never export them as
        they are; use :func:`safeguarding.evidence.photos.clean_copy`.

        Raises:
            NotFoundError: if no picture has that hash.
        """
        row = self._db.execute("SELECT original FROM photos WHERE sha256 = ?", [sha256]).fetchone()
        if row is None:
            raise NotFoundError("That photo is no longer stored.")
        return bytes(row[0])
