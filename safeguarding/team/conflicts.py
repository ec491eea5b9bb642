"""Conflicts waiting for a choice: listing them and resolving one.

A conflict holds two versions of one field (or an edit and a deletion of one
record) with who wrote each and when. Resolving writes the chosen value into the
record as an ordinary local change (so it is audited here and sent at the next
sync like any edit) and marks the conflict resolved, in one transaction. Until
then both versions stay, on every laptop of the team that may see the record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import NotFoundError, ValidationError
from safeguarding.team.errors import TeamError
from safeguarding.team.labels import field_label
from safeguarding.team.tables import DELETED_FIELD, table_info
from safeguarding.team.tracking import read_bases, read_rows
from safeguarding.timeutil import Clock, from_iso, to_iso, utc_now

CHOICES = ("a", "b", "merged")


@dataclass(frozen=True)
class Conflict:
    """A conflict as the window shows it.

    Attributes:
        id: The conflict's id.
        assessment_id: The assessment it belongs to (None for team-wide records such as locations).
        table, record_key, field: Where (``field`` is ``_deleted`` for a deletion against an edit).
        kind: ``"field"`` or ``"delete"``.
        label: Plain words for the field, e.g. "Visit (2026-03-10): notes".
        value_a, value_b: The two versions (for ``delete``: the edited values, and None for "deleted").
        author_a, at_a, author_b, at_b: Who wrote each version and when (aware UTC, None if unknown).
    """

    id: str
    assessment_id: str | None
    table: str
    record_key: str
    field: str
    kind: str
    label: str
    value_a: Any
    value_b: Any
    author_a: str
    at_a: datetime | None
    author_b: str
    at_b: datetime | None

    @property
    def is_deletion(self) -> bool:
        """True for a deletion against an edit (choices: keep the record, or delete it)."""
        return self.kind == "delete"


def _when(text: str | None) -> datetime | None:
    try:
        return from_iso(text) if text else None
    except ValueError:
        return None


def _decode(text: str | None) -> Any:
    return json.loads(text) if text is not None else None


def open_conflicts(db: Database, assessment_id: str | None = None) -> list[Conflict]:
    """Conflicts not yet resolved, oldest first; of one assessment if given.

    Args:
        db: The laptop's database.
        assessment_id: Only this assessment's conflicts (None: all).
    """
    where = "resolved_at IS NULL" + (" AND assessment_id = ?" if assessment_id else "")
    cursor = db.execute(f"SELECT * FROM team_conflicts WHERE {where} ORDER BY created_at, id",
                        [assessment_id] if assessment_id else [])  # fmt: skip
    columns = [item[0] for item in cursor.description]
    conflicts = []
    for values in (dict(zip(columns, row, strict=True)) for row in cursor.fetchall()):
        row = _record(db, values["table_name"], values["record_key"])
        conflicts.append(Conflict(
            id=values["id"], assessment_id=values["assessment_id"], table=values["table_name"],
            record_key=values["record_key"], field=values["field"], kind=values["kind"],
            label=field_label(values["table_name"], values["field"], row),
            value_a=_decode(values["value_a"]), value_b=_decode(values["value_b"]),
            author_a=values["author_a"], at_a=_when(values["at_a"]),
            author_b=values["author_b"], at_b=_when(values["at_b"]),
        ))  # fmt: skip
    return conflicts


def count_open(db: Database) -> int:
    """How many conflicts wait for a choice on this laptop."""
    return int(db.execute("SELECT count(*) FROM team_conflicts WHERE resolved_at IS NULL").fetchone()[0])


def _record(db: Database, table: str, key: str) -> dict[str, Any] | None:
    try:
        info = table_info(db, table)
        row = read_rows(db, info, [key]).get(key)
        if row is None:
            base = read_bases(db, table, [key]).get(key)
            return base.values if base else None
        return row
    except Exception:
        return None


def resolve_conflict(
    db: Database, conflict_id: str, choice: str, *, by: str, merged: str | None = None, clock: Clock = utc_now
) -> None:
    """Apply the chosen version and mark the conflict resolved (one transaction).

    Args:
        db: The laptop's database (its audit actor should be the person choosing).
        conflict_id: The conflict.
        choice: ``"a"`` (version A; for a deletion: keep the record), ``"b"`` (version B;
            for a deletion: delete it) or ``"merged"`` (``merged`` text; field conflicts only).
        by: The name of the person choosing (recorded with the conflict).
        merged: The merged text written by the user.
        clock: "Now" as aware UTC.

    Raises:
        ValidationError: an unknown choice, or a merged text for a deletion.
        NotFoundError: no such open conflict.
        TeamError: the record is no longer on this laptop.
    """
    if choice not in CHOICES:
        raise ValidationError(f"Choose version A, version B or a merged text, not '{choice}'.")
    conflict = next((c for c in open_conflicts(db) if c.id == conflict_id), None)
    if conflict is None:
        raise NotFoundError("That conflict has already been resolved.")
    if choice == "merged" and (conflict.is_deletion or merged is None):
        raise ValidationError("A merged text can only replace two versions of a text field.")
    now = to_iso(clock())
    with db.atomic():
        if conflict.is_deletion:
            _resolve_deletion(db, conflict, keep=choice == "a", now=now)
        else:
            value = merged if choice == "merged" else (conflict.value_a if choice == "a" else conflict.value_b)
            _write_field(db, conflict, value, now)
        db.execute(
            "UPDATE team_conflicts SET resolved_at = ?, resolved_by = ?, resolution = ?, updated_at = ? WHERE id = ?",
            [now, by, choice, now, conflict.id],
        )


def _write_field(db: Database, conflict: Conflict, value: Any, now: str) -> None:
    info = table_info(db, conflict.table)
    if read_rows(db, info, [conflict.record_key]).get(conflict.record_key) is None:
        raise TeamError(f"{conflict.label}: the record is no longer on this laptop, so nothing can be chosen.")
    columns = {conflict.field: value}
    if "updated_at" in info.columns and conflict.field != "updated_at":
        columns["updated_at"] = now
    assignments = ", ".join(f'"{name}" = ?' for name in columns)
    db.execute(
        f'UPDATE "{info.name}" SET {assignments} WHERE {info.where_key()}',
        [*columns.values(), *info.key_values(conflict.record_key)],
    )


def _resolve_deletion(db: Database, conflict: Conflict, *, keep: bool, now: str) -> None:
    info = table_info(db, conflict.table)
    row = read_rows(db, info, [conflict.record_key]).get(conflict.record_key)
    if info.soft_delete:
        if row is None:
            raise TeamError(f"{conflict.label}: the record is no longer on this laptop.")
        stamp = None if keep else now
        extra = ', "updated_at" = ?' if "updated_at" in info.columns else ""
        params = [stamp, now] if extra else [stamp]
        db.execute(f'UPDATE "{info.name}" SET "deleted_at" = ?{extra} WHERE {info.where_key()}',
                   [*params, *info.key_values(conflict.record_key)])  # fmt: skip
        return
    if keep and row is None:
        base = read_bases(db, conflict.table, [conflict.record_key]).get(conflict.record_key)
        values = dict(base.values) if base and base.values else {}
        if isinstance(conflict.value_a, dict):
            values.update(conflict.value_a)
        if not values:
            raise TeamError(f"{conflict.label}: its values are not on this laptop, so it cannot be kept.")
        names = [name for name in values if name in info.columns]
        db.execute(
            f'INSERT INTO "{info.name}" ({", ".join(chr(34) + n + chr(34) for n in names)}) '
            f"VALUES ({', '.join('?' for _ in names)})",
            [values[name] for name in names],
        )
    elif not keep and row is not None:
        db.execute(f'DELETE FROM "{info.name}" WHERE {info.where_key()}', info.key_values(conflict.record_key))


__all__ = ["CHOICES", "DELETED_FIELD", "Conflict", "count_open", "open_conflicts", "resolve_conflict"]
