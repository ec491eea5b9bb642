"""Schema steps of the core (numbers 0001-0009): locations, assessments, visits, facts about the database.

Listed, in order, in :mod:`safeguarding.store.migrations`. Never edit a released step; add one.
"""

from __future__ import annotations

from sqlite_utils import Database


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
