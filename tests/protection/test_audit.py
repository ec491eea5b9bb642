"""The audit trail: who changed what, when, with old and new values; it cannot be changed."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest

from safeguarding.evidence.photos import import_photo
from safeguarding.model import Consultation, ConsultationMethod, MapPin, Observation, Person, Side
from safeguarding.store.audit_schema import AUDIT_READ_ONLY_MESSAGE, audited_tables, ensure_audit_triggers
from safeguarding.store.dberrors import DB_ERRORS
from tests.protection.conftest import Scene, png_bytes


def _visit() -> Observation:
    return Observation(
        start=datetime(2026, 11, 3, 16, 0, tzinfo=UTC), end=datetime(2026, 11, 3, 17, 0, tzinfo=UTC), notes="Quiet."
    )


def test_every_app_table_has_insert_update_and_delete_triggers(scene: Scene) -> None:
    db = scene.store.db
    triggers = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    tables = audited_tables(db)
    assert "audit_log" not in tables and "_sqlite_migrations" not in tables
    assert {"assessments", "observations", "photos", "people", "plan_action_updates"} <= set(tables)
    for table in tables:
        for action in ("insert", "update", "delete"):
            assert f"audit_{table}_{action}" in triggers
    assert ensure_audit_triggers(db) == []  # idempotent: nothing to do the second time


def test_create_records_who_when_and_new_values(scene: Scene) -> None:
    created = [e for e in scene.store.audit.history(scene.assessment.id) if e.table == "assessments"]
    assert len(created) == 1
    entry = created[0]
    assert entry.action == "insert" and entry.old is None
    assert entry.actor == "Sam Practitioner"
    assert entry.new is not None and entry.new["assessor_name"] == "Sam Practitioner"
    assert entry.record_id == scene.assessment.id
    assert (datetime.now(UTC) - entry.at).total_seconds() < 60
    locations = [e for e in scene.store.audit.history(scene.assessment.id) if e.table == "locations"]
    assert locations and locations[0].new["name"] == "Brenchley Gardens"  # type: ignore[index]


def test_change_records_only_changed_columns_with_old_and_new(scene: Scene) -> None:
    store, assessment = scene.store, scene.assessment
    assessment.analysis = "Harm is driven by the unlit path."
    assessment.findings[Side.GUARDIANSHIP].concerns = "No staff after 6pm."
    store.assessments.save(assessment)
    changes = [e for e in store.audit.history(assessment.id) if e.action == "update"]
    by_table = {e.table: e for e in changes}
    old = by_table["assessments"].old
    assert old is not None and not old["analysis"] and set(old) == {"analysis"}  # empty before; no bookkeeping
    assert by_table["assessments"].new["analysis"] == "Harm is driven by the unlit path."  # type: ignore[index]
    assert by_table["side_findings"].new["concerns"] == "No staff after 6pm."  # type: ignore[index]
    assert by_table["side_findings"].assessment_id == assessment.id
    # Saving again with nothing changed but the timestamp is not recorded.
    before = store.audit.count()
    store.assessments.save(assessment)
    assert store.audit.count() == before


def test_soft_delete_and_real_delete_are_recorded(scene: Scene) -> None:
    store, assessment = scene.store, scene.assessment
    visit = store.assessments.save_observation(assessment.id, _visit())
    store.assessments.delete_observation(visit.id)
    entries = [e for e in store.audit.history(assessment.id) if e.table == "observations"]
    assert [e.action for e in entries] == ["insert", "update"]
    assert entries[1].old["deleted_at"] is None and entries[1].new["deleted_at"]  # type: ignore[index]
    person = store.people.save(Person(assessment.id, "Zoë Green", "Young person A"))
    store.people.remove(person.id)
    people = [e for e in store.audit.history(assessment.id) if e.table == "people"]
    assert [e.action for e in people] == ["insert", "delete"]
    assert people[1].old["real_name"] == "Zoë Green"  # type: ignore[index]
    assert people[1].actor == "Sam Practitioner"


@pytest.mark.parametrize("kind", ["consultation", "pin", "photo", "goal"])
def test_child_records_are_linked_to_their_assessment(scene: Scene, kind: str) -> None:
    store, assessment = scene.store, scene.assessment
    if kind == "consultation":
        store.consultations.save(
            assessment.id,
            Consultation("Café manager", ConsultationMethod.CONVERSATION, date(2026, 11, 4), sides={Side.GUARDIANSHIP}),
        )
        tables = {"consultations", "consultation_sides"}
    elif kind == "pin":
        store.maps.save_pin(assessment.id, MapPin(51.2776, 0.5196, "cctv", label="Camera"))
        tables = {"map_pins"}
    elif kind == "photo":
        store.photos.add(assessment.id, import_photo(png_bytes(), "a.png"), caption="Bench")
        tables = {"assessment_photos"}
    else:
        goal = store.plan.add_goal(assessment.id, Side.GUARDIANSHIP, "Trusted adults after school")
        from safeguarding.plan.records import Action

        agency = store.plan.agencies()[0]
        store.plan.add_action(Action(goal_id=goal.id, description="Warden patrol", agency_id=agency.id, lead="J. Doe"))
        tables = {"plan_goals", "plan_actions", "plan_action_updates"}
    seen = {e.table for e in store.audit.history(assessment.id) if e.action == "insert"}
    assert tables <= seen


def test_photo_bytes_are_never_copied_into_the_audit(scene: Scene) -> None:
    data = png_bytes()
    scene.store.photos.add(scene.assessment.id, import_photo(data, "a.png"))
    (entry,) = scene.store.audit.entries(table="photos")
    assert entry.new is not None
    assert entry.new["original"] == f"<binary {len(data)} bytes>"
    assert entry.new["thumbnail"].startswith("<binary ")


def test_the_audit_cannot_be_changed_or_deleted(scene: Scene) -> None:
    db = scene.store.db
    for sql in ("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"):
        with pytest.raises(DB_ERRORS, match=AUDIT_READ_ONLY_MESSAGE):
            db.execute(sql)
    assert not hasattr(scene.store.audit, "delete") and not hasattr(scene.store.audit, "update")


def test_a_connection_without_the_actor_function_cannot_change_audited_tables(scene: Scene) -> None:
    conn = sqlite3.connect(scene.path)
    try:
        with pytest.raises(sqlite3.OperationalError, match="no such function: audit_"):
            conn.execute("UPDATE locations SET name = 'Renamed'")
    finally:
        conn.close()


def test_a_table_added_later_is_audited_after_reopening(scene: Scene, form: object) -> None:
    db = scene.store.db
    db.execute("CREATE TABLE later_notes (id TEXT PRIMARY KEY, assessment_id TEXT REFERENCES assessments (id))")
    created = ensure_audit_triggers(db)
    assert set(created) == {"audit_later_notes_insert", "audit_later_notes_update", "audit_later_notes_delete"}
    db.execute("INSERT INTO later_notes VALUES ('n1', ?)", [scene.assessment.id])
    assert [e.table for e in scene.store.audit.history(scene.assessment.id)][-1] == "later_notes"
    db.execute("ALTER TABLE later_notes ADD COLUMN words TEXT")
    assert "audit_later_notes_update" in ensure_audit_triggers(db)  # new column: triggers rebuilt
    db.execute("UPDATE later_notes SET words = 'hello'")
    assert scene.store.audit.history(scene.assessment.id)[-1].new == {"words": "hello"}
