"""Schema step 0045: safety-mapping sessions with young people and the marks made in them.

Listed, in order, in :mod:`safeguarding.store.migrations`. Never edit a released step; add one.
Who took part is kept by role and number, never by name.
"""

from __future__ import annotations

from sqlite_utils import Database


def m0045_safety_mapping(db: Database) -> None:
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
