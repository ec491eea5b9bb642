"""Storage of locations, and the locations list with each one's latest ratings."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import NotFoundError, ValidationError
from safeguarding.model import Location, LocationSummary
from safeguarding.store.dberrors import DB_ERRORS, write_error
from safeguarding.store.location_rows import location_from_row, location_summaries, locations_by_name, rows_of
from safeguarding.store.revisions import connection_actor, loaded_values, save_record
from safeguarding.timeutil import Clock, date_to_iso, to_iso, utc_now, utc_to_local
from safeguarding.validation import validate_location

_COLUMNS = (
    "name",
    "address",
    "ward",
    "district",
    "place_type",
    "latitude",
    "longitude",
    "referral_reason",
    "referral_date",
    "referral_source",
    "archived",
)


def name_key(name: str) -> str:
    """The form of a location name that two names share when they are "the same name".

    Case is ignored in every script (``str.casefold``: "łąki" and "Łąki", "straße"
    and "STRASSE"), and so are the ways Unicode can spell one letter (NFC: a
    typed "ą" and "a" followed by a combining ogonek), spaces around the name and
    runs of spaces inside it. SQLite's ``NOCASE`` and ``lower()`` fold only A-Z,
    so the comparison is made here, in Python.
    """
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _to_row(location: Location) -> dict[str, Any]:
    return {
        "id": location.id,
        "name": location.name.strip(),
        "address": location.address,
        "ward": location.ward,
        "district": location.district,
        "place_type": location.place_type,
        "latitude": location.latitude,
        "longitude": location.longitude,
        "referral_reason": location.referral_reason,
        "referral_date": date_to_iso(location.referral_date),
        "referral_source": location.referral_source,
        "archived": int(location.archived),
        "created_at": to_iso(location.created_at) if location.created_at else None,
        "updated_at": to_iso(location.updated_at) if location.updated_at else None,
    }


def location_values(location: Location) -> dict[str, Any]:
    """A location's editable fields as stored values (the columns an edit may change)."""
    row = _to_row(location)
    return {column: row[column] for column in _COLUMNS}


class LocationRepository:
    """Create, read, update and archive :class:`Location` records.

    Args:
        db: An open database from :func:`safeguarding.store.database.open_database`.
        clock: Returns "now" as an aware UTC datetime (tests pass a fixed clock).
    """

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

    def _check_unique_name(self, location: Location) -> None:
        clash = [other for other in self.find_by_name(location.name) if other.id != location.id]
        if clash:
            raise ValidationError(
                f'A location called "{clash[0].name}" already exists'
                + (" (archived)" if clash[0].archived else "")
                + ". Give this one a name that tells them apart, for example by adding the street or the entrance.",
                "name",
            )

    def add(self, location: Location) -> Location:
        """Validate and insert a new location; sets its timestamps.

        Returns:
            The same object, with ``created_at`` and ``updated_at`` set (UTC).

        Raises:
            ValidationError: if the location breaks a rule (see :mod:`safeguarding.validation`),
                or another location already has the same name (ignoring case): the
                name is how people and the ``export`` command tell places apart.
            StorageError: if the database cannot be written.
        """
        now = self._clock()
        validate_location(location, today=utc_to_local(now).date())
        location.name = location.name.strip()
        self._check_unique_name(location)
        location.created_at = location.created_at or now
        location.updated_at = now
        try:
            with self._db.atomic():
                self._db.table("locations").insert({**_to_row(location), "updated_by": connection_actor(self._db)})
        except DB_ERRORS as error:
            raise write_error(error) from error
        return location

    def update(self, location: Location, base: Location | Mapping[str, Any] | None = None) -> Location:
        """Validate and save changes to an existing location.

        Args:
            location: The location as edited.
            base: As the editor showed it: only the fields changed since are saved, never
                over another window's change. None: write over what is stored.

        Returns:
            The location as stored after the save.

        Raises:
            ValidationError: if the location breaks a rule.
            NotFoundError: if it was never saved.
            EditConflictError: the same field was saved differently elsewhere. Nothing was saved.
            StorageError: if the database cannot be written.
        """
        validate_location(location, today=utc_to_local(self._clock()).date())
        location.name = location.name.strip()
        self.get(location.id)
        self._check_unique_name(location)
        now = self._clock()
        try:
            with self._db.atomic():
                save_record(
                    self._db,
                    "locations",
                    location.id,
                    loaded_values(base, location_values(location), location_values),
                    location_values(location),
                    _COLUMNS,
                    now=now,
                )
        except DB_ERRORS as error:
            raise write_error(error) from error
        stored = self.get(location.id)
        location.updated_at, location.revision = stored.updated_at, stored.revision
        return stored

    def set_archived(self, location_id: str, archived: bool = True) -> Location:
        """Archive (hide from the default list) or restore a location; nothing is deleted.

        Raises:
            NotFoundError: if there is no such location.
        """
        location = self.get(location_id)
        location.archived = archived
        return self.update(location)

    def get(self, location_id: str) -> Location:
        """Return the location with ``location_id``.

        Raises:
            NotFoundError: if there is no such location.
        """
        rows = list(self._db.table("locations").rows_where("id = ?", [location_id]))
        if not rows:
            raise NotFoundError("That location no longer exists.")
        return location_from_row(rows[0])

    def find_by_name(self, name: str) -> list[Location]:
        """Return locations whose name is ``name`` as :func:`name_key` compares them (any case, any script).

        Used by the ``export`` command to find a place and by :meth:`add` and
        :meth:`update` to refuse a second location of the same name. Oldest first.
        """
        wanted = name_key(name)
        matching = [
            row_id
            for row_id, stored in self._db.execute("SELECT id, name FROM locations ORDER BY created_at, rowid")
            if name_key(stored) == wanted
        ]
        return [self.get(row_id) for row_id in matching]

    def by_name(self, include_archived: bool = False) -> list[Location]:
        """Return locations ordered by name; archived ones only if asked."""
        return locations_by_name(rows_of(self._db.execute), include_archived)

    def summaries(self, include_archived: bool = False) -> list[LocationSummary]:
        """Return the locations list: each location with its latest assessment's ratings.

        The latest assessment is the most recently created one that is not deleted.
        """
        return self._summaries(self.by_name(include_archived))

    def summary(self, location_id: str) -> LocationSummary:
        """Return one location's row of the locations list (see :meth:`summaries`), archived or not.

        Raises:
            NotFoundError: if there is no such location.
        """
        return self._summaries([self.get(location_id)], location_id)[0]

    def _summaries(self, locations: list[Location], only: str | None = None) -> list[LocationSummary]:
        """``locations`` with their latest assessments (of location ``only``, if given, else all)."""
        return location_summaries(rows_of(self._db.execute), locations, only)
