"""Reading an audit entry's values back, from the record as it is now, and checking them against their seal.

Since schema step 0070 (:mod:`safeguarding.store.schema.trail`) the trail keeps each
value once, when it is replaced: an insert keeps none, an update the values the
changed columns had before, a delete the values the record had. What an entry set is
then the record's value now, unless a later update replaced it (that update kept it).
:func:`fill_values` walks each record's entries from the newest back, starting from the
record as it is now (or from its delete entry's values), and gives every entry both
sides, as entries written before step 0070 (which keep the values set) are given them
by :func:`safeguarding.store.audit.with_before_values`.

Values read back from a record are **not** taken on trust: each insert and update
from the step on keeps ``set_digest``, the SHA-256 of the JSON of the values it set,
sealed in the chain. The values read back for an entry are encoded as its trigger
encoded them (:func:`~safeguarding.store.audit_seal.kept_json`, same column order) and
hashed; when the digest differs, the record was changed past the triggers after that
entry (the ``sqlite3`` shell with a trigger dropped, say): the entry comes back with
``altered`` and without the values it set, which are never shown as what was
entered. More cases are marked:

* an insert's digest leaves out the values that are empty, so it cannot tell NULL from
  "": a column an insert left out reads back as NULL where the column may hold NULL and
  as "" where it is declared ``NOT NULL`` (:meth:`Shape.empty`; the app writes None,
  never "", for a value not given). An insert whose record (walked back to it) holds ""
  in a column that may hold NULL is ``altered`` (a visit hidden by ``deleted_at = ''``);
* ``outside_before``: an update whose stored old values differ from what the trail
  says the record held just before it (the entries before step 0070, or a record that
  came back after its delete entry with no insert entry): changed outside the app
  between the two;
* ``not_kept``: an insert or update whose record was replaced by a later insert with no
  delete between (SQLite's ``INSERT OR REPLACE`` fires no delete trigger; the app uses
  upserts instead): what it set was never kept and cannot be read back;
* ``outside_after`` on a record's last entry in the history (:func:`_check_presence`,
  :func:`_check_legacy`): ``"removed"`` when the last entry is not a delete but the
  record is gone (an entry from the step on is then ``altered`` too: a record of keys
  only, such as a side tag, has a digest of nothing, which an absent record matches);
  ``"put back"`` when the last entry is a delete but the record exists; ``"changed"``
  when the entries before step 0070 (which keep the values set) say the record holds
  what it no longer does, compared column by column, NULL distinct from "", a column
  their insert left out empty or at its declared default (a column added later).

The entries and the records are read in one read transaction
(:func:`~safeguarding.store.reading.read_snapshot`), so a save from another window while a history is read is
not half-seen as a change outside the app; text that is not UTF-8 (only writable
outside the app) is read with U+FFFD (:func:`~safeguarding.store.reading.read_rows`) and so matches no digest.

Limits: a value that was replaced outside the app and then put back as it was reads
as the value entered (it is); a record of an assessment's history is checked only
against that history's entries: a record moved to another assessment (its
``assessment_id`` changed, which the app never does; the change is an entry of the
other assessment) and then deleted reads in the history it left as removed outside
the app (in the history it moved to it reads clean: a delete entry's own
``assessment_id`` is the record's); a value written as "" into a column that may hold
NULL by a program other than this app reads as changed outside the app (it was); a
record that entries before the trail began (no insert entry) describe is compared
only in the columns they name; a later migration that adds a column with a non-empty
default, or changes a column's stored type, makes the records it touched since step
0070 read as changed outside the app unless it writes update entries.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from safeguarding.store.audit_schema import AUDIT_TABLE, compared_columns, keeps_set_digest, quote, record_columns
from safeguarding.store.audit_seal import digest_of, kept_json, kept_value
from safeguarding.store.dberrors import DB_ERRORS
from safeguarding.store.reading import read_rows
from safeguarding.store.schema.trail import FORMAT_RECORD

if TYPE_CHECKING:  # the entries' type only: audit imports this module
    from safeguarding.store.audit import AuditEntry

NEVER = 2**62
"""The boundary of a trail whose entries all keep the values set (a database before step 0070)."""
_CHUNK = 500
_EMPTY_TRIES = 8
"""At most this many changed columns whose value is only known to be empty (NULL or "") are tried both ways."""


class _Empty:
    """A value known only to be empty: NULL or "" (a delete entry leaves both out)."""

    def __repr__(self) -> str:
        return "EMPTY"


EMPTY = _Empty()


def format_boundary(db: Database) -> int:
    """The first entry number that keeps values when replaced (:data:`NEVER` if none does).

    The number of the step-0070 notice; 1 when the trail has ``set_digest`` but no notice
    (a trail removed and started again), :data:`NEVER` before the step.
    """
    row = db.execute(
        f"SELECT min(seq) FROM {AUDIT_TABLE} WHERE table_name = ? AND record_id = ? AND assessment_id IS NULL",
        [AUDIT_TABLE, FORMAT_RECORD],
    ).fetchone()
    if row and row[0] is not None:
        return int(row[0])
    try:
        return 1 if keeps_set_digest(db) else NEVER
    except DB_ERRORS:
        return NEVER


@dataclass(frozen=True)
class Shape:
    """What the replay needs of a table's columns: those an update compares, those an insert keeps (in
    table order), the key columns in key order with their declared types, and the columns that may hold
    NULL (not declared ``NOT NULL``, not a key)."""

    compared: list[str]
    kept: list[str]
    keys: list[str]
    kinds: list[str]
    nullable: frozenset[str] = frozenset()
    defaults: dict[str, Any] = field(default_factory=dict)

    def empty(self, column: str) -> Any:
        """What an empty value of ``column`` the trail left out is: NULL where the column may hold NULL (the app
        writes None for a value not given, never ""), "" where it is declared ``NOT NULL``."""
        return None if column in self.nullable else ""


_SHAPES: dict[str, Shape] = {}
"""Shapes by the table's definition (``sqlite_master.sql``, altered columns included): read once."""


def table_shapes(db: Database) -> dict[str, Shape]:
    """The :class:`Shape` of every table the database has, by name."""
    shapes = {}
    for name, sql in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall():
        key = f"{name}\n{sql}"
        if key not in _SHAPES:
            if len(_SHAPES) >= 500:  # a few schemas at most (upgrades, tests): never grows without end
                _SHAPES.clear()
            rows = db.execute(f"PRAGMA table_info({quote(name)})").fetchall()
            info = sorted((row[5], row[1], str(row[2]).upper(), row[3]) for row in rows)
            keys = [(column, kind) for position, column, kind, _ in info if position]
            nullable = frozenset(column for position, column, _, notnull in info if not position and not notnull)
            _SHAPES[key] = Shape(
                compared_columns(db, name),
                record_columns(db, name),
                [k for k, _ in keys],
                [t for _, t in keys],
                nullable,
                _defaults(db, rows),
            )
        shapes[str(name)] = _SHAPES[key]
    return shapes


def _defaults(db: Database, columns: list[Any]) -> dict[str, Any]:
    """Each column's declared default that is a value (not NULL, not ""), by name, from ``PRAGMA table_info`` rows:
    what a column added later by a migration holds in the records written before it (their entries name none)."""
    found = {}
    for row in columns:
        if row[4] is None or row[5]:
            continue
        try:
            value = db.execute(f"SELECT {row[4]}").fetchone()[0]
        except DB_ERRORS:  # an expression that reads the row (not a value): no default to compare
            continue
        if value not in (None, ""):
            found[str(row[1])] = kept_value(value)
    return found


def current_values(
    db: Database, table: str, record_ids: Iterable[str], shape: Shape | None = None
) -> dict[str, dict[str, Any]]:
    """Each record of ``table`` as it is now, by the entries' ``record_id``: every column an update compares.

    Records that no longer exist are left out. Binary values become ``"<binary N bytes>"``.
    ``shape``: the table's (:func:`table_shapes`; read when None).
    """
    wanted = set(record_ids)
    try:
        shape = shape or table_shapes(db).get(table)
    except DB_ERRORS:
        return {}
    if not wanted or shape is None:
        return {}
    columns, keys, kinds = shape.compared, shape.keys, shape.kinds
    selected = ", ".join(quote(name) for name in columns) or "NULL"
    probes: list[Any]
    if not keys:
        record, first, probes = "CAST(rowid AS TEXT)", "rowid", [int(item) for item in wanted if item.isdigit()]
    elif len(keys) == 1:
        record = f"CAST({quote(keys[0])} AS TEXT)"
        first = quote(keys[0]) if "TEXT" in kinds[0] else record
        probes = sorted(wanted)
    else:
        record, first = "json_array(" + ", ".join(quote(key) for key in keys) + ")", quote(keys[0])
        probes = sorted({json.loads(item)[0] for item in wanted if item.startswith("[")}, key=str)
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(probes), _CHUNK):
        chunk = probes[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        for row in read_rows(db, f"SELECT {record}, {selected} FROM {quote(table)} WHERE {first} IN ({marks})", chunk):
            if row[0] in wanted:
                found[str(row[0])] = {name: kept_value(value) for name, value in zip(columns, row[1:], strict=False)}
    return found


def _matches(values: dict[str, Any], sealed: bytes | None, *, insert: bool) -> bool:
    """True if ``values`` (in the trigger's column order) encode to the digest ``sealed``.

    An insert keeps the values that are not empty (``audit_row``); an update every
    changed column (``audit_changed``), where a value known only to be empty is tried as
    NULL and as "" (at most :data:`_EMPTY_TRIES` such columns).
    """
    if insert:
        kept = {name: value for name, value in values.items() if value is not EMPTY and value not in (None, "")}
        return digest_of(kept_json(kept) if kept else None) == sealed
    if not values:
        return sealed is None
    loose = [name for name, value in values.items() if value is EMPTY]
    if len(loose) > _EMPTY_TRIES:
        return False
    for choice in itertools.product((None, ""), repeat=len(loose)):
        tried = {**values, **dict(zip(loose, choice, strict=True))}
        if digest_of(kept_json(tried)) == sealed:
            return True
    return False


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {name: None if value is EMPTY else value for name, value in values.items()}


Record = tuple[str, str]
"""A record in the trail: (table, ``record_id``)."""
_ROW_ACTIONS = ("insert", "update", "delete")


@dataclass
class _Legacy:
    """What the entries before the boundary say of each record: what it held last (values set within the trail
    only), whether they begin with its insert (then every column it kept and they do not name is empty), and
    the index of its last such entry."""

    held: dict[Record, dict[str, Any]]
    inserted: set[Record]
    last: dict[Record, int]


def _legacy_states(entries: list[AuditEntry], boundary: int) -> _Legacy:
    """The :class:`_Legacy` of the entries before ``boundary`` (records deleted last are left out of ``held``)."""
    legacy = _Legacy({}, set(), {})
    for index, entry in enumerate(entries):
        if int(entry.id) >= boundary:
            break
        if entry.action not in _ROW_ACTIONS:
            continue
        record = (entry.table, entry.record_id)
        legacy.last[record] = index
        if entry.purged_at is not None or entry.action == "delete":
            legacy.held.pop(record, None)
            legacy.inserted.discard(record)
            continue
        if entry.action == "insert":
            legacy.held[record] = {}
            legacy.inserted.add(record)
        legacy.held.setdefault(record, {}).update(entry.new or {})
    return legacy


def _last_entries(entries: list[AuditEntry]) -> dict[Record, int]:
    """The index of each record's newest insert, update or delete; records the retention purge reached left out."""
    last: dict[Record, int] = {}
    purged: set[Record] = set()
    for index, entry in enumerate(entries):
        if entry.table == AUDIT_TABLE or entry.action not in _ROW_ACTIONS:
            continue
        record = (entry.table, entry.record_id)
        last[record] = index
        if entry.purged_at is not None:
            purged.add(record)
    return {record: index for record, index in last.items() if record not in purged}


def fill_values(db: Database, entries: list[AuditEntry], boundary: int | None = None) -> list[AuditEntry]:
    """Give each entry from the boundary on the values it replaced and set, checked, and check every record
    against what the trail says it holds now (see the module docstring).

    Args:
        db: The open database (the records are read as they are now).
        entries: Entries in the trail's order, holding every entry of their records
            (as :meth:`~safeguarding.store.audit.AuditRepository.history` reads them).
        boundary: From :func:`format_boundary` (read when None).

    Returns:
        The entries, in the same order: an insert with ``new`` (its values that are not empty),
        an update with ``old`` and ``new`` of the columns it changed, a delete with ``old``;
        ``new`` None with ``altered`` (or ``not_kept``) set when what the entry set cannot be
        shown; a record's last entry with ``outside_after`` when the record is not what the trail
        says. Entries whose values were purged, notices and purges are returned as they are.
    """
    boundary = format_boundary(db) if boundary is None else boundary
    last = _last_entries(entries)
    later = [index for index, entry in enumerate(entries) if int(entry.id) >= boundary]
    by_table: dict[str, set[str]] = defaultdict(set)
    for table, record_id in last:
        by_table[table].add(record_id)
    for index in later:
        by_table[entries[index].table].add(entries[index].record_id)
    if not by_table:
        return entries
    shapes = table_shapes(db)
    now = {
        table: current_values(db, table, ids, shapes[table])
        for table, ids in by_table.items()
        if table != AUDIT_TABLE and table in shapes
    }
    filled = list(entries)
    columns = _Columns(shapes)
    state: dict[Record, dict[str, Any] | None] = {}
    first: dict[Record, int] = {}
    for index in reversed(later):
        entry = entries[index]
        if entry.action not in _ROW_ACTIONS or entry.purged_at is not None:
            continue
        record = (entry.table, entry.record_id)
        newest = record not in state
        if newest:  # start from the record as it is now
            state[record] = dict(now.get(entry.table, {}).get(entry.record_id, {}))
        values = state[record]
        if entry.action == "delete":
            if values is not None and not newest:  # it came back after its delete with no insert entry
                filled[first[record]] = replace(filled[first[record]], outside_before=True)
            state[record] = columns.after_delete(entry)
            first[record] = index
            continue
        first[record] = index
        if values is None:  # a later insert with no delete between replaced the record: never kept
            filled[index] = replace(entry, new=None, not_kept=True)
            continue
        if entry.action == "insert":
            set_values = {name: values.get(name, EMPTY) for name in columns.kept(entry.table, values)}
            shown = {name: value for name, value in _plain(set_values).items() if value not in (None, "")}
            if _matches(set_values, entry.set_digest, insert=True) and not columns.wrongly_empty(entry.table, values):
                filled[index] = replace(entry, old=None, new=shown or None)
            else:
                filled[index] = replace(entry, old=None, new=None, altered=True)
            state[record] = None
        else:
            old = entry.old or {}
            set_values = {name: values.get(name, EMPTY) for name in old}
            if _matches(set_values, entry.set_digest, insert=False):
                filled[index] = replace(entry, new=_plain(set_values) if old else None)
            else:
                filled[index] = replace(entry, new=None, altered=True)
            values.update(old)
    legacy = _legacy_states(entries, boundary)
    _check_boundary(filled, legacy, first)
    _check_legacy(filled, legacy, state, now, shapes, first, set(last))
    _check_presence(filled, last, now, boundary)
    return filled


class _Columns:
    """The columns of each table an insert keeps and an update compares (from :func:`table_shapes`)."""

    def __init__(self, shapes: dict[str, Shape]) -> None:
        self._shapes = shapes

    def kept(self, table: str, values: dict[str, Any]) -> list[str]:
        """The columns an insert of ``table`` kept, in order (none for a table of keys only, such as side tags;
        the replayed values' own when the table is gone)."""
        shape = self._shapes.get(table)
        return list(values) if shape is None else shape.kept

    def wrongly_empty(self, table: str, values: dict[str, Any]) -> bool:
        """True if a column an insert kept holds "" where it may hold NULL (:meth:`Shape.empty`): the insert's
        digest leaves empty values out, so only the record's declaration tells NULL from "" (step 0070)."""
        shape = self._shapes.get(table)
        return shape is not None and any(values.get(name) == "" for name in shape.kept if name in shape.nullable)

    def after_delete(self, entry: AuditEntry) -> dict[str, Any]:
        """The record as its delete entry kept it: columns it left out are empty (NULL or ""), but for its
        ``assessment_id``, which the entry's own ``assessment_id`` is (the trigger takes it from the record)."""
        shape = self._shapes.get(entry.table)
        values = {**dict.fromkeys(shape.compared if shape else [], EMPTY), **(entry.old or {})}
        if "assessment_id" in values and entry.table != "assessments":
            values["assessment_id"] = entry.assessment_id
        return values


def _same(replayed: Any, held: Any) -> bool:
    """True if a replayed value is the one the trail says was held (NULL and "" distinct; EMPTY is either)."""
    if replayed is EMPTY:
        return held in (None, "")
    return replayed == held and (replayed is None) == (held is None)


def _check_boundary(filled: list[AuditEntry], legacy: _Legacy, first: dict[Record, int]) -> None:
    """Mark each record's first update from the boundary on whose old values differ from what earlier entries set."""
    for record, index in first.items():
        entry = filled[index]
        before = legacy.held.get(record)
        if entry.action != "update" or not before or not entry.old:
            continue
        if any(name in before and before[name] != value for name, value in entry.old.items()):
            filled[index] = replace(entry, outside_before=True)


def _check_legacy(
    filled: list[AuditEntry],
    legacy: _Legacy,
    state: dict[Record, dict[str, Any] | None],
    now: dict[str, dict[str, dict[str, Any]]],
    shapes: dict[str, Shape],
    first: dict[Record, int],
    checked: set[Record],
) -> None:
    """Mark the last entry before the boundary of each record that no longer holds what those entries set
    (``outside_after="changed"``): the record as it is now, walked back over the entries from the boundary on,
    compared column by column (NULL distinct from ""; a column their insert left out must be empty, or hold its
    declared default: a column added by a later migration)."""
    for record, held in legacy.held.items():
        shape = shapes.get(record[0])
        if shape is None or record not in checked:
            continue
        if record in state:
            at_boundary = state[record]
            if at_boundary is None or filled[first[record]].outside_before:
                continue  # the first entry after the boundary already says so
        else:
            at_boundary = now.get(record[0], {}).get(record[1])
            if at_boundary is None:
                continue  # gone: :func:`_check_presence` says so
        left_out = [name for name in shape.kept if name not in held] if record in legacy.inserted else []
        if any(name in at_boundary and not _same(at_boundary[name], value) for name, value in held.items()) or any(
            name in at_boundary
            and not _same(at_boundary[name], shape.empty(name))
            and not (name in shape.defaults and _same(at_boundary[name], shape.defaults[name]))
            for name in left_out
        ):
            index = legacy.last[record]
            filled[index] = replace(filled[index], outside_after="changed")


def _check_presence(
    filled: list[AuditEntry], last: dict[Record, int], now: dict[str, dict[str, dict[str, Any]]], boundary: int
) -> None:
    """Mark each record whose last entry is not a delete but which is gone (``"removed"``; what an entry from the
    boundary on set is then unconfirmed), and each whose last entry is a delete but which exists (``"put back"``)."""
    for (table, record_id), index in last.items():
        if table not in now:
            continue  # the table is gone (or never had a shape): nothing to compare
        entry = filled[index]
        exists = record_id in now[table]
        if entry.action == "delete" and exists:
            filled[index] = replace(entry, outside_after="put back")
        elif entry.action != "delete" and not exists:
            if int(entry.id) >= boundary:
                entry = replace(entry, new=None, altered=True)
            filled[index] = replace(entry, outside_after="removed")
