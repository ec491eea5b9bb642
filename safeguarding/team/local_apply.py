"""Applying records received from the team server to the laptop's database.

Each batch is one local transaction in which the change-tracking triggers stay
silent (received records are never sent back) while the audit triggers record
every change under the name of the member who made it on the server, followed
by "(team sync)". A record this database refuses (a rule such as "one context
weight per context" or a link to a record this user may not see) is set aside
in ``team_pending`` with the reason, retried at each sync and counted in the
window; nothing received is dropped silently.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from safeguarding.store import Store
from safeguarding.store.dberrors import INTEGRITY_ERRORS
from safeguarding.team.merge import ServerRecord, plan_local
from safeguarding.team.state import TeamState
from safeguarding.team.tables import TableInfo, existing_synced_tables, table_rank
from safeguarding.team.tracking import (
    Base,
    applying,
    delete_row,
    forget_change,
    insert_row,
    read_bases,
    read_rows,
    update_row,
    write_base,
)
from safeguarding.timeutil import to_iso, utc_now

PhotoFetcher = Callable[[list[str]], list[tuple[str, dict[str, Any], bytes, bytes]]]
"""Given photo hashes, returns ``(sha256, meta, thumbnail, original)`` from the server."""

SYNC_SUFFIX = " (team sync)"


@dataclass
class ApplyCount:
    """What a batch did locally.

    Attributes:
        changed: Records inserted, changed or deleted here.
        parked: Records set aside in ``team_pending``.
        photos: Photos received.
        assessments: Assessments touched (the window reloads an open one).
    """

    changed: int = 0
    parked: int = 0
    photos: int = 0
    assessments: set[str] | None = None

    def add(self, other: ApplyCount) -> None:
        """Add another batch's counts to these."""
        self.changed += other.changed
        self.parked += other.parked
        self.photos += other.photos
        self.assessments = (self.assessments or set()) | (other.assessments or set())


def record_json(record: ServerRecord) -> str:
    """A received record as JSON (kept in ``team_pending``)."""
    return json.dumps(record.__dict__, ensure_ascii=False)


def record_from_json(text: str) -> ServerRecord:
    """The inverse of :func:`record_json`."""
    return ServerRecord(**json.loads(text))


class LocalApplier:
    """Applies received records to one open database.

    Args:
        store: The laptop's database (opened on the sync's own thread).
        state: Its team state (for members' display names).
        fetch_photos: Fetches photo bytes from the server when a received record needs them.
    """

    def __init__(self, store: Store, state: TeamState, fetch_photos: PhotoFetcher) -> None:
        self._store = store
        self._db = store.db
        self._state = state
        self._fetch_photos = fetch_photos
        self._infos = {info.name: info for info in existing_synced_tables(store.db)}
        self._links: dict[str, list[tuple[str, str, str]]] = {}  # foreign keys of each table, read when first used

    def apply(
        self,
        records: list[ServerRecord],
        *,
        forced: dict[tuple[str, str], frozenset[str]] | None = None,
        sent_marks: list[tuple[str, str, int]] | None = None,
        after: Callable[[], None] | None = None,
        retry: bool = False,
    ) -> ApplyCount:
        """Apply records in one transaction.

        Args:
            records: Received records (any order: parents are applied first).
            forced: Fields the laptop must take as the server has them, by record (its version lives in a
                conflict record); ``{"*"}`` for the whole record.
            sent_marks: ``(table, key, change number)`` of records just sent: their change marks are
                cleared unless they changed again meanwhile.
            after: Called inside the transaction, last (e.g. to move the pull cursor with the records).
            retry: The records were set aside before: applied again even if the base says they are in step.
        """
        count = ApplyCount(assessments=set())
        actor = self._store.audit.actor
        ordered = sorted(records, key=lambda r: (table_rank(r.table), r.revision))
        try:
            with applying(self._db):
                if retry:
                    self._db.execute("DELETE FROM team_pending")
                self._receive_photos(ordered, count)
                by_table: dict[str, list[ServerRecord]] = {}
                for record in ordered:
                    by_table.setdefault(record.table, []).append(record)
                inserted: list[tuple[str, str, ServerRecord]] = []
                for table, group in by_table.items():
                    self._apply_table(table, group, forced or {}, count, inserted)
                self._park_orphans(inserted, count)
                for table, key, number in sent_marks or []:
                    forget_change(self._db, table, key, number)
                if after is not None:
                    after()
        finally:
            self._store.audit.set_actor(actor)
        return count

    def _apply_table(
        self,
        table: str,
        group: list[ServerRecord],
        forced: dict[tuple[str, str], frozenset[str]],
        count: ApplyCount,
        inserted: list[tuple[str, str, ServerRecord]],
    ) -> None:
        info = self._infos.get(table)
        if info is None:
            for record in group:
                self._park(record, f"this version of the app has no table {table}", count)
            return
        keys = [record.key for record in group]
        rows = read_rows(self._db, info, keys)
        bases = read_bases(self._db, table, keys)
        for record in group:
            base = bases.get(record.key)
            force = forced.get((table, record.key), frozenset())
            if base is not None and base.revision >= record.revision and not force:
                continue  # already in step (this laptop's own change, received back)
            plan = plan_local(rows.get(record.key), base, record, force=force)
            if plan.action == "skip":
                continue
            if plan.action == "insert" and (parent := self._missing_parent(table, plan.values)) is not None:
                # Never inserted, so never deleted again: rows of append-only tables (action history)
                # cannot be removed once in, and a sync that parked one after inserting it stopped.
                self._park(record, f"it refers to a {parent} record that is not on this laptop", count)
                continue
            self._store.audit.set_actor(self._state.display(record.updated_by) + SYNC_SUFFIX)
            try:
                with self._db.atomic():
                    self._execute(info, record.key, plan.action, plan.values)
                    assert plan.base is not None
                    write_base(self._db, table, record.key, plan.base)
                    self._db.execute(
                        "DELETE FROM team_pending WHERE table_name = ? AND record_key = ?", [table, record.key]
                    )
            except INTEGRITY_ERRORS as error:
                self._park(record, str(error), count)
                continue
            if plan.action != "base":
                count.changed += 1
                if record.assessment_id and count.assessments is not None:
                    count.assessments.add(record.assessment_id)
            if plan.action == "insert":
                inserted.append((table, record.key, record))

    def _missing_parent(self, table: str, values: dict[str, Any]) -> str | None:
        """The table of a parent record that ``values`` (a row about to be inserted) refers to and this laptop
        lacks, or None when every foreign key it sets is present (a link to its own table counts as well)."""
        links = self._links.get(table)
        if links is None:
            links = self._links[table] = [
                (str(row[2]), str(row[3]), str(row[4] or "id"))
                for row in self._db.execute(f'PRAGMA foreign_key_list("{table}")').fetchall()
            ]
        for parent, column, parent_column in links:
            value = values.get(column)
            if value is None:
                continue
            found = self._db.execute(
                f'SELECT 1 FROM "{parent}" WHERE "{parent_column}" = ? LIMIT 1', [value]
            ).fetchone()
            if found is None:
                return parent
        return None

    def _execute(self, info: TableInfo, key: str, action: str, values: dict[str, Any]) -> None:
        if action == "insert":
            insert_row(self._db, info, values)
        elif action == "update":
            update_row(self._db, info, key, values)
        elif action == "delete":
            delete_row(self._db, info, key)

    def _park(self, record: ServerRecord, reason: str, count: ApplyCount) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO team_pending (table_name, record_key, record, reason, at_utc) "
            "VALUES (?, ?, ?, ?, ?)",
            [record.table, record.key, record_json(record), reason, to_iso(utc_now())],
        )
        count.parked += 1

    def _park_orphans(self, inserted: list[tuple[str, str, ServerRecord]], count: ApplyCount) -> None:
        """Set aside received records whose parent this laptop does not have (e.g. not visible to this user).

        Repeated until nothing more is set aside: a record set aside may leave its own children without a parent.
        """
        just_in = {(table, key): record for table, key, record in inserted}
        while just_in:
            parked = 0
            for table in sorted({table for table, _ in just_in}, key=table_rank):
                info = self._infos[table]
                for _, rowid, parent, _ in self._db.execute(f'PRAGMA foreign_key_check("{table}")').fetchall():
                    cursor = self._db.execute(f'SELECT * FROM "{table}" WHERE rowid = ?', [rowid])
                    columns = [item[0] for item in cursor.description]
                    row = cursor.fetchone()
                    key = info.key_of(dict(zip(columns, row, strict=True))) if row else None
                    record = just_in.pop((table, key), None) if key is not None else None
                    if record is None:
                        continue
                    delete_row(self._db, info, record.key)
                    self._db.execute("DELETE FROM team_base WHERE table_name = ? AND record_key = ?", [table, key])
                    self._park(record, f"it refers to a {parent} record that is not on this laptop", count)
                    count.changed -= 1
                    parked += 1
            if not parked:
                return

    def _receive_photos(self, records: list[ServerRecord], count: ApplyCount) -> None:
        wanted = sorted({
            str(r.data["photo_sha256"]) for r in records
            if r.table == "assessment_photos" and not r.deleted and r.data.get("photo_sha256")
        })  # fmt: skip
        if not wanted:
            return
        marks = ", ".join("?" for _ in wanted)
        have = {row[0] for row in self._db.execute(f"SELECT sha256 FROM photos WHERE sha256 IN ({marks})", wanted)}
        missing = [sha for sha in wanted if sha not in have]
        if not missing:
            return
        self._store.audit.set_actor(self._state.display_name + SYNC_SUFFIX)
        for sha256, meta, thumbnail, original in self._fetch_photos(missing):
            columns = {name: meta.get(name) for name in ("format", "byte_size", "width", "height", "taken_at",
                                                         "gps_lat", "gps_lon", "created_at")}  # fmt: skip
            self._db.table("photos").insert({"sha256": sha256, **columns, "thumbnail": thumbnail, "original": original})
            count.photos += 1


__all__ = ["ApplyCount", "Base", "LocalApplier", "record_from_json"]
