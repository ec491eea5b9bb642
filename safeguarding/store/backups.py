"""Rotating backups beside the database, the list the restore screen shows, and checking one.

Backups live in ``backups/`` beside the database and are encrypted with the
database's own data key (so the same passphrase opens them). Each copy has a
small JSON manifest (time, reason, counts of locations and assessments; no
names) so the list needs no decryption.

Kinds (the ``reason`` in the file name):

* ``on-start`` and ``periodic``: automatic; the newest :data:`KEEP_AUTOMATIC` are kept, and the
  newest whose whole audit trail was found intact (so one more when the newer ones were checked
  from the anchor on), for :data:`KEEP_MIGRATION_DAYS` days at most.
* ``before-migration``: taken before an upgrade; kept for :data:`KEEP_MIGRATION_DAYS` days
  (the newest one is always kept).
* ``before-restore``: the database as it was before a restore; the newest
  :data:`KEEP_BEFORE_RESTORE` are kept.

Before each copy the audit trail is checked (:mod:`safeguarding.store.audit_chain`): from
its anchor on (what was written since the last check), and whole when the last whole check
is a day old or there is no anchor (:func:`~safeguarding.store.audit_anchor.whole_check_due`
says why); a trail of up to 20,000 entries always whole. The manifest says which check ran
and whether the trail was intact. Once a copy is taken of a broken trail, the newest copy
whose whole trail was found intact is kept out of the rotation for :data:`KEEP_MIGRATION_DAYS`
days (it is the evidence of the trail before the break); a break not reported before raises
:class:`~safeguarding.errors.AuditTrailBrokenError` after the copy is made.

Threads: :func:`take_backup_from_file` (``StoreBackups.take_detached``) opens its
own connection, so it may run on a worker thread while the window keeps saving
through its own. Backups are taken (and the keep rules applied) one at a time in
this process. Going back to a backup is a workflow: :mod:`safeguarding.workflows.restore`.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from safeguarding.errors import AuditTrailBrokenError, DamagedDatabaseError, StorageError
from safeguarding.progress import Progress, no_progress
from safeguarding.store.audit_chain import ChainReport, check_and_anchor
from safeguarding.store.cancellable import reporting
from safeguarding.store.database import BACKUP_FOLDER, backup_copy, database_counts, manifest_path
from safeguarding.store.database_file import connect, has_plain_header
from safeguarding.store.dberrors import DB_ERRORS, Connection, is_damage
from safeguarding.timeutil import Clock, utc_now, utc_to_local

if TYPE_CHECKING:  # the key's module (cryptography) loads only when a key is used
    from safeguarding.security.keys import Key

AUTOMATIC = ("on-start", "periodic")
KEEP_AUTOMATIC = 10
KEEP_BEFORE_RESTORE = 5
KEEP_MIGRATION_DAYS = 90
_ONE_AT_A_TIME = threading.RLock()  # two copies at once could pick the same name or rotate each other's files
_NAME = re.compile(r"^(?P<stem>.+)\.(?P<reason>[a-z-]+)\.(?P<stamp>\d{8}T\d{6}Z)(?:-\d+)?$")

REASON_LABELS = {
    "on-start": "When the app started",
    "periodic": "Automatic (while working)",
    "before-migration": "Before an upgrade",
    "before-restore": "Before a restore",
    "before-encryption": "Before encryption",
    "manual": "Made by you",
}


@dataclass(frozen=True)
class BackupInfo:
    """One backup copy as the restore screen lists it.

    Attributes:
        path: The copy.
        taken_at: When it was taken (aware UTC).
        reason: Why (``"on-start"``, ``"periodic"``, ``"before-migration"``, ...).
        counts: Numbers of ``locations`` and ``assessments`` (empty if unknown).
        encrypted: True if it is encrypted.
        size: File size in bytes.
        audit_intact: Whether the audit trail was intact when it was taken (None: not checked).
        audit_whole: Whether that check was of the whole trail (False: from its anchor on; a manifest
            written before this was kept says nothing: every check was whole then).
    """

    path: Path
    taken_at: datetime
    reason: str
    counts: dict[str, int] = field(default_factory=dict)
    encrypted: bool = False
    size: int = 0
    audit_intact: bool | None = None
    audit_whole: bool = True

    @property
    def reason_label(self) -> str:
        """The reason in words."""
        return REASON_LABELS.get(self.reason, self.reason.replace("-", " ").capitalize())

    def contents(self) -> str:
        """What it holds in words, e.g. "2 locations, 3 assessments"."""
        if not self.counts:
            return "contents not recorded"
        locations = self.counts.get("locations", 0)
        assessments = self.counts.get("assessments", 0)
        return (
            f"{locations} location{'s' if locations != 1 else ''}, "
            f"{assessments} assessment{'s' if assessments != 1 else ''}"
        )


def backup_folder(database: Path) -> Path:
    """The ``backups/`` folder beside ``database``."""
    return Path(database).parent / BACKUP_FOLDER


def _object_at(info: dict[str, Any], key: str) -> dict[str, Any]:
    """``info[key]`` if it is a JSON object, else an empty one (a manifest written by hand or cut short)."""
    value = info.get(key)
    return value if isinstance(value, dict) else {}


def list_backups(database: Path) -> list[BackupInfo]:
    """Every backup of ``database`` (by file name), newest first."""
    database = Path(database)
    folder = backup_folder(database)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        if path.suffix != database.suffix or not path.is_file():
            continue
        match = _NAME.match(path.name[: -len(database.suffix)] if database.suffix else path.name)
        if not match or match["stem"] != database.stem:
            continue
        taken = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        read: object = None
        with contextlib.suppress(OSError, ValueError):
            read = json.loads(manifest_path(path).read_text(encoding="utf-8"))
        info: dict[str, Any] = read if isinstance(read, dict) else {}  # a manifest that is not an object: no counts
        counts: dict[str, Any] = _object_at(info, "counts")
        audit: dict[str, Any] = _object_at(info, "audit")
        found.append(
            BackupInfo(
                path=path,
                taken_at=taken,
                reason=match["reason"],
                counts={str(k): int(v) for k, v in counts.items()},
                encrypted=not has_plain_header(path),
                size=path.stat().st_size,
                audit_intact=audit["intact"] if isinstance(audit.get("intact"), bool) else None,
                audit_whole=audit.get("checked", "whole") == "whole",
            )
        )
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def remove_backup(backup: Path) -> None:
    for path in (backup, manifest_path(backup)):
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def rotate(database: Path, clock: Clock = utc_now) -> list[Path]:
    """Delete backups beyond the keep rules (see the module docstring); return what was removed."""
    with _ONE_AT_A_TIME:
        return _rotate(database, clock)


def evidence_backup(backups: list[BackupInfo]) -> BackupInfo | None:
    """The newest backup taken while the whole audit trail was intact, if a newer one was taken of a broken trail.

    Only a whole check says the whole trail was intact (one from the anchor on trusts the entries before
    the anchor, and an old entry changed without resealing may already be there).

    Args:
        backups: Newest first (as :func:`list_backups` returns them).
    """
    newest_intact = next((backup for backup in backups if backup.audit_intact is True and backup.audit_whole), None)
    if newest_intact is None:
        return None
    newer = [backup for backup in backups if backup.taken_at > newest_intact.taken_at]
    return newest_intact if any(backup.audit_intact is False for backup in newer) else None


def _rotate(database: Path, clock: Clock) -> list[Path]:
    backups = list_backups(database)
    removed: list[Path] = []
    automatic = [b for b in backups if b.reason in AUTOMATIC]
    restores = [b for b in backups if b.reason == "before-restore"]
    migrations = [b for b in backups if b.reason == "before-migration"]
    doomed = automatic[KEEP_AUTOMATIC:] + restores[KEEP_BEFORE_RESTORE:]
    cutoff = clock() - timedelta(days=KEEP_MIGRATION_DAYS)
    doomed += [b for b in migrations[1:] if b.taken_at < cutoff]
    whole = next((b for b in automatic if b.audit_intact is True and b.audit_whole), None)  # see whole_check_due
    for kept in (evidence_backup(backups), whole):  # the trail before it broke; the last one known whole
        if kept is not None and kept.taken_at >= cutoff:
            doomed = [b for b in doomed if b.path != kept.path]
    for backup in doomed:
        remove_backup(backup.path)
        removed.append(backup.path)
    return removed


def quick_check(conn: Connection, database: Path) -> None:
    """Run ``PRAGMA quick_check`` on an open connection; refuse a damaged database.

    The check reads every page of the file (its b-trees and free list) without
    comparing indexes with their tables (that is ``integrity_check``). Measured on a
    148 MB database (demo data and 40 large photos), file in the disk cache: 0.04 s
    plain, 0.4 s encrypted (every page is decrypted); ``integrity_check`` takes about
    as long on this app's databases, whose bulk is photo data without indexes.

    Args:
        conn: An open connection to ``database`` (inside a read transaction, to check
            one snapshot).
        database: The database file (named in the message).

    Raises:
        DamagedDatabaseError: the check reports a problem, or fails because the file is damaged.
        StorageError: the check could not run for another reason (for example the file is locked).
    """
    try:
        rows = conn.execute("PRAGMA quick_check(3)").fetchall()  # at most three problems
    except DB_ERRORS as error:
        if is_damage(error):
            rows = [(str(error),)]
        else:
            raise StorageError(f"{Path(database).name} could not be checked ({error}).") from error
    if not rows or rows[0][0] != "ok":
        lines = [line.strip() for row in rows for line in str(row[0]).splitlines()]
        found = next((line for line in lines if line and not line.startswith("***")), "no answer")
        raise DamagedDatabaseError(
            f"{Path(database).name} is damaged: the check before the backup found a problem ({found}), so no "
            "backup was made; the earlier backups are kept."
        )


def take_backup(conn: Connection, database: Path, reason: str, key: Key | None, clock: Clock = utc_now) -> Path:
    """Check the open database, write a backup of it (encrypted with ``key``) and apply the keep rules.

    Uses ``conn``, so it runs on the thread that owns it (see :func:`take_backup_from_file`).
    A database that fails :func:`quick_check` is not copied, and nothing is rotated out.

    Raises:
        DamagedDatabaseError: the database is damaged; no backup was made, none removed.
        AuditTrailBrokenError: the backup was made, but the audit trail has a break not reported before.
        StorageError: the copy could not be written (for example the disk is full).
    """
    with _ONE_AT_A_TIME:
        quick_check(conn, Path(database))
        now = clock()
        report = _check_trail(conn, Path(database), now)
        target = backup_copy(conn, Path(database), reason, key, now=now, audit=_manifest_audit(report))
        rotate(database, clock)
    _raise_if_broken(report, target)
    return target


def _check_trail(conn: Connection, database: Path, now: datetime) -> ChainReport:
    """Check the trail before a backup: from its anchor on, or whole when that is due (and move the anchor)."""
    return check_and_anchor(Database(conn), database, whole_when_due=True, now=now)


def _manifest_audit(report: ChainReport) -> dict[str, object]:
    """What a backup's manifest says of the audit trail; ``checked``: ``"whole"`` or ``"from entry N"``."""
    return {"entries": report.head_seq, "seal": report.head_hash, "intact": report.intact, "checked": report.scope}


def _raise_if_broken(report: ChainReport, backup: Path) -> None:
    """Raise AuditTrailBrokenError if the check before ``backup`` found a break not reported before."""
    if report.new_breaks:
        raise AuditTrailBrokenError(
            f"The backup {backup.name} was made, but the audit trail is not as the app wrote it. "
            + " ".join(item.describe() for item in report.new_breaks),
            report,
            backup,
        )


def take_backup_from_file(database: Path, reason: str, key: Key | None, clock: Clock = utc_now) -> Path:
    """Check the database file, back it up through a read-only connection of its own; apply the keep rules.

    Safe on any thread, while another connection (the window's) has the database
    open and keeps writing: with write-ahead logging a reader never waits for the
    writer, nor the writer for it. The copy is one consistent snapshot, taken in
    one step inside one read transaction (the manifest's counts come from the same
    snapshot); changes committed meanwhile go into the next backup. That snapshot
    is checked first (:func:`quick_check`): a damaged database is never copied, so
    the keep rules never remove a good backup to make room for a damaged one. It
    runs on the calling thread and cannot be cancelled part-way (measured on a
    148 MB database, file in the disk cache: 0.23 s plain, 1.6 s encrypted, of
    which the check takes 0.04 s and 0.4 s).

    Args:
        database: The database file (open elsewhere or closed).
        reason: Why, for the file name (``"on-start"``, ``"periodic"``, ``"manual"``...).
        key: The database's data key (None if plain); the copy is encrypted with it.
        clock: For the copy's name and manifest.

    Returns:
        The new backup, in ``backups/`` beside the database.

    Raises:
        DamagedDatabaseError: the database fails the check; no backup was made, none removed.
        AuditTrailBrokenError: the backup was made, but the audit trail (checked in the same
            snapshot, from its anchor on or whole: see the module docstring) has a break not reported before.
        StorageError: the database cannot be opened or read with ``key``, or the copy cannot be
            written (for example the disk is full); no partial copy is left.
    """
    database = Path(database)
    with _ONE_AT_A_TIME:  # before the snapshot starts: a waiting reader would hold back the log's checkpoint
        try:
            conn = connect(f"{database.resolve().as_uri()}?mode=ro", key, uri=True)
        except DB_ERRORS as error:
            raise StorageError(f"{database.name} could not be opened to back it up ({error}).") from error
        try:
            try:
                conn.execute("PRAGMA busy_timeout = 5000")  # rare: while the window resets its write-ahead log
                conn.execute("BEGIN")
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts here
            except DB_ERRORS as error:
                if is_damage(error):
                    raise DamagedDatabaseError(
                        f"{database.name} is damaged: part of the file could not be read ({error}), so no backup "
                        "was made; the earlier backups are kept."
                    ) from error
                raise StorageError(f"{database.name} could not be read to back it up ({error}).") from error
            quick_check(conn, database)
            now = clock()
            report = _check_trail(conn, database, now)
            target = backup_copy(conn, database, reason, key, now=now, audit=_manifest_audit(report))
        finally:
            conn.close()
        rotate(database, clock)
    _raise_if_broken(report, target)
    return target


def open_backup(copy: Path, key: Key | None) -> Connection:
    """Open a finished copy (a backup, or a restore's temporary file) for reading.

    ``immutable=1``: nothing writes a finished copy, and without it SQLite would
    leave ``-wal`` and ``-shm`` files beside it (its header says write-ahead log,
    copied from the database, and a read-only connection cannot remove them).

    Raises:
        sqlcipher3.dbapi2.Error: it cannot be opened.
    """
    return connect(f"{Path(copy).resolve().as_uri()}?mode=ro&immutable=1", key, uri=True)


def check_backup(
    backup: Path,
    key: Key | None,
    *,
    progress: Progress = no_progress,
    fraction: float = 0.0,
    message: str = "Checking the backup…",
) -> dict[str, int]:
    """Open a backup with ``key``, check its integrity and return its counts.

    Args:
        backup: The copy to check.
        key: The data key it should open with (None: plain).
        progress: Told ``(fraction, message)`` while the check runs; may raise to stop it.
        fraction: What to report as done (0.0-1.0) during the check.
        message: What to report.

    Raises:
        StorageError: it cannot be read with this key, or fails ``PRAGMA integrity_check``.
        OperationCancelled: ``progress`` raised it (nothing is changed by a check).
    """
    try:
        conn = open_backup(backup, key)
    except DB_ERRORS as error:
        raise StorageError(f"The backup {Path(backup).name} could not be opened ({error}).") from error
    try:
        with reporting(conn, progress, fraction, message):
            result = conn.execute("PRAGMA integrity_check").fetchone()
        if not result or result[0] != "ok":
            raise StorageError(f"The backup {Path(backup).name} is damaged ({result[0] if result else 'no answer'}).")
        return database_counts(conn)
    except DB_ERRORS as error:
        raise StorageError(
            f"The backup {Path(backup).name} could not be read with this database's key ({error})."
        ) from error
    finally:
        conn.close()


def latest_good_backup(database: Path, key: Key | None, *, progress: Progress = no_progress) -> BackupInfo | None:
    """The newest backup of ``database`` that opens with ``key`` and passes the integrity check.

    Args:
        database: The database file.
        key: Its data key (None if plain).
        progress: Told ``(0.0, "Checking the backup taken on <when>…")`` during each check; may raise
            :class:`~safeguarding.progress.OperationCancelled` to stop (nothing is changed).
    """
    for backup in list_backups(database):
        if backup.encrypted != (key is not None):
            continue
        try:
            check_backup(
                backup.path,
                key,
                progress=progress,
                message=f"Checking the backup taken on {utc_to_local(backup.taken_at):%d %B %Y at %H:%M}…",
            )
        except StorageError:
            continue
        return backup
    return None


def newest_backup_time(database: Path, reasons: tuple[str, ...] = AUTOMATIC) -> datetime | None:
    """When the newest backup of one of ``reasons`` was taken, if any."""
    times = [b.taken_at for b in list_backups(database) if b.reason in reasons]
    return max(times) if times else None


class StoreBackups:
    """The backups of one open database (``store.backups``).

    Args:
        conn: The open connection.
        database: The database file.
        key: Its data key (None if plain).
        clock: Returns "now" (UTC).
    """

    def __init__(self, conn: Connection, database: Path, key: Key | None, clock: Clock = utc_now) -> None:
        self._conn = conn
        self.database = Path(database)
        self._key = key
        self._clock = clock

    def take(self, reason: str = "periodic") -> Path:
        """Back up now through the store's connection (so on its thread) and apply the keep rules.

        Raises:
            StorageError: the copy cannot be written.
        """
        return take_backup(self._conn, self.database, reason, self._key, self._clock)

    def take_detached(self, reason: str = "periodic") -> Path:
        """Back up now through a connection of its own and apply the keep rules.

        Safe to call from another thread while the store keeps being used (and
        written) on its own thread: it touches only the database file, never the
        store's connection. See :func:`take_backup_from_file`.

        Returns:
            The new backup.

        Raises:
            StorageError: the database cannot be read, or the copy cannot be written.
        """
        return take_backup_from_file(self.database, reason, self._key, self._clock)

    def newest_first(self) -> list[BackupInfo]:
        """Every backup, newest first."""
        return list_backups(self.database)


__all__ = [
    "BackupInfo",
    "StoreBackups",
    "check_backup",
    "latest_good_backup",
    "list_backups",
    "quick_check",
    "rotate",
    "take_backup",
    "take_backup_from_file",
]
