"""Every piece of text in the database, for a subject access search (:mod:`safeguarding.protection.subject_access`).

Read from the schema, not from a list, so tables other features add are searched
too: every text column of every audited table, except keys and links (``id``,
``*_id``), times and dates, and the tables that hold no words about anyone
(:data:`NOT_SEARCHED`). Then the earlier versions the audit trail keeps: each text
value an entry recorded that the record no longer holds (changed since, or deleted).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from safeguarding.protection.subject_access import TextRecord
from safeguarding.store.audit_schema import AUDIT_TABLE, assessment_expression, audited_tables, quote
from safeguarding.timeutil import date_from_iso, from_iso

NOT_SEARCHED = frozenset(
    {"app_meta", "sharing_log", "redaction_decisions", "photos", "form_definitions", "assessment_forms"}
)
"""Tables with no free text about people: settings, the log of exports, redaction answers, photo bytes, forms."""
SKIPPED_COLUMNS = frozenset({"id", "created_at", "updated_at", "deleted_at", "finalised_at", "purged_at"})


def _searched_columns(db: Database, table: str) -> list[str]:
    columns = []
    for row in db.execute(f"PRAGMA table_info({quote(table)})").fetchall():
        name, kind = str(row[1]), str(row[2]).upper()
        if name in SKIPPED_COLUMNS or name.endswith(("_id", "_utc", "_at", "_date", "_on")):
            continue
        if kind in ("TEXT", "") or "CHAR" in kind or "CLOB" in kind:
            columns.append(name)
    return columns


def _when(text: Any) -> datetime | None:
    try:
        return from_iso(str(text).replace("Z", "+00:00")) if text else None
    except ValueError:
        return None


class _Assessments:
    """Location names and labels of the assessments, by id (read once)."""

    def __init__(self, db: Database) -> None:
        self.labels: dict[str, tuple[str, str]] = {}
        for assessment_id, location, start, created in db.execute(
            "SELECT a.id, l.name, a.start_date, a.created_at FROM assessments AS a "
            "LEFT JOIN locations AS l ON l.id = a.location_id"
        ).fetchall():
            started, made = date_from_iso(start) if start else None, _when(created)
            label = f"started {started:%d/%m/%Y}" if started else (f"created {made:%d/%m/%Y}" if made else "")
            self.labels[str(assessment_id)] = (str(location or ""), f"Assessment {label}".strip())

    def of(self, assessment_id: str | None) -> tuple[str, str]:
        return self.labels.get(assessment_id or "", ("", ""))


class RecordTexts:
    """Every text the database holds, for a subject access search (``store.texts``).

    Args:
        db: The open database.
    """

    def __init__(self, db: Database) -> None:
        self._db = db

    def all(self) -> Iterator[TextRecord]:
        """Every non-empty text of every record (current), then the earlier versions in the audit trail."""
        return text_records(self._db)


def text_records(db: Database) -> Iterator[TextRecord]:
    """Every non-empty text of every record (current), then the earlier versions in the audit trail."""
    assessments = _Assessments(db)
    current: dict[tuple[str, str, str], str] = {}
    for table in audited_tables(db):
        if table in NOT_SEARCHED:
            continue
        columns = _searched_columns(db, table)
        if not columns:
            continue
        names = {str(row[1]) for row in db.execute(f"PRAGMA table_info({quote(table)})").fetchall()}
        keys = [str(row[1]) for row in db.execute(f"PRAGMA table_info({quote(table)})").fetchall() if row[5]]
        record = f"CAST(t.{quote(keys[0])} AS TEXT)" if len(keys) == 1 else "CAST(t.rowid AS TEXT)"
        if len(keys) > 1:
            record = "json_array(" + ", ".join(f"t.{quote(key)}" for key in keys) + ")"
        changed = "t.updated_at" if "updated_at" in names else ("t.created_at" if "created_at" in names else "NULL")
        deleted = "t.deleted_at IS NOT NULL" if "deleted_at" in names else "0"
        selected = ", ".join(f"t.{quote(name)}" for name in columns)
        sql = (
            f"SELECT {record}, {assessment_expression(db, table, 't')}, {changed}, {deleted}, {selected} "
            f"FROM {quote(table)} AS t"
        )
        for row in db.execute(sql).fetchall():
            record_id, assessment_id, when, is_deleted = str(row[0]), row[1], row[2], bool(row[3])
            location, label = assessments.of(assessment_id)
            for column, value in zip(columns, row[4:], strict=True):
                if isinstance(value, str) and value.strip():
                    current[(table, record_id, column)] = value
                    yield TextRecord(
                        table, record_id, column, value, str(assessment_id or ""), location, label,
                        _when(when), True, is_deleted,
                    )  # fmt: skip
    earlier: set[tuple[str, str, str, str]] = set()
    for table, record_id, assessment_id, old, new, at_utc in db.execute(
        f"SELECT table_name, record_id, assessment_id, old_values, new_values, at_utc FROM {AUDIT_TABLE} "
        "WHERE action IN ('insert', 'update', 'delete') AND purged_at IS NULL ORDER BY seq"
    ).fetchall():
        if table in NOT_SEARCHED:
            continue
        location, label = assessments.of(assessment_id)
        for values in (old, new):
            for column, value in (json.loads(values) if values else {}).items():
                if not isinstance(value, str) or not value.strip() or value.startswith("<binary "):
                    continue
                place = (table, record_id, column)
                if current.get(place) == value or (*place, value) in earlier:
                    continue  # the record still says this (listed above), or this version was listed
                earlier.add((*place, value))
                yield TextRecord(
                    table, record_id, column, value, str(assessment_id or ""), location, label,
                    _when(at_utc), False, False,
                )  # fmt: skip
