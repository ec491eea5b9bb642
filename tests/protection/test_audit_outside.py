"""Records changed, removed or put back past the audit triggers are said in the history (the tester's findings).

Each test forges a record as the tester did (:func:`tests.protection.forgery.forge`: the
``sqlite3`` module, the audit triggers dropped and put back) and reads the history
through the store: the change must be marked, and honest use must mark nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from safeguarding.demo import build_demo_database
from safeguarding.model import AgeBand, Observation, ObservedGender, Person, Side
from safeguarding.protection.history import ALTERED_WORDS, OUTSIDE_AFTER_WORDS, history_lines
from safeguarding.store import Store, audit_replay, open_store
from safeguarding.store.audit import AuditEntry
from safeguarding.store.audit_chain import verify_chain
from tests.protection.conftest import Scene
from tests.protection.forgery import forge
from tests.protection.test_audit_size import _older_database


def _visit(notes: str = "Quiet.", sides: frozenset[Side] = frozenset({Side.GUARDIANSHIP})) -> Observation:
    start = datetime(2026, 11, 3, 16, 0, tzinfo=UTC)
    cell = (list(AgeBand)[2], list(ObservedGender)[1])
    return Observation(start=start, end=start + timedelta(hours=1), notes=notes, counts={cell: 4}, sides=set(sides))


def _of(store: Store, assessment_id: str, table: str) -> list[AuditEntry]:
    return [e for e in store.audit.history(assessment_id) if e.table == table]


def _flagged(entries: list[AuditEntry]) -> list[AuditEntry]:
    return [e for e in entries if e.unconfirmed or e.outside_before or e.outside_after]


def test_a_visit_hidden_by_an_empty_deleted_at_is_marked(scene: Scene) -> None:
    store, assessment_id = scene.store, scene.assessment.id
    visit = store.assessments.save_observation(assessment_id, _visit())
    forge(scene.path, "UPDATE observations SET deleted_at = '' WHERE id = ?", [visit.id])
    assert visit.id not in [o.id for o in store.assessments.get(assessment_id).observations]  # hidden by ''
    (added,) = _of(store, assessment_id, "observations")
    assert added.action == "insert" and added.altered and added.new is None
    assert [line.after for line in history_lines([added])] == [ALTERED_WORDS]
    assert verify_chain(store.db).intact


def test_an_empty_text_emptied_the_other_way_is_marked_too(scene: Scene) -> None:
    """NULL and "" differ: a visit's notes (declared NOT NULL) cannot be NULL, so the other way is a deleted_at
    of a visit deleted in the app, set back to ""."""
    store, assessment_id = scene.store, scene.assessment.id
    visit = store.assessments.save_observation(assessment_id, _visit())
    store.assessments.delete_observation(visit.id)
    forge(scene.path, "UPDATE observations SET deleted_at = '' WHERE id = ?", [visit.id])
    added, deleted = _of(store, assessment_id, "observations")
    assert deleted.action == "update" and deleted.altered and not added.altered


def test_a_side_tag_removed_past_the_triggers_is_marked_and_the_line_names_the_side(scene: Scene) -> None:
    store, assessment_id = scene.store, scene.assessment.id
    visit = store.assessments.save_observation(assessment_id, _visit(sides=frozenset({Side.YOUNG_PEOPLE})))
    (honest,) = _of(store, assessment_id, "observation_sides")
    assert not _flagged([honest])
    assert [line.record for line in history_lines([honest])] == ["Side tag: Young people"]
    forge(
        scene.path,
        "DELETE FROM observation_sides WHERE observation_id = ? AND side = 'young_people'",
        [visit.id],
    )
    (tag,) = _of(store, assessment_id, "observation_sides")
    assert tag.action == "insert" and tag.altered and tag.outside_after == "removed"
    lines = history_lines([tag])
    assert {line.record for line in lines} == {"Side tag: Young people"}
    assert lines[-1].what == "Visit side tag removed outside this app"
    assert lines[-1].after == OUTSIDE_AFTER_WORDS["removed"]


def test_a_record_put_back_past_the_triggers_after_its_removal_is_marked(scene: Scene) -> None:
    store, assessment_id = scene.store, scene.assessment.id
    person = store.people.save(Person(assessment_id, "Zoë Green", "Young person A"))
    cursor = store.db.execute("SELECT * FROM people WHERE id = ?", [person.id])
    names, row = [item[0] for item in cursor.description], cursor.fetchone()
    store.people.remove(person.id)
    assert not _flagged(_of(store, assessment_id, "people"))  # removed in the app: nothing to say
    marks = ", ".join("?" for _ in names)
    forge(scene.path, f"INSERT INTO people ({', '.join(names)}) VALUES ({marks})", list(row))
    added, removed = _of(store, assessment_id, "people")
    assert removed.action == "delete" and removed.outside_after == "put back" and not added.unconfirmed
    lines = history_lines([added, removed])
    assert lines[-1].what == "Person (for redaction) put back outside this app"
    assert lines[-1].after == OUTSIDE_AFTER_WORDS["put back"]


@pytest.mark.parametrize("when", ["before the upgrade", "after the upgrade"])
def test_an_upgraded_records_forgery_is_marked_before_any_edit(tmp_path: Path, when: str) -> None:
    path = tmp_path / "older.sqlite3"
    _older_database(path)  # its location L1: added 'Brenchley Gardens', renamed 'Brenchley Gdns' (entries keep values)
    if when == "before the upgrade":  # no trigger on the table yet: a plain write
        forge_before(path, "UPDATE locations SET name = 'Forged Gardens' WHERE id = 'L1'")
    store = open_store(path)
    try:
        honest = store.audit.entries(table="locations")
        if when == "after the upgrade":
            assert not _flagged(honest)  # upgraded and untouched: nothing to say
            forge(path, "UPDATE locations SET name = 'Forged Gardens' WHERE id = 'L1'")
        entries = store.audit.entries(table="locations")
        assert [e.outside_after for e in entries] == ["", "changed"]
        assert entries[-1].new == {"name": "Brenchley Gdns"}  # what the app set is still shown: the trail kept it
        lines = history_lines(entries)
        assert lines[-1].what == "Location changed outside this app"
        assert lines[-1].after == OUTSIDE_AFTER_WORDS["changed"]
    finally:
        store.close()


def test_an_upgraded_records_column_left_empty_and_filled_past_the_triggers_is_marked(tmp_path: Path) -> None:
    path = tmp_path / "older.sqlite3"
    _older_database(path)
    store = open_store(path)
    try:
        forge(path, "UPDATE locations SET ward = 'Forged ward' WHERE id = 'L1'")  # empty when added
        assert [e.outside_after for e in store.audit.entries(table="locations")] == ["", "changed"]
    finally:
        store.close()


def forge_before(path: Path, sql: str) -> None:
    """A write to a database of the version before step 0070 whose table has no trigger (as built by the test)."""
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_a_save_from_another_window_while_the_history_is_read_is_not_a_change_outside_the_app(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, assessment_id = scene.store, scene.assessment.id
    visit = store.assessments.save_observation(assessment_id, _visit("Quiet."))
    other = open_store(scene.path)
    read = audit_replay.current_values
    saved: list[str] = []

    def another_window_saves_first(*args: Any, **kwargs: Any) -> dict[str, dict[str, Any]]:
        if not saved:  # between reading the entries and reading the records
            visit.notes = "Saved in the other window."
            other.assessments.save_observation(assessment_id, visit)
            saved.append(visit.id)
        return read(*args, **kwargs)

    monkeypatch.setattr(audit_replay, "current_values", another_window_saves_first)
    try:
        history = store.audit.history(assessment_id)
    finally:
        other.close()
    assert saved  # the hook ran: the other window's save landed in between
    assert _flagged(history) == []
    assert [e.action for e in history if e.table == "observations"] == ["insert"]  # as of the moment it began
    monkeypatch.undo()
    after = _of(store, assessment_id, "observations")
    assert [e.action for e in after] == ["insert", "update"] and _flagged(after) == []


def test_text_that_is_not_utf8_does_not_stop_the_history_and_is_marked(scene: Scene) -> None:
    store, assessment_id = scene.store, scene.assessment.id
    visit = store.assessments.save_observation(assessment_id, _visit("Quiet."))
    forge(scene.path, "UPDATE observations SET notes = CAST(x'ff41' AS TEXT) WHERE id = ?", [visit.id])
    (added,) = _of(store, assessment_id, "observations")
    assert added.altered and added.new is None
    assert [line.after for line in history_lines([added])] == [ALTERED_WORDS]
    assert store.db.conn.text_factory is str  # the connection reads as before


def test_the_demo_database_has_nothing_marked_in_any_history(tmp_path: Path) -> None:
    store = open_store(build_demo_database(tmp_path / "demo.sqlite3"))
    try:
        ids = [row[0] for row in store.db.execute("SELECT id FROM assessments").fetchall()]
        histories = [store.audit.history(assessment_id) for assessment_id in ids]
        assert ids and all(len(history) > 10 for history in histories)
        assert [_flagged(history) for history in histories] == [[] for _ in ids]
    finally:
        store.close()


def test_a_record_moved_to_another_assessment_then_removed_reads_clean_in_the_one_it_moved_to(
    scene: Scene, form: Any
) -> None:
    """The delete entry names the assessment the record was in last: the move's digest reads back from it. The
    history the record left still says it was removed outside the app (a limit: the app never moves records)."""
    from safeguarding.model import MapPin

    store, first = scene.store, scene.assessment.id
    second = store.assessments.create(scene.location.id, form, assessor_name="Sam Practitioner").id
    pin = store.maps.save_pin(first, MapPin(51.2776, 0.5196, "cctv", "To move", side=Side.GUARDIANSHIP))
    with store.db.atomic():  # through the app's connection: both changes are in the trail
        store.db.execute("UPDATE map_pins SET assessment_id = ? WHERE id = ?", [second, pin.id])
    with store.db.atomic():
        store.db.execute("DELETE FROM map_pins WHERE id = ?", [pin.id])
    moved_to = _of(store, second, "map_pins")
    assert [e.action for e in moved_to] == ["update", "delete"] and _flagged(moved_to) == []
    assert moved_to[0].new == {"assessment_id": second}
    assert [e.outside_after for e in _of(store, first, "map_pins")] == ["removed"]
