"""Which local tables travel to the team server, how their records are keyed, and whose assessment they are.

The list is explicit, not "every table": a table another feature adds (a search
index, a local setting) must never leave the laptop by accident. Add a table here
(in parent-before-child order) when it should be shared.

Record keys: a table's primary key value as text; a composite key as a compact
JSON array (``["<observation id>","14_15","male"]``), exactly as SQLite's
``json_array`` writes it, so the change-tracking triggers and Python agree.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlite_utils import Database

SYNCED_TABLES: tuple[str, ...] = (
    "app_meta",
    "locations",
    "plan_agencies",
    "form_definitions",
    "meetings",
    "meeting_people",
    "assessments",
    "assessment_forms",
    "side_findings",
    "observations",
    "observation_counts",
    "observation_sides",
    "map_pins",
    "map_boundaries",
    "assessment_photos",
    "consultations",
    "consultation_sides",
    "plan_weights",
    "plan_goals",
    "plan_reviews",
    "plan_actions",
    "plan_action_updates",
    "plan_review_items",
    "plan_reassessments",
    "plan_carried_findings",
    "meeting_items",
    "meeting_new_actions",
    "meeting_snapshots",
    "people",
    "redaction_decisions",
    "crime_areas",
    "safety_sessions",
    "safety_marks",
    "sharing_log",
    "team_holds",
    "team_conflicts",
)
"""Shared tables, parents before children (the order records are sent and applied in)."""

LOCAL_TABLES: dict[str, str] = {
    "_sqlite_migrations": "which schema steps this file has run: a fact about this file",
    "audit_log": "this laptop's sealed audit chain; the server keeps the team's own (team.audit)",
    "crime_imports": "police.uk imports: public reference data, re-imported on each laptop",
    "crime_records": "police.uk street-level records: public reference data, re-importable",
    "crime_types": "lookup table of the police.uk records",
    "crime_places": "lookup table of the police.uk records",
    "crime_outcomes": "lookup table of the police.uk records",
    "drafts": "unsaved work of this laptop's editors, offered back after a crash",
    "photos": "photo files travel by their own channel (team.photos, once per content hash)",
    "search_docs": "the search index, rebuilt from the records on each laptop",
    "search_index": "the search index (full-text table)",
    "search_index_config": "the search index (full-text table's own storage)",
    "search_index_data": "the search index (full-text table's own storage)",
    "search_index_docsize": "the search index (full-text table's own storage)",
    "search_index_idx": "the search index (full-text table's own storage)",
    "team_base": "sync bookkeeping: what the server held at the last sync",
    "team_changes": "sync bookkeeping: records changed here since the last sync",
    "team_pending": "sync bookkeeping: received records set aside until they can be applied",
    "team_state": "sync bookkeeping: this laptop's server, user and cursor",
}
"""Tables that never travel, with the reason (docs/team.md lists them too).

Every table of the local schema is either in :data:`SYNCED_TABLES` or here
(``tests/team/test_table_lists.py`` fails otherwise), so a feature that adds a
table must decide whether the team sees it. SQLite's own ``sqlite_*`` tables are
left out of both lists.
"""

SHARED_META_KEYS = ("demo",)
"""The only ``app_meta`` rows that travel: whether the team's data is the fictional demo."""

PARENTS: dict[str, tuple[str, str]] = {
    "observation_counts": ("observation_id", "observations"),
    "observation_sides": ("observation_id", "observations"),
    "consultation_sides": ("consultation_id", "consultations"),
    "plan_actions": ("goal_id", "plan_goals"),
    "plan_action_updates": ("action_id", "plan_actions"),
    "plan_review_items": ("review_id", "plan_reviews"),
    "meeting_new_actions": ("item_id", "meeting_items"),
    "safety_marks": ("session_id", "safety_sessions"),
}
"""Tables without an ``assessment_id`` column: the column and parent table leading to their assessment."""

ASSESSMENT_COLUMNS: dict[str, str] = {"sharing_log": "about_assessment"}
"""Tables whose link to their assessment has another name than ``assessment_id`` (may be empty)."""

NO_ASSESSMENT = frozenset({"app_meta", "locations", "plan_agencies", "form_definitions", "meetings", "meeting_people"})
"""Records shared by the whole team rather than belonging to one assessment.

``form_definitions`` holds the text of the team's forms (no personal data); one
wording may serve many assessments, so it belongs to none (``assessment_forms`` does).
"""

MERGE_BY_LATEST = frozenset({"updated_at"})
"""Fields touched by every save: merged by taking the later value, never a conflict."""

MERGE_BY_EARLIEST = frozenset({"created_at", "stored_at"})
"""Fields set once, when a record is first made here: merged by taking the earlier value, never a conflict.

They differ only when two laptops made the same record (the same key) independently: the same
form wording kept on both, or the same redaction answer given on both (its id comes from what
it answers). The earlier moment is when the team first had it.
"""

MERGED_QUIETLY = MERGE_BY_LATEST | MERGE_BY_EARLIEST
"""Fields that never make a conflict (see :func:`quiet_merge`)."""

LOCAL_COLUMNS = frozenset({"revision", "updated_by"})
"""Columns that describe this laptop's copy only (a record's count of saves and who saved it last here,
for two windows on one laptop): never sent, never compared, never overwritten by a sync."""

DELETED_FIELD = "_deleted"
"""The pseudo-field of a record's tombstone in the per-field revisions (a hard delete)."""


def quiet_merge(name: str, one: Any, other: Any) -> Any:
    """The merged value of a field in :data:`MERGED_QUIETLY` (ISO 8601 text compares in time order).

    A missing value (None or "") never wins over a present one.
    """
    present = [str(value) for value in (one, other) if value not in (None, "")]
    if not present:
        return one if other is None else other
    return min(present) if name in MERGE_BY_EARLIEST else max(present)


@dataclass(frozen=True)
class TableInfo:
    """What sync needs to know about one local table.

    Attributes:
        name: The table.
        keys: Primary-key columns in key order.
        columns: All column names.
        soft_delete: True if the table has a ``deleted_at`` column (deletion is a field change).
    """

    name: str
    keys: tuple[str, ...]
    columns: tuple[str, ...]

    @property
    def soft_delete(self) -> bool:
        """True if deleting a record of this table sets ``deleted_at`` rather than removing the row."""
        return "deleted_at" in self.columns

    def key_of(self, row: dict[str, Any]) -> str:
        """The record key of a row (see the module notes)."""
        if len(self.keys) == 1:
            return str(row[self.keys[0]])
        return json.dumps([row[key] for key in self.keys], separators=(",", ":"), ensure_ascii=False)

    def key_values(self, record_key: str) -> list[Any]:
        """The primary-key values of a record key."""
        if len(self.keys) == 1:
            return [record_key]
        values = json.loads(record_key)
        return list(values)

    def key_sql(self, ref: str) -> str:
        """SQL computing the record key of the row called ``ref`` (``NEW``, ``OLD`` or an alias)."""
        if len(self.keys) == 1:
            return f'CAST({ref}."{self.keys[0]}" AS TEXT)'
        return "json_array(" + ", ".join(f'{ref}."{key}"' for key in self.keys) + ")"

    def where_key(self) -> str:
        """``"a" = ? AND "b" = ?`` over the key columns."""
        return " AND ".join(f'"{key}" = ?' for key in self.keys)


def table_info(db: Database, table: str) -> TableInfo:
    """Read a table's key and columns from the database (a table without a declared key uses ``rowid``)."""
    rows = db.execute(f'PRAGMA table_info("{table}")').fetchall()
    keys = tuple(row[1] for row in sorted(rows, key=lambda row: row[5]) if row[5])
    return TableInfo(name=table, keys=keys or ("rowid",), columns=tuple(row[1] for row in rows))


def existing_synced_tables(db: Database) -> list[TableInfo]:
    """The shared tables this database has, in :data:`SYNCED_TABLES` order."""
    present = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
    return [table_info(db, name) for name in SYNCED_TABLES if name in present]


def table_rank(table: str) -> int:
    """The position of a table in :data:`SYNCED_TABLES` (unknown tables last)."""
    return _ranks().get(table, len(SYNCED_TABLES))


@cache
def _ranks() -> dict[str, int]:
    return {name: position for position, name in enumerate(SYNCED_TABLES)}


class AssessmentResolver:
    """Finds the assessment a record belongs to, following :data:`PARENTS` (cached for one sync).

    Args:
        db: The local database.
    """

    def __init__(self, db: Database) -> None:
        self._db = db
        self._cache: dict[tuple[str, str], str | None] = {}

    def of(self, table: str, values: dict[str, Any]) -> str | None:
        """The assessment id of a record with these values (``None`` for team-wide records or if unknown)."""
        if table in NO_ASSESSMENT:
            return None
        if table == "assessments":
            return str(values["id"]) if values.get("id") is not None else None
        column = ASSESSMENT_COLUMNS.get(table, "assessment_id")
        if column in values:
            return None if values[column] is None else str(values[column])
        if table not in PARENTS:
            return None
        column, parent = PARENTS[table]
        parent_id = values.get(column)
        return None if parent_id is None else self._parent(parent, str(parent_id))

    def _parent(self, table: str, record_id: str) -> str | None:
        cached = (table, record_id)
        if cached not in self._cache:
            row = self._db.execute(f'SELECT * FROM "{table}" WHERE id = ?', [record_id])
            columns = [item[0] for item in row.description]
            found = row.fetchone()
            self._cache[cached] = self.of(table, dict(zip(columns, found, strict=True))) if found else None
        return self._cache[cached]

    def remember(self, table: str, record_id: str, assessment_id: str | None) -> None:
        """Tell the resolver a record's assessment (for a parent the laptop no longer holds)."""
        self._cache[(table, record_id)] = assessment_id


def chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    """Split ``items`` into lists of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
