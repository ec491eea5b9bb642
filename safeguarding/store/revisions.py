"""Saving a record without overwriting someone else's change: field-level compare-and-set.

Two windows (or two app instances) on one database each used to save every
field from their own copy, so the second save silently undid the first. Now
an edit is saved as *changes*: for each column the user changed, the value the
editor started from (``base``) and the value typed (``value``). Inside one
write transaction (``BEGIN IMMEDIATE``, see :mod:`safeguarding.store.immediate`)
each column is compared with what the database holds now:

- it still holds ``base``: nobody else changed it, ``value`` is written;
- it already holds ``value``: both made the same change, nothing to do;
- it holds something else: a conflict. Nothing of the save is written and
  :class:`EditConflictError` lists each conflicting column with the three
  versions and who saved the other one and when, for the user to choose.

Columns the user did not change are never written, so edits to different
fields of one record both survive. Every saved change adds one to the
record's ``revision`` and records ``updated_by`` (the profile name of the
user, as the audit trail records it) and ``updated_at`` (UTC).

Values kept in child rows (a visit's head counts, its side tags) are compared
as one value each, passed in as ``derived`` by the repository that owns them.
Who saved the other version, and when, is read from the audit trail's last
change of that very column (the record's ``updated_by`` only says who saved it
last, perhaps another field); a database without the trail falls back to it.

A save without a base (the command line, the demo, imports) is
:func:`save_record` with ``base=None``: it compares with what the record holds
now, so it never conflicts, and it still writes only what differs.

:func:`rebase` is the editor's side of the same rule: after a save or a
conflict, the values on screen are moved onto the record as it now is.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import NotFoundError, SafeguardingError
from safeguarding.store.dberrors import DB_ERRORS
from safeguarding.timeutil import from_iso, to_iso


@dataclass(frozen=True)
class FieldChange:
    """One column the user changed: the value the editor started from and the value typed."""

    column: str
    base: Any
    value: Any


@dataclass(frozen=True)
class FieldConflict:
    """A column both this editor and someone else changed, to different values.

    Attributes:
        column: The column (e.g. ``"analysis"``).
        base: The value both started from.
        mine: The value this editor would save.
        theirs: The value in the database now.
        their_author: Who saved ``theirs`` (profile name; "" if not recorded).
        their_time: When ``theirs`` was saved (aware UTC), or None if unknown.
    """

    column: str
    base: Any
    mine: Any
    theirs: Any
    their_author: str
    their_time: datetime | None


class EditConflictError(SafeguardingError):
    """A save found that someone else changed the same field since this editor loaded it. Nothing was saved.

    Attributes:
        table: The table of the record.
        record_id: The record's id.
        conflicts: The conflicting columns, in the order they were given.
        revision: The record's revision in the database now (save again with the user's
            choices as changes based on the current values).
    """

    def __init__(self, table: str, record_id: str, conflicts: Sequence[FieldConflict], revision: int) -> None:
        self.table = table
        self.record_id = record_id
        self.conflicts = list(conflicts)
        self.revision = revision
        who = {conflict.their_author or "someone else" for conflict in self.conflicts}
        super().__init__(
            f"{' and '.join(sorted(who))} changed the same "
            f"{'field' if len(self.conflicts) == 1 else 'fields'} while you were editing. "
            "Nothing was overwritten: choose which version to keep."
        )


def changes_between(base: Mapping[str, Any], edited: Mapping[str, Any], columns: Sequence[str]) -> list[FieldChange]:
    """The :class:`FieldChange` of each of ``columns`` whose value differs between ``base`` and ``edited``."""
    return [
        FieldChange(column, base.get(column), edited.get(column))
        for column in columns
        if base.get(column) != edited.get(column)
    ]


def connection_actor(db: Database) -> str:
    """Who saves through ``db``: the name the audit trail records (``audit_actor()``), or "" without one."""
    try:
        row = db.execute("SELECT coalesce(audit_actor(), '')").fetchone()
    except DB_ERRORS:  # a connection without the audit functions (tests of this module)
        return ""
    return str(row[0]) if row else ""


def _last_change(db: Database, table: str, record_id: str, column: str) -> tuple[str, datetime] | None:
    """Who last wrote ``column`` of the record, and when, from the audit trail (None if it is not known)."""
    try:
        row = db.execute(
            # An update wrote the column if it kept its new value (before step 0070) or the value it replaced
            # (since); an insert since step 0070 keeps no values (``set_digest`` only): it wrote every column.
            "SELECT actor, at_utc FROM audit_log WHERE table_name = ? AND record_id = ? AND action IN ('insert', "
            "'update') AND (json_type(coalesce(new_values, old_values), ?) IS NOT NULL OR (action = 'insert' "
            "AND new_values IS NULL AND old_values IS NULL)) "
            "ORDER BY at_utc DESC, rowid DESC LIMIT 1",
            [table, record_id, "$." + json.dumps(column)],
        ).fetchone()
    except DB_ERRORS:  # no audit trail in this database
        return None
    if row is None:
        return None
    return str(row[0] or ""), from_iso(str(row[1]).replace("Z", "+00:00"))


def apply_changes(
    db: Database,
    table: str,
    record_id: str,
    changes: Sequence[FieldChange],
    *,
    now: datetime,
    actor: str,
    extra: Mapping[str, Any] | None = None,
    derived: Mapping[str, Any] | None = None,
    key: str = "id",
) -> int:
    """Write ``changes`` to one record if no other save changed the same columns; return its new revision.

    Call inside ``db.atomic()`` when other rows must change in the same
    transaction (the check and the write then share it); otherwise this opens one.

    Args:
        db: The open database.
        table: A table with a ``key`` column and ``revision``, ``updated_by`` and ``updated_at`` columns.
        record_id: The record to change.
        changes: The columns the user changed (see :func:`changes_between`); may be empty.
        now: The time of the save (aware, UTC), written to ``updated_at``.
        actor: Who saves (profile name), written to ``updated_by``.
        extra: Further columns to write with the change, unchecked (e.g. derived values).
        derived: The current values of "columns" kept elsewhere (child rows, compared as one value),
            read by the caller inside the same transaction. Changes naming them are checked like
            columns but not written here: the caller writes them after this returns.
        key: The table's key column (``id``; ``assessment_id`` for a record kept once per assessment).

    Returns:
        The record's revision after the save (unchanged when nothing was written).

    Raises:
        NotFoundError: the record does not exist.
        EditConflictError: a column changed by ``changes`` now holds a third value. Nothing written.
    """
    derived = derived or {}
    with db.atomic():
        rows = list(db[table].rows_where(f'"{key}" = ?', [record_id]))
        if not rows:
            raise NotFoundError("That record no longer exists: it may have been deleted in another window.")
        current = {**rows[0], **derived}
        conflicts = [
            field_conflict(db, table, record_id, change, current)
            for change in changes
            if current[change.column] not in (change.base, change.value)
        ]
        revision = int(current["revision"])
        if conflicts:
            raise EditConflictError(table, record_id, conflicts, revision)
        updates = {change.column: change.value for change in changes if current[change.column] != change.value}
        if not updates and not extra:
            return revision
        revision += 1
        written = {column: value for column, value in updates.items() if column not in derived}
        written.update(extra or {})
        written.update({"revision": revision, "updated_by": actor, "updated_at": to_iso(now)})
        db.execute(
            f'UPDATE "{table}" SET ' + ", ".join(f'"{column}" = ?' for column in written) + f' WHERE "{key}" = ?',
            [*written.values(), record_id],
        )
    return revision


def field_conflict(
    db: Database, table: str, record_id: str, change: FieldChange, current: Mapping[str, Any]
) -> FieldConflict:
    """The conflict of ``change`` with the record's ``current`` values, naming who saved theirs and when.

    Who and when come from the audit trail's last change of that column, else from the
    record's ``updated_by`` and ``updated_at``.
    """
    known = _last_change(db, table, record_id, change.column)
    if known is None:
        author = current.get("updated_by") or ""
        when = from_iso(current["updated_at"]) if current.get("updated_at") else None
    else:
        author, when = known
    return FieldConflict(change.column, change.base, change.value, current[change.column], author, when)


def save_record(
    db: Database,
    table: str,
    record_id: str,
    base: Mapping[str, Any] | None,
    edited: Mapping[str, Any],
    columns: Sequence[str],
    *,
    now: datetime,
    extra: Mapping[str, Any] | None = None,
    derived: Mapping[str, Any] | None = None,
    key: str = "id",
) -> int:
    """Save the ``columns`` of ``edited`` that differ from ``base`` (see :func:`apply_changes`).

    The actor written to ``updated_by`` is the connection's (the audit trail's).

    Args:
        base: The record's stored values as the editor loaded them, or None to save over what it
            holds now (the command line, the demo, imports: no conflict is possible).
        edited: The values to save (stored form, e.g. dates as ISO text).
        columns: The columns (and ``derived`` names) the editor may change.

    Raises:
        NotFoundError, EditConflictError: see :func:`apply_changes`.
    """
    with db.atomic():
        if base is None:
            rows = list(db[table].rows_where(f'"{key}" = ?', [record_id]))
            if not rows:
                raise NotFoundError("That record no longer exists: it may have been deleted in another window.")
            base = {**rows[0], **(derived or {})}
        return apply_changes(
            db,
            table,
            record_id,
            changes_between(base, edited, columns),
            now=now,
            actor=connection_actor(db),
            extra=extra,
            derived=derived,
            key=key,
        )


def loaded_values(
    base: Any, edited: Mapping[str, Any], values: Callable[[Any], Mapping[str, Any]]
) -> dict[str, Any] | None:
    """The base of a save as stored values, from what the editor passed.

    Args:
        base: None (no base: write over what is stored); a record (its ``values``); or a
            mapping of stored values as the editor showed them. A field the mapping leaves
            out counts as unchanged (a form that does not show it cannot have changed it).
        edited: The stored values being saved.
        values: The record type's stored values (e.g. ``observation_values``).
    """
    if base is None:
        return None
    if isinstance(base, Mapping):
        return {**edited, **base}
    return dict(values(base))


def renamed(error: EditConflictError, prefix: str) -> list[FieldConflict]:
    """The conflicts of ``error`` with each column named ``prefix`` + column (e.g. ``"guardianship."``)."""
    return [replace(conflict, column=prefix + conflict.column) for conflict in error.conflicts]


def rebase(mine: Mapping[str, Any], base: Mapping[str, Any], fresh: Mapping[str, Any]) -> dict[str, Any]:
    """The editor's values moved onto ``fresh`` (the record as stored now): a three-way merge per field.

    A field the user has not changed since ``base`` takes the stored value (someone
    else's saved change appears on screen); a field the user changed keeps the
    user's value. Keys of ``fresh`` only are taken from it.
    """
    merged = dict(fresh)
    for name, value in mine.items():
        if name not in base or value != base[name]:
            merged[name] = value
    return merged
