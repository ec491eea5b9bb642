"""Schema steps 0040-0049: data protection (audit trail, people for redaction, redaction choices).

Listed, in order, in :mod:`safeguarding.store.migrations`. Never edit a released step; add one.

* ``audit_log`` is written only by the triggers of
  :mod:`safeguarding.store.audit_schema`; ``BEFORE UPDATE`` / ``BEFORE DELETE``
  triggers refuse any change to it ("The audit trail cannot be changed"). The
  one exception is the retention purge, which blanks the *values* of the audit
  rows of the records it purges (keeping who, when, what and which record)
  while it holds the write lock (see :mod:`safeguarding.store.retention`).
* ``people`` holds the real names of people mentioned in an assessment (young
  people, alleged perpetrators) with the pseudonym used in redacted exports.
  It is the only place real names belong.
* ``redaction_decisions`` holds the answers given in the redaction preview
  (replace or keep one occurrence of a name), keyed by a hash of the words
  around it (see :mod:`safeguarding.store.redaction_decisions`).
"""

from __future__ import annotations

from sqlite_utils import Database

from safeguarding.store.audit_schema import AUDIT_READ_ONLY_MESSAGE, AUDIT_TABLE, ensure_audit_triggers

AUDIT_GUARDS = {
    "audit_log_no_update": f"""
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON {AUDIT_TABLE}
        BEGIN SELECT RAISE(ABORT, '{AUDIT_READ_ONLY_MESSAGE}'); END
    """,
    "audit_log_no_delete": f"""
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON {AUDIT_TABLE}
        BEGIN SELECT RAISE(ABORT, '{AUDIT_READ_ONLY_MESSAGE}'); END
    """,
}
"""The guard triggers of the audit table, by name (the retention purge lifts and restores them)."""

PERSON_ROLES = ("young_person", "alleged_perpetrator", "other")


def m0040_audit_log(db: Database) -> None:
    """Create the append-only audit trail and the triggers that write it for every existing table."""
    db.execute(
        f"""
        CREATE TABLE {AUDIT_TABLE} (
            id TEXT PRIMARY KEY NOT NULL,
            table_name TEXT NOT NULL,
            record_id TEXT NOT NULL,
            assessment_id TEXT,
            action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'purge')),
            old_values TEXT CHECK (old_values IS NULL OR json_valid(old_values)),
            new_values TEXT CHECK (new_values IS NULL OR json_valid(new_values)),
            at_utc TEXT NOT NULL,
            actor TEXT NOT NULL DEFAULT '',
            purged_at TEXT
        )
        """
    )
    db.execute(f"CREATE INDEX idx_audit_log_assessment ON {AUDIT_TABLE} (assessment_id, at_utc)")
    db.execute(f"CREATE INDEX idx_audit_log_record ON {AUDIT_TABLE} (table_name, record_id)")
    for sql in AUDIT_GUARDS.values():
        db.execute(sql)
    ensure_audit_triggers(db)


def m0041_people(db: Database) -> None:
    """Create the people mentioned in an assessment, with the pseudonym used in redacted exports."""
    roles = ", ".join(f"'{role}'" for role in PERSON_ROLES)
    db.execute(
        f"""
        CREATE TABLE people (
            id TEXT PRIMARY KEY NOT NULL,
            assessment_id TEXT NOT NULL REFERENCES assessments (id),
            real_name TEXT NOT NULL CHECK (length(trim(real_name)) > 0),
            pseudonym TEXT NOT NULL CHECK (length(trim(pseudonym)) > 0),
            role TEXT NOT NULL CHECK (role IN ({roles})),
            other_names TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_people_assessment ON people (assessment_id)")
    db.execute("CREATE UNIQUE INDEX idx_people_pseudonym ON people (assessment_id, pseudonym COLLATE NOCASE)")
    ensure_audit_triggers(db)


def m0042_redaction_decisions(db: Database) -> None:
    """Create the user's answers to the redaction preview: replace or keep each doubtful occurrence.

    ``occurrence_key`` is the hash of the matched words and the words either side
    (:func:`safeguarding.protection.name_matching.occurrence_key`), so no note text is stored.
    """
    db.execute(
        """
        CREATE TABLE redaction_decisions (
            id TEXT PRIMARY KEY NOT NULL,
            assessment_id TEXT NOT NULL REFERENCES assessments (id),
            occurrence_key TEXT NOT NULL CHECK (length(occurrence_key) = 64),
            replaced INTEGER NOT NULL CHECK (replaced IN (0, 1)),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE UNIQUE INDEX idx_redaction_decisions_key ON redaction_decisions (assessment_id, occurrence_key)")
    ensure_audit_triggers(db)
