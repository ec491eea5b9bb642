"""Schema steps 0050-0059: accountability (the sealed audit trail; the log of what was shared).

Listed, in order, in :mod:`safeguarding.store.migrations`. Never edit a released step; add one.

* 0050 rebuilds ``audit_log`` as a hash chain (:mod:`safeguarding.store.audit_seal`):
  entries are numbered (``seq``, the order of the chain, replacing the random ``id``),
  each sealed with SHA-256 over the previous seal and its own content, and keep only
  what changed (:mod:`safeguarding.store.audit_schema`). The entries already there
  are converted in their order (time, then insertion) and sealed by this step: the
  chain protects them from the upgrade on. ``values_digest`` keeps the digest of the
  values the retention purge blanks. The guards (no update, no delete, only sealed
  entries at the end) and every audit trigger are recreated, and the database gets a
  random identity (``app_meta`` ``database_id``) that the chain's anchor beside the
  file names (:mod:`safeguarding.store.audit_chain`).
* 0051 creates ``sharing_log``: one row per copy that left the app (a report, a CSV,
  a GeoJSON file, a photo copy...), append-only (guards refuse updates and deletes)
  and audited like every table. ``about_assessment`` names the assessment without a
  foreign key, on purpose: the log of what was shared outlives a retention purge of
  the assessment (it holds no names of young people: what, which copy, when, by
  whom, for whom and why, the file's name and SHA-256).
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from safeguarding.store.audit_schema import (
    AUDIT_TABLE,
    BOOKKEEPING,
    GUARDS,
    ensure_audit_triggers,
    quote,
)
from safeguarding.store.audit_seal import seal, values_digest

DATABASE_ID_KEY = "database_id"
"""``app_meta`` key of the database's random identity (kept by its backups and copies)."""

CHAINED_TRAIL = """
    CREATE TABLE {name} (
        seq INTEGER PRIMARY KEY,
        table_name TEXT NOT NULL,
        record_id TEXT NOT NULL,
        assessment_id TEXT,
        action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'purge', 'notice')),
        old_values TEXT CHECK (old_values IS NULL OR json_valid(old_values)),
        new_values TEXT CHECK (new_values IS NULL OR json_valid(new_values)),
        at_utc TEXT NOT NULL,
        actor TEXT NOT NULL DEFAULT '',
        purged_at TEXT,
        values_digest TEXT,
        hash BLOB NOT NULL CHECK (length(hash) = 32)
    )
"""


SET_DIGEST_COLUMN = "set_digest BLOB CHECK (set_digest IS NULL OR length(set_digest) = 32)"
"""The column schema step 0070 adds to the trail (:mod:`safeguarding.store.schema.trail`): the sealed digest of
the values an entry set."""


def add_set_digest(db: Database) -> bool:
    """Add :data:`SET_DIGEST_COLUMN` to the trail unless it has it; True if it was added."""
    if "set_digest" in {row[1] for row in db.execute(f"PRAGMA table_info({AUDIT_TABLE})").fetchall()}:
        return False
    db.execute(f"ALTER TABLE {AUDIT_TABLE} ADD COLUMN {SET_DIGEST_COLUMN}")
    return True


def create_trail_indexes(db: Database) -> None:
    """The chained trail's indexes: by assessment (in chain order), and by record for rows of no assessment."""
    db.execute(f"CREATE INDEX idx_audit_log_assessment ON {AUDIT_TABLE} (assessment_id)")
    db.execute(
        f"CREATE INDEX idx_audit_log_unowned ON {AUDIT_TABLE} (table_name, record_id) WHERE assessment_id IS NULL"
    )


def _key_columns(db: Database) -> dict[str, tuple[set[str], bool]]:
    """``{table: (its primary-key columns, whether it has an assessment_id column)}`` for the tables there now."""
    found = {}
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        info = db.execute(f"PRAGMA table_info({quote(table)})").fetchall()
        found[table] = ({row[1] for row in info if row[5]}, any(row[1] == "assessment_id" for row in info))
    return found


def compact_values(
    table: str, action: str, side: str, values: str | None, keys: dict[str, tuple[set[str], bool]]
) -> str | None:
    """An older entry's values as the chained trail keeps them: only what changed, once (see audit_schema).

    Args:
        table: The entry's table.
        action: ``insert``, ``update``, ``delete`` or ``purge`` (a purge's summary is kept whole).
        side: ``"old"`` or ``"new"`` values.
        values: The stored JSON object, or None.
        keys: From :func:`_key_columns`.
    """
    if values is None or action == "purge":
        return values
    if action == "update" and side == "old":
        return None  # what an update replaced was kept when it was set
    data: dict[str, Any] = json.loads(values)
    primary, owned = keys.get(table, ({"id"}, False))
    dropped = set(BOOKKEEPING)
    if action in ("insert", "delete"):
        dropped |= primary | ({"assessment_id"} if owned else set())
        data = {name: value for name, value in data.items() if value not in (None, "")}
    kept = {name: value for name, value in data.items() if name not in dropped}
    return json.dumps(kept, ensure_ascii=False, separators=(",", ":")) if kept else None


def m0050_audit_chain(db: Database) -> None:
    """Seal the audit trail as a hash chain that keeps only what changed, and give the database an identity."""
    for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit\\_%' ESCAPE '\\'"
    ).fetchall():
        db.execute(f"DROP TRIGGER {quote(name)}")  # they name the old columns
    db.execute(CHAINED_TRAIL.format(name="audit_log_chained"))
    keys = _key_columns(db)
    previous: bytes | None = None
    reader = db.conn.execute(
        f"SELECT table_name, record_id, assessment_id, action, old_values, new_values, at_utc, actor, purged_at "
        f"FROM {AUDIT_TABLE} ORDER BY at_utc, rowid"
    )
    for seq, row in enumerate(reader, start=1):
        table, record, assessment, action, old, new, at_utc, actor, purged_at = row
        old, new = compact_values(table, action, "old", old, keys), compact_values(table, action, "new", new, keys)
        digest = values_digest(old, new)
        previous = seal(previous, seq, table, record, assessment, action, at_utc, actor, digest)
        db.execute(
            "INSERT INTO audit_log_chained (seq, table_name, record_id, assessment_id, action, old_values, "
            "new_values, at_utc, actor, purged_at, values_digest, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [seq, table, record, assessment, action, old, new, at_utc, actor, purged_at,
             digest if purged_at else None, previous],
        )  # fmt: skip
    db.execute(f"DROP TABLE {AUDIT_TABLE}")
    db.execute(f"ALTER TABLE audit_log_chained RENAME TO {AUDIT_TABLE}")
    create_trail_indexes(db)
    for sql in GUARDS.values():
        db.execute(sql)
    ensure_audit_triggers(db)
    db.execute("INSERT OR IGNORE INTO app_meta (key, value) VALUES (?, lower(hex(randomblob(16))))", [DATABASE_ID_KEY])


SHARING_GUARDS = {
    "sharing_log_no_update": (
        "CREATE TRIGGER sharing_log_no_update BEFORE UPDATE ON sharing_log "
        "BEGIN SELECT RAISE(ABORT, 'The sharing log cannot be changed'); END"
    ),
    "sharing_log_no_delete": (
        "CREATE TRIGGER sharing_log_no_delete BEFORE DELETE ON sharing_log "
        "BEGIN SELECT RAISE(ABORT, 'The sharing log cannot be changed'); END"
    ),
}


def m0051_sharing_log(db: Database) -> None:
    """Create the log of every copy that left the app: what, which copy, when, by whom, for whom and why."""
    db.execute(
        """
        CREATE TABLE sharing_log (
            id TEXT PRIMARY KEY NOT NULL,
            shared_at TEXT NOT NULL,
            actor TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL CHECK (length(kind) > 0),
            copy TEXT NOT NULL CHECK (copy IN ('full', 'redacted')),
            about_assessment TEXT,
            location_name TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            file_name TEXT NOT NULL DEFAULT '',
            file_sha256 TEXT NOT NULL DEFAULT '',
            file_bytes INTEGER NOT NULL DEFAULT 0,
            recipient TEXT NOT NULL DEFAULT '',
            lawful_basis TEXT NOT NULL DEFAULT '',
            purpose TEXT NOT NULL DEFAULT '',
            via TEXT NOT NULL DEFAULT 'window'
        )
        """
    )
    db.execute("CREATE INDEX idx_sharing_log_assessment ON sharing_log (about_assessment, shared_at)")
    db.execute("CREATE INDEX idx_sharing_log_when ON sharing_log (shared_at)")
    for sql in SHARING_GUARDS.values():
        db.execute(sql)
    ensure_audit_triggers(db)
