"""Schema steps 0020-0029: field evidence (visit details, photos, consultations).

Listed, in order, in :mod:`safeguarding.store.migrations`. Never edit a released step; add one.

Photos are stored once per content hash (``photos``, keyed by SHA-256, holding
the original bytes and an upright thumbnail) and linked to assessments through
``assessment_photos``, which carries the caption, visit, side and distance.
"""

from __future__ import annotations

from sqlite_utils import Database

_SIDES = "('young_people', 'guardianship', 'environment')"
_AGE_BANDS = "('under_11', '11_13', '14_15', '16_17', 'adults')"
_GENDERS = "('male', 'female', 'unclear')"
_METHODS = "('safety_mapping', 'survey', 'walkabout', 'conversation', 'meeting')"


def m0020_observation_details(db: Database) -> None:
    """Add activities and guardians to visits; counts by age band and gender; side tags."""
    db.execute("ALTER TABLE observations ADD COLUMN activities TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE observations ADD COLUMN guardians TEXT NOT NULL DEFAULT ''")
    db.execute(
        "ALTER TABLE observations ADD COLUMN guardian_presence TEXT NOT NULL DEFAULT '' "
        "CHECK (guardian_presence IN ('', 'none', 'present', 'active'))"
    )
    db.execute(
        f"""
        CREATE TABLE observation_counts (
            observation_id TEXT NOT NULL REFERENCES observations (id),
            age_band TEXT NOT NULL CHECK (age_band IN {_AGE_BANDS}),
            gender TEXT NOT NULL CHECK (gender IN {_GENDERS}),
            count INTEGER NOT NULL CHECK (count BETWEEN 1 AND 9999),
            PRIMARY KEY (observation_id, age_band, gender)
        )
        """
    )
    db.execute(
        f"""
        CREATE TABLE observation_sides (
            observation_id TEXT NOT NULL REFERENCES observations (id),
            side TEXT NOT NULL CHECK (side IN {_SIDES}),
            PRIMARY KEY (observation_id, side)
        )
        """
    )


def m0021_photos(db: Database) -> None:
    """Create photos (once per content hash, original bytes kept) and their links to assessments."""
    db.execute(
        """
        CREATE TABLE photos (
            sha256 TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
            format TEXT NOT NULL CHECK (format IN ('JPEG', 'PNG', 'HEIF')),
            byte_size INTEGER NOT NULL CHECK (byte_size > 0),
            width INTEGER NOT NULL CHECK (width > 0),
            height INTEGER NOT NULL CHECK (height > 0),
            taken_at TEXT,
            gps_lat REAL CHECK (gps_lat IS NULL OR gps_lat BETWEEN -90 AND 90),
            gps_lon REAL CHECK (gps_lon IS NULL OR gps_lon BETWEEN -180 AND 180),
            thumbnail BLOB NOT NULL,
            original BLOB NOT NULL,
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        f"""
        CREATE TABLE assessment_photos (
            id TEXT PRIMARY KEY NOT NULL,
            assessment_id TEXT NOT NULL REFERENCES assessments (id),
            photo_sha256 TEXT NOT NULL REFERENCES photos (sha256),
            observation_id TEXT REFERENCES observations (id),
            side TEXT CHECK (side IS NULL OR side IN {_SIDES}),
            caption TEXT NOT NULL DEFAULT '',
            original_name TEXT NOT NULL DEFAULT '',
            distance_m REAL CHECK (distance_m IS NULL OR distance_m >= 0),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX idx_assessment_photos_assessment ON assessment_photos (assessment_id, created_at)")
    db.execute(
        "CREATE UNIQUE INDEX idx_assessment_photos_once ON assessment_photos (assessment_id, photo_sha256) "
        "WHERE deleted_at IS NULL"
    )


def m0022_consultations(db: Database) -> None:
    """Create consultations (engagement) and their side tags."""
    db.execute(
        f"""
        CREATE TABLE consultations (
            id TEXT PRIMARY KEY NOT NULL,
            assessment_id TEXT NOT NULL REFERENCES assessments (id),
            consulted TEXT NOT NULL CHECK (length(trim(consulted)) > 0),
            method TEXT NOT NULL CHECK (method IN {_METHODS}),
            held_on TEXT NOT NULL,
            people INTEGER CHECK (people IS NULL OR people BETWEEN 0 AND 100000),
            said TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX idx_consultations_assessment ON consultations (assessment_id, held_on)")
    db.execute(
        f"""
        CREATE TABLE consultation_sides (
            consultation_id TEXT NOT NULL REFERENCES consultations (id),
            side TEXT NOT NULL CHECK (side IN {_SIDES}),
            PRIMARY KEY (consultation_id, side)
        )
        """
    )
