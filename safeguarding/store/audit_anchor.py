"""The audit trail's anchor: its last entry as last checked, kept beside the database in ``<database>.audit.json``.

What the anchor is for is said in :mod:`safeguarding.store.audit_chain` (which checks against it).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from safeguarding.private_files import write_private_atomically
from safeguarding.timeutil import from_iso, to_iso

if TYPE_CHECKING:
    from safeguarding.store.audit_chain import ChainReport

ANCHOR_SUFFIX = ".audit.json"
ANCHOR_FORMAT = "location-assessment-tool/audit-anchor"


@dataclass(frozen=True)
class Anchor:
    """The trail's last entry as last checked, kept beside the database.

    Attributes:
        database_id: The database's identity (``app_meta``); another database's anchor is ignored.
        seq: The number of the last entry then.
        hash: Its seal (hex).
        checked_at: When (aware UTC).
    """

    database_id: str
    seq: int
    hash: str
    checked_at: datetime


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
        return Anchor(str(data["database_id"]), int(data["seq"]), str(data["hash"]), from_iso(data["checked_at"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_anchor(database: Path, database_id: str, report: ChainReport) -> None:
    """Keep ``report``'s last entry as the anchor of ``database`` (owner-only; a failure is let go)."""
    if not database_id or not report.head_seq:
        return
    data = {
        "format": ANCHOR_FORMAT,
        "version": 1,
        "database_id": database_id,
        "seq": report.head_seq,
        "hash": report.head_hash,
        "checked_at": to_iso(report.checked_at),
    }
    with contextlib.suppress(OSError):  # the anchor helps; a read-only folder must not stop the app
        write_private_atomically(anchor_path(database), json.dumps(data, indent=2) + "\n")


def remove_anchor(database: Path) -> None:
    """Forget the anchor (the database is being replaced by a restored backup; never raises)."""
    with contextlib.suppress(OSError):
        anchor_path(database).unlink(missing_ok=True)
