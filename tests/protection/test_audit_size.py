"""The trail keeps each value once, when it is replaced (schema step 0070), and still reads back both sides."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from safeguarding.model import AgeBand, Location, Observation, ObservedGender, Side
from safeguarding.protection.history import history_lines
from safeguarding.store import open_store
from safeguarding.store.audit_chain import verify_chain
from safeguarding.store.audit_schema import append_sql, drop_audit_triggers, register_audit_functions
from safeguarding.store.migrations import migrations
from safeguarding.store.schema.trail import FORMAT_STEP
from tests.protection.conftest import Scene


def _visit(notes: str = "Quiet.") -> Observation:
    start = datetime(2026, 11, 3, 16, 0, tzinfo=UTC)
    cell = (list(AgeBand)[2], list(ObservedGender)[1])
    return Observation(
        start=start, end=start + timedelta(hours=1), notes=notes, counts={cell: 4}, sides={Side.GUARDIANSHIP}
    )


def _stored(scene: Scene, table: str) -> list[tuple[str, str | None, str | None]]:
    return scene.store.db.execute(
        "SELECT action, old_values, new_values FROM audit_log WHERE table_name = ? ORDER BY seq", [table]
    ).fetchall()


def test_a_visit_keeps_its_values_in_the_record_and_the_trail_keeps_what_each_change_replaced(scene: Scene) -> None:
    store, assessment = scene.store, scene.assessment
    visit = store.assessments.save_observation(assessment.id, _visit("Quiet."))
    visit.notes = "Busy after school."
    visit = store.assessments.save_observation(assessment.id, visit)
    visit.notes = "Busy until dark."
    store.assessments.save_observation(assessment.id, visit)
    stored = _stored(scene, "observations")
    assert [action for action, _, _ in stored] == ["insert", "update", "update"]
    assert stored[0][1:] == (None, None)  # the record holds what was added
    assert [json.loads(old or "{}").get("notes") for _, old, _ in stored[1:]] == ["Quiet.", "Busy after school."]
    assert all(new is None for _, _, new in stored)
    entries = [e for e in store.audit.history(assessment.id) if e.table == "observations"]
    assert entries[0].new is not None and entries[0].new["notes"] == "Quiet."
    assert [(e.old, e.new) for e in entries[1:]] == [
        ({"notes": "Quiet."}, {"notes": "Busy after school."}),
        ({"notes": "Busy after school."}, {"notes": "Busy until dark."}),
    ]
    lines = [line for line in history_lines(entries) if line.field == "Notes"]
    assert [(line.before, line.after) for line in lines] == [
        ("", "Quiet."),
        ("Quiet.", "Busy after school."),
        ("Busy after school.", "Busy until dark."),
    ]


def test_head_counts_and_side_tags_added_with_a_visit_have_no_entries_but_later_changes_do(scene: Scene) -> None:
    store, assessment = scene.store, scene.assessment
    visit = store.assessments.save_observation(assessment.id, _visit())
    assert _stored(scene, "observation_counts") == [] and _stored(scene, "observation_sides") == []
    cell = next(iter(visit.counts))
    visit.counts[cell] = 6
    visit.sides = {Side.ENVIRONMENT}
    store.assessments.save_observation(assessment.id, visit)
    counts = [e for e in store.audit.history(assessment.id) if e.table == "observation_counts"]
    assert [(e.action, e.old, e.new) for e in counts] == [("update", {"count": 4}, {"count": 6})]
    sides = [(e.action, json.loads(e.record_id)[1]) for e in store.audit.history(assessment.id)
             if e.table == "observation_sides"]  # fmt: skip
    assert sides == [("delete", "guardianship"), ("insert", "environment")]
    assert all(e.assessment_id == assessment.id for e in counts)
    assert verify_chain(store.db).intact


def test_a_head_count_added_later_by_someone_else_has_its_own_entry(scene: Scene) -> None:
    store, assessment = scene.store, scene.assessment
    visit = store.assessments.save_observation(assessment.id, _visit())
    store.audit.set_actor("Alex Colleague")
    visit.counts[(next(iter(AgeBand)), next(iter(ObservedGender)))] = 2
    store.assessments.save_observation(assessment.id, visit)
    (added,) = [e for e in store.audit.history(assessment.id) if e.table == "observation_counts"]
    assert added.action == "insert" and added.actor == "Alex Colleague" and added.new == {"count": 2}


def test_a_deleted_record_keeps_its_values_in_its_delete_entry(scene: Scene) -> None:
    from safeguarding.model import Person

    person = scene.store.people.save(Person(scene.assessment.id, "Zoë Green", "Young person A"))
    scene.store.people.remove(person.id)
    entries = [e for e in scene.store.audit.history(scene.assessment.id) if e.table == "people"]
    assert [e.action for e in entries] == ["insert", "delete"]
    assert entries[0].new is not None and entries[0].new["real_name"] == "Zoë Green"
    assert entries[1].old is not None and entries[1].old["real_name"] == "Zoë Green"


def _older_database(path: Path) -> list[tuple[object, ...]]:
    """A database of the version before step 0070, whose trail keeps the values set; return its trail's rows."""
    conn = sqlite3.connect(path)
    db = Database(conn)
    register_audit_functions(conn, "Sam Practitioner")
    migrations.apply(db, stop_before=FORMAT_STEP)
    drop_audit_triggers(db, "locations")  # written here as the earlier triggers wrote them
    conn.execute(
        "INSERT INTO locations (id, name, address, created_at, updated_at) "
        "VALUES ('L1', 'Brenchley Gdns', '1 High Street', '2026-11-01T10:00:00+00:00', '2026-11-02T10:00:00+00:00')"
    )
    entry = (
        "SELECT 'locations' AS table_name, 'L1' AS record_id, NULL AS assessment_id, ? AS action, "
        "NULL AS old_values, ? AS new_values, ? AS at_utc, 'Sam Practitioner' AS actor"
    )
    for action, new, at in (
        ("insert", {"name": "Brenchley Gardens", "address": "1 High Street"}, "2026-11-01T10:00:00.000Z"),
        ("update", {"name": "Brenchley Gdns"}, "2026-11-02T10:00:00.000Z"),
    ):
        conn.execute(append_sql(entry), [action, json.dumps(new), at])
    conn.commit()
    rows = conn.execute("SELECT * FROM audit_log ORDER BY seq").fetchall()
    conn.close()
    return rows


def test_an_older_trail_is_kept_as_it_was_and_read_together_with_the_new_entries(tmp_path: Path) -> None:
    path = tmp_path / "older.sqlite3"
    before = _older_database(path)
    store = open_store(path)
    try:
        assert store.opened.audit is not None and store.opened.audit.intact
        after = store.db.execute("SELECT * FROM audit_log ORDER BY seq").fetchall()
        assert after[: len(before)] == before  # not rewritten: the same entries, values and seals
        (location,) = store.locations.find_by_name("Brenchley Gdns")
        location.name = "Brenchley Gardens (north)"
        store.locations.update(location)
        entries = store.audit.entries(table="locations")
        assert [(e.action, e.old, e.new) for e in entries] == [
            ("insert", None, {"name": "Brenchley Gardens", "address": "1 High Street"}),
            ("update", {"name": "Brenchley Gardens"}, {"name": "Brenchley Gdns"}),
            ("update", {"name": "Brenchley Gdns"}, {"name": "Brenchley Gardens (north)"}),
        ]
        assert verify_chain(store.db).intact
    finally:
        store.close()
    store = open_store(path)
    try:
        assert store.opened.audit is not None and store.opened.audit.intact
        assert store.locations.add(Location(name="Mote Park")).id
    finally:
        store.close()
