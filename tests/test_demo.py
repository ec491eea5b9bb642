"""The demo database: content round-trips through the store, and it never overwrites by accident."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import astuple
from datetime import UTC, datetime
from pathlib import Path

import pytest

from safeguarding.demo import build_demo_database, is_demo_location
from safeguarding.errors import StorageError
from safeguarding.forms import FormDefinition
from safeguarding.model import Assessment, AssessmentStatus, Rating, Side
from safeguarding.store import Store, open_store
from safeguarding.timebands import is_weekend, time_band
from safeguarding.timeutil import utc_to_local

# Common given names of UK children; none may appear in the demo text (a young person is never named).
CHILDRENS_NAMES = [
    "Oliver",
    "George",
    "Harry",
    "Noah",
    "Jack",
    "Leo",
    "Arthur",
    "Muhammad",
    "Mohammed",
    "Oscar",
    "Charlie",
    "Jacob",
    "Thomas",
    "Alfie",
    "Freddie",
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Ivy",
    "Lily",
    "Florence",
    "Mia",
    "Isabella",
    "Sophia",
    "Grace",
    "Ella",
    "Poppy",
    "Evie",
    "Chloe",
    "Jayden",
    "Tyler",
    "Kai",
    "Callum",
    "Liam",
    "Connor",
    "Ellie",
    "Jessica",
    "Emily",
    "Ruby",
    "Lucy",
    "Kacper",
    "Zuzanna",
    "Jakub",
]
PRACTITIONER = re.compile(r"^[^;]+\(fictional\)[^;]*(; [^;]+\(fictional\)[^;]*)*$")


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(build_demo_database(tmp_path / "demo.sqlite3"))
    yield opened
    opened.close()


def _assessment(store: Store, name: str) -> Assessment:
    (location,) = store.locations.find_by_name(name)
    assessments = store.assessments.for_location(location.id)
    assert assessments
    return assessments[0]  # the first assessment; Brenchley's later reassessment is tested in tests/plan


def _all_text(store: Store) -> str:
    parts: list[str] = []
    for location in store.locations.list(include_archived=True):
        parts += [str(value) for value in astuple(location)]
        for assessment in store.assessments.for_location(location.id):
            parts += [assessment.assessor_name, assessment.scope_boundary, assessment.scope_times]
            parts += [assessment.analysis, assessment.recommendation]
            for finding in assessment.findings.values():
                parts += [finding.strengths, finding.concerns, finding.evidence]
            for visit in assessment.observations:
                parts += [visit.observer, visit.weather, visit.notes]
    return "\n".join(parts)


def test_both_real_places_are_present_and_marked_as_demo(demo: Store) -> None:
    locations = {location.name: location for location in demo.locations.list()}
    assert set(locations) == {"Brenchley Gardens", "North Week Street"}
    gardens = locations["Brenchley Gardens"]
    assert gardens.address.endswith("ME14 1LH")
    assert gardens.ward == "High Street"
    assert gardens.latitude == pytest.approx(51.2776, abs=0.001)
    assert gardens.longitude == pytest.approx(0.5196, abs=0.001)
    assert all(is_demo_location(location) for location in locations.values())
    assert all("Demo data (fictional)" in location.referral_source for location in locations.values())


def test_brenchley_gardens_has_one_complete_assessment_with_three_ratings(demo: Store) -> None:
    assessment = _assessment(demo, "brenchley gardens")
    assert assessment.status is AssessmentStatus.COMPLETE
    assert {side: assessment.rating(side) for side in Side} == {
        Side.YOUNG_PEOPLE: Rating.AMBER,
        Side.GUARDIANSHIP: Rating.RED,
        Side.ENVIRONMENT: Rating.AMBER,
    }
    for finding in assessment.findings.values():
        assert finding.strengths and finding.concerns and finding.evidence
    assert assessment.analysis and assessment.recommendation
    assert assessment.start_date and assessment.end_date and assessment.start_date <= assessment.end_date


def test_brenchley_visits_cover_several_time_bands_weekdays_and_weekends(demo: Store, form: FormDefinition) -> None:
    visits = _assessment(demo, "Brenchley Gardens").observations
    assert 5 <= len(visits) <= 6
    bands = {time_band(visit, form.time_bands).id for visit in visits}
    assert {"school_run", "after_school", "evening", "late_night"} <= bands
    assert any(is_weekend(visit.start) for visit in visits)
    assert not all(is_weekend(visit.start) for visit in visits)
    # Entered as UK local time: the first visit is the 07:40 school run, in British Summer Time.
    first = visits[0]
    assert utc_to_local(first.start) == datetime(2026, 10, 6, 7, 40)
    assert first.start == datetime(2026, 10, 6, 6, 40, tzinfo=UTC)
    assert [visit.start for visit in visits] == sorted(visit.start for visit in visits)


def test_north_week_street_is_a_partly_filled_draft(demo: Store) -> None:
    draft = _assessment(demo, "North Week Street")
    assert draft.status is AssessmentStatus.DRAFT
    assert 2 <= len(draft.observations) <= 3
    assert draft.findings[Side.YOUNG_PEOPLE].concerns
    assert draft.findings[Side.GUARDIANSHIP].strengths == ""
    assert all(draft.rating(side) is None for side in Side)


def test_people_are_fictional_practitioners_and_no_young_person_is_named(demo: Store) -> None:
    text = _all_text(demo)
    words = set(re.findall(r"[A-Za-zÀ-ž]+", text))
    assert not words & set(CHILDRENS_NAMES)
    for location in demo.locations.list():
        for assessment in demo.assessments.for_location(location.id):
            assert "(fictional)" in assessment.assessor_name
            for visit in assessment.observations:
                assert PRACTITIONER.match(visit.observer), visit.observer


def test_demo_text_exercises_unicode(demo: Store) -> None:
    text = _all_text(demo)
    assert "Agnieszka Wójcik (fictional)" in text
    assert any(ord(character) > 127 for character in text)


def test_refuses_to_overwrite_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"precious")
    with pytest.raises(StorageError, match="already exists"):
        build_demo_database(path)
    assert path.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite3"]


def test_overwrite_replaces_the_file_on_request(tmp_path: Path) -> None:
    path = build_demo_database(tmp_path / "demo.sqlite3")
    build_demo_database(path, overwrite=True)
    store = open_store(path)
    try:
        assert len(store.locations.list()) == 2
    finally:
        store.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.sqlite3"]


def test_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="folder"):
        build_demo_database(tmp_path, overwrite=True)


def test_timestamps_come_from_the_fixed_clock(tmp_path: Path) -> None:
    first = open_store(build_demo_database(tmp_path / "a.sqlite3"))
    second = open_store(build_demo_database(tmp_path / "b.sqlite3"))
    try:
        stamps = [[(s.location.name, s.last_updated) for s in store.locations.summaries()] for store in (first, second)]
    finally:
        first.close()
        second.close()
    assert stamps[0] == stamps[1]
