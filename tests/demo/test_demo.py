"""The demo database: content round-trips through the store, and it never overwrites by accident."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import astuple
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from safeguarding.demo import build_demo_database, is_demo_location
from safeguarding.errors import StorageError
from safeguarding.forms import FormDefinition
from safeguarding.model import Assessment, AssessmentStatus, Observation, Rating, Side
from safeguarding.plan.attention import AttentionKind
from safeguarding.plan.compare import Direction, compare_assessments
from safeguarding.plan.records import ActionStatus, Decision
from safeguarding.store import Store, open_store
from safeguarding.timebands import is_weekend, time_band
from safeguarding.timeutil import local_to_utc, utc_to_local

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


TODAY = date(2026, 11, 30)
"""The demo's "today": the story ends on this day (the demo is built on fixed dates and ages)."""


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(build_demo_database(tmp_path / "demo.sqlite3"))
    yield opened
    opened.close()


def _assessments(store: Store, name: str) -> list[Assessment]:
    (location,) = store.locations.find_by_name(name)
    assessments = store.assessments.for_location(location.id)
    assert assessments
    return assessments


def _assessment(store: Store, name: str) -> Assessment:
    return _assessments(store, name)[0]  # the first assessment


def _latest(store: Store, name: str) -> Assessment:
    (location,) = store.locations.find_by_name(name)
    latest = store.assessments.latest_for_location(location.id)
    assert latest is not None
    return latest


def _all_text(store: Store) -> str:
    parts: list[str] = []
    for location in store.locations.by_name(include_archived=True):
        parts += [str(value) for value in astuple(location)]
        for assessment in store.assessments.for_location(location.id):
            parts += [assessment.assessor_name, assessment.scope_boundary, assessment.scope_times]
            parts += [assessment.analysis, assessment.recommendation]
            for finding in assessment.findings.values():
                parts += [finding.strengths, finding.concerns, finding.evidence]
            for visit in assessment.observations:
                parts += [visit.observer, visit.weather, visit.notes, visit.activities, visit.guardians]
            parts += [f"{pin.label} {pin.notes}" for pin in assessment.pins]
            parts += [f"{c.consulted} {c.said}" for c in store.consultations.of_assessment(assessment.id)]
            parts += [photo.caption for photo in store.photos.of_assessment(assessment.id)]
            if assessment.plan is not None:
                parts += [f"{a.description} {a.lead} {a.measure}" for a in assessment.plan.actions()]
                parts += [item.note for review in assessment.plan.reviews for item in review.items]
    return "\n".join(parts)


def test_both_real_places_are_present_and_marked_as_demo(demo: Store) -> None:
    locations = {location.name: location for location in demo.locations.by_name()}
    assert set(locations) == {"Brenchley Gardens", "North Week Street", "Maidstone East station forecourt"}
    gardens = locations["Brenchley Gardens"]
    assert gardens.address.endswith("ME14 1LH")
    assert gardens.ward == "High Street"
    assert gardens.latitude == pytest.approx(51.2776, abs=0.001)
    assert gardens.longitude == pytest.approx(0.5196, abs=0.001)
    assert gardens.referral_date == date(2026, 2, 4)
    assert (locations["North Week Street"].ward, locations["North Week Street"].district) == (
        "High Street",
        "Maidstone",
    )
    assert all(is_demo_location(location) for location in locations.values())
    assert all("Demo data (fictional)" in location.referral_source for location in locations.values())


def test_brenchley_first_assessment_is_complete_by_the_end_of_april(demo: Store) -> None:
    first, second = _assessments(demo, "brenchley gardens")
    assert first.status is AssessmentStatus.COMPLETE
    assert {side: first.rating(side) for side in Side} == {
        Side.YOUNG_PEOPLE: Rating.AMBER,
        Side.GUARDIANSHIP: Rating.RED,
        Side.ENVIRONMENT: Rating.RED,
    }
    for finding in first.findings.values():
        assert finding.strengths and finding.concerns and finding.evidence
    assert first.analysis and first.recommendation
    assert first.start_date == date(2026, 3, 3) and first.end_date == date(2026, 4, 30)
    assert first.plan is not None and first.plan.goals and first.plan.actions()
    assert [(r.meeting_date.month, r.decision) for r in first.plan.reviews] == [
        (5, Decision.CONTINUE),
        (7, Decision.REASSESS),
    ]
    assert second.status is AssessmentStatus.COMPLETE
    assert second.start_date == date(2026, 9, 14) and second.end_date == date(2026, 11, 16)


def _bands(visits: list[Observation], form: FormDefinition) -> set[str]:
    return {time_band(visit, form.time_bands).id for visit in visits}


def test_first_visits_cover_the_time_bands_and_the_march_clock_change(demo: Store, form: FormDefinition) -> None:
    visits = _assessment(demo, "Brenchley Gardens").observations
    assert 5 <= len(visits) <= 8
    assert {"school_run", "after_school", "evening", "late_night"} <= _bands(visits, form)
    assert any(is_weekend(visit.start) for visit in visits)
    assert not all(is_weekend(visit.start) for visit in visits)
    assert [visit.start for visit in visits] == sorted(visit.start for visit in visits)
    # Entered as UK local time: the first visit is the 07:40 school run, in GMT (UTC+0) before 29 March.
    first = visits[0]
    assert utc_to_local(first.start) == datetime(2026, 3, 10, 7, 40)
    assert first.start == datetime(2026, 3, 10, 7, 40, tzinfo=UTC)
    # Either side of the clock change (01:00 GMT on 29 March 2026), and all before the end of April.
    change = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert any(v.end <= change for v in visits) and any(v.start >= change for v in visits)
    assert all(v.end < datetime(2026, 5, 1, tzinfo=UTC) for v in visits)
    late = [v for v in visits if utc_to_local(v.start) == datetime(2026, 4, 23, 15, 30)]
    assert late and late[0].start == datetime(2026, 4, 23, 14, 30, tzinfo=UTC)  # British Summer Time


def test_the_reassessment_holds_the_rich_evidence(demo: Store, form: FormDefinition) -> None:
    first, latest = _assessments(demo, "Brenchley Gardens")
    assert latest.id == _latest(demo, "Brenchley Gardens").id
    visits = latest.observations
    assert len(visits) >= 5
    assert len(_bands(visits, form)) >= 4
    assert {"school_run", "after_school", "evening", "late_night"} <= _bands(visits, form)
    assert any(is_weekend(v.start) for v in visits) and not all(is_weekend(v.start) for v in visits)
    change = datetime(2026, 10, 25, 1, 0, tzinfo=UTC)  # the clocks went back at 02:00 BST
    assert any(v.end <= change for v in visits) and any(v.start >= change for v in visits)
    assert all(datetime(2026, 10, 1, tzinfo=UTC) <= v.start < datetime(2026, 11, 16, tzinfo=UTC) for v in visits)
    # Map: the boundary and pins carried from the spring, marked, plus new ones.
    assert len(latest.boundary) >= 4 and latest.boundary == first.boundary
    assert len(latest.pins) >= 12
    carried = [pin for pin in latest.pins if pin.is_carried]
    assert carried and len(carried) < len(latest.pins)
    assert {pin.carried_from for pin in carried} <= {pin.id for pin in first.pins}
    assert any(pin.observation_id for pin in latest.pins if not pin.is_carried)
    assert len(demo.photos.of_assessment(latest.id)) >= 3
    assert len(demo.consultations.of_assessment(latest.id)) >= 2
    # Direction of travel: the same on one side, better on two.
    assert [r.direction for r in compare_assessments(first, latest)] == [
        Direction.SAME,
        Direction.BETTER,
        Direction.BETTER,
    ]
    plan = latest.plan
    assert plan is not None
    assert [(r.meeting_date.month, r.decision) for r in plan.reviews if r.is_final] == [
        (10, Decision.CONTINUE),
        (11, Decision.CONTINUE),
    ]
    assert [r for r in plan.reviews if r.is_final][-1].next_review_date == date(2026, 12, 17)
    assert not plan.reviews[-1].is_final  # the December meeting's draft, its agenda built from the register
    assert any(a.is_overdue(TODAY) for a in plan.actions())
    assert any(a.status is ActionStatus.AT_RISK and not a.is_overdue(TODAY) for a in plan.actions())


def test_what_needs_attention_today_shows_the_story(demo: Store) -> None:
    items = demo.plan.attention(today=TODAY)  # the feature is about "today": a fixed one
    kinds = {(item.where.location_name, item.kind) for item in items}
    assert ("Brenchley Gardens", AttentionKind.OVERDUE_ACTION) in kinds
    assert ("North Week Street", AttentionKind.OVERDUE_ACTION) in kinds
    due = [item for item in items if item.kind is AttentionKind.REVIEW_DUE]
    assert [(item.where.location_name, item.due) for item in due] == [
        ("Brenchley Gardens", date(2026, 12, 17)),
        ("North Week Street", date(2026, 12, 17)),  # the November DCSM asked for its findings in December
    ]
    assert due[0].where.assessment_id == _latest(demo, "Brenchley Gardens").id


# Date and time columns of the demo's tables. Future values are allowed only where they are plans:
# the next DCSM review date, the due dates of open actions, and the December meeting's draft reviews.
_DATED = re.compile(r"(_at|_date|_on|_utc|^start|^end)$")
_TABLES = (
    "locations",
    "assessments",
    "observations",
    "photos",
    "consultations",
    "map_pins",
    "map_boundaries",
    "plan_weights",
    "plan_goals",
    "plan_actions",
    "plan_action_updates",
    "plan_reviews",
    "plan_reassessments",
    "plan_carried_findings",
)


def test_the_whole_story_is_in_the_past(demo: Store) -> None:
    end_of_today = local_to_utc(datetime(2026, 12, 1, 0, 0)).isoformat()
    future: list[str] = []
    for table in _TABLES:
        columns = [column.name for column in demo.db[table].columns if _DATED.search(column.name)]
        assert columns, table
        for row in demo.db[table].rows:
            for column in columns:
                value = row[column]
                if value is None:
                    continue
                limit = TODAY.isoformat() if len(value) == 10 else end_of_today
                if value > limit and not (table == "plan_actions" and column == "due_date"):
                    future.append(f"{table}.{column} = {value}")
                if value < "2026-02-01":
                    future.append(f"{table}.{column} = {value} (before the referral)")
    next_reviews = sorted(r["next_review_date"] for r in demo.db["plan_reviews"].rows if r["next_review_date"])
    assert set(future) == {
        f"plan_reviews.next_review_date = {next_reviews[-1]}",
        "plan_reviews.meeting_date = 2026-12-17",  # the drafts of the December meeting
    }
    open_due = [
        r["due_date"]
        for r in demo.db["plan_actions"].rows
        if r["status"] not in ("done", "cancelled") and r["due_date"]
    ]
    done_due = [r["due_date"] for r in demo.db["plan_actions"].rows if r["status"] == "done" and r["due_date"]]
    assert all(due <= TODAY.isoformat() for due in done_due)
    assert any(due > TODAY.isoformat() for due in open_due) and any(due < TODAY.isoformat() for due in open_due)


def test_north_week_street_is_a_partly_filled_draft(demo: Store) -> None:
    draft = _assessment(demo, "North Week Street")
    assert draft.status is AssessmentStatus.DRAFT
    assert 2 <= len(draft.observations) <= 3
    assert all(v.start >= datetime(2026, 11, 1, tzinfo=UTC) for v in draft.observations)
    assert draft.findings[Side.YOUNG_PEOPLE].concerns
    assert draft.findings[Side.GUARDIANSHIP].strengths == ""
    assert all(draft.rating(side) is None for side in Side)


def test_people_are_fictional_practitioners_and_no_young_person_is_named(demo: Store) -> None:
    text = _all_text(demo)
    words = set(re.findall(r"[A-Za-zÀ-ž]+", text))
    assert not words & set(CHILDRENS_NAMES)
    for location in demo.locations.by_name():
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
        assert len(store.locations.by_name()) == 3
    finally:
        store.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.sqlite3", "demo.sqlite3.audit.json"]


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
