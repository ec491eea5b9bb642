"""Checking the sealed audit trail: the chain, its guards and triggers, and its anchor beside the file.

What is checked (:func:`verify_chain`):

* every entry's seal matches its content and the seal before it
  (:mod:`safeguarding.store.audit_seal`): an entry changed, or forged with a wrong
  seal, breaks the chain *at that entry*;
* the entries are numbered without a gap: a deleted entry leaves one;
* values blanked without a retention purge after them;
* every guard of the trail and every audit trigger is there, as this version makes
  it (:func:`missing_protection`): a dropped or altered one lets changes go unrecorded;
* the **anchor** (:mod:`safeguarding.store.audit_anchor`): the number and seal of the last entry when the trail
  was last checked, kept beside the database in ``<database>.audit.json`` (owner-only). A
  trail that is shorter now, or whose entry at that number has another seal, was cut
  short or rewritten, even if its chain is whole again.

The chain seals the trail, not the records: since schema step 0070 a record's values
are kept in the record and sealed as a digest in the entry that set them
(``set_digest``, covered by the seal); a record changed past its triggers is found
when its history is read (:mod:`safeguarding.store.audit_replay`), not here.

Limits (the README says them): someone with the database's key and this program can
write entries that seal correctly, and can rewrite the whole trail and its anchor;
the rewrite then shows only against a copy they could not reach: a backup, an
exported history (it ends with the trail's last number and seal), a colleague's copy.

Breaks that the user has been shown in the window are recorded in the trail itself
as ``notice`` entries (:func:`record_notices`); a later check still reports them, as
already reported (:attr:`ChainReport.new_breaks` leaves them out).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from safeguarding.store.audit_anchor import Anchor, read_anchor, whole_check_due, write_anchor
from safeguarding.store.audit_schema import (
    AUDIT_TABLE,
    SET_DIGEST,
    _existing_triggers,
    append_sql,
    is_chained,
    keeps_set_digest,
    same_sql,
    wanted_triggers,
)
from safeguarding.store.audit_seal import seal, values_digest
from safeguarding.store.dberrors import DB_ERRORS
from safeguarding.store.schema.accountability import (
    CHAINED_TRAIL,
    DATABASE_ID_KEY,
    add_set_digest,
    create_trail_indexes,
)
from safeguarding.timeutil import from_iso, utc_now, utc_to_local
from safeguarding.words import counted

NOTICE = "notice"
WHOLE_CHECK_UP_TO = 20_000
"""A trail of up to this many entries is always checked whole (about 0.15 s); a longer one from its anchor on,
a backup checking it whole at least once a day (:func:`~safeguarding.store.audit_anchor.whole_check_due`)."""

CHANGED = "changed"
MISSING = "missing"
SHORTENED = "shortened"
REWRITTEN = "rewritten"
BLANKED = "blanked"
UNPROTECTED = "unprotected"
REMOVED = "removed"


@dataclass(frozen=True)
class ChainBreak:
    """One place where the trail is not as the app wrote it.

    Attributes:
        kind: :data:`CHANGED` (an entry does not match its seal), :data:`MISSING` (entries
            are gone), :data:`SHORTENED` / :data:`REWRITTEN` (against the anchor),
            :data:`BLANKED` (values removed outside a purge), :data:`UNPROTECTED` (a guard or
            audit trigger was missing or altered), :data:`REMOVED` (the trail's table was gone).
        seq: The number of the first entry concerned (0 when none applies).
        at: When that entry says it was written (aware UTC), if known.
        detail: Extra words (the triggers' names, the anchor's date...).
        repaired: The app has put back what was missing (found while opening the database).
    """

    kind: str
    seq: int
    at: datetime | None = None
    detail: str = ""
    repaired: bool = False

    @property
    def key(self) -> str:
        """What a notice entry records to say this break was reported."""
        return f"{self.kind}:{self.seq}:{self.detail}" if self.kind == UNPROTECTED else f"{self.kind}:{self.seq}"

    def describe(self) -> str:
        """The break in words, e.g. "Entry 1,204 (written 30/11/2026 17:40) was changed after it was written."."""
        when = f" (written {utc_to_local(self.at):%d/%m/%Y %H:%M})" if self.at else ""
        if self.kind == CHANGED:
            return (
                f"Entry {self.seq:,}{when} does not match its seal: it was changed after it was written, "
                "or added by something other than this app."
            )
        if self.kind == MISSING:
            return f"Entries {self.detail} are missing: removed from the trail after they were written{when}."
        if self.kind == SHORTENED:
            return f"The trail was cut short: {self.detail}"
        if self.kind == REWRITTEN:
            return f"The trail was rewritten from entry {self.seq:,} or before: {self.detail}"
        if self.kind == BLANKED:
            return f"The values of entry {self.seq:,}{when} were removed, but not by a retention purge."
        if self.kind == UNPROTECTED:
            now = "has been put back" if self.repaired else "is missing (the app puts it back when it next opens it)"
            return (
                f"The audit trail's protection was removed ({self.detail}) and {now}. Changes made meanwhile may be "
                "missing from the trail."
            )
        if self.kind == REMOVED:
            return "The audit trail itself was removed and has been started again, empty."
        return f"Entry {self.seq:,}: {self.detail}"


@dataclass(frozen=True)
class ChainReport:
    """The result of checking the trail.

    Attributes:
        entries: How many entries were read.
        head_seq: The number of the last entry (0: none).
        head_hash: Its seal (hex; "" when none).
        breaks: Every break found, oldest first.
        reported: The keys of breaks already reported in the window (``notice`` entries).
        first_checked: The first entry number checked (1 unless checked from the anchor on).
        checked_at: When the check ran (aware UTC).
    """

    entries: int
    head_seq: int
    head_hash: str
    breaks: tuple[ChainBreak, ...] = ()
    reported: frozenset[str] = frozenset()
    first_checked: int = 1
    checked_at: datetime = field(default_factory=utc_now)

    @property
    def intact(self) -> bool:
        """True if no break was found."""
        return not self.breaks

    @property
    def scope(self) -> str:
        """Which seals were checked: ``"whole"``, or ``"from entry N"`` (N in digits only)."""
        return "whole" if self.first_checked <= 1 else f"from entry {self.first_checked}"

    @property
    def new_breaks(self) -> tuple[ChainBreak, ...]:
        """The breaks not yet reported in the window."""
        return tuple(item for item in self.breaks if item.key not in self.reported)

    def summary(self) -> str:
        """One sentence: intact or how many breaks, from which entry; with the last entry's number and whole seal.

        The last number and seal let anyone holding a copy of this sentence (an exported
        history) check later that the trail was not rewritten up to there.
        """
        head = f"last entry {self.head_seq:,}, seal {self.head_hash}" if self.head_seq else "no entries yet"
        if self.intact:
            return f"Audit trail intact ({head})."
        first = next((item for item in self.breaks if item.seq), self.breaks[0])
        start = f" from entry {first.seq:,}" if first.seq else ""
        when = f" (written {utc_to_local(first.at):%d/%m/%Y %H:%M})" if first.at else ""
        return f"Audit trail BROKEN: {counted(len(self.breaks), 'problem')}{start}{when}; {head}."

    def lines(self) -> list[str]:
        """The summary, then each break in words (marked when already reported)."""
        return [self.summary()] + [
            item.describe() + (" (reported before)" if item.key in self.reported else "") for item in self.breaks
        ]


def database_id(db: Database) -> str:
    """The database's identity from ``app_meta`` ("" if it has none)."""
    try:
        row = db.execute("SELECT value FROM app_meta WHERE key = ?", [DATABASE_ID_KEY]).fetchone()
    except DB_ERRORS:
        return ""
    return str(row[0]) if row else ""


def missing_protection(db: Database) -> list[str]:
    """Names of the guards and audit triggers that are missing or differ from what this version makes."""
    if not is_chained(db):
        return []
    existing = _existing_triggers(db)
    return sorted(name for name, sql in wanted_triggers(db).items() if not same_sql(existing.get(name), sql))


def _at(text: str | None) -> datetime | None:
    with contextlib.suppress(ValueError, TypeError, AttributeError):
        return from_iso(str(text).replace("Z", "+00:00"))
    return None


def _reported(db: Database) -> frozenset[str]:
    rows = db.execute(
        f"SELECT json_extract(new_values, '$.reported') FROM {AUDIT_TABLE} WHERE action = ?", [NOTICE]
    ).fetchall()
    return frozenset(str(row[0]) for row in rows if row[0])


def verify_chain(db: Database, *, anchor: Anchor | None = None, since: int = 1) -> ChainReport:
    """Check the trail's chain, its guards and triggers, and (if given) its anchor.

    Runs in one read of the database (call it inside a transaction to check one
    snapshot). About 5 µs an entry of processor time: 1.7 s for 325,000 entries (docs/benchmarks.md).

    Args:
        db: An open database with the chained trail.
        anchor: The anchor read beside the file (None: no comparison).
        since: Check the seals from this entry number on (the entry before it is trusted:
            it was checked when the anchor was written). 1: the whole trail.

    Returns:
        The :class:`ChainReport`.
    """
    breaks: list[ChainBreak] = []
    if not is_chained(db):
        return ChainReport(0, 0, "")
    since = max(1, since)
    previous: bytes | None = None
    last_seq = since - 1
    if since > 1:
        row = db.execute(f"SELECT hash FROM {AUDIT_TABLE} WHERE seq = ?", [since - 1]).fetchone()
        previous = row[0] if row else None
        if row is None:
            since, last_seq = 1, 0
    blanked: list[tuple[int, str]] = []  # values blanked since the last purge read: a break unless a purge follows
    count = 0
    rows = db.execute(
        f"SELECT seq, table_name, record_id, assessment_id, action, old_values, new_values, at_utc, actor, "
        f"purged_at, values_digest, hash, {SET_DIGEST if keeps_set_digest(db) else 'NULL'} "
        f"FROM {AUDIT_TABLE} WHERE seq >= ? ORDER BY seq",
        [since],
    )
    for seq, table, record, assessment, action, old, new, at_utc, actor, purged_at, digest, stored, sets in rows:
        count += 1
        gap = seq != last_seq + 1
        if gap:
            first_missing, last_missing = last_seq + 1, seq - 1
            span = f"{first_missing:,} to {last_missing:,}" if last_missing > first_missing else f"{first_missing:,}"
            breaks.append(ChainBreak(MISSING, first_missing, _at(at_utc), span))
        if purged_at is not None:
            if old is not None or new is not None or sets is not None or not digest:
                breaks.append(ChainBreak(CHANGED, seq, _at(at_utc)))
            else:
                blanked.append((seq, at_utc))
        else:
            digest = values_digest(old, new, sets)
        if action == "purge":
            blanked.clear()  # the purge blanked them (a purge before ``since`` excuses none of those checked)
        expected = seal(previous, seq, table, record, assessment, action, at_utc, actor, digest or "")
        if expected != stored and not gap:
            breaks.append(ChainBreak(CHANGED, seq, _at(at_utc)))
        previous, last_seq = stored, seq
    breaks += [ChainBreak(BLANKED, number, _at(at)) for number, at in blanked]
    head = db.execute(f"SELECT seq, hash FROM {AUDIT_TABLE} ORDER BY seq DESC LIMIT 1").fetchone()
    head_seq, head_hash = (int(head[0]), bytes(head[1]).hex()) if head else (0, "")
    if anchor is not None and anchor.seq > 0:
        checked = f"{utc_to_local(anchor.checked_at):%d/%m/%Y %H:%M}"
        row = db.execute(f"SELECT hash, at_utc FROM {AUDIT_TABLE} WHERE seq = ?", [anchor.seq]).fetchone()
        if head_seq < anchor.seq:
            breaks.append(
                ChainBreak(
                    SHORTENED,
                    head_seq + 1,
                    None,
                    f"it had {anchor.seq:,} entries when it was checked on {checked}, and has {head_seq:,} now.",
                )
            )
        elif row is not None and bytes(row[0]).hex() != anchor.hash:
            breaks.append(
                ChainBreak(
                    REWRITTEN,
                    anchor.seq,
                    _at(row[1]),
                    f"entry {anchor.seq:,} is not the one there when the trail was checked on {checked}.",
                )
            )
    missing = missing_protection(db)
    if missing:
        breaks.append(ChainBreak(UNPROTECTED, 0, None, ", ".join(missing)))
    breaks.sort(key=lambda item: (item.seq == 0, item.seq))
    return ChainReport(
        entries=count,
        head_seq=head_seq,
        head_hash=head_hash,
        breaks=tuple(breaks),
        reported=_reported(db) if breaks else frozenset(),  # read only to sort breaks: a scan of the whole trail
        first_checked=since,
    )


def check_and_anchor(
    db: Database,
    database: Path,
    *,
    whole: bool = False,
    whole_when_due: bool = False,
    found: Iterable[ChainBreak] = (),
    now: datetime | None = None,
) -> ChainReport:
    """Check the trail against its anchor and move the anchor to the last entry.

    The seals are checked from the anchor's entry on, or the whole trail when
    ``whole``, when there is no anchor of this database, or when the trail has no more
    than :data:`WHOLE_CHECK_UP_TO` entries. The anchor is not moved
    past a trail found cut short or rewritten until that has been reported in the
    window (so every check until then finds it again). The anchor keeps when the whole
    trail was last found intact (:attr:`~safeguarding.store.audit_anchor.Anchor.whole_checked_at`):
    set by a whole check that finds no break, kept by a check from the anchor that finds
    none, forgotten by a check that finds one.

    Args:
        db: The open database.
        database: Its file (the anchor lies beside it).
        whole: Check every seal, not only those written since the last check.
        whole_when_due: Check every seal when :func:`~safeguarding.store.audit_anchor.whole_check_due`
            says so of this database's anchor (the backups' rule: at least once a day).
        found: Breaks found otherwise (protection put back at opening), put first.
        now: When the check runs (aware UTC; the report's ``checked_at``); default the current time.

    Returns:
        The report.
    """
    identity = database_id(db)
    anchor = read_anchor(database)
    if anchor is not None and anchor.database_id != identity:
        anchor = None  # another database was put at this path
    if whole_when_due and whole_check_due(anchor, now if now is not None else utc_now()):
        whole = True
    if anchor is not None and not whole:
        head = db.execute(f"SELECT coalesce(max(seq), 0) FROM {AUDIT_TABLE}").fetchone()[0]
        whole = head <= WHOLE_CHECK_UP_TO
    report = verify_chain(db, anchor=anchor, since=1 if whole or anchor is None else anchor.seq)
    if now is not None:
        report = replace(report, checked_at=now)
    found = tuple(found)
    if found:
        report = replace(report, breaks=(*found, *report.breaks))
    whole_checked_at = anchor.whole_checked_at if anchor is not None else None
    if report.breaks:
        whole_checked_at = None  # the next backup checks the whole trail again, and each one while it is broken
    elif report.first_checked <= 1:
        whole_checked_at = report.checked_at
    if not any(item.kind in (SHORTENED, REWRITTEN) for item in report.new_breaks):
        write_anchor(database, identity, report, whole_checked_at)
    return report


def add_entry(db: Database, table: str, record_id: str, action: str, values: dict[str, Any]) -> None:
    """Append one sealed entry written by the app itself (not by a trigger), e.g. a notice.

    Args:
        db: The open database (writable).
        table: What the entry is about (``audit_log`` for the trail itself).
        record_id: Which record.
        action: ``notice`` (or ``purge``).
        values: Stored as the entry's new values.
    """
    entry = (
        "SELECT ? AS table_name, ? AS record_id, NULL AS assessment_id, ? AS action, NULL AS old_values, "
        "? AS new_values, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS at_utc, coalesce(audit_actor(), '') AS actor"
    )
    db.execute(append_sql(entry), [table, record_id, action, json.dumps(values, ensure_ascii=False, sort_keys=True)])


def record_notices(db: Database, breaks: Iterable[ChainBreak], how: str) -> int:
    """Record in the trail that ``breaks`` were reported (``how``: e.g. "shown in the window"); return how many.

    Breaks already recorded are skipped. Each notice is an entry of its own, sealed like any other.
    """
    known = _reported(db)
    fresh = [item for item in breaks if item.key not in known]
    if not fresh:
        return 0
    with db.atomic():
        for item in fresh:
            add_entry(
                db,
                AUDIT_TABLE,
                str(item.seq),
                NOTICE,
                {"reported": item.key, "how": how, "words": item.describe()},
            )
    return len(fresh)


def ensure_trail_table(db: Database) -> bool:
    """Recreate an empty chained trail if its table was removed; True if it was (the caller reports it).

    Only for a database whose migrations include the chained trail (step 0050). The table
    gets the ``set_digest`` column of step 0070 (the migrations have run when this is called).
    """
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if AUDIT_TABLE in tables:
        return False
    with db.atomic():
        db.execute(CHAINED_TRAIL.format(name=AUDIT_TABLE))
        add_set_digest(db)
        create_trail_indexes(db)
    return True
