"""The trail keeps each value once, when it is replaced, with a sealed digest of what each change set (step 0070).

It still reads back both sides of every entry, and a database's entries written before
the step are kept, sealed and read as they were.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from safeguarding.model import AgeBand, Location, Observation, ObservedGender, Person, Side
from safeguarding.protection.history import history_lines
from safeguarding.store import open_store
from safeguarding.store.audit_chain import verify_chain
from safeguarding.store.audit_schema import append_sql, drop_audit_triggers, register_audit_functions
from safeguarding.store.audit_seal import digest_of
from safeguarding.store.migrations import migrations
from safeguarding.store.schema.trail import FORMAT_STEP
from safeguarding.store.subject_access import text_records
from tests.protection.conftest import Scene


def _visit(notes: str = "Quiet.") -> Observation:
    start = datetime(2026, 11, 3, 16, 0, tzinfo=UTC)
    cell = (list(AgeBand)[2], list(ObservedGender)[1])
    return Observation(
        start=start, end=start + timedelta(hours=1), notes=notes, counts={cell: 4}, sides={Side.GUARDIANSHIP}
    )


def _stored(scene: Scene, table: str) -> list[tuple[str, str | None, str | None, bytes | None]]:
    return scene.store.db.execute(
        "SELECT action, old_values, new_values, set_digest FROM audit_log WHERE table_name = ? ORDER BY seq", [table]
    ).fetchall()


def test_a_visit_keeps_its_values_in_the_record_and_the_trail_keeps_what_each_change_replaced(scene: Scene) -> None:
    store, assessment = scene.store, scene.assessment
    visit = store.assessments.save_observation(assessment.id, _visit("Quiet."))
    visit.notes = "Busy after school."
    visit = store.assessments.save_observation(assessment.id, visit)
    visit.notes = "Busy until dark."
    store.assessments.save_observation(assessment.id, visit)
    stored = _stored(scene, "observations")
    assert [action for action, *_ in stored] == ["insert", "update", "update"]
    assert stored[0][1:3] == (None, None)  # the record holds what was added: only its digest is kept
    assert [json.loads(old or "{}").get("notes") for _, old, _, _ in stored[1:]] == ["Quiet.", "Busy after school."]
    assert all(new is None for _, _, new, _ in stored)
    assert all(digest is not None and len(digest) == 32 for *_, digest in stored)
    assert stored[2][3] == digest_of('{"notes":"Busy until dark."}')  # the JSON the earlier trigger stored
    entries = [e for e in store.audit.history(assessment.id) if e.table == "observations"]
    assert not any(e.altered or e.not_kept or e.outside_before for e in entries)
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


def test_an_honest_history_reads_back_every_value_typed_through_to_the_removal(scene: Scene) -> None:
    store = scene.store
    person = store.people.save(Person(scene.assessment.id, "Zoë Green", "Young person A", other_names="Zo"))
    person.real_name = "Zoe Green"
    person = store.people.save(person)
    person.other_names = ""  # emptied: the update sets "", which the removal's values leave out
    person.real_name = "Zoë Greene"
    person = store.people.save(person)
    store.people.remove(person.id)
    entries = [e for e in store.audit.history(scene.assessment.id) if e.table == "people"]
    assert [e.action for e in entries] == ["insert", "update", "update", "delete"]
    assert not any(e.altered or e.not_kept or e.outside_before for e in entries)
    assert entries[0].new is not None
    added = (entries[0].new["real_name"], entries[0].new["pseudonym"], entries[0].new["other_names"])
    assert added == ("Zoë Green", "Young person A", "Zo")
    assert (entries[1].old, entries[1].new) == ({"real_name": "Zoë Green"}, {"real_name": "Zoe Green"})
    assert entries[2].old == {"real_name": "Zoe Green", "other_names": "Zo"}
    assert entries[2].new == {"real_name": "Zoë Greene", "other_names": None}  # "" or NULL: shown as nothing
    assert entries[3].old is not None and entries[3].old["real_name"] == "Zoë Greene"
    lines = [(line.what, line.field, line.before, line.after) for line in history_lines(entries)]
    assert ("Person (for redaction) changed", "Other names", "Zo", "") in lines
    assert verify_chain(store.db).intact


def test_head_counts_and_side_tags_keep_entries_of_their_own(scene: Scene) -> None:
    store, assessment = scene.store, scene.assessment
    visit = store.assessments.save_observation(assessment.id, _visit())
    assert [action for action, *_ in _stored(scene, "observation_counts")] == ["insert"]
    assert [action for action, *_ in _stored(scene, "observation_sides")] == ["insert"]
    cell = next(iter(visit.counts))
    visit.counts[cell] = 6
    visit.sides = {Side.ENVIRONMENT}
    store.assessments.save_observation(assessment.id, visit)
    counts = [e for e in store.audit.history(assessment.id) if e.table == "observation_counts"]
    assert [(e.action, e.old, e.new) for e in counts] == [
        ("insert", None, {"count": 4}),
        ("update", {"count": 4}, {"count": 6}),
    ]
    sides = [(e.action, json.loads(e.record_id)[1]) for e in store.audit.history(assessment.id)
             if e.table == "observation_sides"]  # fmt: skip
    assert sides == [("insert", "guardianship"), ("delete", "guardianship"), ("insert", "environment")]
    assert not any(e.unconfirmed or e.outside_before for e in store.audit.history(assessment.id))  # keys only
    assert verify_chain(store.db).intact


def test_the_trail_no_longer_copies_what_is_added(scene: Scene) -> None:
    store = scene.store
    text = "A long account of the evening, written once. " * 40
    for _ in range(5):
        store.assessments.save_observation(scene.assessment.id, _visit(text))
    copies = store.db.execute(
        "SELECT count(*) FROM audit_log WHERE instr(coalesce(old_values, '') || coalesce(new_values, ''), ?) > 0",
        [text[:60]],
    ).fetchone()[0]
    assert copies == 0
    trail = store.db.execute(
        "SELECT sum(length(coalesce(old_values, '')) + length(coalesce(new_values, ''))) FROM audit_log "
        "WHERE table_name = 'observations'"
    ).fetchone()[0]
    assert (trail or 0) < len(text)  # five visits of 1,800 characters: not one of them in the trail


def test_every_text_ever_held_is_still_found_for_a_subject_access_request(scene: Scene) -> None:
    store = scene.store
    person = store.people.save(Person(scene.assessment.id, "Zoë Green", "Young person A"))
    person.real_name = "Zoe Green"
    person = store.people.save(person)
    kept = store.people.save(Person(scene.assessment.id, "Amir Khan", "Young person B"))
    store.people.remove(person.id)
    found = {(item.text, item.current) for item in text_records(store.db) if item.table == "people"}
    assert ("Zoë Green", False) in found  # replaced: the update kept it
    assert ("Zoe Green", False) in found  # removed: the delete kept it
    assert ("Amir Khan", True) in found and kept.id


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
    assert "set_digest" not in {row[1] for row in conn.execute("PRAGMA table_info(audit_log)")}
    conn.close()
    return rows


def test_an_older_trail_is_kept_as_it_was_and_read_together_with_the_new_entries(tmp_path: Path) -> None:
    path = tmp_path / "older.sqlite3"
    before = _older_database(path)
    store = open_store(path)
    try:
        assert store.opened.audit is not None and store.opened.audit.intact
        after = store.db.execute("SELECT * FROM audit_log ORDER BY seq").fetchall()
        assert [row[:-1] for row in after[: len(before)]] == before  # not rewritten: same values and seals
        assert all(row[-1] is None for row in after[: len(before)])  # (the new column, empty)
        (location,) = store.locations.find_by_name("Brenchley Gdns")
        location.name = "Brenchley Gardens (north)"
        store.locations.update(location)
        entries = store.audit.entries(table="locations")
        assert [(e.action, e.old, e.new) for e in entries] == [
            ("insert", None, {"name": "Brenchley Gardens", "address": "1 High Street"}),
            ("update", {"name": "Brenchley Gardens"}, {"name": "Brenchley Gdns"}),
            ("update", {"name": "Brenchley Gdns"}, {"name": "Brenchley Gardens (north)"}),
        ]
        assert entries[-1].set_digest is not None and not entries[-1].outside_before
        assert verify_chain(store.db).intact
    finally:
        store.close()
    store = open_store(path)
    try:
        assert store.opened.audit is not None and store.opened.audit.intact
        assert store.locations.add(Location(name="Mote Park")).id
    finally:
        store.close()


def test_an_older_trail_then_a_change_outside_the_app_then_an_update_is_marked(tmp_path: Path) -> None:
    path = tmp_path / "older.sqlite3"
    _older_database(path)
    conn = sqlite3.connect(path)  # past the triggers (none on locations yet): the record now says otherwise
    conn.execute("UPDATE locations SET name = 'Forged Gardens' WHERE id = 'L1'")
    conn.commit()
    conn.close()
    store = open_store(path)
    try:
        (location,) = store.locations.find_by_name("Forged Gardens")
        location.name = "Brenchley Gardens (north)"
        store.locations.update(location)
        last = store.audit.entries(table="locations")[-1]
        assert last.outside_before and last.old == {"name": "Forged Gardens"}
        assert any("outside this app" in line.what for line in history_lines([last]))
    finally:
        store.close()


def test_a_busy_honest_history_has_nothing_marked_as_changed_outside_the_app(scene: Scene) -> None:
    from datetime import date

    from safeguarding.evidence.photos import import_photo
    from safeguarding.model import Consultation, ConsultationMethod, MapPin
    from tests.protection.conftest import png_bytes

    store, assessment_id = scene.store, scene.assessment.id
    visit = store.assessments.save_observation(assessment_id, _visit("Quiet."))
    photo = store.photos.add(assessment_id, import_photo(png_bytes(), "a.png"), observation_id=visit.id)
    store.photos.remove(photo.id)
    consultation = store.consultations.save(
        assessment_id,
        Consultation("Warden", ConsultationMethod.WALKABOUT, date(2026, 11, 5), sides={Side.GUARDIANSHIP}),
    )
    store.consultations.delete(consultation.id)
    store.maps.save_pin(assessment_id, MapPin(51.2776, 0.5196, "cctv", "Camera"))
    goal = store.plan.add_goal(assessment_id, Side.GUARDIANSHIP, "Trusted adults")
    store.plan.remove_goal(goal.id)
    store.assessments.delete_observation(visit.id)
    location = scene.location
    location.name = "Brenchley Gardens (north)"
    store.locations.update(location)
    person = store.people.save(Person(assessment_id, "Zoë Green", "Young person A"))
    store.people.remove(person.id)
    store.assessments.delete(assessment_id)
    history = store.audit.history(assessment_id)
    assert {e.action for e in history} >= {"insert", "update", "delete"}
    assert [e for e in history if e.unconfirmed or e.outside_before] == []
    assert verify_chain(store.db).intact
