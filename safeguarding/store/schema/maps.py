"""Schema steps of the map feature (numbers 0010-0019, and 0043): map pins and the boundary of the place.

The boundary belongs to the *assessment*, not the location: drawing it is part
of scoping this assessment (beside the written ``scope_boundary``), a later
reassessment may draw it differently, and a report must show the boundary that
was assessed.

0043 keeps the GPS accuracy of a pin and of a photo's position, in metres
(NULL: not known); it came after the data-protection block, so it is numbered there.
"""

from __future__ import annotations

from sqlite_utils import Database


def m0010_map_pins(db: Database) -> None:
    """Create map pins (WGS84 points with a category, label, notes and triangle side)."""
    db.execute(
        """
        CREATE TABLE map_pins (
            id TEXT PRIMARY KEY NOT NULL,
            assessment_id TEXT NOT NULL REFERENCES assessments (id),
            observation_id TEXT REFERENCES observations (id),
            category TEXT NOT NULL CHECK (length(trim(category)) > 0),
            label TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            side TEXT NOT NULL CHECK (side IN ('young_people', 'guardianship', 'environment')),
            latitude REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),
            longitude REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX idx_map_pins_assessment ON map_pins (assessment_id, created_at)")


def m0011_map_boundaries(db: Database) -> None:
    """Create the drawn boundary of each assessment's place (a polygon as JSON ``[[lat, lon], ...]``)."""
    db.execute(
        """
        CREATE TABLE map_boundaries (
            assessment_id TEXT PRIMARY KEY NOT NULL REFERENCES assessments (id),
            points TEXT NOT NULL CHECK (json_valid(points)),
            updated_at TEXT NOT NULL
        )
        """
    )


def m0012_map_pins_carried_from(db: Database) -> None:
    """Mark pins carried forward by a reassessment with the earlier pin they copy (NULL = recorded here)."""
    db.execute("ALTER TABLE map_pins ADD COLUMN carried_from_pin_id TEXT REFERENCES map_pins (id)")


def m0043_position_accuracy(db: Database) -> None:
    """Keep the GPS accuracy (metres) of map pins and photo positions."""
    db.execute("ALTER TABLE map_pins ADD COLUMN accuracy_m REAL CHECK (accuracy_m IS NULL OR accuracy_m >= 0)")
    db.execute(
        "ALTER TABLE photos ADD COLUMN gps_accuracy_m REAL CHECK (gps_accuracy_m IS NULL OR gps_accuracy_m >= 0)"
    )
