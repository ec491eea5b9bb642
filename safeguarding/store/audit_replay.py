"""Reading an audit entry's values back: from the entry, the record as it is now, and the record's other entries.

Since schema step 0070 (:mod:`safeguarding.store.schema.trail`) the trail keeps each
value once, when it is replaced: an insert keeps none, an update the values the
changed columns had before, a delete the values the record had. What an entry set is
then the record's value now, unless a later update replaced it (that update kept it).
:func:`fill_values` walks each record's entries from the newest back, starting from
the record as it is now, and gives every entry both sides, as entries written before
step 0070 (which keep the values set) are given them by
:func:`safeguarding.store.audit.with_before_values`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from safeguarding.store.audit_schema import AUDIT_TABLE, quote, record_columns
from safeguarding.store.audit_seal import _kept
from safeguarding.store.dberrors import DB_ERRORS
from safeguarding.store.schema.trail import FORMAT_RECORD, FORMAT_STEP

if TYPE_CHECKING:  # the entries' type only: audit imports this module
    from safeguarding.store.audit import AuditEntry

NEVER = 2**62
"""The boundary of a trail whose entries all keep the values set (a database before step 0070)."""
_CHUNK = 500


def format_boundary(db: Database) -> int:
    """The first entry number that keeps values when replaced (:data:`NEVER` if none does).

    The number of the step-0070 notice; 1 when the step ran but its notice is gone (a trail
    removed and started again), :data:`NEVER` before the step.
    """
    row = db.execute(
        f"SELECT min(seq) FROM {AUDIT_TABLE} WHERE table_name = ? AND record_id = ? AND assessment_id IS NULL",
        [AUDIT_TABLE, FORMAT_RECORD],
    ).fetchone()
    if row and row[0] is not None:
        return int(row[0])
    try:
        ran = db.execute("SELECT 1 FROM _sqlite_migrations WHERE name = ?", [FORMAT_STEP]).fetchone()
    except DB_ERRORS:
        ran = None
    return 1 if ran else NEVER


def _key_columns(db: Database, table: str) -> tuple[list[str], list[str]]:
    """The table's key columns in key order, and their declared types."""
    info = sorted((row[5], row[1], str(row[2]).upper()) for row in db.execute(f"PRAGMA table_info({quote(table)})"))
    keys = [(name, kind) for position, name, kind in info if position]
    return [name for name, _ in keys], [kind for _, kind in keys]


def current_values(db: Database, table: str, record_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The values the trail would keep of each record of ``table`` as it is now, by the entries' ``record_id``.

    Records that no longer exist are left out. Binary values become ``"<binary N bytes>"``.
    """
    wanted = sorted(set(record_ids))
    try:
        columns = record_columns(db, table)
    except DB_ERRORS:
        return {}
    if not wanted or not db.execute(f"PRAGMA table_info({quote(table)})").fetchall():
        return {}
    keys, kinds = _key_columns(db, table)
    selected = ", ".join(quote(name) for name in columns) or "NULL"
    probes: list[Any]
    if not keys:
        record, first, probes = "CAST(rowid AS TEXT)", "rowid", [int(item) for item in wanted if item.isdigit()]
    elif len(keys) == 1:
        record = f"CAST({quote(keys[0])} AS TEXT)"
        first = quote(keys[0]) if "TEXT" in kinds[0] else record
        probes = list(wanted)
    else:
        record, first = "json_array(" + ", ".join(quote(key) for key in keys) + ")", quote(keys[0])
        probes = sorted({json.loads(item)[0] for item in wanted if item.startswith("[")})
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(probes), _CHUNK):
        chunk = probes[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        for row in db.execute(f"SELECT {record}, {selected} FROM {quote(table)} WHERE {first} IN ({marks})", chunk):
            if row[0] in wanted:
                found[str(row[0])] = {name: _kept(value) for name, value in zip(columns, row[1:], strict=False)}
    return found


def fill_values(db: Database, entries: list[AuditEntry], boundary: int | None = None) -> list[AuditEntry]:
    """Give each entry from the boundary on the values it replaced and set (see the module docstring).

    Args:
        db: The open database (the records are read as they are now).
        entries: Entries in the trail's order, holding every entry of their records from the
            boundary on (as :meth:`~safeguarding.store.audit.AuditRepository.history` reads them).
        boundary: From :func:`format_boundary` (read when None).

    Returns:
        The entries, in the same order: an insert with ``new`` (its values that are not empty),
        an update with ``old`` and ``new`` of the columns it changed, a delete with ``old``.
        Entries whose values were purged, notices and purges are returned as they are.
    """
    boundary = format_boundary(db) if boundary is None else boundary
    later = [index for index, entry in enumerate(entries) if int(entry.id) >= boundary]
    if not later:
        return entries
    by_table: dict[str, set[str]] = defaultdict(set)
    for index in later:
        by_table[entries[index].table].add(entries[index].record_id)
    now = {table: current_values(db, table, ids) for table, ids in by_table.items() if table != AUDIT_TABLE}
    filled = list(entries)
    state: dict[tuple[str, str], dict[str, Any]] = {}
    for index in reversed(later):
        entry = entries[index]
        if entry.action not in ("insert", "update", "delete") or entry.purged_at is not None:
            continue
        record = (entry.table, entry.record_id)
        if record not in state:
            state[record] = dict(now.get(entry.table, {}).get(entry.record_id, {}))
        values = state[record]
        if entry.action == "insert":
            kept = {name: value for name, value in values.items() if value not in (None, "")}
            filled[index] = replace(entry, old=None, new=kept or None)
            state[record] = {}
        elif entry.action == "update":
            old = entry.old or {}
            filled[index] = replace(entry, new={name: values.get(name) for name in old} if old else None)
            values.update(old)
        else:
            state[record] = dict(entry.old or {})
    return filled
