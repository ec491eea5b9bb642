"""Schema steps 0070-0079: the audit trail's size (issue 14).

Listed, in order, in :mod:`safeguarding.store.migrations`. Never edit a released step; add one.

* 0070 makes the audit triggers keep each value once, **when it is replaced**, and a
  sealed digest of what each change set: an insert keeps no values (the record holds
  them) but ``set_digest``, the SHA-256 of the JSON text the earlier trigger stored as
  its values; an update keeps the values the changed columns had before, and the
  SHA-256 of the JSON of their new values; a delete keeps the values the record had
  (:mod:`safeguarding.store.audit_schema`). The step adds ``set_digest`` to
  ``audit_log`` (skipped if there), which the seal covers (:mod:`safeguarding.store.audit_seal`).
  The entries already in the trail are not touched: they keep the values that were
  set, stay sealed as they were, and are read as before. The step appends a sealed
  ``notice`` entry (:data:`FORMAT_RECORD`) that marks where the new way starts;
  :mod:`safeguarding.store.audit_replay` reads the history on both sides of it and
  checks every value read back from a record against the digest of the entry that set it.
"""

from __future__ import annotations

from sqlite_utils import Database

from safeguarding.store.audit_schema import AUDIT_TABLE, ensure_audit_triggers
from safeguarding.store.schema.accountability import add_set_digest

FORMAT_RECORD = "values-kept-when-replaced"
"""``record_id`` of the notice entry (``table_name`` ``audit_log``) from which entries keep values when replaced."""
FORMAT_STEP = "0070_audit_sealed_digests"


def m0070_audit_sealed_digests(db: Database) -> None:
    """Keep each audited value once, when it is replaced, with a sealed digest of what each change set."""
    from safeguarding.store.audit_chain import add_entry

    add_set_digest(db)
    ensure_audit_triggers(db)
    add_entry(
        db,
        AUDIT_TABLE,
        FORMAT_RECORD,
        "notice",
        {
            "format": FORMAT_RECORD,
            "words": (
                "From here on an entry keeps the values a change replaced and a sealed digest of the values it set; "
                "the record holds its values now."
            ),
        },
    )
