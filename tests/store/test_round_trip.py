"""Round trips of every stored entity through a real SQLite file, closed and reopened."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from safeguarding.errors import NotFoundError, ValidationError
from safeguarding.forms import FormDefinition
from safeguarding.model import Assessment, AssessmentStatus, Observation, Rating, Side, SideFinding
from safeguarding.store import Store, open_store
from tests.conftest import FixedClock
from tests.store.conftest import brenchley, raw_rows

NON_ASCII_ANSWERS = {
    "safety_map": "Młodzież mówi: za bandstandem jest niebezpiecznie po zmroku.",
    "voice_ar": "الشباب يشعرون بعدم الأمان قرب المحطة",
    "voice_ur": "نوجوان شام کے بعد پارک میں محفوظ محسوس نہیں کرتے",
    "quote": "“It’s fine until the café shuts” — café staff",
}


def reopen(store: Store, clock: FixedClock) -> Store:
    """Close ``store`` and open its file again, as the app does on the next start."""
    path = store.path
    store.close()
    return open_store(path, clock=clock)


def full_assessment_fields() -> dict[str, object]:
    return {
        "status": AssessmentStatus.COMPLETE,
        "assessor_name": "Sam Example",
        "assessor_agency": "Maidstone Youth Hub",
        "start_date": date(2026, 10, 12),
        "end_date": date(2026, 11, 20),
        "scope_boundary": "The park inside its railings, the three pedestrian entrances and the bandstand.",
        "scope_times": "Weekday after school and Friday and Saturday evenings.",
        "analysis": "Young people gather after school because there is nowhere else to go.",
        "recommendation": "Agree a safety plan: lighting review and detached youth work at 17:00-20:00.",
    }


def three_findings() -> dict[Side, SideFinding]:
    return {
        Side.YOUNG_PEOPLE: SideFinding(
            Side.YOUNG_PEOPLE,
            strengths="Friendship groups look out for each other.",
            concerns="Younger teenagers approached by older males near the bandstand.",
            evidence="Visits on 14 and 18 October; safety mapping at the youth hub.",
            rating=Rating.RED,
            answers=NON_ASCII_ANSWERS,
        ),
        Side.GUARDIANSHIP: SideFinding(
            Side.GUARDIANSHIP,
            strengths="Museum staff know the regular groups.",
            concerns="Nobody present after the museum closes at 17:00.",
            evidence="Conversations with museum and café staff.",
            rating=Rating.AMBER,
            answers={"gap_times": "17:00–22:00"},
        ),
        Side.ENVIRONMENT: SideFinding(
            Side.ENVIRONMENT,
            strengths="CCTV covers the Station Road entrance.",
            concerns="The path to McKenzie Court is unlit.",
            evidence="Environmental audit, 20 October.",
            rating=Rating.GREEN,
        ),
    }


def test_location_round_trip_keeps_every_field(clocked_store: Store, clock: FixedClock) -> None:
    location = clocked_store.locations.add(brenchley())
    assert location.created_at == clock.now
    assert location.updated_at == clock.now

    store = reopen(clocked_store, clock)
    try:
        loaded = store.locations.get(location.id)
    finally:
        store.close()

    assert loaded == location
    assert isinstance(loaded.referral_date, date) and not isinstance(loaded.referral_date, datetime)
    assert loaded.referral_date == date(2026, 10, 5)
    assert (loaded.latitude, loaded.longitude) == (51.2776, 0.5196)
    assert loaded.created_at is not None and loaded.created_at.tzinfo is not None
    assert loaded.created_at.utcoffset() == timedelta(0)


def test_referral_date_is_stored_as_a_plain_date_and_times_as_utc(
    clocked_store: Store, clock: FixedClock, db_path: Path
) -> None:
    location = clocked_store.locations.add(brenchley())
    clocked_store.close()
    rows = raw_rows(db_path, "SELECT referral_date, created_at, updated_at FROM locations WHERE id = ?", (location.id,))
    assert rows == [("2026-10-05", "2026-11-30T12:00:00+00:00", "2026-11-30T12:00:00+00:00")]


def test_location_without_coordinates_or_referral_date(clocked_store: Store) -> None:
    location = clocked_store.locations.add(brenchley(latitude=None, longitude=None, referral_date=None))
    loaded = clocked_store.locations.get(location.id)
    assert (loaded.latitude, loaded.longitude, loaded.referral_date) == (None, None, None)


def test_update_location_changes_fields_and_updated_at_only(clocked_store: Store, clock: FixedClock) -> None:
    location = clocked_store.locations.add(brenchley())
    created = location.created_at
    clock.now += timedelta(hours=3)
    location.name = "Brenchley Gardens (and Museum forecourt)"
    location.latitude, location.longitude = 51.2779, 0.5201
    location.referral_date = date(2026, 10, 6)
    clocked_store.locations.update(location)

    store = reopen(clocked_store, clock)
    try:
        loaded = store.locations.get(location.id)
    finally:
        store.close()
    assert loaded.name == "Brenchley Gardens (and Museum forecourt)"
    assert (loaded.latitude, loaded.longitude) == (51.2779, 0.5201)
    assert loaded.referral_date == date(2026, 10, 6)
    assert loaded.created_at == created
    assert loaded.updated_at == clock.now


def test_update_of_unsaved_location_is_not_found(clocked_store: Store) -> None:
    with pytest.raises(NotFoundError):
        clocked_store.locations.update(brenchley())
    assert clocked_store.locations.by_name(include_archived=True) == []


def test_get_unknown_location_is_not_found(clocked_store: Store) -> None:
    with pytest.raises(NotFoundError, match="no longer exists"):
        clocked_store.locations.get("0" * 32)


def test_find_by_name_is_case_insensitive_and_trimmed(clocked_store: Store) -> None:
    location = clocked_store.locations.add(brenchley())
    clocked_store.locations.add(brenchley(name="North Week Street"))
    assert [found.id for found in clocked_store.locations.find_by_name("  brenchley GARDENS ")] == [location.id]
    assert clocked_store.locations.find_by_name("Brenchley") == []


def test_archive_hides_and_unarchive_restores(clocked_store: Store) -> None:
    park = clocked_store.locations.add(brenchley())
    street = clocked_store.locations.add(brenchley(name="North Week Street", latitude=None, longitude=None))

    clocked_store.locations.set_archived(park.id)
    assert [loc.id for loc in clocked_store.locations.by_name()] == [street.id]
    assert [s.location.id for s in clocked_store.locations.summaries()] == [street.id]
    assert {loc.id for loc in clocked_store.locations.by_name(include_archived=True)} == {park.id, street.id}
    archived = [s for s in clocked_store.locations.summaries(include_archived=True) if s.location.id == park.id]
    assert archived[0].location.archived is True
    # Archiving keeps the record: it can still be opened directly.
    assert clocked_store.locations.get(park.id).archived is True

    clocked_store.locations.set_archived(park.id, archived=False)
    assert [loc.name for loc in clocked_store.locations.by_name()] == ["Brenchley Gardens", "North Week Street"]


def test_list_is_ordered_by_name_ignoring_case(clocked_store: Store) -> None:
    for name in ("north Week Street", "Brenchley Gardens", "Maidstone East station"):
        clocked_store.locations.add(brenchley(name=name))
    assert [loc.name for loc in clocked_store.locations.by_name()] == [
        "Brenchley Gardens",
        "Maidstone East station",
        "north Week Street",
    ]


def test_assessment_round_trip_with_every_field(clocked_store: Store, clock: FixedClock, form: FormDefinition) -> None:
    location = clocked_store.locations.add(brenchley())
    assessment = clocked_store.assessments.create(location.id, form, **full_assessment_fields())
    assessment.findings = three_findings()
    clock.now += timedelta(minutes=5)
    clocked_store.assessments.save(assessment)
    visit = clocked_store.assessments.save_observation(
        assessment.id,
        Observation(
            start=datetime(2026, 10, 14, 15, 30, tzinfo=UTC),
            end=datetime(2026, 10, 14, 17, 0, tzinfo=UTC),
            observer="Sam Example and a PCSO",
            weather="Dry, cold",
            light="dusk",
            notes="About eight young people aged 13-15 by the bandstand; café shut at 16:30.",
        ),
    )
    assessment.observations = [visit]

    store = reopen(clocked_store, clock)
    try:
        loaded = store.assessments.get(assessment.id)
    finally:
        store.close()

    assert loaded == assessment
    assert loaded.findings[Side.YOUNG_PEOPLE].answers == NON_ASCII_ANSWERS
    assert [loaded.rating(side) for side in Side] == [Rating.RED, Rating.AMBER, Rating.GREEN]
    assert loaded.start_date == date(2026, 10, 12) and loaded.end_date == date(2026, 11, 20)
    assert loaded.updated_at == clock.now


def test_answers_are_stored_as_readable_utf8_json(clocked_store: Store, form: FormDefinition, db_path: Path) -> None:
    location = clocked_store.locations.add(brenchley())
    assessment = clocked_store.assessments.create(location.id, form, findings=three_findings())
    clocked_store.close()
    rows = raw_rows(
        db_path,
        "SELECT answers FROM side_findings WHERE assessment_id = ? AND side = 'young_people'",
        (assessment.id,),
    )
    assert len(rows) == 1
    text = str(rows[0][0])
    assert "Młodzież" in text and "الشباب" in text  # not \u-escaped
    assert json.loads(text) == NON_ASCII_ANSWERS


def test_new_assessment_has_three_unrated_findings(clocked_store: Store, form: FormDefinition) -> None:
    location = clocked_store.locations.add(brenchley())
    assessment = clocked_store.assessments.create(location.id, form)
    loaded = clocked_store.assessments.get(assessment.id)
    assert set(loaded.findings) == set(Side)
    assert all(loaded.rating(side) is None for side in Side)
    assert loaded.status is AssessmentStatus.DRAFT
    rows = clocked_store.db.execute(
        "SELECT count(*) FROM side_findings WHERE assessment_id = ?", [assessment.id]
    ).fetchone()
    assert rows[0] == 3


def test_saving_again_updates_findings_in_place(clocked_store: Store, form: FormDefinition) -> None:
    location = clocked_store.locations.add(brenchley())
    assessment = clocked_store.assessments.create(location.id, form, findings=three_findings())
    assessment.findings[Side.ENVIRONMENT].rating = Rating.RED
    assessment.findings[Side.ENVIRONMENT].concerns = "Lighting failed on both paths."
    assessment.analysis = "Revised after the lighting failure."
    clocked_store.assessments.save(assessment)

    loaded = clocked_store.assessments.get(assessment.id)
    assert loaded.rating(Side.ENVIRONMENT) is Rating.RED
    assert loaded.findings[Side.ENVIRONMENT].concerns == "Lighting failed on both paths."
    assert loaded.analysis == "Revised after the lighting failure."
    count = clocked_store.db.execute("SELECT count(*) FROM side_findings WHERE assessment_id = ?", [assessment.id])
    assert count.fetchone()[0] == 3


def test_form_id_and_version_are_recorded(clocked_store: Store, form: FormDefinition, db_path: Path) -> None:
    location = clocked_store.locations.add(brenchley())
    first = clocked_store.assessments.create(location.id, form)
    newer_form = dataclasses.replace(form, version=form.version + 1)
    second = clocked_store.assessments.create(location.id, newer_form)
    clocked_store.close()

    rows = dict(raw_rows(db_path, "SELECT id, form_id || ':' || form_version FROM assessments"))
    assert rows == {first.id: f"{form.id}:{form.version}", second.id: f"{form.id}:{form.version + 1}"}
    assert form.id == "cs-location-assessment"


def test_save_of_unknown_assessment_is_not_found(clocked_store: Store, form: FormDefinition) -> None:
    stray = Assessment(location_id="0" * 32, form_id=form.id, form_version=form.version)
    with pytest.raises(NotFoundError):
        clocked_store.assessments.save(stray)
    with pytest.raises(NotFoundError):
        clocked_store.assessments.get(stray.id)


def test_create_for_unknown_location_is_not_found(clocked_store: Store, form: FormDefinition) -> None:
    with pytest.raises(NotFoundError):
        clocked_store.assessments.create("f" * 32, form)
    assert clocked_store.db.execute("SELECT count(*) FROM assessments").fetchone()[0] == 0


def test_observations_round_trip_in_start_order(clocked_store: Store, clock: FixedClock, form: FormDefinition) -> None:
    location = clocked_store.locations.add(brenchley())
    assessment = clocked_store.assessments.create(location.id, form)
    later = Observation(
        start=datetime(2026, 10, 18, 19, 0, tzinfo=UTC),
        end=datetime(2026, 10, 18, 21, 0, tzinfo=UTC),
        observer="A. Worker",
        weather="Rain",
        light="dark_lit",
        notes="Group of six by the war memorial.",
    )
    earlier = Observation(
        start=datetime(2026, 10, 14, 7, 30, tzinfo=UTC),
        end=datetime(2026, 10, 14, 8, 30, tzinfo=UTC),
        observer="B. Worker",
        weather="Sunny",
        light="daylight",
        notes="School run: pupils pass through quickly.",
    )
    clocked_store.assessments.save_observation(assessment.id, later)
    clocked_store.assessments.save_observation(assessment.id, earlier)

    store = reopen(clocked_store, clock)
    try:
        visits = store.assessments.observations(assessment.id)
        whole = store.assessments.get(assessment.id)
    finally:
        store.close()
    assert visits == [earlier, later]
    assert whole.observations == [earlier, later]
    assert all(v.created_at == clock.now and v.updated_at == clock.now for v in visits)


def test_observation_update_keeps_one_row_and_created_at(
    clocked_store: Store, clock: FixedClock, form: FormDefinition
) -> None:
    location = clocked_store.locations.add(brenchley())
    assessment = clocked_store.assessments.create(location.id, form)
    visit = clocked_store.assessments.save_observation(
        assessment.id,
        Observation(start=datetime(2026, 10, 14, 16, tzinfo=UTC), end=datetime(2026, 10, 14, 17, tzinfo=UTC)),
    )
    created = visit.created_at
    clock.now += timedelta(days=1)
    visit.notes = "Added the next morning: the gate was left open."
    clocked_store.assessments.save_observation(assessment.id, visit)

    visits = clocked_store.assessments.observations(assessment.id)
    assert len(visits) == 1
    assert visits[0].notes == "Added the next morning: the gate was left open."
    assert visits[0].created_at == created
    assert visits[0].updated_at == clock.now
    assert clocked_store.assessments.get(assessment.id).updated_at == clock.now


def test_soft_deleted_observation_is_hidden_but_kept(
    clocked_store: Store, clock: FixedClock, form: FormDefinition, db_path: Path
) -> None:
    location = clocked_store.locations.add(brenchley())
    assessment = clocked_store.assessments.create(location.id, form)
    keep = clocked_store.assessments.save_observation(
        assessment.id,
        Observation(start=datetime(2026, 10, 14, 16, tzinfo=UTC), end=datetime(2026, 10, 14, 17, tzinfo=UTC)),
    )
    gone = clocked_store.assessments.save_observation(
        assessment.id,
        Observation(start=datetime(2026, 10, 15, 16, tzinfo=UTC), end=datetime(2026, 10, 15, 17, tzinfo=UTC)),
    )
    clock.now += timedelta(hours=1)
    clocked_store.assessments.delete_observation(gone.id)

    assert clocked_store.assessments.observations(assessment.id) == [keep]
    assert clocked_store.assessments.get(assessment.id).observations == [keep]
    assert clocked_store.assessments.get(assessment.id).updated_at == clock.now
    with pytest.raises(NotFoundError):
        clocked_store.assessments.delete_observation(gone.id)
    clocked_store.close()
    rows = raw_rows(db_path, "SELECT deleted_at FROM observations WHERE id = ?", (gone.id,))
    assert rows == [(clock.now.isoformat(),)]


def test_delete_unknown_observation_is_not_found(clocked_store: Store) -> None:
    with pytest.raises(NotFoundError):
        clocked_store.assessments.delete_observation("a" * 32)


def test_for_location_and_latest(clocked_store: Store, clock: FixedClock, form: FormDefinition) -> None:
    location = clocked_store.locations.add(brenchley())
    assert clocked_store.assessments.latest_for_location(location.id) is None
    first = clocked_store.assessments.create(location.id, form)
    clock.now += timedelta(days=90)
    second = clocked_store.assessments.create(location.id, form)
    assert [a.id for a in clocked_store.assessments.for_location(location.id)] == [first.id, second.id]
    latest = clocked_store.assessments.latest_for_location(location.id)
    assert latest is not None and latest.id == second.id
    start = datetime(2026, 11, 2, 16, 0, tzinfo=UTC)
    clocked_store.assessments.save_observation(second.id, Observation(start=start, end=start + timedelta(hours=1)))
    whole = clocked_store.assessments.for_location(location.id)
    listed = clocked_store.assessments.for_location(location.id, records=False)  # for a list: no records read
    assert len(whole[1].observations) == 1 and listed[1].observations == []
    assert [dataclasses.replace(a, observations=[]) for a in whole] == listed  # the same fields and findings


def test_summaries_show_latest_assessment(clocked_store: Store, clock: FixedClock, form: FormDefinition) -> None:
    park = clocked_store.locations.add(brenchley())
    street = clocked_store.locations.add(brenchley(name="North Week Street"))
    station = clocked_store.locations.add(brenchley(name="Maidstone East station"))

    old = clocked_store.assessments.create(park.id, form, findings=three_findings(), status=AssessmentStatus.COMPLETE)
    clock.now += timedelta(days=60)
    new = clocked_store.assessments.create(park.id, form)
    new.findings[Side.YOUNG_PEOPLE].rating = Rating.AMBER
    clock.now += timedelta(days=1)
    clocked_store.assessments.save(new)
    park_updated = clock.now
    # Editing the older assessment later must not make it the "latest" one.
    clock.now += timedelta(days=1)
    old.analysis = "Correction to the first assessment."
    clocked_store.assessments.save(old)

    clock.now += timedelta(days=1)
    clocked_store.assessments.create(street.id, form, findings=three_findings())
    clocked_store.locations.set_archived(station.id)

    summaries = {s.location.name: s for s in clocked_store.locations.summaries()}
    assert list(summaries) == ["Brenchley Gardens", "North Week Street"]

    park_row = summaries["Brenchley Gardens"]
    assert park_row.latest_assessment_id == new.id
    assert park_row.ratings == {Side.YOUNG_PEOPLE: Rating.AMBER, Side.GUARDIANSHIP: None, Side.ENVIRONMENT: None}
    assert park_row.status is AssessmentStatus.DRAFT
    # last_updated is the later of the location's and its latest assessment's updated_at.
    assert park_row.last_updated == park_updated
    assert park_row.last_updated > park.updated_at  # type: ignore[operator]

    street_row = summaries["North Week Street"]
    assert street_row.ratings == {
        Side.YOUNG_PEOPLE: Rating.RED,
        Side.GUARDIANSHIP: Rating.AMBER,
        Side.ENVIRONMENT: Rating.GREEN,
    }
    assert street_row.status is AssessmentStatus.DRAFT
    assert street_row.last_updated == clock.now

    every = {s.location.name: s for s in clocked_store.locations.summaries(include_archived=True)}
    never_assessed = every["Maidstone East station"]
    assert never_assessed.latest_assessment_id is None
    assert never_assessed.status is None
    assert never_assessed.ratings == dict.fromkeys(Side)
    assert never_assessed.last_updated == clock.now  # archiving updated the location


def test_saving_a_deleted_visit_is_refused_not_silently_hidden(clocked_store: Store, form: FormDefinition) -> None:
    # Regression: the upsert used to "save" edits to a soft-deleted visit, report success,
    # and leave them invisible (and the visit still deleted).
    location = clocked_store.locations.add(brenchley())
    assessment = clocked_store.assessments.create(location.id, form)
    visit = clocked_store.assessments.save_observation(
        assessment.id,
        Observation(start=datetime(2026, 10, 14, 16, tzinfo=UTC), end=datetime(2026, 10, 14, 17, tzinfo=UTC)),
    )
    clocked_store.assessments.delete_observation(visit.id)
    visit.notes = "Edited in another window after it was deleted."
    with pytest.raises(NotFoundError, match="no longer exists"):
        clocked_store.assessments.save_observation(assessment.id, visit)
    assert clocked_store.assessments.observations(assessment.id) == []


def test_a_visit_cannot_be_moved_to_another_assessment_by_saving(clocked_store: Store, form: FormDefinition) -> None:
    location = clocked_store.locations.add(brenchley())
    first = clocked_store.assessments.create(location.id, form)
    second = clocked_store.assessments.create(location.id, form)
    visit = clocked_store.assessments.save_observation(
        first.id,
        Observation(start=datetime(2026, 10, 14, 16, tzinfo=UTC), end=datetime(2026, 10, 14, 17, tzinfo=UTC)),
    )
    with pytest.raises(NotFoundError):
        clocked_store.assessments.save_observation(second.id, visit)
    assert clocked_store.assessments.observations(first.id) == [visit]
    assert clocked_store.assessments.observations(second.id) == []


def test_location_names_are_unique_ignoring_case(tmp_path: Path) -> None:
    from safeguarding.errors import ValidationError
    from safeguarding.model import Location

    store = open_store(tmp_path / "unique.sqlite3")
    try:
        first = store.locations.add(Location(name="Brenchley Gardens"))
        with pytest.raises(ValidationError, match="already exists"):
            store.locations.add(Location(name="  brenchley gardens "))
        other = store.locations.add(Location(name="Brenchley Gardens (Station Road entrance)"))
        other.name = "BRENCHLEY GARDENS"
        with pytest.raises(ValidationError, match="already exists"):
            store.locations.update(other)
        first.ward = "High Street"
        store.locations.update(first)  # saving a location under its own name is fine
        assert len(store.locations.by_name()) == 2
    finally:
        store.close()


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Łąki", "łąki"),
        ("ŁĄKI NAD WISŁĄ", "łąki nad wisłą"),
        ("Парк Горького", "ПАРК ГОРЬКОГО"),
        ("Straße am Bahnhof", "STRASSE AM BAHNHOF"),
        ("Çarşı Meydanı", "çarşı meydanı"),
        ("Łąki", "ła\u0328ki"),  # "ą" typed as "a" + combining ogonek (NFD)
    ],
)
def test_names_match_without_regard_to_case_in_any_script(clocked_store: Store, stored: str, typed: str) -> None:
    # SQLite's NOCASE and lower() fold only A-Z: "łąki" did not find "Łąki" and a second "ŁĄKI" was let in.
    place = clocked_store.locations.add(brenchley(name=stored))
    assert [found.id for found in clocked_store.locations.find_by_name(typed)] == [place.id]
    with pytest.raises(ValidationError, match="already exists"):
        clocked_store.locations.add(brenchley(name=typed))
    assert len(clocked_store.locations.by_name()) == 1
