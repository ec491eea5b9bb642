"""Records keyed by several columns are named in words in the history (a tester's finding: 67 rows read
``record ["d126c4`` in the exported CSV: head counts and review items)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from safeguarding.model import AgeBand, Observation, ObservedGender, Side
from safeguarding.protection.history import history_lines
from safeguarding.store.audit import AuditEntry
from tests.protection.conftest import Scene


def test_a_visits_head_counts_are_named_by_age_band_and_gender(scene: Scene) -> None:
    store, assessment_id = scene.store, scene.assessment.id
    start = datetime(2026, 11, 3, 16, 0, tzinfo=UTC)
    counts = {(AgeBand.AGE_11_13, ObservedGender.FEMALE): 3, (AgeBand.ADULTS, ObservedGender.UNCLEAR): 1}
    store.assessments.save_observation(
        assessment_id,
        Observation(start=start, end=start + timedelta(hours=1), notes="", counts=counts, sides={Side.GUARDIANSHIP}),
    )
    lines = [
        line for line in history_lines(store.audit.history(assessment_id)) if line.what == "Visit head count added"
    ]
    assert sorted({line.record for line in lines}) == ["Head count: 11-13, female", "Head count: Adults, not clear"]
    unnamed = [line for line in history_lines(store.audit.history(assessment_id)) if line.record.startswith("record [")]
    assert unnamed == []


def test_a_review_item_is_named_by_its_action() -> None:
    at = datetime(2026, 11, 30, 17, 40, tzinfo=UTC)
    action = AuditEntry("1", "plan_actions", "a1", "x", "insert", None, {"description": "Cut back the hedge"}, at, "")
    item = AuditEntry(
        "2", "plan_review_items", json.dumps(["r1", "a1"]), "x", "insert", None, {"status": "done"}, at, ""
    )
    unknown = AuditEntry(
        "3", "plan_review_items", json.dumps(["r1", "a2"]), "x", "insert", None, {"note": "ok"}, at, ""
    )
    records = [line.record for line in history_lines([action, item, unknown])]
    assert records == ["‘Cut back the hedge’", "Review of ‘Cut back the hedge’", "Review of an action"]
