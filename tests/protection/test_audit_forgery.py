"""A record changed past the audit triggers is never shown in the history as what was entered (issue 14).

The tester's forgery that got step 0070's first form reverted: drop a record's update
trigger, change the record in the file, put the trigger back. The trail keeps no copy
of what an insert set, only its sealed digest: the history reads the record back,
finds it no longer matches, and says so instead of presenting the forged text.
"""

from __future__ import annotations

from copy import deepcopy
from datetime import UTC, date, datetime, timedelta

from safeguarding.model import AgeBand, Observation, ObservedGender, Person, Side
from safeguarding.plan.records import Action, ActionStatus, Review, ReviewItem
from safeguarding.protection.history import ALTERED_WORDS, NOT_KEPT_WORDS, history_lines
from safeguarding.store import Store
from safeguarding.store.audit import AuditEntry
from safeguarding.store.audit_chain import CHANGED, verify_chain
from safeguarding.store.audit_schema import GUARDS, wanted_triggers
from tests.protection.conftest import Scene

FORGED = "Nothing of note. Forged."


def _visit(notes: str) -> Observation:
    start = datetime(2026, 11, 3, 16, 0, tzinfo=UTC)
    cell = (list(AgeBand)[2], list(ObservedGender)[1])
    return Observation(
        start=start, end=start + timedelta(hours=1), notes=notes, counts={cell: 4}, sides={Side.GUARDIANSHIP}
    )


def _past_the_trigger(store: Store, table: str, sql: str, params: list[object]) -> None:
    """What the tester did: drop the table's update trigger, change the record, put the trigger back."""
    name = f"audit_{table}_update"
    store.db.execute(f'DROP TRIGGER "{name}"')
    store.db.execute(sql, params)
    store.db.execute(wanted_triggers(store.db)[name])
    store.db.conn.commit()


def _of(store: Store, scene: Scene, table: str) -> list[AuditEntry]:
    return [e for e in store.audit.history(scene.assessment.id) if e.table == table]


def test_the_testers_forgery_is_not_shown_as_the_notes_first_typed(scene: Scene) -> None:
    store = scene.store
    visit = store.assessments.save_observation(scene.assessment.id, _visit("Two young people by the bandstand."))
    _past_the_trigger(store, "observations", "UPDATE observations SET notes = ? WHERE id = ?", [FORGED, visit.id])
    (added,) = _of(store, scene, "observations")
    assert added.action == "insert" and added.altered and added.new is None
    lines = history_lines([added])
    assert all(FORGED not in line.after and FORGED not in line.before for line in lines)
    assert [line.after for line in lines] == [ALTERED_WORDS]
    assert lines[0].who == "Sam Practitioner"  # who added the visit, and when, are still the sealed entry's
    assert verify_chain(store.db).intact  # the trail itself was not touched: only the record


def test_a_head_count_changed_past_the_triggers_is_found(scene: Scene) -> None:
    store = scene.store
    visit = store.assessments.save_observation(scene.assessment.id, _visit("Quiet."))
    _past_the_trigger(
        store, "observation_counts", "UPDATE observation_counts SET count = 9 WHERE observation_id = ?", [visit.id]
    )
    (count,) = _of(store, scene, "observation_counts")
    assert count.altered and count.new is None
    assert not any(entry.altered for entry in _of(store, scene, "observations"))  # the visit's own values hold
    assert all(line.after != "9" for line in history_lines([count]))


def test_a_value_forged_after_a_later_update_marks_that_update_and_keeps_what_was_first_typed(scene: Scene) -> None:
    store = scene.store
    visit = store.assessments.save_observation(scene.assessment.id, _visit("Quiet."))
    visit.notes = "Busy after school."
    store.assessments.save_observation(scene.assessment.id, visit)
    _past_the_trigger(store, "observations", "UPDATE observations SET notes = ? WHERE id = ?", [FORGED, visit.id])
    added, changed = _of(store, scene, "observations")
    assert not added.altered and added.new is not None and added.new["notes"] == "Quiet."
    assert changed.altered and changed.old == {"notes": "Quiet."} and changed.new is None
    notes = [(line.before, line.after) for line in history_lines([added, changed]) if line.field == "Notes"]
    assert notes == [("", "Quiet."), ("Quiet.", ALTERED_WORDS)]


def test_a_value_forged_before_a_later_update_marks_the_entry_that_set_it(scene: Scene) -> None:
    store = scene.store
    visit = store.assessments.save_observation(scene.assessment.id, _visit("Quiet."))
    _past_the_trigger(store, "observations", "UPDATE observations SET notes = ? WHERE id = ?", [FORGED, visit.id])
    visit.notes = "Busy after school."
    store.assessments.save_observation(scene.assessment.id, visit)
    added, changed = _of(store, scene, "observations")
    assert added.altered and added.new is None
    assert not changed.altered and (changed.old, changed.new) == ({"notes": FORGED}, {"notes": "Busy after school."})


def test_a_record_removed_past_the_triggers_is_found(scene: Scene) -> None:
    store = scene.store
    person = store.people.save(Person(scene.assessment.id, "Zoë Green", "Young person A"))
    store.db.execute('DROP TRIGGER "audit_people_delete"')
    store.db.execute("DELETE FROM people WHERE id = ?", [person.id])
    store.db.execute(wanted_triggers(store.db)["audit_people_delete"])
    (added,) = _of(store, scene, "people")
    assert added.altered and added.new is None


def test_a_record_written_over_by_a_second_insert_says_its_values_were_not_kept(scene: Scene) -> None:
    store = scene.store
    person = store.people.save(Person(scene.assessment.id, "Zoë Green", "Young person A"))
    store.db.execute("PRAGMA recursive_triggers = OFF")  # as a plain sqlite3 connection has it
    store.db.execute(  # a replace then fires no delete trigger: the app writes upserts instead
        "INSERT OR REPLACE INTO people (id, assessment_id, real_name, pseudonym, role, created_at, updated_at) "
        "SELECT id, assessment_id, 'Amir Khan', pseudonym, role, created_at, updated_at FROM people WHERE id = ?",
        [person.id],
    )
    first, second = _of(store, scene, "people")
    assert first.not_kept and first.new is None and not first.altered
    assert second.new is not None and second.new["real_name"] == "Amir Khan" and not second.unconfirmed
    assert [line.after for line in history_lines([first])] == [NOT_KEPT_WORDS]
    store.db.execute("PRAGMA recursive_triggers = ON")


def test_review_items_saved_again_are_updated_not_replaced(scene: Scene) -> None:
    store, assessment_id = scene.store, scene.assessment.id
    goal = store.plan.add_goal(assessment_id, Side.GUARDIANSHIP, "Trusted adults")
    agency = store.plan.agencies()[0]
    action = store.plan.add_action(Action(goal_id=goal.id, description="Patrol", agency_id=agency.id, lead="PC"))
    review = store.plan.save_review(
        Review(
            assessment_id=assessment_id,
            meeting_date=date(2026, 11, 20),
            items=[ReviewItem(action.id, ActionStatus.ON_TRACK)],
        )
    )
    for note in ("Patrols started.", "Patrols every evening."):
        base = deepcopy(review)
        review.items[0].note = note
        review = store.plan.save_review(review, base)  # as the editor saves: only what changed since base
    entries = _of(store, scene, "plan_review_items")
    assert [e.action for e in entries] == ["insert", "update", "update"]
    assert not any(e.unconfirmed for e in entries)
    assert [(e.old, e.new) for e in entries[1:]] == [
        ({"note": ""}, {"note": "Patrols started."}),
        ({"note": "Patrols started."}, {"note": "Patrols every evening."}),
    ]


def test_a_trail_entrys_values_or_digest_edited_past_the_guards_break_the_chain(scene: Scene) -> None:
    store = scene.store
    visit = store.assessments.save_observation(scene.assessment.id, _visit("Quiet."))
    visit.notes = "Busy after school."
    store.assessments.save_observation(scene.assessment.id, visit)
    db = store.db
    seq, digest = db.execute(
        "SELECT seq, set_digest FROM audit_log WHERE table_name = 'observations' AND action = 'update'"
    ).fetchone()
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("UPDATE audit_log SET old_values = ? WHERE seq = ?", ['{"notes":"Forged."}', seq])
    db.execute(GUARDS["audit_log_no_update"])
    assert [(item.kind, item.seq) for item in verify_chain(db).breaks] == [(CHANGED, seq)]
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute(
        "UPDATE audit_log SET old_values = ?, set_digest = ? WHERE seq = ?", ['{"notes":"Quiet."}', bytes(32), seq]
    )
    db.execute(GUARDS["audit_log_no_update"])
    assert [(item.kind, item.seq) for item in verify_chain(db).breaks] == [(CHANGED, seq)]
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("UPDATE audit_log SET set_digest = ? WHERE seq = ?", [digest, seq])
    db.execute(GUARDS["audit_log_no_update"])
    assert verify_chain(db).intact  # put back as it was: whole again
