"""Reading and writing records on the team server (psycopg), under the user's own role.

Row-level security decides what each query sees; nothing here widens it. A
batch of sent records is written in one transaction that first takes the
team's write lock (:func:`team.begin_write`), so revisions and the audit chain
follow commit order; the server's triggers stamp the author (the signed-in
user, never a name the laptop claims), the time and the revisions.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from safeguarding.team.merge import TAKE_ALL, Clash, Sent, ServerRecord, merge_on_server
from safeguarding.team.state import Member
from safeguarding.team.tables import DELETED_FIELD, chunks

if TYPE_CHECKING:
    import psycopg

_COLUMNS = "table_name, record_key, assessment_id, data, field_revs, deleted, revision, updated_by, updated_at"


def _record(row: tuple[Any, ...]) -> ServerRecord:
    table, key, assessment_id, data, revs, deleted, revision, updated_by, updated_at = row
    return ServerRecord(
        table=table, key=key, assessment_id=assessment_id, data=dict(data), revs={k: int(v) for k, v in revs.items()},
        deleted=bool(deleted), revision=int(revision), updated_by=updated_by, updated_at=_utc_iso(updated_at),
    )  # fmt: skip


def _utc_iso(moment: datetime | None) -> str:
    if moment is None:
        return ""
    from datetime import UTC

    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def me(conn: psycopg.Connection[Any]) -> Member:
    """The signed-in member (role, name and agency as the server lists them).

    Returns a member with role "" if the login is not (or no longer) a team member.
    """
    row = conn.execute(
        "SELECT username, display_name, agency, role FROM team.members WHERE username = session_user AND active"
    ).fetchone()
    if row is None:
        user = conn.execute("SELECT session_user").fetchone()
        return Member(username=str(user[0]) if user else "", display_name="")
    return Member(*row)


def members(conn: psycopg.Connection[Any]) -> list[Member]:
    """Every member of the team (names, agencies and roles are visible to all members)."""
    rows = conn.execute("SELECT username, display_name, agency, role FROM team.members ORDER BY username").fetchall()
    return [Member(*row) for row in rows]


def count_after(conn: psycopg.Connection[Any], cursor: int) -> int:
    """How many records this user may see changed after revision ``cursor``."""
    row = conn.execute("SELECT count(*) FROM team.records WHERE revision > %s", [cursor]).fetchone()
    return int(row[0]) if row else 0


def page_after(conn: psycopg.Connection[Any], cursor: int, limit: int) -> list[ServerRecord]:
    """Up to ``limit`` records changed after revision ``cursor``, oldest change first."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM team.records WHERE revision > %s ORDER BY revision LIMIT %s", [cursor, limit]
    ).fetchall()
    return [_record(row) for row in rows]


def newly_assigned(conn: psycopg.Connection[Any], cursor: int) -> list[str]:
    """Assessments this user was put on after revision ``cursor`` (their older records must be fetched whole)."""
    rows = conn.execute(
        "SELECT assessment_id FROM team.assessment_members WHERE username = session_user AND added_revision > %s "
        "ORDER BY added_revision",
        [cursor],
    ).fetchall()
    return [str(row[0]) for row in rows]


def my_assessments(conn: psycopg.Connection[Any]) -> set[str]:
    """Assessments this user is on (practitioners may write only to these, and to new ones)."""
    rows = conn.execute("SELECT assessment_id FROM team.assessment_members WHERE username = session_user").fetchall()
    return {str(row[0]) for row in rows}


def assessments_taken(conn: psycopg.Connection[Any], ids: list[str]) -> set[str]:
    """Which of these assessment ids the server already holds (whether or not this user may see them)."""
    if not ids:
        return set()
    return {str(row[0]) for row in conn.execute("SELECT * FROM team.assessments_taken(%s)", [ids]).fetchall()}


def records_of(conn: psycopg.Connection[Any], assessment_id: str) -> list[ServerRecord]:
    """Every record of one assessment, oldest change first."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM team.records WHERE assessment_id = %s ORDER BY revision", [assessment_id]
    ).fetchall()
    return [_record(row) for row in rows]


def partner_records(conn: psycopg.Connection[Any]) -> list[ServerRecord]:
    """What a partner may see: their agency's actions and what frames them, redacted (``team.partner_pull``)."""
    rows = conn.execute(
        "SELECT table_name, record_key, assessment_id, data, revision, updated_by, updated_at FROM team.partner_pull()"
    ).fetchall()
    return [
        ServerRecord(
            table=r[0],
            key=r[1],
            assessment_id=r[2],
            data=dict(r[3]),
            revision=int(r[4]),
            updated_by=r[5],
            updated_at=_utc_iso(r[6]),
        )
        for r in rows
    ]


def fetch(
    conn: psycopg.Connection[Any], keys: list[tuple[str, str]], *, lock: bool = False
) -> dict[tuple[str, str], ServerRecord]:
    """The server's records for some ``(table, key)`` pairs (absent: none, or not visible to this user)."""
    found: dict[tuple[str, str], ServerRecord] = {}
    for part in chunks(keys, 500):
        rows = conn.execute(
            f"SELECT {', '.join('r.' + c.strip() for c in _COLUMNS.split(','))} FROM team.records r "
            "JOIN unnest(%s::text[], %s::text[]) AS k(t, r) ON r.table_name = k.t AND r.record_key = k.r"
            + (" FOR UPDATE OF r" if lock else ""),
            [[t for t, _ in part], [k for _, k in part]],
        ).fetchall()
        for row in rows:
            record = _record(row)
            found[(record.table, record.key)] = record
    return found


def _open_conflicts(conn: psycopg.Connection[Any], keys: list[str]) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT data FROM team.records WHERE table_name = 'team_conflicts' AND data->>'record_key' = ANY(%s) "
        "AND data->>'resolved_at' IS NULL AND NOT deleted",
        [keys],
    ).fetchall()
    return [dict(row[0]) for row in rows]


def _authors(conn: psycopg.Connection[Any], revisions: set[int]) -> dict[int, tuple[str, str]]:
    if not revisions:
        return {}
    rows = conn.execute(
        "SELECT revision, author, at FROM team.revision_authors(%s::bigint[])", [sorted(revisions)]
    ).fetchall()
    return {int(rev): (author, _utc_iso(at)) for rev, author, at in rows}


class BatchWriter:
    """Writes one batch of sent records in one server transaction and reports what became of each.

    Args:
        conn: The connection (not in autocommit).
        sync_id: This sync's id (recorded with every audit row).
        display: Maps a user name to the name shown in conflicts.
        now_iso: Returns the current time as ISO 8601 UTC text.
    """

    def __init__(
        self,
        conn: psycopg.Connection[Any],
        sync_id: uuid.UUID,
        display: Callable[[str], str],
        now_iso: Callable[[], str],
    ) -> None:
        self._conn = conn
        self._sync_id = sync_id
        self._display = display
        self._now = now_iso

    def write(
        self, sent: list[Sent], me: str
    ) -> tuple[dict[tuple[str, str], ServerRecord], dict[tuple[str, str], frozenset[str]], list[ServerRecord]]:
        """Merge and write a batch (the caller commits).

        Args:
            sent: The records, parents before children.
            me: The signed-in user name (author of version B of conflicts found now).

        Returns:
            ``(records after the write by (table, key), fields the laptop must take as the server
            has them by (table, key), new conflict records)``.
        """
        from psycopg.types.json import Jsonb

        conn = self._conn
        conn.execute("SELECT team.begin_write(%s)", [self._sync_id])
        keys = [(item.table, item.key) for item in sent]
        current = fetch(conn, keys, lock=True)
        open_conflicts = _open_conflicts(conn, [item.key for item in sent])
        decisions = [(item, merge_on_server(item, current.get((item.table, item.key)))) for item in sent]
        inserts = [
            [item.table, item.key, item.assessment_id, Jsonb(decision.data), decision.deleted]
            for item, decision in decisions if decision.write == "insert"
        ]  # fmt: skip
        updates = [
            [Jsonb(decision.data), decision.deleted, item.table, item.key]
            for item, decision in decisions if decision.write == "update"
        ]  # fmt: skip
        with conn.cursor() as cursor:  # executemany pipelines the statements: one round trip, not one each
            if inserts:
                cursor.executemany(
                    "INSERT INTO team.records (table_name, record_key, assessment_id, data, deleted) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    inserts,
                )
            if updates:
                cursor.executemany(
                    "UPDATE team.records SET data = %s, deleted = %s WHERE table_name = %s AND record_key = %s",
                    updates,
                )
        clash_revs = {
            rev for item, decision in decisions for clash in decision.clashes
            for rev in self._clash_revisions(current.get((item.table, item.key)), clash)
        }  # fmt: skip
        authors = _authors(conn, clash_revs)
        conflicts: list[dict[str, Any]] = []
        for item, decision in decisions:
            for clash in decision.clashes:
                record = self._conflict(item, clash, current.get((item.table, item.key)), authors, me)
                if not _already_open(record, open_conflicts + conflicts):
                    conflicts.append(record)
        for record in conflicts:
            conn.execute(
                "INSERT INTO team.records (table_name, record_key, assessment_id, data) "
                "VALUES ('team_conflicts', %s, %s, %s)",
                [record["id"], record["assessment_id"], Jsonb(record)],
            )
        after = fetch(conn, keys + [("team_conflicts", record["id"]) for record in conflicts])
        forced: dict[tuple[str, str], frozenset[str]] = {
            (item.table, item.key): frozenset(TAKE_ALL if c.kind == "delete" else c.field for c in decision.clashes)
            for item, decision in decisions if decision.clashes
        }  # fmt: skip
        new_conflicts = [after[("team_conflicts", record["id"])] for record in conflicts]
        return after, forced, new_conflicts

    @staticmethod
    def _clash_revisions(server: ServerRecord | None, clash: Clash) -> set[int]:
        if server is None:
            return set()
        if clash.kind == "field":
            return {server.revs.get(clash.field, 0)}
        if clash.a_from_server:  # the edit was made on the server: its newest field
            return {max(server.revs.values(), default=0)}
        return {server.revs.get(DELETED_FIELD, 0), server.revs.get("deleted_at", 0)}

    def _conflict(
        self, item: Sent, clash: Clash, server: ServerRecord | None, authors: dict[int, tuple[str, str]], me: str
    ) -> dict[str, Any]:
        there = ("", "")
        if server is not None:
            candidates = [authors[rev] for rev in self._clash_revisions(server, clash) if rev in authors]
            there = max(candidates, key=lambda pair: pair[1]) if candidates else (server.updated_by, server.updated_at)
        mine = (me, item.changed_at or self._now())
        a, b = (there, mine) if clash.a_from_server else (mine, there)
        now = self._now()
        return {
            "id": uuid.uuid4().hex, "assessment_id": item.assessment_id, "table_name": item.table,
            "record_key": item.key, "field": clash.field, "kind": clash.kind,
            "value_a": json.dumps(clash.value_a, ensure_ascii=False),
            "author_a": self._display(a[0]), "at_a": a[1],
            "value_b": json.dumps(clash.value_b, ensure_ascii=False) if clash.value_b is not None else None,
            "author_b": self._display(b[0]), "at_b": b[1],
            "created_at": now, "resolved_at": None, "resolved_by": "", "resolution": "", "updated_at": now,
        }  # fmt: skip


def _already_open(record: dict[str, Any], open_conflicts: list[dict[str, Any]]) -> bool:
    """True if the same clash is already waiting for a choice (a sync resumed after a dropped connection)."""
    for other in open_conflicts:
        same_place = (other.get("table_name"), other.get("record_key"), other.get("field")) == (
            record["table_name"], record["record_key"], record["field"])  # fmt: skip
        if same_place and (record["kind"] == "delete" or other.get("value_b") == record["value_b"]):
            return True
    return False


def missing_photos(conn: psycopg.Connection[Any], hashes: list[str]) -> list[str]:
    """Which of these photo hashes the server does not hold yet."""
    if not hashes:
        return []
    return [str(row[0]) for row in conn.execute("SELECT * FROM team.photos_missing(%s)", [hashes]).fetchall()]


def upload_photo(
    conn: psycopg.Connection[Any], sha256: str, meta: dict[str, Any], thumbnail: bytes, original: bytes
) -> None:
    """Store one photo on the server (its own transaction: a dropped connection loses at most this one)."""
    from psycopg.types.json import Jsonb

    with conn.transaction():
        conn.execute(
            "INSERT INTO team.photos (sha256, meta, thumbnail, original) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (sha256) DO NOTHING",
            [sha256, Jsonb(meta), thumbnail, original],
        )


def download_photos(conn: psycopg.Connection[Any], hashes: list[str]) -> list[tuple[str, dict[str, Any], bytes, bytes]]:
    """``(sha256, meta, thumbnail, original)`` of the photos this user may see among ``hashes``."""
    rows = conn.execute(
        "SELECT sha256, meta, thumbnail, original FROM team.photos WHERE sha256 = ANY(%s)", [hashes]
    ).fetchall()
    return [(str(r[0]), dict(r[1]), bytes(r[2]), bytes(r[3])) for r in rows]
