"""Storage of imported police.uk street-level records, and each assessment's counting distance.

One import is one month of one reporting force (``UNIQUE (month, reported_by)``):
importing that month again deletes the earlier copy and its records in the same
transaction, so figures are never doubled. Records are written with one
``executemany`` per file; crime types, places ("On or near Week Street") and
outcomes go to small lookup tables. Queries near a place use the index on
``(latitude, longitude, month, type_id)`` with a latitude/longitude box, then
the exact distance is worked out in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from safeguarding.crime.police_csv import PoliceFile
from safeguarding.crime.summary import DEFAULT_RADIUS_M, MAX_RADIUS_M, MIN_RADIUS_M
from safeguarding.errors import NotFoundError, ValidationError
from safeguarding.maps.geo import Bounds
from safeguarding.model import new_id
from safeguarding.store.dberrors import DB_ERRORS, write_error
from safeguarding.store.revisions import FieldChange, apply_changes, connection_actor
from safeguarding.timeutil import Clock, to_iso, utc_now


@dataclass(frozen=True)
class CrimeImport:
    """One imported month of one force.

    Attributes:
        month: ``YYYY-MM``.
        reported_by: The force that recorded the rows.
        falls_within: The force area.
        file_name: The file it came from.
        records: Records stored (rows with a position).
        without_position: Rows with no position (not stored, counted).
        refused: Rows left out for a reason.
        imported_at: ISO UTC time of the import.
        replaced: True if this import replaced an earlier copy of the same month and force.
    """

    month: str
    reported_by: str
    falls_within: str
    file_name: str
    records: int
    without_position: int
    refused: int
    imported_at: str
    replaced: bool = False


@dataclass(frozen=True)
class CrimeRecord:
    """One stored record: where (an anonymous map point), when, what and its street."""

    latitude: float
    longitude: float
    month: str
    crime_type: str
    place: str
    outcome: str


class CrimeRepository:
    """Import, list and query police.uk records; keep each assessment's counting distance.

    Args:
        db: An open database.
        clock: Returns "now" as an aware UTC datetime.
    """

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

    def _lookup_ids(self, table: str, names: set[str]) -> dict[str, int]:
        conn = self._db.conn
        conn.executemany(f"INSERT OR IGNORE INTO {table} (name) VALUES (?)", [(name,) for name in names])
        found: dict[str, int] = {}
        listed = sorted(names)
        for start in range(0, len(listed), 500):
            chunk = listed[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            found.update(
                (str(name), int(row_id))
                for row_id, name in conn.execute(f"SELECT id, name FROM {table} WHERE name IN ({marks})", chunk)
            )
        return found

    def store_file(self, parsed: PoliceFile) -> CrimeImport:
        """Store one checked file, replacing an earlier import of the same month and force (one transaction).

        Raises:
            StorageError: if the database cannot be written (nothing of the file is kept).
        """
        now = to_iso(self._clock())
        import_id = new_id()
        try:
            with self._db.atomic():
                conn = self._db.conn
                old = conn.execute(
                    "SELECT id FROM crime_imports WHERE month = ? AND reported_by = ?",
                    (parsed.month, parsed.reported_by),
                ).fetchone()
                if old is not None:
                    conn.execute("DELETE FROM crime_records WHERE import_id = ?", (old[0],))
                    conn.execute("DELETE FROM crime_imports WHERE id = ?", (old[0],))
                conn.execute(
                    "INSERT INTO crime_imports (id, month, reported_by, falls_within, file_name, records, "
                    "without_position, refused, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        import_id,
                        parsed.month,
                        parsed.reported_by,
                        parsed.falls_within,
                        parsed.name,
                        len(parsed.records),
                        parsed.without_position,
                        parsed.refused,
                        now,
                    ),
                )
                types = self._lookup_ids("crime_types", {r[2] for r in parsed.records})
                places = self._lookup_ids("crime_places", {r[3] for r in parsed.records})
                outcomes = self._lookup_ids("crime_outcomes", {r[4] for r in parsed.records})
                month = parsed.month
                conn.executemany(
                    "INSERT INTO crime_records (import_id, month, latitude, longitude, type_id, place_id, outcome_id) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        (import_id, month, lat, lon, types[kind], places[place], outcomes[outcome])
                        for lat, lon, kind, place, outcome in parsed.records
                    ),
                )
        except DB_ERRORS as error:
            raise write_error(error) from error
        return CrimeImport(
            parsed.month,
            parsed.reported_by,
            parsed.falls_within,
            parsed.name,
            len(parsed.records),
            parsed.without_position,
            parsed.refused,
            now,
            replaced=old is not None,
        )

    def imports(self) -> list[CrimeImport]:
        """Every import, by month then force."""
        return self.imports_between("0000-00", "9999-99")

    def months_held(self, first: str, last: str) -> list[str]:
        """The months from ``first`` to ``last`` (``YYYY-MM``) for which any force's records are held."""
        rows = self._db.execute(
            "SELECT DISTINCT month FROM crime_imports WHERE month BETWEEN ? AND ? ORDER BY month", (first, last)
        ).fetchall()
        return [str(row[0]) for row in rows]

    def imports_between(self, first: str, last: str) -> list[CrimeImport]:
        """Imports of the months ``first`` to ``last``."""
        rows = self._db.execute(
            "SELECT month, reported_by, falls_within, file_name, records, without_position, refused, imported_at "
            "FROM crime_imports WHERE month BETWEEN ? AND ? ORDER BY month, reported_by",
            (first, last),
        ).fetchall()
        return [CrimeImport(*row) for row in rows]

    def records_in(self, box: Bounds, first: str, last: str) -> list[CrimeRecord]:
        """Records positioned inside ``box`` in the months ``first`` to ``last`` (``YYYY-MM``)."""
        rows = self._db.execute(
            """
            SELECT r.latitude, r.longitude, r.month, t.name, p.name, o.name
            FROM crime_records AS r
            JOIN crime_types AS t ON t.id = r.type_id
            JOIN crime_places AS p ON p.id = r.place_id
            JOIN crime_outcomes AS o ON o.id = r.outcome_id
            WHERE r.latitude BETWEEN ? AND ? AND r.longitude BETWEEN ? AND ? AND r.month BETWEEN ? AND ?
            """,
            (box.south, box.north, box.west, box.east, first, last),
        ).fetchall()
        return [CrimeRecord(*row) for row in rows]

    def radius(self, assessment_id: str) -> int:
        """The distance (metres) the assessment counts records within (default :data:`DEFAULT_RADIUS_M`)."""
        row = self._db.execute("SELECT radius_m FROM crime_areas WHERE assessment_id = ?", (assessment_id,)).fetchone()
        return int(row[0]) if row else DEFAULT_RADIUS_M

    def set_radius(self, assessment_id: str, radius_m: Any, base: int | None = None) -> int:
        """Set the distance records are counted within for an assessment.

        Args:
            assessment_id: The assessment.
            radius_m: The distance in metres (a whole number; text is read as one).
            base: The distance the editor showed: if another window saved a different one
                meanwhile, nothing is saved. None: set it whatever it is now.

        Raises:
            EditConflictError: another window saved another distance (field ``radius_m``).
            ValidationError: if it is not a whole number of metres from 25 to 5,000.
            NotFoundError: if the assessment does not exist.
            StorageError: if the database cannot be written.
        """
        try:
            value = int(str(radius_m).strip())
        except ValueError:
            raise ValidationError(f"'{radius_m}' is not a whole number of metres.", "radius") from None
        if not MIN_RADIUS_M <= value <= MAX_RADIUS_M:
            raise ValidationError(
                f"The distance must be between {MIN_RADIUS_M} and {MAX_RADIUS_M:,} metres; {value:,} is not.", "radius"
            )
        if not list(self._db.table("assessments").rows_where("id = ? AND deleted_at IS NULL", [assessment_id])):
            raise NotFoundError("That assessment no longer exists.")
        now = self._clock()
        try:
            with self._db.atomic():
                rows = list(self._db.table("crime_areas").rows_where("assessment_id = ?", [assessment_id]))
                if rows:
                    shown = rows[0]["radius_m"] if base is None else base
                    changes = [FieldChange("radius_m", shown, value)] if shown != value else []
                    apply_changes(
                        self._db,
                        "crime_areas",
                        assessment_id,
                        changes,
                        now=now,
                        actor=connection_actor(self._db),
                        key="assessment_id",
                    )
                else:
                    self._db.table("crime_areas").insert(
                        {
                            "assessment_id": assessment_id,
                            "radius_m": value,
                            "updated_at": to_iso(now),
                            "updated_by": connection_actor(self._db),
                        }
                    )
        except DB_ERRORS as error:
            raise write_error(error) from error
        return value
