"""Schema step of form versions (0049): each assessment keeps the form definition it was written with.

Listed, in order, in :mod:`safeguarding.store.migrations`. Never edit a released step; add one.

* ``form_definitions`` holds the exact TOML text of each form definition an
  assessment of this database was written with, once per wording (keyed by the
  SHA-256 of the text, so two texts that both call themselves version 1 are
  both kept). It holds no personal data and is never purged.
* ``assessment_forms`` links an assessment to its definition; it belongs to the
  assessment (purged with it by the retention rule).
"""

from __future__ import annotations

from sqlite_utils import Database


def m0049_form_definitions(db: Database) -> None:
    """Create form_definitions (the TOML text of each form an assessment uses) and assessment_forms."""
    db.execute(
        """
        CREATE TABLE form_definitions (
            digest TEXT PRIMARY KEY NOT NULL CHECK (length(digest) = 64),
            form_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            toml TEXT NOT NULL,
            stored_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE assessment_forms (
            assessment_id TEXT PRIMARY KEY NOT NULL REFERENCES assessments (id),
            form_digest TEXT NOT NULL REFERENCES form_definitions (digest),
            stored_at TEXT NOT NULL
        )
        """
    )
