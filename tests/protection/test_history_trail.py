"""An exported history's ending says every break of the trail, also one the app repaired (a tester's finding).

The tester dropped the audit triggers with ``sqlite3`` and changed a visit's notes; the app put the
triggers back when it opened the database, so a whole check found the chain intact, and the
exported history ended "Audit trail intact" although the window said the trail was broken.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

from safeguarding.model import AgeBand, Observation, ObservedGender, Side
from safeguarding.protection.history import TRAIL_CHECK, history_lines, write_history_csv
from safeguarding.protection.history_trail import changed_outside, trail_lines, trail_summary
from safeguarding.store import Store, open_store
from safeguarding.timeutil import utc_to_local
from tests.conftest import FixedClock
from tests.protection.conftest import Scene
from tests.protection.forgery import forge


def _visit(notes: str) -> Observation:
    start = datetime(2026, 11, 3, 16, 0, tzinfo=UTC)
    cell = (list(AgeBand)[2], list(ObservedGender)[1])
    return Observation(
        start=start, end=start + timedelta(hours=1), notes=notes, counts={cell: 4}, sides={Side.GUARDIANSHIP}
    )


def _export(store: Store, assessment_id: str, path: Path) -> list[list[str]]:
    """Export as the History window does (its words come from the domain), and read the CSV back."""
    entries = store.audit.history(assessment_id)
    ending = trail_lines(store.audit.check(whole=True), store.audit.reported_breaks(), changed_outside(entries))
    write_history_csv(history_lines(entries), path, ending)
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def _ending(rows: list[list[str]]) -> list[str]:
    return [row[6] for row in rows if len(row) > 2 and row[2] == TRAIL_CHECK]


def test_a_break_repaired_at_opening_and_the_record_changed_meanwhile_are_said_at_the_end(
    scene: Scene, clock: FixedClock, tmp_path: Path
) -> None:
    store, assessment_id = scene.store, scene.assessment.id
    visit = store.assessments.save_observation(assessment_id, _visit("Quiet."))
    store.close()
    forge(scene.path, "UPDATE observations SET notes = 'Nothing seen.' WHERE id = ?", [visit.id], put_back=False)
    reopened = open_store(scene.path, clock=clock)  # puts the triggers back and records a notice
    try:
        assert [item.kind for item in reopened.opened.audit.breaks] == ["unprotected"]  # the window's warning
        report = reopened.audit.check(whole=True)
        assert report.intact  # what the export saw: intact now
        ending = _ending(_export(reopened, assessment_id, tmp_path / "history.csv"))
        head = f"last entry {report.head_seq:,}, seal {report.head_hash}"
    finally:
        reopened.close()
    summary = ending[0]
    assert summary.startswith(f"Audit trail: the chain is intact now ({head});")
    assert "Audit trail intact" not in summary
    assert "1 problem was reported before, on " in summary
    assert summary.endswith("; 1 record in this history was changed outside this app.")
    (reported,) = ending[1:]
    assert reported.startswith("Reported on ") and "(found when the database was opened, and put back)" in reported
    assert "The audit trail's protection was removed (" in reported and "audit_observations_update" in reported
    assert "has been put back" in reported


def test_a_record_changed_with_the_triggers_put_back_is_counted_in_the_summary(scene: Scene, tmp_path: Path) -> None:
    store, assessment_id = scene.store, scene.assessment.id
    first = store.assessments.save_observation(assessment_id, _visit("Quiet."))
    second = store.assessments.save_observation(assessment_id, _visit("Busy."))
    for visit in (first, second):
        forge(scene.path, "UPDATE observations SET notes = 'Nothing seen.' WHERE id = ?", [visit.id])
    (summary,) = _ending(_export(store, assessment_id, tmp_path / "history.csv"))
    assert summary.startswith("Audit trail: the chain is intact now (last entry ")
    assert "reported before" not in summary
    assert summary.endswith("; 2 records in this history were changed outside this app.")


def test_a_clean_database_still_ends_intact_with_the_last_seal(scene: Scene, tmp_path: Path) -> None:
    store, assessment_id = scene.store, scene.assessment.id
    store.assessments.save_observation(assessment_id, _visit("Quiet."))
    report = store.audit.check(whole=True)
    assert _ending(_export(store, assessment_id, tmp_path / "history.csv")) == [
        f"Audit trail intact (last entry {report.head_seq:,}, seal {report.head_hash})."
    ]
    assert trail_summary(report) == report.summary()


def test_a_break_found_now_keeps_the_broken_summary_and_adds_what_was_reported(scene: Scene) -> None:
    store = scene.store
    store.db.execute("DROP TRIGGER audit_log_no_update")
    store.db.execute("UPDATE audit_log SET actor = 'Someone else' WHERE seq = 1")
    report = store.audit.check(whole=True)
    store.audit.record_notices(report.breaks, "shown in the window")
    notices = store.audit.reported_breaks()
    lines = trail_lines(report, notices, 0)
    head = f"last entry {report.head_seq:,}, seal {report.head_hash}"
    when = f"{utc_to_local(notices[0].at):%d/%m/%Y %H:%M}"
    assert lines[0].startswith("Audit trail BROKEN: 2 problems from entry 1")
    assert lines[0].endswith(f"; {head}; 2 problems were reported before, on {when} (each is said below).")
    assert len(lines) == 1 + 2 + 2  # the summary, the breaks found now, the notices
