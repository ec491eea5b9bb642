"""The sharing log (what left the app, which copy, when, by whom, for whom and why) and subject access requests."""

from __future__ import annotations

import csv
import hashlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from safeguarding.model import Observation, Person
from safeguarding.protection.retention_rule import RetentionRule
from safeguarding.protection.sharing import LAWFUL_BASES, SharingDetails, write_sharing_csv
from safeguarding.protection.subject_access import find_mentions, same_person, write_subject_access_csv
from safeguarding.store.audit_chain import verify_chain
from safeguarding.store.subject_access import text_records
from tests.conftest import FixedClock
from tests.protection.conftest import Scene


def _visit(day: int, notes: str) -> Observation:
    start = datetime(2026, 11, day, 16, 0, tzinfo=UTC)
    return Observation(start=start, end=start + timedelta(hours=1), notes=notes)


def test_an_export_is_logged_with_its_copy_fingerprint_recipient_and_basis(scene: Scene, tmp_path: Path) -> None:
    report = tmp_path / "Brenchley Gardens - DCSM report (redacted).pdf"
    report.write_bytes(b"%PDF-1.4 pretend")
    details = SharingDetails("Maidstone DCSM, 19 November", "safeguarding", "agenda item 3")
    record = scene.store.sharing.record(
        "dcsm_report", report, redacted=True, assessment_id=scene.assessment.id, details=details
    )
    assert record.file_sha256 == hashlib.sha256(b"%PDF-1.4 pretend").hexdigest() and record.file_bytes == 16
    assert record.actor == "Sam Practitioner" and record.location_name == "Brenchley Gardens"
    assert record.description == "DCSM report (PDF) of Brenchley Gardens" and record.copy_label == "Redacted"
    (again,) = scene.store.sharing.entries(scene.assessment.id)
    assert again == record
    assert scene.store.sharing.entries("another assessment") == []
    out = write_sharing_csv(scene.store.sharing.entries(), tmp_path / "log.csv")
    with out.open(encoding="utf-8-sig", newline="") as stream:
        header, row = list(csv.reader(stream))
    assert header[:4] == ["When (UK time)", "Who", "What", "Copy"]
    assert row[3] == "Redacted" and row[4] == "Maidstone DCSM, 19 November" and row[5] == LAWFUL_BASES["safeguarding"]
    assert row[10] == record.file_sha256 and row[11] == "window"


def test_the_log_cannot_be_changed_is_sealed_in_the_trail_and_outlives_a_purge(
    scene: Scene, tmp_path: Path, clock: FixedClock
) -> None:
    store = scene.store
    copy = tmp_path / "plan.csv"
    copy.write_text("x")
    store.sharing.record("action_plan", copy, assessment_id=scene.assessment.id)
    for sql in ("UPDATE sharing_log SET recipient = 'nobody'", "DELETE FROM sharing_log"):
        with pytest.raises(Exception, match="The sharing log cannot be changed"):
            store.db.execute(sql)
    assert store.audit.entries(table="sharing_log")[0].new["kind"] == "action_plan"  # type: ignore[index]
    store.assessments.delete(scene.assessment.id)
    store.retention.set_rule(RetentionRule(1))
    clock.now += timedelta(days=800)
    due = store.retention.due(date(2029, 1, 1))
    store.retention.purge(store.retention.plan([item.assessment_id for item in due]))
    (kept,) = store.sharing.entries()
    assert kept.kind == "action_plan" and kept.location_name == "Brenchley Gardens"
    assert verify_chain(store.db).intact


def test_a_subject_access_search_finds_every_record_naming_the_person_earlier_versions_included(
    scene: Scene, tmp_path: Path
) -> None:
    store = scene.store
    store.people.save(Person(scene.assessment.id, "Zoë O'Brien", "Young person A"))
    store.people.save(Person(scene.assessment.id, "Will Green", "Young person B", other_names="Willo"))
    store.assessments.save_observation(scene.assessment.id, _visit(2, "Zoe OBrien was by the gate with Willo."))
    later = store.assessments.save_observation(scene.assessment.id, _visit(3, "ZOË was upset; Will Green left."))
    later.notes = "Quiet evening."  # corrected: the earlier version is kept by the audit trail
    store.assessments.save_observation(scene.assessment.id, later)
    store.assessments.save_observation(scene.assessment.id, _visit(4, "We will return on Friday."))
    everyone = store.people.everyone()
    person = same_person(everyone[0], everyone)
    mentions = find_mentions(list(text_records(store.db)), person, others=everyone)
    texts = {(mention.record.table, mention.record.current, mention.record.text) for mention in mentions}
    assert ("observations", True, "Zoe OBrien was by the gate with Willo.") in texts
    assert ("observations", False, "ZOË was upset; Will Green left.") in texts  # the earlier version
    assert ("people", True, "Zoë O'Brien") in texts  # the registration itself
    assert not any("Quiet evening" in text or "We will return" in text for _, _, text in texts)
    full = write_subject_access_csv(mentions, tmp_path / "full.csv", person=person, everyone=everyone, redacted=False)
    redacted = write_subject_access_csv(
        mentions, tmp_path / "redacted.csv", person=person, everyone=everyone, redacted=True
    )
    full_text = full.read_text(encoding="utf-8-sig")
    redacted_text = redacted.read_text(encoding="utf-8-sig")
    assert "Willo" in full_text and "Will Green" in full_text
    assert "Willo" not in redacted_text and "Will Green" not in redacted_text and "Young person B" in redacted_text
    assert "Zoe OBrien" in redacted_text and "earlier version (audit trail)" in redacted_text  # their own name stays


def test_a_person_registered_in_two_assessments_is_one_search(scene: Scene, form: object) -> None:
    store = scene.store
    store.people.save(Person(scene.assessment.id, "Zoë Green", "Young person A"))
    other = store.assessments.create(scene.location.id, form)  # type: ignore[arg-type]
    store.people.save(Person(other.id, "zoe green", "Young person C"))
    store.assessments.save_observation(other.id, _visit(5, "Zoë Green again, near the bandstand."))
    everyone = store.people.everyone()
    person = same_person(everyone[0], everyone)
    assert {item.pseudonym for item in person} == {"Young person A", "Young person C"}
    mentions = find_mentions(list(text_records(store.db)), person)
    assert {mention.record.assessment_id for mention in mentions} == {scene.assessment.id, other.id}


def test_the_redacted_copy_keeps_the_requester_s_name_whole_when_a_sibling_shares_it() -> None:
    from safeguarding.protection.subject_access import OthersRedactor

    zoe = Person("a", "Zoë Green", "Young person A")
    will = Person("a", "Will Green", "Young person B", other_names="Willo")
    redact = OthersRedactor([zoe], [will]).redact
    assert redact("Zoë Green by the gate with Will Green.") == "Zoë Green by the gate with Young person B."
    assert (
        redact("Willo said Green was there; we will return.") == "Young person B said Green was there; we will return."
    )


def test_a_sibling_s_record_is_not_theirs(scene: Scene) -> None:
    store = scene.store
    store.people.save(Person(scene.assessment.id, "Zoë Green", "Young person A"))
    store.people.save(Person(scene.assessment.id, "Will Green", "Young person B"))
    store.assessments.save_observation(scene.assessment.id, _visit(2, "Will Green was alone by the gate."))
    everyone = store.people.everyone()
    person = same_person(everyone[0], everyone)
    mentions = find_mentions(list(text_records(store.db)), person, others=everyone)
    assert [mention.record.text for mention in mentions] == ["Zoë Green"]  # her registration only
