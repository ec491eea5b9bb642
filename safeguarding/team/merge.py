"""The field-level, three-way merge that keeps every word: pure functions, no database.

Three versions of a record meet: the **base** (what the server held when this
laptop was last in step), the **local** row, and the **server** record now.
Each field is judged on its own:

* changed on one side only: that side's value is kept;
* changed on both sides to the same value: nothing to do;
* changed on both sides to different values: a **conflict**. The server keeps
  the value it had (version A); the laptop's value (version B) is kept in a
  conflict record with who wrote each and when, until someone chooses;
* ``updated_at`` (touched by every save) takes the later value, and ``created_at``
  and ``stored_at`` (set once, when a record is made) the earlier: never a conflict.

A deletion meeting an edit the deleting laptop had not seen (either way round)
is a conflict too: the deletion is not applied over the edit, and the edit is
not applied silently to a deleted record.

:func:`plan_local` decides what a laptop does with a record it receives;
:func:`merge_on_server` decides what the server does with a record a laptop sends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from safeguarding.team.tables import DELETED_FIELD, MERGED_QUIETLY, quiet_merge
from safeguarding.team.tracking import Base


@dataclass
class ServerRecord:
    """A record as the team server holds it.

    Attributes:
        table, key: Which record.
        assessment_id: The assessment it belongs to (``None`` for team-wide records).
        data: Field values.
        revs: The revision at which each field last changed (``_deleted``: the tombstone).
        deleted: True for a tombstone (the record was deleted outright, not soft-deleted).
        revision: The record's latest revision.
        updated_by: The user name of the last writer; updated_at: when (ISO 8601 UTC).
    """

    table: str
    key: str
    assessment_id: str | None
    data: dict[str, Any]
    revs: dict[str, int] = field(default_factory=dict)
    deleted: bool = False
    revision: int = 0
    updated_by: str = ""
    updated_at: str = ""

    def as_base(self) -> Base:
        """This record as the laptop's new base."""
        return Base(dict(self.data), dict(self.revs), self.deleted, self.revision, self.assessment_id)


@dataclass
class LocalPlan:
    """What to do locally with a received record.

    Attributes:
        action: ``"skip"`` (leave row and base alone: a local change must reach the server
            first), ``"insert"``, ``"update"``, ``"delete"`` or ``"base"`` (only the base moves).
        values: The values to insert, or the fields to change.
        base: The new base (None with ``skip``).
    """

    action: str
    values: dict[str, Any] = field(default_factory=dict)
    base: Base | None = None


def _is_soft_deleted(values: dict[str, Any] | None) -> bool:
    return bool(values and values.get("deleted_at"))


def local_edits(local: dict[str, Any], base: Base | None) -> set[str]:
    """Fields of the local row that differ from the base (``updated_at`` aside); every field if never in step."""
    if base is None or base.deleted:
        return {name for name in local if name not in MERGED_QUIETLY}
    return {name for name, value in local.items() if name not in MERGED_QUIETLY and value != base.values.get(name)}


def _server_changed(server: ServerRecord, base: Base | None) -> set[str]:
    """Fields (and ``_deleted``) the server changed after the base."""
    known = base.revs if base else {}
    return {name for name, rev in server.revs.items() if name not in MERGED_QUIETLY and rev > known.get(name, 0)}


TAKE_ALL = "*"
"""In ``force``: take the whole record as the server has it (after a deletion against an edit)."""


def plan_local(
    local: dict[str, Any] | None, base: Base | None, server: ServerRecord, *, force: frozenset[str] = frozenset()
) -> LocalPlan:
    """Decide what the laptop does with a received record.

    Args:
        local: The local row (None if the laptop has no such row).
        base: The laptop's base for it (None if never in step).
        server: The record now on the server.
        force: Fields to take as the server has them whatever the laptop holds (the server kept
            its own version in a conflict; the laptop's version lives on in the conflict record),
            or :data:`TAKE_ALL` for the whole record.

    Returns:
        A :class:`LocalPlan`.
    """
    new_base = server.as_base()
    if TAKE_ALL in force:
        return _take_server(local, server, new_base)
    if force and local is not None and not server.deleted:
        return _merge_fields(local, base, server, new_base, force)
    edits = local_edits(local, base) if local is not None else set()
    server_deletes = server.deleted or (
        _is_soft_deleted(server.data) and not _is_soft_deleted(base.values if base else None)
    )
    if server_deletes and edits - {"deleted_at"} and base is not None:
        return LocalPlan("skip")  # an edit here against a deletion there: the server makes it a conflict
    locally_deleted = (local is None and base is not None and not base.deleted) or (
        _is_soft_deleted(local) and base is not None and not _is_soft_deleted(base.values)
    )
    if locally_deleted and _server_changed(server, base) - {"deleted_at", DELETED_FIELD}:
        return LocalPlan("skip")  # a deletion here against an edit there: likewise
    if local is None:
        if base is not None and not base.deleted:
            return LocalPlan("base", base=new_base)  # deleted here, nothing new there: the deletion goes up next
        return LocalPlan("base", base=new_base) if server.deleted else LocalPlan("insert", dict(server.data), new_base)
    if server.deleted:
        return LocalPlan("delete", base=new_base)
    return _merge_fields(local, base, server, new_base)


def _take_server(local: dict[str, Any] | None, server: ServerRecord, new_base: Base) -> LocalPlan:
    if server.deleted:
        return LocalPlan("delete" if local is not None else "base", base=new_base)
    if local is None:
        return LocalPlan("insert", dict(server.data), new_base)
    changes = {name: value for name, value in server.data.items() if local.get(name) != value}
    return LocalPlan("update" if changes else "base", changes, new_base)


def _merge_fields(
    local: dict[str, Any], base: Base | None, server: ServerRecord, new_base: Base, force: frozenset[str] = frozenset()
) -> LocalPlan:
    known = base.values if base is not None and not base.deleted else {}
    changes: dict[str, Any] = {}
    for name, value in server.data.items():
        mine = local.get(name)
        if name in MERGED_QUIETLY:
            merged = quiet_merge(name, mine, value)
            if merged != mine and value is not None:
                changes[name] = merged
            continue
        if mine == value:
            continue
        unchanged_here = name in force or name not in local or (bool(known) and mine == known.get(name))
        if unchanged_here:
            changes[name] = value  # take the server's
        else:
            new_base.values[name] = known.get(name)  # changed here: keep ours and the old base, so it goes up
            if base is not None and name in base.revs:
                new_base.revs[name] = base.revs[name]
            else:
                new_base.revs.pop(name, None)
    return LocalPlan("update" if changes else "base", changes, new_base)


@dataclass
class Sent:
    """A record as a laptop sends it.

    Attributes:
        table, key, assessment_id: Which record.
        changes: The fields that differ from the laptop's base (every field of a new record).
        base_revs: The laptop's per-field server revisions (empty for a record never in step).
        delete: True if the laptop deleted the row outright.
        changed_at: When it was changed on the laptop (ISO 8601 UTC), shown in conflicts.
        base_deleted: True if the laptop's base is a tombstone (a record restored here).
    """

    table: str
    key: str
    assessment_id: str | None
    changes: dict[str, Any]
    base_revs: dict[str, int]
    delete: bool = False
    changed_at: str = ""
    base_deleted: bool = False
    full: dict[str, Any] = field(default_factory=dict)


@dataclass
class Clash:
    """A conflict the server found in a sent record.

    Attributes:
        field: The field (``_deleted`` for a deletion against an edit).
        kind: ``"field"`` (both changed it) or ``"delete"`` (a deletion against an edit).
        value_a, value_b: For ``field``: the server's value (A) and the laptop's (B). For
            ``delete``: the edited values (A, "keep it") and None (B, "delete it").
        a_from_server: True if version A was written on the server (by another laptop),
            False if A is the laptop's own edit (its record had been deleted there meanwhile).
    """

    field: str
    kind: str
    value_a: Any
    value_b: Any
    a_from_server: bool = True


@dataclass
class ServerDecision:
    """What the server does with a sent record.

    Attributes:
        write: ``"insert"``, ``"update"`` or ``"none"``.
        data, deleted: The record's values and tombstone after the write.
        clashes: The conflicts found (each becomes a conflict record shown to the team).
    """

    write: str
    data: dict[str, Any]
    deleted: bool
    clashes: list[Clash] = field(default_factory=list)

    @property
    def force(self) -> bool:
        """True if the laptop must take the server's record as it is afterwards (its own version is in a clash)."""
        return bool(self.clashes)


def merge_on_server(sent: Sent, server: ServerRecord | None) -> ServerDecision:
    """Decide what the server does with a record a laptop sent (see the module notes).

    Args:
        sent: The record as sent.
        server: The record the server holds now, locked for update (None if it has none).
    """
    if server is None:
        if sent.delete:
            return ServerDecision("none", {}, True)
        return ServerDecision("insert", dict(sent.changes), False)
    unseen = {
        name for name, rev in server.revs.items() if rev > sent.base_revs.get(name, 0) and name not in MERGED_QUIETLY
    }
    if sent.delete:
        if server.deleted:
            return ServerDecision("none", server.data, True)
        if unseen - {DELETED_FIELD}:
            return ServerDecision("none", server.data, False, [Clash(DELETED_FIELD, "delete", server.data, None)])
        return ServerDecision("update", server.data, True)
    data = dict(server.data)
    clashes: list[Clash] = []
    deleting = bool(sent.changes.get("deleted_at")) and not server.data.get("deleted_at")
    if deleting and unseen - {"deleted_at", DELETED_FIELD}:
        clashes.append(Clash(DELETED_FIELD, "delete", server.data, None))
    deleted_there = (server.deleted and DELETED_FIELD in unseen and not sent.base_deleted) or (
        bool(server.data.get("deleted_at")) and "deleted_at" in unseen and "deleted_at" not in sent.changes
    )
    edits = {name: value for name, value in sent.changes.items() if name not in MERGED_QUIETLY}
    if deleted_there and any(server.data.get(name) != value for name, value in edits.items()):
        clashes.append(Clash(DELETED_FIELD, "delete", edits, None, a_from_server=False))
    for name, value in sent.changes.items():
        if name == "deleted_at" and deleting and clashes:
            continue  # the deletion waits until someone chooses
        if name in MERGED_QUIETLY:
            data[name] = quiet_merge(name, server.data.get(name), value)
        elif name not in unseen or server.data.get(name) == value:
            data[name] = value
        elif not (name == "deleted_at" and clashes):
            clashes.append(Clash(name, "field", server.data.get(name), value))
    deleted = server.deleted and not (sent.base_deleted and not deleted_there)
    write = "update" if data != server.data or deleted != server.deleted else "none"
    return ServerDecision(write, data, deleted, clashes)
