"""The retention purge: what is due, exactly what would go, and deleting it in one transaction.

Which rows belong to an assessment is worked out from the foreign keys (as the
audit trail does), so tables added by later migrations are purged too. A purge:

1. recomputes the list and refuses if it differs from the one the user
   confirmed (something changed in between);
2. in one transaction, with ``secure_delete`` on (freed pages are zeroed):
   cuts links from kept records (a later reassessment's "carried from" links),
   deletes the rows children first, then photo files no assessment uses any
   more and the location if no assessment of it is left;
3. blanks the values in the audit rows of the purged records (who, when, what
   and which record stay; keeping the values would keep the data the rule says
   must go) and adds one ``purge`` row per assessment;
4. checkpoints the write-ahead log so the old pages leave the ``-wal`` file.

Append-only guards (the action history's and the audit's) are lifted inside
that transaction only and restored before it commits. Backup copies made
before the purge still hold the data until they are rotated out.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import StorageError, ValidationError
from safeguarding.protection.retention_rule import MAX_YEARS, RETENTION_KEY, DueAssessment, RetentionRule
from safeguarding.store.audit_schema import (
    AUDIT_TABLE,
    NOW_SQL,
    SET_DIGEST,
    append_sql,
    assessment_expression,
    audited_tables,
    keeps_set_digest,
    quote,
)
from safeguarding.store.dberrors import DB_ERRORS, write_error
from safeguarding.timeutil import Clock, date_from_iso, to_iso, utc_now, utc_to_local

ORPHAN_TABLES = ("photos", "locations")
"""Parents removed with the last assessment that uses them (other shared lists, such as agencies, stay)."""


@dataclass(frozen=True)
class PurgePlan:
    """Exactly what a purge deletes and which links it cuts.

    Attributes:
        assessment_ids: The assessments purged.
        rows: ``{table: sorted record ids}`` deleted.
        unlinked: ``{table: sorted "record id.column"}`` set to empty (links from kept records).
    """

    assessment_ids: tuple[str, ...]
    rows: dict[str, list[str]] = field(default_factory=dict)
    unlinked: dict[str, list[str]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """How many rows are deleted."""
        return sum(len(ids) for ids in self.rows.values())


def _record_sql(db: Database, table: str, alias: str) -> str:
    columns = db.execute(f"PRAGMA table_info({quote(table)})").fetchall()
    keys = [row[1] for row in sorted(columns, key=lambda row: row[5]) if row[5]]
    if not keys:
        return f"CAST({alias}.rowid AS TEXT)"
    if len(keys) == 1:
        return f"CAST({alias}.{quote(keys[0])} AS TEXT)"
    return "json_array(" + ", ".join(f"{alias}.{quote(key)}" for key in keys) + ")"


def _foreign_keys(db: Database, table: str) -> list[tuple[str, str, str]]:
    """(column, parent table, parent column) of each foreign key of ``table``."""
    return [(row[3], row[2], row[4] or "id") for row in db.execute(f"PRAGMA foreign_key_list({quote(table)})")]


def _not_null(db: Database, table: str, column: str) -> bool:
    return any(row[1] == column and row[3] for row in db.execute(f"PRAGMA table_info({quote(table)})"))


class _Rows:
    """Rows selected for deletion: ``{table: {rowid: record id}}``."""

    def __init__(self) -> None:
        self.by_table: dict[str, dict[int, str]] = {}

    def add(self, table: str, rowid: int, record: str) -> bool:
        rows = self.by_table.setdefault(table, {})
        if rowid in rows:
            return False
        rows[rowid] = record
        return True

    def rowids(self, table: str) -> list[int]:
        return sorted(self.by_table.get(table, {}))


def _marks(values: list[Any]) -> str:
    return ", ".join("?" for _ in values)


def compute_plan(db: Database, assessment_ids: list[str]) -> tuple[PurgePlan, _Rows, list[tuple[str, str, int]]]:
    """Work out every row a purge of ``assessment_ids`` deletes and every link it cuts.

    Returns:
        The plan, the rows by rowid, and the links to cut as (table, column, rowid).
    """
    ids = sorted(set(assessment_ids))
    rows = _Rows()
    tables = audited_tables(db)
    if not ids:
        return PurgePlan(()), rows, []
    for table in tables:
        expr = assessment_expression(db, table, "t")
        if expr == "NULL":
            continue
        for rowid, record in db.execute(
            f"SELECT t.rowid, {_record_sql(db, table, 't')} FROM {quote(table)} AS t WHERE {expr} IN ({_marks(ids)})",
            ids,
        ).fetchall():
            rows.add(table, rowid, record)
    unlinks: list[tuple[str, str, int]] = []
    changed = True
    while changed:  # rows of kept records that point at purged rows: cut the link, or delete if it is required
        changed = False
        for table in tables:
            for column, parent, parent_column in _foreign_keys(db, table):
                purged = rows.rowids(parent)
                if not purged:
                    continue
                found = db.execute(
                    f"SELECT c.rowid, {_record_sql(db, table, 'c')} FROM {quote(table)} AS c "
                    f"WHERE c.{quote(column)} IN (SELECT p.{quote(parent_column)} FROM {quote(parent)} AS p "
                    f"WHERE p.rowid IN ({_marks(purged)}))",
                    purged,
                ).fetchall()
                for rowid, record in found:
                    if rowid in rows.by_table.get(table, {}):
                        continue
                    if _not_null(db, table, column):
                        changed = rows.add(table, rowid, record) or changed
                    elif (table, column, rowid) not in unlinks:
                        unlinks.append((table, column, rowid))
    for parent in ORPHAN_TABLES:  # parents no kept record uses any more
        candidates: set[int] = set()
        for table in tables:
            for column, fk_parent, parent_column in _foreign_keys(db, table):
                purged = rows.rowids(table)
                if fk_parent != parent or not purged:
                    continue
                for (rowid,) in db.execute(
                    f"SELECT p.rowid FROM {quote(parent)} AS p WHERE p.{quote(parent_column)} IN "
                    f"(SELECT c.{quote(column)} FROM {quote(table)} AS c WHERE c.rowid IN ({_marks(purged)}))",
                    purged,
                ).fetchall():
                    candidates.add(rowid)
        for rowid in sorted(candidates):
            if _still_used(db, tables, rows, parent, rowid):
                continue
            record = db.execute(
                f"SELECT {_record_sql(db, parent, 'p')} FROM {quote(parent)} AS p WHERE p.rowid = ?", [rowid]
            ).fetchone()[0]
            rows.add(parent, rowid, record)
    unlink_ids: dict[str, list[str]] = {}
    for table, column, rowid in unlinks:
        record = db.execute(f"SELECT {_record_sql(db, table, 'c')} FROM {quote(table)} AS c WHERE c.rowid = ?", [rowid])
        unlink_ids.setdefault(table, []).append(f"{record.fetchone()[0]}.{column}")
    plan = PurgePlan(
        tuple(ids),
        {table: sorted(records.values()) for table, records in sorted(rows.by_table.items()) if records},
        {table: sorted(values) for table, values in sorted(unlink_ids.items())},
    )
    return plan, rows, unlinks


def _still_used(db: Database, tables: list[str], rows: _Rows, parent: str, rowid: int) -> bool:
    for table in tables:
        for column, fk_parent, parent_column in _foreign_keys(db, table):
            if fk_parent != parent:
                continue
            purged = rows.rowids(table)
            query = (
                f"SELECT 1 FROM {quote(table)} AS c WHERE c.{quote(column)} = "
                f"(SELECT p.{quote(parent_column)} FROM {quote(parent)} AS p WHERE p.rowid = ?)"
            )
            params: list[Any] = [rowid]
            if purged:
                query += f" AND c.rowid NOT IN ({_marks(purged)})"
                params += purged
            if db.execute(query + " LIMIT 1", params).fetchone():
                return True
    return False


def _delete_order(db: Database, tables: list[str]) -> list[str]:
    """Tables ordered children first (a table comes before every table it references)."""
    parents = {table: {parent for _, parent, _ in _foreign_keys(db, table) if parent != table} for table in tables}
    ordered: list[str] = []
    remaining = set(tables)
    while remaining:
        # A table can go once no remaining table references it.
        ready = sorted(t for t in remaining if not any(t in parents[other] for other in remaining if other != t))
        if not ready:  # a cycle: fall back to name order (foreign keys are checked per statement)
            ready = sorted(remaining)
        ordered += ready
        remaining -= set(ready)
    return ordered


class RetentionRepository:
    """The retention rule, what is due, and the purge.

    Args:
        db: An open database.
        clock: Returns "now" as an aware UTC datetime.
    """

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

    def rule(self) -> RetentionRule:
        """Return the retention rule stored in the database (not set: nothing is due)."""
        row = self._db.execute("SELECT value FROM app_meta WHERE key = ?", [RETENTION_KEY]).fetchone()
        text = str(row[0]).strip() if row else ""
        return RetentionRule(int(text)) if text.isdigit() else RetentionRule(None)

    def set_rule(self, rule: RetentionRule) -> None:
        """Store the retention rule (recorded in the audit trail).

        Raises:
            ValidationError: the period is not a whole number of years from 1 to 100.
            StorageError: the database cannot be written.
        """
        if rule.years is not None and not 1 <= rule.years <= MAX_YEARS:
            raise ValidationError(f"The retention period must be between 1 and {MAX_YEARS} years.", "years")
        value = "" if rule.years is None else str(rule.years)
        try:
            with self._db.atomic():
                self._db.table("app_meta").upsert({"key": RETENTION_KEY, "value": value}, pk="key")
        except DB_ERRORS as error:
            raise write_error(error) from error

    def closed(self) -> list[tuple[str, date, str]]:
        """Return (assessment id, closed on, reason in words) for every closed assessment."""
        found: dict[str, tuple[date, str]] = {}
        for assessment_id, meeting_date in self._db.execute(
            """
            SELECT r.assessment_id, r.meeting_date FROM plan_reviews AS r
            WHERE r.finalised_at IS NOT NULL AND r.decision = 'close' AND NOT EXISTS (
                SELECT 1 FROM plan_reviews AS later WHERE later.assessment_id = r.assessment_id
                AND later.finalised_at IS NOT NULL
                AND (later.meeting_date > r.meeting_date
                     OR (later.meeting_date = r.meeting_date AND later.rowid > r.rowid)))
            """
        ).fetchall():
            day = date_from_iso(meeting_date)
            assert day is not None
            found[assessment_id] = (day, "The DCSM decided to close it")
        for assessment_id, deleted_at in self._db.execute(
            "SELECT id, deleted_at FROM assessments WHERE deleted_at IS NOT NULL"
        ).fetchall():
            day = utc_to_local(_parse(deleted_at)).date()
            if assessment_id not in found or day < found[assessment_id][0]:
                found[assessment_id] = (day, "It was deleted in the app")
        return [(key, day, reason) for key, (day, reason) in found.items()]

    def due(self, today: date | None = None) -> list[DueAssessment]:
        """Return the assessments due for deletion under the rule, oldest closure first."""
        rule = self.rule()
        today = today or utc_to_local(self._clock()).date()
        result = []
        for assessment_id, closed_on, reason in self.closed():
            due_on = rule.due_on(closed_on)
            if due_on is None or due_on > today:
                continue
            row = self._db.execute(
                "SELECT a.start_date, l.name FROM assessments AS a JOIN locations AS l ON l.id = a.location_id "
                "WHERE a.id = ?",
                [assessment_id],
            ).fetchone()
            plan, _, _ = compute_plan(self._db, [assessment_id])
            result.append(
                DueAssessment(
                    assessment_id=assessment_id,
                    location_name=row[1],
                    start_date=date_from_iso(row[0]),
                    closed_on=closed_on,
                    reason=reason,
                    due_on=due_on,
                    rows=plan.rows,
                    unlinked=plan.unlinked,
                )
            )
        return sorted(result, key=lambda item: (item.closed_on, item.location_name))

    def plan(self, assessment_ids: list[str]) -> PurgePlan:
        """Return exactly what purging ``assessment_ids`` together would delete."""
        return compute_plan(self._db, assessment_ids)[0]

    def purge(self, plan: PurgePlan, rule: RetentionRule | None = None) -> PurgePlan:
        """Delete exactly what ``plan`` lists, in one transaction (see the module notes).

        Args:
            plan: From :meth:`plan`, as shown to and confirmed by the user.
            rule: The rule that made them due (recorded in the audit trail).

        Returns:
            The plan carried out.

        Raises:
            StorageError: the records changed since the plan was made (nothing
                is deleted), or the database cannot be written.
        """
        db, conn = self._db, self._db.conn
        rule = rule or self.rule()
        if conn.in_transaction:
            conn.commit()
        (secure,) = db.execute("PRAGMA secure_delete").fetchone()
        db.execute("PRAGMA secure_delete = ON")
        now = to_iso(self._clock())
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                fresh, rows, unlinks = compute_plan(db, list(plan.assessment_ids))
                if fresh != plan:
                    raise StorageError(
                        "The assessments changed since the list was made, so nothing was deleted. "
                        "Look at the list again and confirm."
                    )
                guards = self._lift_guards([*rows.by_table, AUDIT_TABLE])
                for table, column, rowid in unlinks:
                    conn.execute(f"UPDATE {quote(table)} SET {quote(column)} = NULL WHERE rowid = ?", [rowid])
                for table in _delete_order(db, list(rows.by_table)):
                    rowids = rows.rowids(table)
                    for start in range(0, len(rowids), 500):
                        chunk = rowids[start : start + 500]
                        conn.execute(f"DELETE FROM {quote(table)} WHERE rowid IN ({_marks(chunk)})", chunk)
                self._scrub_audit(plan, now)
                ids = list(plan.assessment_ids)
                if ids:  # unsaved work on them is removed too (drafts are not records: the plan does not list them)
                    conn.execute(f"DELETE FROM drafts WHERE assessment_id IN ({_marks(ids)})", ids)
                for assessment_id in plan.assessment_ids:
                    summary = {
                        "rule_years": rule.years,
                        "rows": {table: len(ids) for table, ids in plan.rows.items()},
                        "links_cut": {table: len(ids) for table, ids in plan.unlinked.items()},
                    }
                    conn.execute(
                        append_sql(
                            "SELECT 'assessments' AS table_name, ? AS record_id, ? AS assessment_id, 'purge' AS "
                            f"action, NULL AS old_values, ? AS new_values, {NOW_SQL} AS at_utc, "
                            "coalesce(audit_actor(), '') AS actor"
                        ),
                        [assessment_id, assessment_id, json.dumps(summary, sort_keys=True)],
                    )
                for sql in guards:
                    conn.execute(sql)
                conn.commit()
            except BaseException:
                conn.rollback()
                raise
        except DB_ERRORS as error:
            raise write_error(error) from error
        finally:
            db.execute(f"PRAGMA secure_delete = {int(secure)}")
        with contextlib.suppress(*DB_ERRORS):  # another reader holds the log: SQLite checkpoints it later
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return plan

    def _lift_guards(self, tables: list[str]) -> list[str]:
        """Drop the BEFORE DELETE/UPDATE guard triggers of ``tables``; return the SQL that restores them."""
        restore = []
        for name, sql in self._db.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({_marks(tables)})",
            tables,
        ).fetchall():
            text = " ".join(sql.upper().split())
            if "RAISE(" in text and (" BEFORE DELETE " in text or " BEFORE UPDATE " in f" {text} "):
                self._db.conn.execute(f"DROP TRIGGER {quote(name)}")
                restore.append(sql)
        return restore

    def _scrub_audit(self, plan: PurgePlan, now: str) -> None:
        """Blank the values of the audit rows of purged records (rows themselves stay, with their seals).

        The digest of the values is kept (``values_digest``, worked out by the seal's rule:
        :func:`~safeguarding.store.audit_seal.values_digest`), so the chain still checks.
        The digest of the values an entry set (``set_digest``, step 0070) goes too: it is
        sealed through ``values_digest``, and a digest of a short value can be guessed back.
        Rows of the purged assessments carry their id; the others (photo files, the
        location) belong to no assessment and are found by record.
        """
        conn = self._db.conn
        ids = list(plan.assessment_ids)
        sets = f", {SET_DIGEST} = NULL" if keeps_set_digest(self._db) else ""
        digest = f"audit_digest(old_values, new_values{f', {SET_DIGEST}' if sets else ''})"
        scrub = (
            f"UPDATE {AUDIT_TABLE} SET values_digest = {digest}, old_values = NULL, "
            f"new_values = NULL{sets}, purged_at = ? WHERE purged_at IS NULL"
        )
        conn.execute(f"{scrub} AND assessment_id IN ({_marks(ids)})", [now, *ids])
        for table, records in plan.rows.items():
            for start in range(0, len(records), 500):
                chunk = records[start : start + 500]
                conn.execute(
                    f"{scrub} AND assessment_id IS NULL AND table_name = ? AND record_id IN ({_marks(chunk)})",
                    [now, table, *chunk],
                )


def _parse(text: str) -> Any:
    from safeguarding.timeutil import from_iso

    return from_iso(text)
