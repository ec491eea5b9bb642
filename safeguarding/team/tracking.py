"""The laptop's record of what changed since it was last in step with the team server.

Triggers named ``team_track_<table>_<action>`` (added when the laptop joins a
team, refreshed before each sync) write ``(table, record key)`` into
``team_changes`` whenever a shared record is inserted, updated or deleted, by
the window, the command line or anything else, except while a sync applies
records it received (it sets the ``applying`` row of ``team_state`` inside its
own transaction, which no other connection ever sees). ``team_base`` holds what
the server had for each record at the last sync, so a sync sends only the
fields that really differ from it.

This module never reads the audit trail, whose format is not its business.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from safeguarding.team.tables import LOCAL_COLUMNS, SHARED_META_KEYS, TableInfo, chunks, existing_synced_tables

TRIGGER_PREFIX = "team_track_"
APPLYING = "applying"
NOW_SQL = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
_NOT_APPLYING = f"NOT EXISTS (SELECT 1 FROM team_state WHERE key = '{APPLYING}')"


@dataclass
class Base:
    """What the server held for a record when this laptop was last in step with it.

    Attributes:
        values: Field values.
        revs: The server revision at which each field last changed (``_deleted`` for a tombstone).
        deleted: True if the server holds a tombstone (or the record was purged here).
        revision: The record's server revision.
        assessment_id: The assessment the record belongs to.
    """

    values: dict[str, Any] = field(default_factory=dict)
    revs: dict[str, int] = field(default_factory=dict)
    deleted: bool = False
    revision: int = 0
    assessment_id: str | None = None


def trigger_sql(info: TableInfo) -> dict[str, str]:
    """``{trigger name: CREATE TRIGGER}`` for the three change-tracking triggers of a table."""
    statements = {}
    for action in ("insert", "update", "delete"):
        ref = "OLD" if action == "delete" else "NEW"
        when = _NOT_APPLYING
        if info.name == "app_meta":
            keys = ", ".join(f"'{key}'" for key in SHARED_META_KEYS)
            when += f" AND {ref}.key IN ({keys})"
        name = f"{TRIGGER_PREFIX}{info.name}_{action}"
        statements[name] = (
            f'CREATE TRIGGER "{name}" AFTER {action.upper()} ON "{info.name}" WHEN {when}\n'
            f"BEGIN\n"
            f"  INSERT OR REPLACE INTO team_changes (table_name, record_key, changed_at)\n"
            f"  VALUES ('{info.name}', {info.key_sql(ref)}, {NOW_SQL});\n"
            f"END"
        )
    return statements


def ensure_tracking(db: Database) -> list[str]:
    """Create missing or out-of-date tracking triggers; a table tracked for the first time has all its rows marked.

    Idempotent and cheap when nothing changed. Run when the laptop joins a team
    and before each sync (so a table added by an upgrade of the app is tracked,
    and what was written to it before is sent too).

    Returns:
        The names of the tables tracked for the first time.
    """
    existing = {
        row[0]: row[1]
        for row in db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'team\\_track\\_%' ESCAPE '\\'"
        ).fetchall()
    }
    newly: list[str] = []
    with db.atomic():
        for info in existing_synced_tables(db):
            wanted = trigger_sql(info)
            if all(existing.get(name) == sql for name, sql in wanted.items()):
                continue
            first_time = not any(name in existing for name in wanted)
            for name, sql in wanted.items():
                db.execute(f'DROP TRIGGER IF EXISTS "{name}"')
                db.execute(sql)
            if first_time:
                newly.append(info.name)
                where = f" WHERE key IN ({', '.join('?' for _ in SHARED_META_KEYS)})" if info.name == "app_meta" else ""
                params = list(SHARED_META_KEYS) if info.name == "app_meta" else []
                db.execute(
                    f"INSERT OR REPLACE INTO team_changes (table_name, record_key, changed_at) "
                    f"SELECT '{info.name}', {info.key_sql('t')}, {NOW_SQL} FROM \"{info.name}\" AS t{where}",
                    params,
                )
    return newly


def drop_tracking(db: Database) -> None:
    """Remove every tracking trigger (the laptop leaves its team)."""
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'team\\_track\\_%' ESCAPE '\\'"
        ).fetchall()
    ]
    with db.atomic():
        for name in names:
            db.execute(f'DROP TRIGGER IF EXISTS "{name}"')


@contextmanager
def applying(db: Database) -> Iterator[None]:
    """A transaction in which writes to shared tables are not recorded as local changes (received records).

    Foreign keys are checked at commit, not per statement, so parents and children
    may arrive in any order within it.
    """
    with db.atomic():
        db.execute("PRAGMA defer_foreign_keys = ON")
        db.execute("INSERT OR REPLACE INTO team_state (key, value) VALUES (?, '1')", [APPLYING])
        yield
        db.execute("DELETE FROM team_state WHERE key = ?", [APPLYING])


def changed_records(db: Database) -> list[tuple[str, str, int]]:
    """``(table, record key, change number)`` of every record changed here since it was last sent."""
    return [(row[0], row[1], int(row[2])) for row in db.execute(
        "SELECT table_name, record_key, rowid FROM team_changes ORDER BY rowid").fetchall()]  # fmt: skip


def count_changes(db: Database) -> int:
    """How many records wait to be sent (cheap: one count of a small table)."""
    return int(db.execute("SELECT count(*) FROM team_changes").fetchone()[0])


def forget_change(db: Database, table: str, key: str, number: int) -> None:
    """Clear a record's change mark, unless it changed again since ``number`` was read."""
    db.execute("DELETE FROM team_changes WHERE table_name = ? AND record_key = ? AND rowid = ?", [table, key, number])


def read_bases(db: Database, table: str, keys: list[str]) -> dict[str, Base]:
    """The bases of some records of one table, by key (records never in step with the server are absent)."""
    found: dict[str, Base] = {}
    for part in chunks(keys, 500):
        marks = ", ".join("?" for _ in part)
        rows = db.execute(
            "SELECT record_key, base_values, field_revs, deleted, server_revision, assessment_id FROM team_base "
            f"WHERE table_name = ? AND record_key IN ({marks})",
            [table, *part],
        ).fetchall()
        for key, values, revs, deleted, revision, assessment_id in rows:
            found[key] = Base(json.loads(values), json.loads(revs), bool(deleted), int(revision), assessment_id)
    return found


def write_base(db: Database, table: str, key: str, base: Base) -> None:
    """Record what the server holds for a record now."""
    db.execute(
        "INSERT OR REPLACE INTO team_base (table_name, record_key, assessment_id, base_values, field_revs, deleted, "
        "server_revision) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [table, key, base.assessment_id, json.dumps(base.values, ensure_ascii=False), json.dumps(base.revs),
         int(base.deleted), base.revision],
    )  # fmt: skip


def read_rows(db: Database, info: TableInfo, keys: list[str]) -> dict[str, dict[str, Any]]:
    """The current local rows of some records of one table, by key (deleted rows are absent)."""
    found: dict[str, dict[str, Any]] = {}
    for part in chunks(keys, 200):
        if len(info.keys) == 1:
            marks = ", ".join("?" for _ in part)
            cursor = db.execute(f'SELECT * FROM "{info.name}" WHERE "{info.keys[0]}" IN ({marks})', part)
        else:
            where = " OR ".join(f"({info.where_key()})" for _ in part)
            params = [value for key in part for value in info.key_values(key)]
            cursor = db.execute(f'SELECT * FROM "{info.name}" WHERE {where}', params)
        columns = [item[0] for item in cursor.description]
        for row in cursor.fetchall():
            values = {name: value for name, value in zip(columns, row, strict=True) if name not in LOCAL_COLUMNS}
            found[info.key_of(values)] = values
    return found


def insert_row(db: Database, info: TableInfo, values: dict[str, Any]) -> None:
    """Insert a received record (only the columns this database has)."""
    columns = [name for name in values if name in info.columns and name not in LOCAL_COLUMNS]
    names = ", ".join(f'"{name}"' for name in columns)
    marks = ", ".join("?" for _ in columns)
    db.execute(f'INSERT INTO "{info.name}" ({names}) VALUES ({marks})', [values[name] for name in columns])


def update_row(db: Database, info: TableInfo, key: str, values: dict[str, Any]) -> None:
    """Change some fields of a record (columns this database does not have are left out)."""
    columns = [name for name in values if name in info.columns and name not in info.keys and name not in LOCAL_COLUMNS]
    if not columns:
        return
    assignments = ", ".join(f'"{name}" = ?' for name in columns)
    db.execute(
        f'UPDATE "{info.name}" SET {assignments} WHERE {info.where_key()}',
        [values[name] for name in columns] + info.key_values(key),
    )


def delete_row(db: Database, info: TableInfo, key: str) -> None:
    """Remove a record that the team deleted."""
    db.execute(f'DELETE FROM "{info.name}" WHERE {info.where_key()}', info.key_values(key))
