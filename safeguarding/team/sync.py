"""Sync: bring the team's changes to this laptop and send this laptop's changes to the team.

Order of a sync (each step resumable, so a connection dropped anywhere leaves
both sides consistent and the next sync carries on):

1. connect, check the server's team schema (a newer one is refused before
   anything is read or written), record the sync's start on the server;
2. **receive**: records set aside earlier, every record of assessments this user
   was newly put on, then pages of "everything after revision N"; each page is
   applied in one local transaction that also moves N, so a page is either fully
   in or not at all;
3. **send photos** the server lacks, each in its own server transaction;
4. **send changes** in batches: each batch is merged and written in one server
   transaction, then the result is applied locally in one transaction that
   clears the change marks. If the connection drops after the server committed
   but before the laptop did, the next sync receives those records first (step
   2), finds them equal to the local rows, and has nothing left to send;
5. receive again (so the next sync has nothing to fetch), record the sync's end.

Partners only receive (read-only, redacted, see ``team.partner_pull``).

Long work reports ``progress(fraction, message)`` between steps, never inside a
transaction, so raising :class:`~safeguarding.progress.OperationCancelled`
from it stops cleanly.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safeguarding import __version__
from safeguarding.progress import Progress, no_progress
from safeguarding.security.keys import Key
from safeguarding.store import Store, open_store
from safeguarding.team import server_io
from safeguarding.team.admin import check_server_version
from safeguarding.team.connection import ServerAddress, connect, first_line, parse_address
from safeguarding.team.errors import NotAllowedError, ServerUnreachableError, TeamError
from safeguarding.team.local_apply import ApplyCount, LocalApplier, record_from_json
from safeguarding.team.merge import TAKE_ALL, Sent
from safeguarding.team.state import CURSOR, DISPLAY_NAME, LAST_SUMMARY, LAST_SYNC, ROLE, TeamState
from safeguarding.team.tables import (
    MERGE_BY_EARLIEST,
    MERGED_QUIETLY,
    AssessmentResolver,
    existing_synced_tables,
    quiet_merge,
    table_rank,
)
from safeguarding.team.tracking import (
    Base,
    drop_tracking,
    ensure_tracking,
    forget_change,
    read_bases,
    read_rows,
    write_base,
)
from safeguarding.timeutil import Clock, to_iso, utc_now
from safeguarding.words import counted

if TYPE_CHECKING:
    import psycopg


@dataclass(frozen=True)
class SyncOptions:
    """Sizes of the steps (smaller steps: more, shorter transactions).

    Attributes:
        page_size: Records received per local transaction.
        batch_size: Records sent per server transaction.
    """

    page_size: int = 500
    batch_size: int = 250


@dataclass(frozen=True)
class SyncResult:
    """What a sync did.

    Attributes:
        sent: Records sent and written on the server.
        received: Records changed on this laptop by others' changes.
        conflicts: New conflicts (same field changed on two laptops, or a deletion against an edit).
        photos_sent, photos_received: Photos that travelled (each once, by content hash).
        set_aside: Received records this laptop could not apply yet (kept and retried).
        held_back: Local changes not sent because this user is not on their assessment.
        read_only: True for a partner (nothing is sent).
        finished_at: When the sync finished (aware UTC).
        assessments: Assessments changed by received records (the window reloads an open one).
    """

    sent: int
    received: int
    conflicts: int
    photos_sent: int
    photos_received: int
    set_aside: int
    held_back: int
    read_only: bool
    finished_at: datetime
    assessments: frozenset[str] = field(default_factory=frozenset)

    def summary(self) -> str:
        """One sentence for the window or the command line."""
        parts = [f"{counted(self.sent, 'change')} sent", f"{self.received} received"]
        if self.photos_sent or self.photos_received:
            parts.append(f"{counted(self.photos_sent, 'photo')} sent, {self.photos_received} received")
        text = "Synced: " + ", ".join(parts) + "."
        if self.conflicts:
            needs = "needs" if self.conflicts == 1 else "need"
            text += f" {counted(self.conflicts, 'conflict')} {needs} a choice: both versions are kept until then."
        if self.set_aside:
            text += (
                f" {counted(self.set_aside, 'received record')} could not be applied here yet (kept, retried "
                "next time)."
            )
        if self.held_back:
            text += f" {counted(self.held_back, 'change')} to assessments you are not on were not sent (kept here)."
        if self.read_only:
            text = f"Synced (read-only partner access): {counted(self.received, 'record')} received."
        return text


def sync_database(
    path: Path,
    password: str | None,
    *,
    key: Key | None = None,
    progress: Progress = no_progress,
    options: SyncOptions | None = None,
    clock: Clock = utc_now,
) -> SyncResult:
    """Sync the database at ``path`` with its team server, on a connection of its own.

    Safe to run on a worker thread while the window keeps its own connection:
    this opens the file again (the write-ahead log lets both work).

    Args:
        path: The laptop's database (it must have joined a team).
        password: The user's password on the team server.
        key: The database's data key if it is encrypted.
        progress: ``progress(fraction, message)``; raising ``OperationCancelled`` stops the sync cleanly.
        options: Step sizes.
        clock: "Now" as aware UTC.

    Raises:
        NotJoinedError, SignInError, ServerUnreachableError, ServerSchemaError, NotAllowedError, TeamError.
        OperationCancelled: raised by ``progress``; what was done so far is kept on both sides.
    """
    store = open_store(Path(path), key=key, clock=clock)
    try:
        return Sync(store, options or SyncOptions(), clock).run(password, progress)
    finally:
        store.db.conn.close()


class Sync:
    """One sync of one open database (see the module notes for the steps).

    Args:
        store: The laptop's database, opened on this thread.
        options: Step sizes.
        clock: "Now" as aware UTC.
    """

    def __init__(self, store: Store, options: SyncOptions, clock: Clock = utc_now) -> None:
        self.store = store
        self.db = store.db
        self.state = TeamState(store.db)
        self.options = options
        self.clock = clock
        self.sync_id = uuid.uuid4()
        self.count = ApplyCount(assessments=set())
        self.sent = 0
        self.conflicts = 0
        self.photos_sent = 0
        self.held_back = 0

    def run(self, password: str | None, progress: Progress) -> SyncResult:
        """Connect and run every step; see :func:`sync_database`."""
        import psycopg

        self.state.require_joined()
        if password is None:
            password = self.state.remembered_password()
        address = parse_address(self.state.server_url, self.state.username)
        progress(0.0, f"Connecting to {address.describe()}…")
        conn = connect(address, password, autocommit=True)
        try:
            return self._run(conn, address, progress)
        except psycopg.errors.InsufficientPrivilege as error:
            raise NotAllowedError(f"The team server refused this for your role: {first_line(str(error))}.") from error
        except psycopg.OperationalError as error:
            raise ServerUnreachableError(
                f"The connection to the team server dropped during the sync ({first_line(str(error))}). "
                "Everything already exchanged is kept on both sides; sync again to finish."
            ) from error
        finally:
            conn.close()

    def _run(self, conn: psycopg.Connection[Any], address: ServerAddress, progress: Progress) -> SyncResult:
        check_server_version(conn, address)
        who = server_io.me(conn)
        if not who.role:
            raise NotAllowedError(f"{who.username} is not (or no longer) a member of this team. Ask IT.")
        if who.role != self.state.role:
            self.state.set(**{CURSOR: "0"})  # a new role sees other records: receive everything again
        self.state.set(**{ROLE: who.role, DISPLAY_NAME: who.display_name, "agency": who.agency})
        self.state.store_members(server_io.members(conn))
        conn.execute("SELECT team.sync_started(%s, %s)", [self.sync_id, __version__])
        ensure_tracking(self.db)
        applier = LocalApplier(self.store, self.state, lambda hashes: server_io.download_photos(conn, hashes))
        if who.role == "partner":
            self._receive_partner(conn, applier, progress)
        else:
            self._receive(conn, applier, progress, 0.0, 0.4)
            self._send(conn, applier, who.username, progress)
            if self.sent:
                self._receive(conn, applier, progress, 0.9, 0.98)
        conn.execute(
            "SELECT team.sync_finished(%s, %s, %s, %s, %s, %s)",
            [self.sync_id, self.sent, self.count.changed, self.conflicts, self.photos_sent, self.count.photos],
        )
        result = SyncResult(
            sent=self.sent, received=self.count.changed, conflicts=self.conflicts, photos_sent=self.photos_sent,
            photos_received=self.count.photos, set_aside=self._pending_count(), held_back=self.held_back,
            read_only=who.role == "partner", finished_at=self.clock(),
            assessments=frozenset(self.count.assessments or set()),
        )  # fmt: skip
        import json

        summary = {"sent": result.sent, "received": result.received, "conflicts": result.conflicts,
                   "set_aside": result.set_aside, "held_back": result.held_back}  # fmt: skip
        self.state.set(**{LAST_SYNC: to_iso(result.finished_at), LAST_SUMMARY: json.dumps(summary)})
        progress(1.0, "Sync finished.")
        return result

    # -- receiving -------------------------------------------------------------------

    def _pending_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM team_pending").fetchone()[0])

    def _receive(
        self, conn: psycopg.Connection[Any], applier: LocalApplier, progress: Progress, start: float, end: float
    ) -> None:
        cursor = self.state.cursor
        assigned = server_io.newly_assigned(conn, cursor)  # before the cursor moves past their assignment
        total = max(server_io.count_after(conn, cursor), 1)
        done = 0
        while True:
            progress(start + (end - start) * min(done / total, 1.0), f"Receiving changes ({done} of {total})…")
            page = server_io.page_after(conn, cursor, self.options.page_size)
            if not page:
                break
            last = page[-1].revision
            self.count.add(applier.apply(page, after=functools.partial(self.state.set, **{CURSOR: str(last)})))
            cursor = last
            done += len(page)
        for assessment_id in assigned:
            progress(end, "Receiving an assessment you were put on…")
            self.count.add(applier.apply(server_io.records_of(conn, assessment_id)))
        pending = [record_from_json(row[0]) for row in self.db.execute("SELECT record FROM team_pending").fetchall()]
        if pending:  # set aside earlier (e.g. a parent had not arrived): try again now
            self.count.add(applier.apply(pending, retry=True))

    def _receive_partner(self, conn: psycopg.Connection[Any], applier: LocalApplier, progress: Progress) -> None:
        progress(0.1, "Receiving what your agency may see…")
        records = server_io.partner_records(conn)
        forced = {(record.table, record.key): frozenset({TAKE_ALL}) for record in records}
        for start in range(0, len(records), self.options.page_size):
            part = records[start : start + self.options.page_size]
            self.count.add(applier.apply(part, forced=forced))
            progress(0.1 + 0.85 * (start + len(part)) / max(len(records), 1), "Receiving…")

    # -- sending ---------------------------------------------------------------------

    def _send(self, conn: psycopg.Connection[Any], applier: LocalApplier, username: str, progress: Progress) -> None:
        outgoing, marks = self._outgoing(conn)
        self._send_photos(conn, outgoing, progress)
        writer = server_io.BatchWriter(conn, self.sync_id, self.state.display, lambda: to_iso(self.clock()))
        total = max(len(outgoing), 1)
        for start in range(0, len(outgoing), self.options.batch_size):
            progress(0.55 + 0.35 * start / total, f"Sending changes ({start} of {len(outgoing)})…")
            batch = outgoing[start : start + self.options.batch_size]
            with conn.transaction():
                after, forced, conflicts = writer.write(batch, username)
            batch_marks = [marks[(item.table, item.key)] for item in batch]
            gone = [item for item in batch if (item.table, item.key) not in after]
            records = list(after.values())
            self.count.add(applier.apply(records, forced=forced, sent_marks=batch_marks,
                                         after=functools.partial(self._forget_bases, gone)))  # fmt: skip
            self.sent += len(batch)
            self.conflicts += len(conflicts)

    def _forget_bases(self, items: list[Sent]) -> None:
        for item in items:
            self.db.execute("DELETE FROM team_base WHERE table_name = ? AND record_key = ?", [item.table, item.key])

    def _outgoing(
        self, conn: psycopg.Connection[Any]
    ) -> tuple[list[Sent], dict[tuple[str, str], tuple[str, str, int]]]:
        """The records to send, parents first, and their change marks; clears marks of records with nothing to send."""
        marks = {
            (row[0], row[1]): (row[0], row[1], int(row[2]), str(row[3]))
            for row in self.db.execute("SELECT table_name, record_key, rowid, changed_at FROM team_changes").fetchall()
        }
        infos = {info.name: info for info in existing_synced_tables(self.db)}
        resolver = AssessmentResolver(self.db)
        outgoing: list[Sent] = []
        nothing: list[tuple[str, str, int]] = []
        purged: list[tuple[str, str, Base]] = []
        by_table: dict[str, list[str]] = {}
        for table, key in marks:
            by_table.setdefault(table, []).append(key)
        for table, keys in by_table.items():
            info = infos.get(table)
            if info is None:
                nothing.extend(marks[(table, key)][:3] for key in keys)
                continue
            rows = read_rows(self.db, info, keys)
            bases = read_bases(self.db, table, keys)
            for key in keys:
                mark = marks[(table, key)]
                sent = self._sent(table, key, rows.get(key), bases.get(key), info.soft_delete, resolver, mark[3])
                if sent is None:
                    nothing.append(mark[:3])
                    base = bases.get(key)
                    if rows.get(key) is None and base is not None and not base.deleted:
                        purged.append((table, key, base))
                else:
                    outgoing.append(sent)
        with self.db.atomic():
            for table, key, number in nothing:
                forget_change(self.db, table, key, number)
            for table, key, base in purged:  # removed here by the retention rule: keep no copy of its values
                write_base(self.db, table, key, Base({}, base.revs, True, base.revision, base.assessment_id))
        outgoing = self._allowed(conn, outgoing)
        outgoing.sort(key=lambda item: table_rank(item.table))
        return outgoing, {key: mark[:3] for key, mark in marks.items()}

    @staticmethod
    def _sent(
        table: str,
        key: str,
        local: dict[str, Any] | None,
        base: Base | None,
        soft_delete: bool,
        resolver: AssessmentResolver,
        changed_at: str,
    ) -> Sent | None:
        """What to send for one changed record (None: nothing)."""
        if local is None:
            if base is None or base.deleted or soft_delete:
                return None  # never sent, or purged here (soft-deleted records are purged only locally)
            return Sent(table, key, base.assessment_id, {}, dict(base.revs), delete=True, changed_at=changed_at)
        if base is None or base.deleted:
            changes = dict(local)
        else:
            changes = {name: value for name, value in local.items() if value != base.values.get(name)}
            earlier_here = {
                name for name in changes.keys() & MERGE_BY_EARLIEST
                if quiet_merge(name, changes[name], base.values.get(name)) != base.values.get(name)
            }  # fmt: skip
            if not set(changes) - MERGED_QUIETLY and not earlier_here:
                return None  # only the time of the last save, or a creation time later than the team's
        assessment_id = resolver.of(table, local) or (base.assessment_id if base else None)
        return Sent(
            table, key, assessment_id, changes, dict(base.revs) if base else {},
            changed_at=changed_at, base_deleted=bool(base and base.deleted),
        )  # fmt: skip

    def _allowed(self, conn: psycopg.Connection[Any], outgoing: list[Sent]) -> list[Sent]:
        """Hold back changes a practitioner may not send (assessments they are not on); coordinators send all."""
        if self.state.role == "coordinator":
            return outgoing
        new = [item.key for item in outgoing if item.table == "assessments" and not item.base_revs]
        mine = server_io.my_assessments(conn)
        mine |= set(new) - (server_io.assessments_taken(conn, new) - mine)  # someone else's is never "new"
        allowed = [item for item in outgoing if item.assessment_id is None or item.assessment_id in mine]
        self.held_back = len(outgoing) - len(allowed)
        return allowed

    def _send_photos(self, conn: psycopg.Connection[Any], outgoing: list[Sent], progress: Progress) -> None:
        hashes = sorted({
            str(item.changes["photo_sha256"]) for item in outgoing
            if item.table == "assessment_photos" and not item.delete and item.changes.get("photo_sha256")
        })  # fmt: skip
        missing = server_io.missing_photos(conn, hashes)
        for number, sha256 in enumerate(missing, start=1):
            progress(0.4 + 0.15 * number / len(missing), f"Sending photo {number} of {len(missing)}…")
            row = self.db.execute("SELECT * FROM photos WHERE sha256 = ?", [sha256])
            columns = [item[0] for item in row.description]
            found = row.fetchone()
            if found is None:
                continue
            values = dict(zip(columns, found, strict=True))
            meta = {name: values[name] for name in ("format", "byte_size", "width", "height", "taken_at", "gps_lat",
                                                    "gps_lon", "created_at")}  # fmt: skip
            server_io.upload_photo(conn, sha256, meta, bytes(values["thumbnail"]), bytes(values["original"]))
            self.photos_sent += 1


def sync_with_server(path: Path, url: str, username: str | None, password: str | None, **kwargs: Any) -> SyncResult:
    """Join ``url`` (if not yet joined, or to change server) and sync: ``sync DB --server URL``.

    Raises:
        TeamError: as :func:`sync_database`, or the address cannot be read.
    """
    address = parse_address(url, username)
    if not address.user:
        raise TeamError("Give your user name on the team server: postgresql://NAME@HOST/DATABASE, or --user NAME.")
    store = open_store(Path(path), key=kwargs.get("key"))
    try:
        join_team(store, address)
    finally:
        store.db.conn.close()
    return sync_database(path, password, **kwargs)


def resend_everything(store: Store) -> None:
    """Forget what the server is known to hold, so the next sync sends every record and receives all again.

    For after the server was restored from a backup (point-in-time recovery): changes it lost
    are still on the laptops, which send them again; equal records change nothing there, and
    records changed meanwhile on both sides become conflicts, never silent overwrites.
    """
    state = TeamState(store.db)
    state.require_joined()
    with store.db.atomic():
        store.db.execute("DELETE FROM team_base")
        state.set(**{CURSOR: "0"})
    drop_tracking(store.db)
    ensure_tracking(store.db)


def join_team(store: Store, address: ServerAddress) -> None:
    """Link an open database to a team server and start tracking its changes (no network needed).

    Joining another server than before starts afresh: nothing is known to be on the new server,
    so its first sync sends everything.
    """
    state = TeamState(store.db)
    same = state.server_url == address.url and state.username == address.user
    if not same:
        with store.db.atomic():
            store.db.execute("DELETE FROM team_base")
            store.db.execute("DELETE FROM team_pending")
        state.remove(ROLE, LAST_SYNC, LAST_SUMMARY, "members", "password")
        state.join(address.url, address.user)
        drop_tracking(store.db)  # tracked afresh below: every record is marked, so the first sync sends all
    ensure_tracking(store.db)


__all__ = ["SyncOptions", "SyncResult", "join_team", "resend_everything", "sync_database", "sync_with_server"]
