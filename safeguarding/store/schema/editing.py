"""Schema steps of safe editing: record revisions (two windows on one database) and drafts.

Listed, in order, in :mod:`safeguarding.store.migrations`. Never edit a released step; add one.

* Every table whose records the user edits gains ``revision`` (one more on each
  saved change) and ``updated_by`` (who saved it last, as the audit trail names
  them). Saves compare field by field with what the editor loaded
  (:mod:`safeguarding.store.revisions`), so a save never overwrites another
  window's change.
* ``drafts`` keeps what an editor holds that is not saved yet, a couple of
  seconds after it was typed, inside the database (so it is encrypted with it).
  It is not a record of the assessment: the audit trail does not record it, team
  sync never sends it, and it is removed once the work is saved or discarded
  (:mod:`safeguarding.store.drafts`).
"""

from __future__ import annotations

from sqlite_utils import Database

EDITED_TABLES = (
    "locations",
    "assessments",
    "side_findings",
    "observations",
    "consultations",
    "map_pins",
    "map_boundaries",
    "assessment_photos",
    "people",
    "plan_agencies",
    "plan_weights",
    "plan_goals",
    "plan_actions",
    "plan_reviews",
    "crime_areas",
    "safety_sessions",
    "safety_marks",
)
"""The tables whose records the user edits in the window (they carry a revision), as step 0052 found them."""

MEETING_EDITED_TABLES = ("meetings", "meeting_people", "meeting_items", "meeting_new_actions")
"""The DCSM meeting tables the user edits (step 0064: they came after 0052)."""


def m0052_record_revisions(db: Database) -> None:
    """Add ``revision`` and ``updated_by`` to every table whose records the user edits."""
    for table in EDITED_TABLES:
        db.execute(f"ALTER TABLE {table} ADD COLUMN revision INTEGER NOT NULL DEFAULT 1")
        db.execute(f"ALTER TABLE {table} ADD COLUMN updated_by TEXT NOT NULL DEFAULT ''")


def m0053_drafts(db: Database) -> None:
    """Create the drafts table: unsaved work of the editors, kept a couple of seconds after it was typed."""
    db.execute(
        """
        CREATE TABLE drafts (
            id TEXT PRIMARY KEY NOT NULL,
            kind TEXT NOT NULL,
            record_id TEXT NOT NULL DEFAULT '',
            assessment_id TEXT,
            label TEXT NOT NULL,
            excerpt TEXT NOT NULL DEFAULT '',
            payload TEXT NOT NULL,
            base TEXT,
            instance TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_drafts_assessment ON drafts (assessment_id)")


def m0064_meeting_revisions(db: Database) -> None:
    """Add ``revision`` and ``updated_by`` to the DCSM meeting tables the user edits.

    The audit triggers of these tables are made again after the step (by
    :func:`~safeguarding.store.audit_schema.ensure_audit_triggers`, as after 0052);
    both columns are bookkeeping the trail never copies.
    """
    for table in MEETING_EDITED_TABLES:
        db.execute(f"ALTER TABLE {table} ADD COLUMN revision INTEGER NOT NULL DEFAULT 1")
        db.execute(f"ALTER TABLE {table} ADD COLUMN updated_by TEXT NOT NULL DEFAULT ''")
