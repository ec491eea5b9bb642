"""The audit trail's anchor: its last entry as last checked, kept beside the database in ``<database>.audit.json``.

What the anchor is for is said in :mod:`safeguarding.store.audit_chain` (which checks against it). It also
keeps when the whole trail was last checked and found intact, so that a backup checks only what was written
since, and the whole trail once a day (:func:`whole_check_due`).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from safeguarding.private_files import write_private_atomically
from safeguarding.timeutil import from_iso, to_iso

if TYPE_CHECKING:
    from safeguarding.store.audit_chain import ChainReport

ANCHOR_SUFFIX = ".audit.json"
ANCHOR_FORMAT = "location-assessment-tool/audit-anchor"
WHOLE_CHECK_EVERY = timedelta(days=1)
"""How old the last whole check of the trail may be before a backup checks it whole again (:func:`whole_check_due`)."""


@dataclass(frozen=True)
class Anchor:
    """The trail's last entry as last checked, kept beside the database.

    Attributes:
        database_id: The database's identity (``app_meta``); another database's anchor is ignored.
        seq: The number of the last entry then.
        hash: Its seal (hex).
        checked_at: When (aware UTC).
        whole_checked_at: When the whole trail was last checked and found intact, every check since
            finding no break either (aware UTC); None when not (a break was found since), and in an
            anchor written before this was kept (read as never: the next backup checks the whole trail).
    """

    database_id: str
    seq: int
    hash: str
    checked_at: datetime
    whole_checked_at: datetime | None = None


def anchor_path(database: Path) -> Path:
    """``<database>.audit.json``."""
    database = Path(database)
    return database.with_name(database.name + ANCHOR_SUFFIX)


def read_anchor(database: Path) -> Anchor | None:
    """The anchor of ``database``, or None if there is none or it cannot be read (never raises)."""
    try:
        data = json.loads(anchor_path(database).read_text(encoding="utf-8"))
        if data.get("format") != ANCHOR_FORMAT:
            return None
        whole = data.get("whole_checked_at")
        return Anchor(
            str(data["database_id"]),
            int(data["seq"]),
            str(data["hash"]),
            from_iso(data["checked_at"]),
            from_iso(whole) if whole else None,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_anchor(
    database: Path, database_id: str, report: ChainReport, whole_checked_at: datetime | None = None
) -> None:
    """Keep ``report``'s last entry as the anchor of ``database`` (owner-only; a failure is let go).

    ``whole_checked_at``: see :attr:`Anchor.whole_checked_at` (None: not kept).
    """
    if not database_id or not report.head_seq:
        return
    data = {
        "format": ANCHOR_FORMAT,
        "version": 1,
        "database_id": database_id,
        "seq": report.head_seq,
        "hash": report.head_hash,
        "checked_at": to_iso(report.checked_at),
        **({"whole_checked_at": to_iso(whole_checked_at)} if whole_checked_at else {}),
    }
    with contextlib.suppress(OSError):  # the anchor helps; a read-only folder must not stop the app
        write_private_atomically(anchor_path(database), json.dumps(data, indent=2) + "\n")


def remove_anchor(database: Path) -> None:
    """Forget the anchor (the database is being replaced by a restored backup; never raises)."""
    with contextlib.suppress(OSError):
        anchor_path(database).unlink(missing_ok=True)


def whole_check_due(anchor: Anchor | None, now: datetime) -> bool:
    """True if a backup taken ``now`` must check every seal of the trail, not only those written since its anchor.

    A check from the anchor on finds what was written or changed since the last check,
    and a trail cut short or rewritten up to the anchor (by the anchor's seal); it trusts
    the entries before the anchor. An old entry changed inside the file without
    resealing leaves every later seal as it was, so only a check of every seal finds
    it: one runs before a backup at least every :data:`WHOLE_CHECK_EVERY` (a day), and
    such a change is found within a day, while the backups in between cost what was
    written since the last check instead of the whole history (docs/benchmarks.md).

    Due when there is no anchor; when it records no whole check (an older anchor, or a
    check since found a break: then every backup checks the whole trail, and every
    backup's manifest keeps saying it is broken); when the last whole check is
    :data:`WHOLE_CHECK_EVERY` old or older; or when it is later than ``now`` (the clock
    was set back: its age is not known).

    Args:
        anchor: The anchor read beside the database (None: none, or another database's).
        now: When the backup is taken (aware UTC).
    """
    if anchor is None or anchor.whole_checked_at is None:
        return True
    age = now - anchor.whole_checked_at
    return age >= WHOLE_CHECK_EVERY or age < timedelta(0)
