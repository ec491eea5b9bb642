"""Schema steps of maps you can read on paper, police data and safety mapping (numbers 0050-0059).

* 0050: the GPS accuracy of a pin and of a photo's position, in metres (NULL: not known).
* 0051: police.uk street-level records (one import per month and reporting force,
  replaced whole when the month is imported again) and the distance each
  assessment counts records within.
* 0052: safety-mapping sessions with young people and the marks made in them.

Police records are public reference data, not records about anyone in an
assessment: they are stored compactly (crime types, places and outcomes in small
lookup tables; the Crime ID, LSOA and Context columns are not kept) and are not
copied into the audit trail row by row (each import is: ``crime_imports``).
"""

from __future__ import annotations

from sqlite_utils import Database

from safeguarding.store.migrations import migrations


@migrations(name="0050_position_accuracy")
def m0050_position_accuracy(db: Database) -> None:
    """Keep the GPS accuracy (metres) of map pins and photo positions."""
    db.execute("ALTER TABLE map_pins ADD COLUMN accuracy_m REAL CHECK (accuracy_m IS NULL OR accuracy_m >= 0)")
    db.execute(
        "ALTER TABLE photos ADD COLUMN gps_accuracy_m REAL CHECK (gps_accuracy_m IS NULL OR gps_accuracy_m >= 0)"
    )


@migrations(name="0051_crime_records")
def m0051_crime_records(db: Database) -> None:
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


@migrations(name="0052_safety_mapping")
def m0052_safety_mapping(db: Database) -> None:
    """Create safety-mapping sessions (who took part by role and number, never names) and their marks."""
    db.execute(
        """
        CREATE TABLE safety_sessions (
            id TEXT PRIMARY KEY NOT NULL,
            assessment_id TEXT NOT NULL REFERENCES assessments (id),
            held_on TEXT NOT NULL CHECK (held_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            participants TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(participants)),
            facilitator TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX idx_safety_sessions_assessment ON safety_sessions (assessment_id, held_on)")
    db.execute(
        """
        CREATE TABLE safety_marks (
            id TEXT PRIMARY KEY NOT NULL,
            session_id TEXT NOT NULL REFERENCES safety_sessions (id),
            kind TEXT NOT NULL CHECK (kind IN ('safe', 'unsafe', 'avoid', 'route')),
            points TEXT NOT NULL CHECK (json_valid(points)),
            label TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX idx_safety_marks_session ON safety_marks (session_id)")
