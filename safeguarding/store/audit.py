"""Reading the audit trail (read-only: no method changes it).

The trail is written by SQL triggers (:mod:`safeguarding.store.audit_schema`)
and refuses updates and deletes. This repository only reads it, and sets the
name recorded as the actor of changes made through this connection.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from safeguarding.store.audit_chain import ChainBreak, ChainReport, check_and_anchor, record_notices, verify_chain
from safeguarding.store.audit_replay import NEVER, fill_values, format_boundary
from safeguarding.store.audit_schema import AUDIT_TABLE, default_actor, register_audit_functions
from safeguarding.store.dberrors import DB_ERRORS, write_error
from safeguarding.store.reading import read_snapshot
from safeguarding.timeutil import from_iso


@dataclass(frozen=True)
class AuditEntry:
    """One audited change.

    Attributes:
        id: The entry's number in the trail (``seq``) as text.
        table: The table changed, e.g. ``"observations"``.
        record_id: The changed row's key (several key columns as a JSON array).
        assessment_id: The assessment the row belongs to, or ``None``.
        action: ``"insert"``, ``"update"``, ``"delete"``, ``"purge"`` or ``"notice"``
            (the app noting something about the trail itself).
        old, new: What changed: an insert's values that are not empty, a delete's
            values, an update's changed columns before and after (never the key, the
            assessment or the bookkeeping times); ``None`` when not applicable or
            removed by a purge.
        at: When, aware UTC.
        actor: The practitioner's name ("" if no profile was set).
        purged_at: When the retention purge removed the values, if it did.
        set_digest: The sealed SHA-256 of the values an insert or update set (schema
            step 0070; see :mod:`safeguarding.store.audit_seal`), or None.
        altered: What the entry set no longer matches ``set_digest``: the record was
            changed outside the app afterwards. ``new`` is then None: the values read
            back are not what was entered (:mod:`safeguarding.store.audit_replay`).
        not_kept: What the entry set was never kept (its record was replaced by a later
            insert with no delete between); ``new`` is None.
        outside_before: The values this update replaced differ from those the trail
            recorded last: the record was changed outside the app before it.
        outside_after: What was done to the record outside the app after this entry, its
            record's last in the history: ``"changed"`` (it no longer holds what the trail
            says it does), ``"removed"`` (it is gone, with no delete entry), ``"put back"``
            (this delete entry's record exists again); "" if nothing was found.
    """

    id: str
    table: str
    record_id: str
    assessment_id: str | None
    action: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    at: datetime
    actor: str
    purged_at: datetime | None = None
    set_digest: bytes | None = None
    altered: bool = False
    not_kept: bool = False
    outside_before: bool = False
    outside_after: str = ""

    @property
    def unconfirmed(self) -> bool:
        """True if what the entry set cannot be shown (changed outside the app, or never kept)."""
        return self.altered or self.not_kept


def _entry(row: dict[str, Any]) -> AuditEntry:
    return AuditEntry(
        id=str(row["seq"]),
        table=row["table_name"],
        record_id=row["record_id"],
        assessment_id=row["assessment_id"],
        action=row["action"],
        old=json.loads(row["old_values"]) if row["old_values"] else None,
        new=json.loads(row["new_values"]) if row["new_values"] else None,
        at=from_iso(row["at_utc"].replace("Z", "+00:00")),
        actor=row["actor"],
        purged_at=from_iso(row["purged_at"]) if row["purged_at"] else None,
        set_digest=bytes(row["set_digest"]) if row.get("set_digest") is not None else None,
    )


def with_before_values(entries: list[AuditEntry], boundary: int = NEVER) -> list[AuditEntry]:
    """Fill in the values an update changed *from*, by replaying each record's entries in order.

    Entries written before schema step 0070 (numbered below ``boundary``) store each value
    once, when it is set (an insert's values, an update's new values); what an update
    replaced is the value set before it. ``entries`` must hold every earlier entry of the
    records concerned, in the trail's order (as :meth:`AuditRepository.history` returns
    them). A value set before the trail began (or removed by a purge) is unknown: ``None``.
    Entries from ``boundary`` on are returned as they are (:func:`fill_values` reads them).
    """
    state: dict[tuple[str, str], dict[str, Any]] = {}
    filled = []
    for entry in entries:
        if int(entry.id) >= boundary:
            filled.append(entry)
            continue
        record = (entry.table, entry.record_id)
        known = state.setdefault(record, {})
        if entry.purged_at is not None:
            filled.append(entry)  # its values were removed with the record: nothing to replay
            continue
        if entry.action == "update" and entry.old is None and entry.new is not None:
            entry = replace(entry, old={name: known.get(name) for name in entry.new})
        if entry.action == "delete":
            if entry.old is None and known:
                entry = replace(entry, old=dict(known))
            state.pop(record, None)
        elif entry.new and entry.action in ("insert", "update"):
            known.update(entry.new)
        filled.append(entry)
    return filled


class AuditRepository:
    """Reads the audit trail; sets who is recorded as making changes.

    Args:
        db: An open database. ``audit_actor()`` is (re)installed on its
            connection with the practitioner profile's name.
    """

    def __init__(self, db: Database) -> None:
        self._db = db
        self._actor = register_audit_functions(db.conn, default_actor())

    @property
    def actor(self) -> str:
        """The name recorded for changes made from now on."""
        return self._actor.name

    def set_actor(self, name: str) -> None:
        """Record ``name`` (the practitioner profile's name) as the actor of later changes."""
        self._actor.name = name.strip()

    def location_of(self, assessment_id: str) -> str | None:
        """Return the location id of an assessment, from the table or (once purged) from the trail."""
        row = self._db.execute("SELECT location_id FROM assessments WHERE id = ?", [assessment_id]).fetchone()
        if row:
            return str(row[0])
        row = self._db.execute(
            f"SELECT json_extract(coalesce(new_values, old_values), '$.location_id') FROM {AUDIT_TABLE} "
            "WHERE assessment_id = ? AND table_name = 'assessments' AND record_id = ? "
            "AND json_extract(coalesce(new_values, old_values), '$.location_id') IS NOT NULL ORDER BY seq LIMIT 1",
            [assessment_id, assessment_id],
        ).fetchone()
        return str(row[0]) if row and row[0] else None

    def history(self, assessment_id: str, *, include_location: bool = True) -> list[AuditEntry]:
        """Return every audited change of an assessment and its records, in the order they were made.

        Each entry comes with the values it replaced and set (see :func:`with_before_values` and
        :func:`~safeguarding.store.audit_replay.fill_values`, which checks values read back
        from the records against the trail's seals and marks those changed outside the app).

        Args:
            assessment_id: The assessment.
            include_location: Also include changes to its location's record.
        """
        with read_snapshot(self._db):  # the entries and the records as of one moment (another window may save)
            location_id = self.location_of(assessment_id) if include_location else None
            rows = self._db.execute(
                f"SELECT * FROM {AUDIT_TABLE} WHERE assessment_id = ? "
                "OR (assessment_id IS NULL AND table_name = 'locations' AND record_id = ?) ORDER BY seq",
                [assessment_id, location_id or ""],
            )
            columns = [item[0] for item in rows.description]
            return self._filled([_entry(dict(zip(columns, row, strict=True))) for row in rows.fetchall()])

    def entries(self, table: str | None = None, action: str | None = None) -> list[AuditEntry]:
        """Return audit entries, optionally of one table and/or action, oldest first."""
        clause, params = ("WHERE table_name = ?", [table]) if table else ("", [])
        with read_snapshot(self._db):
            rows = self._db.execute(f"SELECT * FROM {AUDIT_TABLE} {clause} ORDER BY seq", params)
            columns = [item[0] for item in rows.description]
            found = self._filled([_entry(dict(zip(columns, row, strict=True))) for row in rows.fetchall()])
        return [entry for entry in found if not action or entry.action == action]

    def _filled(self, entries: list[AuditEntry]) -> list[AuditEntry]:
        """Both sides of each entry: replayed forwards before step 0070, backwards from the records (checked) after."""
        boundary = format_boundary(self._db)
        return fill_values(self._db, with_before_values(entries, boundary), boundary)

    def reported_breaks(self) -> list[AuditEntry]:
        """Return the ``notice`` entries that record a break as reported, oldest first.

        Their new values hold ``reported`` (the break's key), ``how`` and ``words``
        (:func:`~safeguarding.store.audit_chain.record_notices`). Other notices (a restore,
        the step-0070 boundary) are left out. Read through the index of entries of no assessment,
        not a scan of the trail (the History window reads them each time it opens).
        """
        rows = self._db.execute(
            f"SELECT * FROM {AUDIT_TABLE} WHERE table_name = ? AND assessment_id IS NULL AND action = 'notice' "
            "AND json_extract(new_values, '$.reported') IS NOT NULL ORDER BY seq",
            [AUDIT_TABLE],
        )
        columns = [item[0] for item in rows.description]
        return [_entry(dict(zip(columns, row, strict=True))) for row in rows.fetchall()]

    def count(self) -> int:
        """How many entries the trail holds."""
        return int(self._db.execute(f"SELECT count(*) FROM {AUDIT_TABLE}").fetchone()[0])

    def check(self, *, whole: bool = True) -> ChainReport:
        """Check the trail now (the whole of it, or what was written since its last check) and move its anchor.

        About 1.7 s of processor time for 325,000 entries, whole (docs/benchmarks.md). See
        :func:`~safeguarding.store.audit_chain.check_and_anchor`.
        """
        path = self._path()
        if path is None:
            return verify_chain(self._db)
        return check_and_anchor(self._db, path, whole=whole)

    def record_notices(self, breaks: Iterable[ChainBreak], how: str) -> int:
        """Record in the trail that ``breaks`` were reported (``how``); return how many were new.

        Raises:
            StorageError: the database cannot be written.
        """
        try:
            return record_notices(self._db, breaks, how)
        except DB_ERRORS as error:
            raise write_error(error) from error

    def _path(self) -> Path | None:
        row = self._db.execute("PRAGMA database_list").fetchone()
        return Path(row[2]) if row and row[2] else None
