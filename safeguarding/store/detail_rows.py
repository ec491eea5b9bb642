"""Write a record's detail rows (a visit's head counts, its side tags) by changing only what differs.

Deleting every detail row and inserting them again on each save leaves two entries
in the audit trail per row per save, for nothing: an unchanged head count is
"removed" and "added" every time the visit is saved. Here each row that is gone is
deleted, each new one inserted and each changed one updated; rows that did not
change are not touched, so the trail records only what changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from safeguarding.store.audit_schema import quote


def sync_detail_rows(
    db: Database,
    table: str,
    parent: tuple[str, str],
    keys: Sequence[str],
    rows: Sequence[dict[str, Any]],
) -> None:
    """Make the rows of ``table`` that belong to one parent exactly ``rows`` (call inside the parent's transaction).

    Args:
        db: The open database.
        table: The detail table, e.g. ``"observation_counts"``.
        parent: ``(column, value)`` naming the parent, e.g. ``("observation_id", visit.id)``.
        keys: The columns that, with the parent, identify a row (e.g. ``("age_band", "gender")``).
        rows: The rows wanted, each with the parent column, the key columns and any other values.
    """
    column, value = parent
    where = " AND ".join(f"{quote(name)} = ?" for name in (column, *keys))
    cursor = db.execute(f"SELECT * FROM {quote(table)} WHERE {quote(column)} = ?", [value])
    names = [item[0] for item in cursor.description]
    existing = {}
    for found in cursor.fetchall():
        row = dict(zip(names, found, strict=True))
        existing[tuple(row[name] for name in keys)] = row
    wanted = {tuple(row[name] for name in keys): row for row in rows}
    for key in existing.keys() - wanted.keys():
        db.execute(f"DELETE FROM {quote(table)} WHERE {where}", [value, *key])
    for key, row in wanted.items():
        if key not in existing:
            columns = list(row)
            marks = ", ".join("?" for _ in columns)
            db.execute(
                f"INSERT INTO {quote(table)} ({', '.join(quote(name) for name in columns)}) VALUES ({marks})",
                [row[name] for name in columns],
            )
            continue
        changed = [name for name in row if name not in keys and name != column and existing[key].get(name) != row[name]]
        if changed:
            assignments = ", ".join(f"{quote(name)} = ?" for name in changed)
            db.execute(
                f"UPDATE {quote(table)} SET {assignments} WHERE {where}", [*(row[n] for n in changed), value, *key]
            )
