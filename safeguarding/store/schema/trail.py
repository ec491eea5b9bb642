"""Schema steps 0070-0079: the audit trail's size (issue 14).

Listed, in order, in :mod:`safeguarding.store.migrations`. Never edit a released step; add one.

* 0070 makes the audit triggers keep each value once, **when it is replaced**: an
  insert keeps no values (the record holds them), an update the values the changed
  columns had before, a delete the values the record had; and the head counts and side
  tags written with a new visit (a consultation's side tags with it) get no entries of
  their own (:mod:`safeguarding.store.audit_schema`). The entries already in the trail
  are not touched: they keep the values that were set, stay sealed as they were, and
  are read as before. The step appends a sealed ``notice`` entry (:data:`FORMAT_RECORD`)
  that marks where the new way starts; :mod:`safeguarding.store.audit_replay` reads the
  history on both sides of it.
"""

from __future__ import annotations

from sqlite_utils import Database

from safeguarding.store.audit_schema import AUDIT_TABLE, ensure_audit_triggers

FORMAT_RECORD = "values-kept-when-replaced"
"""``record_id`` of the notice entry (``table_name`` ``audit_log``) from which entries keep values when replaced."""
FORMAT_STEP = "0070_audit_values_when_replaced"


def m0070_audit_values_when_replaced(db: Database) -> None:
    """Keep each audited value once, when it is replaced; mark in the trail where that starts."""
    from safeguarding.store.audit_chain import add_entry

    ensure_audit_triggers(db)
    add_entry(
        db,
        AUDIT_TABLE,
        FORMAT_RECORD,
        "notice",
        {
            "format": FORMAT_RECORD,
            "words": "From here on an entry keeps the values a change replaced; the record holds its values now.",
        },
    )
