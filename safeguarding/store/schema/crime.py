"""Schema step 0044: police.uk street-level records.

Listed, in order, in :mod:`safeguarding.store.migrations`. Never edit a released step; add one.

One import per month and reporting force, replaced whole when the month is
imported again, and the distance each assessment counts records within.
Police records are public reference data, not records about anyone in an
assessment: they are stored compactly (crime types, places and outcomes in small
lookup tables; the Crime ID, LSOA and Context columns are not kept) and are not
copied into the audit trail row by row (each import is: ``crime_imports``; see
:data:`safeguarding.store.audit_schema.NOT_AUDITED`).
"""

from __future__ import annotations

from sqlite_utils import Database


def m0044_crime_records(db: Database) -> None:
    """Create police.uk imports, their records (with lookup tables) and each assessment's counting distance."""
    db.execute(
        """
        CREATE TABLE crime_imports (
            id TEXT PRIMARY KEY NOT NULL,
            month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
            reported_by TEXT NOT NULL CHECK (length(trim(reported_by)) > 0),
            falls_within TEXT NOT NULL DEFAULT '',
            file_name TEXT NOT NULL DEFAULT '',
            records INTEGER NOT NULL CHECK (records >= 0),
            without_position INTEGER NOT NULL CHECK (without_position >= 0),
            refused INTEGER NOT NULL CHECK (refused >= 0),
            imported_at TEXT NOT NULL,
            UNIQUE (month, reported_by)
        )
        """
    )
    for table in ("crime_types", "crime_places", "crime_outcomes"):
        db.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)")
    db.execute(
        """
        CREATE TABLE crime_records (
            import_id TEXT NOT NULL REFERENCES crime_imports (id) ON DELETE CASCADE,
            month TEXT NOT NULL,
            latitude REAL NOT NULL,
            longitude REAL NOT NULL,
            type_id INTEGER NOT NULL REFERENCES crime_types (id),
            place_id INTEGER NOT NULL REFERENCES crime_places (id),
            outcome_id INTEGER NOT NULL REFERENCES crime_outcomes (id)
        )
        """
    )
    db.execute("CREATE INDEX idx_crime_records_position ON crime_records (latitude, longitude, month, type_id)")
    db.execute("CREATE INDEX idx_crime_records_import ON crime_records (import_id)")
    db.execute(
        """
        CREATE TABLE crime_areas (
            assessment_id TEXT PRIMARY KEY NOT NULL REFERENCES assessments (id),
            radius_m INTEGER NOT NULL CHECK (radius_m BETWEEN 25 AND 5000),
            updated_at TEXT NOT NULL
        )
        """
    )
