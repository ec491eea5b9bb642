"""Numbered schema migrations, recorded in the database by sqlite-utils.

Each step is small and single-purpose and runs in its own transaction. Never
edit a released step: add a new one. The names double as the schema version:
a database that records a step this list does not know was written by a newer
version of the app, and :mod:`safeguarding.store.database` refuses to touch it.

Conventions: UUID text primary keys; foreign keys; ``NOT NULL`` with defaults
for text; timestamps as ISO 8601 UTC text; date-only values as ``YYYY-MM-DD``.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATION_SET = "location_assessment_tool"

migrations = Migrations(MIGRATION_SET)


@migrations(name="0001_locations")
def m0001_locations(db: Database) -> None:
    """Create the locations table."""
    db.execute(
        """
        CREATE TABLE locations (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            address TEXT NOT NULL DEFAULT '',
            ward TEXT NOT NULL DEFAULT '',
            district TEXT NOT NULL DEFAULT '',
            place_type TEXT NOT NULL DEFAULT '',
            latitude REAL CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
            longitude REAL CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180),
            referral_reason TEXT NOT NULL DEFAULT '',
            referral_date TEXT,
            referral_source TEXT NOT NULL DEFAULT '',
            archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_locations_name ON locations (name)")


@migrations(name="0002_assessments")
def m0002_assessments(db: Database) -> None:
    """Create assessments and the write-up of each triangle side."""
    db.execute(
        """
        CREATE TABLE assessments (
            id TEXT PRIMARY KEY NOT NULL,
            location_id TEXT NOT NULL REFERENCES locations (id),
            form_id TEXT NOT NULL,
            form_version INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('draft', 'complete')),
            assessor_name TEXT NOT NULL DEFAULT '',
            assessor_agency TEXT NOT NULL DEFAULT '',
            start_date TEXT,
            end_date TEXT,
            scope_boundary TEXT NOT NULL DEFAULT '',
            scope_times TEXT NOT NULL DEFAULT '',
            analysis TEXT NOT NULL DEFAULT '',
            recommendation TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX idx_assessments_location ON assessments (location_id)")
    db.execute(
        """
        CREATE TABLE side_findings (
            id TEXT PRIMARY KEY NOT NULL,
            assessment_id TEXT NOT NULL REFERENCES assessments (id),
            side TEXT NOT NULL CHECK (side IN ('young_people', 'guardianship', 'environment')),
            strengths TEXT NOT NULL DEFAULT '',
            concerns TEXT NOT NULL DEFAULT '',
            evidence TEXT NOT NULL DEFAULT '',
            rating TEXT CHECK (rating IS NULL OR rating IN ('red', 'amber', 'green')),
            answers TEXT NOT NULL DEFAULT '{}',
            updated_at TEXT NOT NULL,
            UNIQUE (assessment_id, side)
        )
        """
    )


@migrations(name="0003_observations")
def m0003_observations(db: Database) -> None:
    """Create observation visits (start and end stored in UTC)."""
    db.execute(
        """
        CREATE TABLE observations (
            id TEXT PRIMARY KEY NOT NULL,
            assessment_id TEXT NOT NULL REFERENCES assessments (id),
            start_utc TEXT NOT NULL,
            end_utc TEXT NOT NULL CHECK (end_utc > start_utc),
            observer TEXT NOT NULL DEFAULT '',
            weather TEXT NOT NULL DEFAULT '',
            light TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX idx_observations_assessment ON observations (assessment_id, start_utc)")


@migrations(name="0004_app_meta")
def m0004_app_meta(db: Database) -> None:
    """Create a key-value table for facts about the database itself (e.g. that it holds demo data)."""
    db.execute(
        """
        CREATE TABLE app_meta (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        )
        """
    )


def known_names() -> list[str]:
    """Return the names of every migration this version of the app knows, in order."""
    return [migration.name for migration in migrations._migrations]


# Feature schema steps live beside the repositories that use them, one module
# per feature, and register on the same ``migrations`` set when imported here.
# Steps apply in registration order, so keep these imports in number order:
#   0010-0019 map (schema_map), 0020-0029 field evidence (schema_evidence),
#   0030-0039 plan and review (schema_plan), 0040-0049 data protection (schema_protection),
#   0050-0059 position accuracy, police data and safety mapping (schema_places).
from safeguarding.store import schema_features  # noqa: E402, F401
