"""Schema steps from 0046: the laptop's side of the team database (sync bookkeeping, conflicts, holds).

Listed, in order, in :mod:`safeguarding.store.migrations`. Never edit a released step; add one.

Bookkeeping tables (never audited, never sent: see ``NOT_AUDITED`` in
:mod:`safeguarding.store.audit_schema`):

* ``team_state``: this laptop's link to its team (server address, user, pull
  cursor, last sync); a key-value table.
* ``team_changes``: records changed here since they were last in step with the
  server, written by the ``team_track_*`` triggers that
  :mod:`safeguarding.team.tracking` adds when the laptop joins a team (a solo
  laptop has no triggers and pays nothing). ``INSERT OR REPLACE`` gives a changed
  record a new ``rowid``, so a sync knows whether it changed again meanwhile.
* ``team_base``: what the server held for each record when this laptop was last
  in step with it (values, per-field server revisions, tombstone), for the
  three-way field-level merge.
* ``team_pending``: records received from the server that could not be applied
  here yet (a rule of this database refused them), kept to retry and to show.

Shared tables (sent to the team like the assessments, and audited):

* ``team_conflicts``: the same field changed on two laptops, or a deletion
  against an edit: both versions with who wrote each and when, until someone chooses.
* ``team_holds``: "I am writing this up": who holds an assessment, since when.
"""

from __future__ import annotations

from sqlite_utils import Database


def m0046_team_sync(db: Database) -> None:
    """Create the team sync bookkeeping, conflicts and holds."""
    db.execute("CREATE TABLE team_state (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)")
    db.execute(
        """
        CREATE TABLE team_changes (
            table_name TEXT NOT NULL,
            record_key TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            PRIMARY KEY (table_name, record_key)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE team_base (
            table_name TEXT NOT NULL,
            record_key TEXT NOT NULL,
            assessment_id TEXT,
            base_values TEXT NOT NULL CHECK (json_valid(base_values)),
            field_revs TEXT NOT NULL CHECK (json_valid(field_revs)),
            deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
            server_revision INTEGER NOT NULL,
            PRIMARY KEY (table_name, record_key)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE team_pending (
            table_name TEXT NOT NULL,
            record_key TEXT NOT NULL,
            record TEXT NOT NULL CHECK (json_valid(record)),
            reason TEXT NOT NULL,
            at_utc TEXT NOT NULL,
            PRIMARY KEY (table_name, record_key)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE team_conflicts (
            id TEXT PRIMARY KEY NOT NULL,
            assessment_id TEXT,
            table_name TEXT NOT NULL,
            record_key TEXT NOT NULL,
            field TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('field', 'delete')),
            value_a TEXT,
            author_a TEXT NOT NULL DEFAULT '',
            at_a TEXT,
            value_b TEXT,
            author_b TEXT NOT NULL DEFAULT '',
            at_b TEXT,
            created_at TEXT NOT NULL,
            resolved_at TEXT,
            resolved_by TEXT NOT NULL DEFAULT '',
            resolution TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_team_conflicts_open ON team_conflicts (assessment_id) WHERE resolved_at IS NULL")
    db.execute(
        """
        CREATE TABLE team_holds (
            assessment_id TEXT PRIMARY KEY NOT NULL,
            holder TEXT NOT NULL DEFAULT '',
            holder_agency TEXT NOT NULL DEFAULT '',
            since TEXT,
            updated_at TEXT NOT NULL
        )
        """
    )
