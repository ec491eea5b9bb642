"""The assessment history reads in words: codes become labels, links and bookkeeping are hidden."""

from __future__ import annotations

from datetime import UTC, datetime

from safeguarding.protection.history import describe
from safeguarding.store.audit import AuditEntry


def test_status_change_reads_in_words_without_ids() -> None:
    entry = AuditEntry(
        id="1",
        table="plan_actions",
        record_id="2608714b4769",
        assessment_id="a",
        action="update",
        old={"status": "not_started", "goal_id": "g1", "updated_at": "x", "lead": "PCSO Dev Mistry"},
        new={"status": "on_track", "goal_id": "g2", "updated_at": "y", "lead": "PCSO Dev Mistry"},
        at=datetime(2026, 11, 30, 18, 5, tzinfo=UTC),
        actor="Siân O'Brien",
    )
    lines = describe(entry)
    assert [(line.field, line.before, line.after) for line in lines] == [("Status", "Not started", "On track")]
    assert lines[0].who == "Siân O'Brien" and lines[0].when == "30/11/2026 18:05:00"
