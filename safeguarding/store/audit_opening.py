"""The audit trail's check when a database is opened for editing: put back what is missing, check, anchor."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from safeguarding.store.audit_chain import ChainBreak, ChainReport
from safeguarding.store.audit_schema import ensure_audit_triggers

CHAINED_STEP = "0050_audit_chain"
"""The schema step that made the trail a chain: from it on, the trail's protection is checked at opening."""


def audit_repairs_needed(db: Database, applied: list[str], pending: list[str]) -> list[ChainBreak]:
    """What of the trail's protection is missing before this opening changes anything (see :func:`check_audit`).

    Only for a database whose trail is already chained and that needs no upgrade: an
    upgrade may change the triggers on purpose.
    """
    from safeguarding.store.audit_chain import REMOVED, UNPROTECTED, ChainBreak, missing_protection
    from safeguarding.store.audit_schema import AUDIT_TABLE

    if CHAINED_STEP not in applied or pending:
        return []
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if AUDIT_TABLE not in tables:
        return [ChainBreak(REMOVED, 0, repaired=True)]
    missing = missing_protection(db)
    return [ChainBreak(UNPROTECTED, 0, None, ", ".join(missing), repaired=True)] if missing else []


def check_audit(db: Database, path: Path, repairs: list[ChainBreak]) -> ChainReport:
    """Put back the trail's protection, check the chain from its anchor on, and move the anchor.

    A guard or trigger found missing or altered, or the trail's table found removed,
    is put back and recorded in the trail as a notice (the window still shows it, as
    new). The seals are checked from the anchor's entry on (the whole trail when there
    is no anchor, as after an upgrade); a backup checks the whole trail once a day
    (see :func:`~safeguarding.store.audit_anchor.whole_check_due`).
    """
    from safeguarding.store.audit_chain import REMOVED, check_and_anchor, ensure_trail_table, record_notices

    if any(item.kind == REMOVED for item in repairs):
        ensure_trail_table(db)
    ensure_audit_triggers(db)
    report = check_and_anchor(db, path, found=repairs)
    if repairs:
        record_notices(db, repairs, "found when the database was opened, and put back")
    return report


__all__ = ["CHAINED_STEP", "audit_repairs_needed", "check_audit"]
