"""Two windows on one database: edits to different fields both survive; the same field is a conflict.

Each "window" is its own connection to the same file (as two app processes are),
with its own actor name. A save passes the record as its editor loaded it
(``base``); nothing a save writes ever undoes the other window's change.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from safeguarding.errors import NotFoundError
from safeguarding.forms import FormDefinition
from safeguarding.model import (
    AgeBand,
    Assessment,
    Consultation,
    ConsultationMethod,
    Location,
    MapPin,
    Observation,
    ObservedGender,
    Person,
    Rating,
    Side,
)
from safeguarding.plan.records import Action, ContextWeight, Review, ReviewItem
from safeguarding.store import EditConflictError, Store, open_store, rebase
from safeguarding.store.assessment_fields import write_up

START = datetime(2026, 10, 9, 15, 30, tzinfo=UTC)


@pytest.fixture
def windows(tmp_path: Path, form: FormDefinition) -> Iterator[tuple[Store, Store, Assessment]]:
    """Two stores on one file ("Sam Patel" and "Alex Jones") and an assessment both have open."""
    path = tmp_path / "shared.sqlite3"
    first = open_store(path)
    first.audit.set_actor("Sam Patel")
    location = first.locations.add(Location(name="Brenchley Gardens"))
    assessment = first.assessments.create(location.id, form)
    second = open_store(path)
    second.audit.set_actor("Alex Jones")
    yield first, second, assessment
    first.close()
    second.close()


def test_two_windows_editing_different_fields_of_the_write_up_both_keep_their_work(
    windows: tuple[Store, Store, Assessment],
) -> None:
    sam, alex, assessment = windows
    sams, alexs = sam.assessments.get(assessment.id), alex.assessments.get(assessment.id)
    sam_base, alex_base = copy.deepcopy(sams), copy.deepcopy(alexs)

    sams.analysis = "Harm peaks after school, when the café shuts."
    sams.findings[Side.YOUNG_PEOPLE].answers["voice"] = "Feels unsafe by the bandstand."
    sam.assessments.save(sams, base=sam_base)
    alexs.findings[Side.GUARDIANSHIP].concerns = "No staff after 18:00."
    alexs.findings[Side.GUARDIANSHIP].rating = Rating.RED
    alexs.findings[Side.YOUNG_PEOPLE].answers["safety_map"] = "The path by the museum."
    fresh = alex.assessments.save(alexs, base=alex_base)

    # Alex's save returns the record as stored: Sam's analysis is in it, and nothing of Sam's was undone.
    stored = sam.assessments.get(assessment.id)
    for record in (fresh, stored):
        assert record.analysis == "Harm peaks after school, when the café shuts."
        assert record.findings[Side.GUARDIANSHIP].concerns == "No staff after 18:00."
        assert record.rating(Side.GUARDIANSHIP) is Rating.RED
        assert record.findings[Side.YOUNG_PEOPLE].answers == {
            "voice": "Feels unsafe by the bandstand.",
            "safety_map": "The path by the museum.",
        }
    assert stored.revision == 2  # Sam's save changed the assessment's own fields once


def test_the_same_field_changed_in_two_windows_is_a_conflict_naming_both_versions(
    windows: tuple[Store, Store, Assessment],
) -> None:
    sam, alex, assessment = windows
    sams, alexs = sam.assessments.get(assessment.id), alex.assessments.get(assessment.id)
    sam_base, alex_base = copy.deepcopy(sams), copy.deepcopy(alexs)
    sams.findings[Side.GUARDIANSHIP].concerns = "Group of six by the bandstand, no adults."
    sam.assessments.save(sams, base=sam_base)

    alexs.findings[Side.GUARDIANSHIP].concerns = "Two adults on the bench, watching."
    alexs.recommendation = "Detached youth work on Fridays."
    before = datetime.now(UTC)
    with pytest.raises(EditConflictError) as caught:
        alex.assessments.save(alexs, base=alex_base)
    (conflict,) = caught.value.conflicts
    assert conflict.column == "guardianship.concerns"
    assert (conflict.base, conflict.mine, conflict.theirs) == (
        "",
        "Two adults on the bench, watching.",
        "Group of six by the bandstand, no adults.",
    )
    assert conflict.their_author == "Sam Patel"  # from the audit trail: who wrote that very field
    assert conflict.their_time is not None and abs((conflict.their_time - before).total_seconds()) < 60
    assert "Sam Patel changed the same field while you were editing" in str(caught.value)
    stored = sam.assessments.get(assessment.id)
    assert stored.recommendation == ""  # nothing of the refused save was written

    # The user keeps their own words: the editor rebases onto the stored record and saves again.
    mine, loaded, now = write_up(alexs), write_up(alex_base), write_up(stored)
    assert rebase(mine, loaded, now)["guardianship.concerns"] == "Two adults on the bench, watching."
    saved = alex.assessments.save(alexs, base=stored)
    assert saved.findings[Side.GUARDIANSHIP].concerns == "Two adults on the bench, watching."
    assert saved.recommendation == "Detached youth work on Fridays."


def test_the_same_change_made_in_both_windows_is_not_a_conflict(windows: tuple[Store, Store, Assessment]) -> None:
    sam, alex, assessment = windows
    sams, alexs = sam.assessments.get(assessment.id), alex.assessments.get(assessment.id)
    base = copy.deepcopy(sams)
    sams.scope_times = alexs.scope_times = "Fridays 15:00-22:00."
    sam.assessments.save(sams, base=base)
    assert alex.assessments.save(alexs, base=base).scope_times == "Fridays 15:00-22:00."


def test_a_save_without_a_base_writes_over_as_before(windows: tuple[Store, Store, Assessment]) -> None:
    sam, alex, assessment = windows
    sams = sam.assessments.get(assessment.id)
    alex_copy = alex.assessments.get(assessment.id)
    sams.analysis = "From the window."
    sam.assessments.save(sams)
    alex_copy.analysis = "From the command line."
    assert alex.assessments.save(alex_copy).analysis == "From the command line."


def _visit(**changes: object) -> Observation:
    values: dict[str, object] = {"start": START, "end": START + timedelta(hours=1), "notes": "Quiet."}
    values.update(changes)
    return Observation(**values)  # type: ignore[arg-type]


def test_a_visit_edited_in_two_windows_keeps_both_fields_and_child_rows(
    windows: tuple[Store, Store, Assessment],
) -> None:
    sam, alex, assessment = windows
    visit = sam.assessments.save_observation(assessment.id, _visit(weather="Dry"))
    sams, alexs = sam.assessments.observation(visit.id), alex.assessments.observation(visit.id)
    sam_base, alex_base = copy.deepcopy(sams), copy.deepcopy(alexs)

    sams.weather = "Light rain"
    sams.counts = {(AgeBand.AGE_14_15, ObservedGender.MALE): 4}
    sam.assessments.save_observation(assessment.id, sams, base=sam_base)
    alexs.notes = "Four by the shelter; one adult watching from the gate."
    alexs.sides = {Side.GUARDIANSHIP}
    saved = alex.assessments.save_observation(assessment.id, alexs, base=alex_base)

    assert saved.weather == "Light rain" and saved.notes.startswith("Four by the shelter")
    assert saved.counts == {(AgeBand.AGE_14_15, ObservedGender.MALE): 4}  # Alex's save kept Sam's head count
    assert saved.sides == {Side.GUARDIANSHIP}
    assert saved.revision == 3

    # Head counts changed in both: one conflict, shown in words.
    again = alex.assessments.observation(visit.id)
    base = copy.deepcopy(again)
    sams = sam.assessments.observation(visit.id)
    sams.counts = {(AgeBand.AGE_14_15, ObservedGender.MALE): 5}
    sam.assessments.save_observation(assessment.id, sams, base=copy.deepcopy(again))
    again.counts = {(AgeBand.AGE_14_15, ObservedGender.MALE): 6}
    with pytest.raises(EditConflictError) as caught:
        alex.assessments.save_observation(assessment.id, again, base=base)
    (conflict,) = caught.value.conflicts
    assert (conflict.column, conflict.mine, conflict.theirs) == ("counts", "14-15 male: 6", "14-15 male: 5")


def test_a_visit_deleted_in_the_other_window_is_not_saved_out_of_sight(
    windows: tuple[Store, Store, Assessment],
) -> None:
    sam, alex, assessment = windows
    visit = sam.assessments.save_observation(assessment.id, _visit())
    alexs = alex.assessments.observation(visit.id)
    base = copy.deepcopy(alexs)
    sam.assessments.delete_observation(visit.id)
    alexs.notes = "Edited after it was deleted."
    with pytest.raises(NotFoundError, match="deleted in another window"):
        alex.assessments.save_observation(assessment.id, alexs, base=base)


def test_consultations_pins_people_photos_fields_merge(windows: tuple[Store, Store, Assessment]) -> None:
    sam, alex, assessment = windows
    consultation = sam.consultations.save(
        assessment.id, Consultation("Year 9 pupils", ConsultationMethod.SURVEY, date(2026, 10, 12))
    )
    base = copy.deepcopy(consultation)
    sam.consultations.save(assessment.id, replace(consultation, said="Feel unsafe after dark."), base=base)
    merged = alex.consultations.save(assessment.id, replace(consultation, sides={Side.YOUNG_PEOPLE}), base=base)
    assert merged.said == "Feel unsafe after dark." and merged.sides == {Side.YOUNG_PEOPLE}
    with pytest.raises(EditConflictError) as caught:
        alex.consultations.save(assessment.id, replace(consultation, said="Feel safe."), base=base)
    assert caught.value.conflicts[0].column == "said"

    pin = sam.maps.save_pin(assessment.id, MapPin(51.2776, 0.5196, "cctv"))
    pin_base = copy.deepcopy(pin)
    sam.maps.save_pin(assessment.id, replace(pin, label="Camera by the gate"), base=pin_base)
    moved = alex.maps.save_pin(assessment.id, replace(pin, latitude=51.2778), base=pin_base)
    assert (moved.label, moved.latitude) == ("Camera by the gate", 51.2778)

    person = sam.people.save(Person(assessment.id, "Zoë Green", "Young person A"))
    person_base = copy.deepcopy(person)
    sam.people.save(replace(person, other_names="Zoe"), base=person_base)
    kept = alex.people.save(replace(person, notes="Named in the visit of 9 October."), base=person_base)
    assert (kept.other_names, kept.notes) == ("Zoe", "Named in the visit of 9 October.")
    with pytest.raises(EditConflictError):
        alex.people.save(replace(person, other_names="Zozo"), base=person_base)


def test_the_boundary_drawn_in_two_windows_conflicts(windows: tuple[Store, Store, Assessment]) -> None:
    sam, alex, assessment = windows
    square = [(51.2770, 0.5190), (51.2770, 0.5200), (51.2780, 0.5200)]
    other = [(51.2771, 0.5191), (51.2771, 0.5201), (51.2781, 0.5201)]
    sam.maps.set_boundary(assessment.id, square, base=[])
    with pytest.raises(EditConflictError) as caught:
        alex.maps.set_boundary(assessment.id, other, base=[])
    assert caught.value.conflicts[0].column == "points"
    assert alex.maps.set_boundary(assessment.id, other, base=square) == other


def test_plan_records_merge_field_by_field(windows: tuple[Store, Store, Assessment]) -> None:
    sam, alex, assessment = windows
    goal = sam.plan.add_goal(assessment.id, Side.GUARDIANSHIP, "Trusted adults are present after school.")
    agency = sam.plan.agencies()[0]
    action = sam.plan.add_action(Action(goal.id, "Warden patrol 15:00-18:00", agency_id=agency.id))
    base = copy.deepcopy(action)
    sam.plan.update_action(replace(action, lead="Jo Warden"), base=base)
    updated = alex.plan.update_action(replace(action, due_date=date(2027, 1, 31)), base=base)
    assert (updated.lead, updated.due_date) == ("Jo Warden", date(2027, 1, 31))
    assert updated.history[-1].changes == {"due_date": ["", "2027-01-31"]}  # Alex's entry names only Alex's change
    with pytest.raises(EditConflictError):
        alex.plan.update_action(replace(action, lead="Sam Lead"), base=base)

    weights = [ContextWeight("peer_group", "A peer group", 6, "Older group recruits.")]
    sam.plan.save_weights(assessment.id, weights)
    loaded = copy.deepcopy(weights)
    sam.plan.save_weights(assessment.id, [replace(weights[0], weight=8)], base=loaded)
    school = ContextWeight("school", "A school", 3, "")
    stored = alex.plan.save_weights(
        assessment.id, [replace(weights[0], rationale="Older group recruits after school."), school], base=loaded
    )
    assert [(w.context, w.weight, w.rationale) for w in stored] == [
        ("peer_group", 8, "Older group recruits after school."),
        ("school", 3, ""),
    ]
    with pytest.raises(EditConflictError) as caught:
        alex.plan.save_weights(assessment.id, [replace(weights[0], weight=2)], base=loaded)
    assert caught.value.conflicts[0].column == "peer_group.weight"

    review = sam.plan.save_review(Review(assessment.id, meeting_date=date(2026, 11, 3)))
    review_base = copy.deepcopy(review)
    sam.plan.save_review(replace(review, notes="Warden attended."), base=review_base)
    item = ReviewItem(action.id, action.status, "Patrols started.")
    merged = alex.plan.save_review(replace(review, items=[item]), base=review_base)
    assert merged.notes == "Warden attended." and merged.items == [item]

    sam.plan.rename_agency(agency.id, "Parks team", base=agency.name)
    with pytest.raises(EditConflictError):
        alex.plan.rename_agency(agency.id, "Parks service", base=agency.name)


def test_location_edits_merge(windows: tuple[Store, Store, Assessment]) -> None:
    sam, alex, assessment = windows
    location = sam.locations.get(assessment.location_id)
    base = copy.deepcopy(location)
    sam.locations.update(replace(location, ward="High Street"), base=base)
    saved = alex.locations.update(replace(location, address="St Faith's Street"), base=base)
    assert (saved.ward, saved.address, saved.revision) == ("High Street", "St Faith's Street", 3)


ROOT = Path(__file__).resolve().parents[2]


def _two_processes(path: Path, assessment_id: str, edits: list[tuple[str, str, str]]) -> list[str]:
    """Start one child per (actor, field, text); let all load, then save one after the other; return what each said."""
    import subprocess
    import sys

    children = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.store.edit_child", str(path), assessment_id, actor, field, text],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for actor, field, text in edits
    ]
    for child in children:
        assert child.stdout is not None and child.stdout.readline().strip() == "loaded"
    said = []
    for child in children:  # both have loaded the same revision; now each saves in turn
        out, _ = child.communicate("\n", timeout=120)
        said.append(out.strip())
    return said


def test_two_processes_editing_one_assessment_keep_both_fields_and_a_shared_field_conflicts(
    tmp_path: Path, form: FormDefinition
) -> None:
    path = tmp_path / "shared.sqlite3"
    store = open_store(path)
    location = store.locations.add(Location(name="Brenchley Gardens"))
    assessment = store.assessments.create(location.id, form)
    store.close()

    said = _two_processes(
        path,
        assessment.id,
        [("Sam Patel", "analysis", "Sam's analysis."), ("Alex Jones", "guardianship.concerns", "Alex's concerns.")],
    )
    assert said == ["saved", "saved"]
    said = _two_processes(
        path,
        assessment.id,
        [("Sam Patel", "recommendation", "Sam's plan."), ("Alex Jones", "recommendation", "Alex's plan.")],
    )
    assert said == ["saved", "conflict recommendation Sam Patel"]

    store = open_store(path)
    try:
        stored = store.assessments.get(assessment.id)
        assert stored.analysis == "Sam's analysis."
        assert stored.findings[Side.GUARDIANSHIP].concerns == "Alex's concerns."
        assert stored.recommendation == "Sam's plan."  # never overwritten by the stale copy
    finally:
        store.close()
