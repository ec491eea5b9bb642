"""Search across every record: each record type found, filters, ranking, kept current, encrypted databases."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from safeguarding.forms import FormDefinition
from safeguarding.model import Consultation, ConsultationMethod, Location, MapPin, Observation, Side
from safeguarding.search.query import MARK_END, MARK_START, RECORD_TYPE_LABELS, SearchQuery, has_cjk
from safeguarding.security.keys import Key
from safeguarding.store import Store, open_store
from safeguarding.store.schema.search import RECORD_TYPES
from tests.conftest import FixedClock


def _find(store: Store, words: str, **filters: object) -> list[tuple[str, str]]:
    results = store.search.search(SearchQuery(words, **filters))  # type: ignore[arg-type]
    return [(result.record_type, result.location_name) for result in results]


def test_every_record_type_is_labelled() -> None:
    assert set(RECORD_TYPES) == set(RECORD_TYPE_LABELS)


@pytest.mark.parametrize(
    ("words", "record_type"),
    [
        ("Victorian", "location"),  # place type
        ("residents' survey", "location"),  # referral reason
        ("Youth Outreach Team", "assessment"),  # assessor's agency
        ("takeaways", "visit"),  # visit notes
        ("e-bikes", "finding"),  # a side's concerns
        ("front-of-house volunteer", "consultation"),
        ("bandstand", "pin"),
        ("canisters", "photo"),  # a photo's caption
        ("trusted adults", "goal"),
        ("contractor", "action"),  # a progress note on an action
        ("rota under review", "review"),  # an update given at a review
        ("station manager", "meeting"),  # a meeting item's discussion
        ("Maidstone House", "meeting"),  # the meeting's venue
    ],
)
def test_a_word_is_found_in_each_record_type(demo: Store, words: str, record_type: str) -> None:
    results = demo.search.search(SearchQuery(words, record_types=frozenset({record_type})))
    assert results, f"{words!r} not found among {record_type} records"
    first = results[0]
    assert first.record_type == record_type
    assert MARK_START in first.snippet and MARK_END in first.snippet
    assert first.record_id


def test_results_are_ranked_and_carry_their_place(demo: Store) -> None:
    results = demo.search.search(SearchQuery("lamps"))
    assert len(results) >= 4
    assert [r.score for r in results] == sorted(r.score for r in results)  # BM25: lower is better
    pin = next(r for r in results if r.record_type == "pin")
    assert pin.location_name == "Brenchley Gardens" and pin.assessment_id
    assert "[lamps]" in pin.plain_snippet()


def test_filters_by_type_location_date_time_band_and_side(demo: Store, form: FormDefinition) -> None:
    demo.search.bands = form.time_bands
    (north,) = demo.locations.find_by_name("North Week Street")
    assert {place for _, place in _find(demo, "young people", location_id=north.id)} == {"North Week Street"}
    visits = demo.search.search(
        SearchQuery("", record_types=frozenset({"visit"}), since=date(2026, 10, 1), until=date(2026, 10, 31))
    )
    assert visits and all(r.on is not None and date(2026, 10, 1) <= r.on <= date(2026, 10, 31) for r in visits)
    assert [r.on for r in visits] == sorted((r.on for r in visits), reverse=True)  # filters alone: newest first
    late = demo.search.search(SearchQuery("", time_band="late_night", since=date(2026, 10, 1)))
    assert late and all(r.record_type == "visit" and r.time_band.startswith("Late night") for r in late)
    assert all(r.starts is not None and r.starts.astimezone(UTC).hour >= 19 for r in late)
    sided = demo.search.search(SearchQuery("lighting", side=Side.ENVIRONMENT))
    assert sided and all(Side.ENVIRONMENT in r.sides for r in sided)


def test_accents_case_and_phrases(store: Store, form: FormDefinition) -> None:
    location = store.locations.add(Location(name="Łąki Park", referral_reason="Zoë saw a RED CAR by the gate."))
    assert _find(store, "zoe") == [("location", "Łąki Park")]
    assert _find(store, "ŁAKI") == [("location", "Łąki Park")]  # ą folds to a; Ł is a letter of its own
    assert _find(store, '"red car"') == [("location", "Łąki Park")]
    assert _find(store, '"car red"') == []
    assert _find(store, "gat*") == [("location", "Łąki Park")]
    assert _find(store, 'OR ( "') == []  # FTS syntax typed by hand is taken as words, never an error
    assert location.id


def test_chinese_words_are_found_inside_a_sentence(store: Store, form: FormDefinition) -> None:
    location = store.locations.add(Location(name="Chinatown corner"))
    assessment = store.assessments.create(location.id, form)
    start = datetime(2026, 10, 2, 20, 0, tzinfo=UTC)
    store.assessments.save_observation(
        assessment.id, Observation(start=start, end=start.replace(hour=21), notes="店主说红色汽车每晚都来。")
    )
    assert has_cjk("红色汽车")
    results = store.search.search(SearchQuery("红色汽车"))
    assert [r.record_type for r in results] == ["visit"]
    assert f"{MARK_START}红色汽车{MARK_END}" in results[0].snippet


def test_index_stays_current_as_records_change(store: Store, form: FormDefinition) -> None:
    location = store.locations.add(Location(name="Mote Park corner"))
    assessment = store.assessments.create(location.id, form)
    start = datetime(2026, 10, 2, 20, 0, tzinfo=UTC)
    visit = store.assessments.save_observation(
        assessment.id, Observation(start=start, end=start.replace(hour=21), notes="A red car circled twice.")
    )
    assert _find(store, "red car") == [("visit", "Mote Park corner")]
    store.assessments.save_observation(assessment.id, replace(visit, notes="A blue van parked by the gate."))
    assert _find(store, "red car") == []
    assert _find(store, "blue van") == [("visit", "Mote Park corner")]
    store.assessments.delete_observation(visit.id)
    assert _find(store, "blue van") == []
    pin = store.maps.save_pin(assessment.id, MapPin(51.27, 0.52, "cctv", label="Camera by the kiosk"))
    assert _find(store, "kiosk") == [("pin", "Mote Park corner")]
    consultation = store.consultations.save(
        assessment.id,
        Consultation("Kiosk manager", ConsultationMethod.CONVERSATION, date(2026, 10, 3), said="Boys on scooters."),
    )
    assert _find(store, "scooters") == [("consultation", "Mote Park corner")]
    store.assessments.delete(assessment.id)  # a deleted assessment's records leave the results
    assert _find(store, "kiosk") == [] and _find(store, "scooters") == []
    assert pin.id and consultation.id


def test_search_works_in_an_encrypted_database(tmp_path: Path, meeting_clock: FixedClock) -> None:
    path = tmp_path / "secret.sqlite3"
    key = Key.generate()
    store = open_store(path, key=key, clock=meeting_clock)
    try:
        store.locations.add(Location(name="Encrypted place", referral_reason="Nitrous oxide canisters at dusk."))
        assert _find(store, "canisters") == [("location", "Encrypted place")]
    finally:
        store.close()
    raw = path.read_bytes()
    assert b"canisters" not in raw and b"SQLite format 3" not in raw[:16]  # the index is inside, encrypted
    reopened = open_store(path, key=key, read_only=True)
    try:
        assert _find(reopened, "nitrous") == [("location", "Encrypted place")]
    finally:
        reopened.close()
