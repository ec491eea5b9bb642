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


def test_records_are_named_in_words_not_by_their_ids() -> None:
    """Issue 16: the history showed hex record ids ("2608714b") as the record."""
    from safeguarding.protection.history import history_lines, record_names

    def entry(number: str, record_id: str, action: str, new: dict[str, object], table: str) -> AuditEntry:
        at = datetime(2026, 11, 30, 18, 5, tzinfo=UTC)
        return AuditEntry(number, table, record_id, "a", action, None, new, at, "Sam")

    entries = [
        entry(
            "1",
            "2608714b4769",
            "insert",
            {"description": "Fix the lights by the bandstand", "status": "x"},
            "plan_actions",
        ),
        entry("2", "2608714b4769", "update", {"status": "on_track"}, "plan_actions"),
        entry("3", "77aa01", "insert", {"start_utc": "2026-11-13T19:00:00+00:00", "observer": "Jo"}, "observations"),
        entry("4", "ffee99", "update", {"status": "done"}, "plan_actions"),
    ]
    names = record_names(entries)
    records = [{line.record for line in describe(each, names)} for each in entries]
    assert records[0] == records[1] == {"‘Fix the lights by the bandstand’"}  # the update named by the insert
    assert records[2] == {"of 13/11/2026"}
    assert records[3] == {"record ffee99"}  # named by no entry: its short id, said to be one
    assert {line.record for line in history_lines(entries)} == set().union(*records)
