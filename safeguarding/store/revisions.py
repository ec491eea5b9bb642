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
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import NotFoundError, SafeguardingError
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


def apply_changes(
    db: Database,
    table: str,
    record_id: str,
    changes: Sequence[FieldChange],
    *,
    now: datetime,
    actor: str,
    extra: Mapping[str, Any] | None = None,
) -> int:
    """Write ``changes`` to one record if no other save changed the same columns; return its new revision.

    Call inside ``db.atomic()`` when other rows must change in the same
    transaction (the check and the write then share it); otherwise this opens one.

    Args:
        db: The open database.
        table: A table with ``id``, ``revision``, ``updated_by`` and ``updated_at`` columns.
        record_id: The record to change.
        changes: The columns the user changed (see :func:`changes_between`); may be empty.
        now: The time of the save (aware, UTC), written to ``updated_at``.
        actor: Who saves (profile name), written to ``updated_by``.
        extra: Further columns to write with the change, unchecked (e.g. derived values).

    Returns:
        The record's revision after the save (unchanged when nothing was written).

    Raises:
        NotFoundError: the record does not exist.
        EditConflictError: a column changed by ``changes`` now holds a third value. Nothing written.
    """
    with db.atomic():
        rows = list(db[table].rows_where("id = ?", [record_id]))
        if not rows:
            raise NotFoundError("That record no longer exists: it may have been deleted in another window.")
        current = rows[0]
        conflicts = [
            FieldConflict(
                change.column,
                change.base,
                change.value,
                current[change.column],
                current.get("updated_by") or "",
                from_iso(current["updated_at"]) if current.get("updated_at") else None,
            )
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
        db.table(table).update(
            record_id,
            {**updates, **(extra or {}), "revision": revision, "updated_by": actor, "updated_at": to_iso(now)},
        )
    return revision
