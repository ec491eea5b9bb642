"""Map pins and boundaries through the store: round trips, refusals, soft delete, aggregate loading."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from safeguarding.errors import NotFoundError, ValidationError
from safeguarding.forms import FormDefinition
from safeguarding.model import Assessment, Location, MapPin, Observation, Side
from safeguarding.store import Store

NASTY = 'St Mary\'s Rec ` \\ <script>alert(1)</script> "quoted" — Łódź'


def test_pin_round_trip_and_aggregate(store: Store, located: tuple[Location, Assessment]) -> None:
    _, assessment = located
    visit = store.assessments.save_observation(
        assessment.id,
        Observation(start=datetime(2026, 11, 3, 16, tzinfo=UTC), end=datetime(2026, 11, 3, 17, tzinfo=UTC)),
    )
    pin = store.maps.save_pin(
        assessment.id,
        MapPin(51.2779, 0.5191, "cctv", NASTY, "Monitored?\nsecond line", Side.GUARDIANSHIP, visit.id),
    )
    second = store.maps.save_pin(assessment.id, MapPin(51.2771, 0.5200, "entrance", "Station Road"))
    assert [p.id for p in store.maps.pins(assessment.id)] == [pin.id, second.id]
    loaded = store.maps.get_pin(pin.id)
    assert (loaded.label, loaded.notes, loaded.side, loaded.observation_id) == (
        NASTY,
        "Monitored?\nsecond line",
        Side.GUARDIANSHIP,
        visit.id,
    )
    whole = store.assessments.get(assessment.id)
    assert [p.label for p in whole.pins] == [NASTY, "Station Road"]

    loaded.latitude, loaded.longitude = 51.2780, 0.5190
    store.maps.save_pin(assessment.id, loaded)
    assert (store.maps.get_pin(pin.id).latitude, store.maps.get_pin(pin.id).longitude) == (51.2780, 0.5190)

    store.maps.delete_pin(pin.id)
    assert [p.id for p in store.maps.pins(assessment.id)] == [second.id]
    with pytest.raises(NotFoundError):
        store.maps.save_pin(assessment.id, loaded)  # a deleted pin is not silently revived
    with pytest.raises(NotFoundError):
        store.maps.delete_pin(pin.id)


@pytest.mark.parametrize(
    ("lat", "lon", "field"),
    [
        (91, 0.5, "latitude"),
        (51.2, 181, "longitude"),
        (float("nan"), 0.5, "latitude"),
        (51.2, float("inf"), "longitude"),
    ],
)
def test_impossible_coordinates_are_refused(
    store: Store, located: tuple[Location, Assessment], lat: float, lon: float, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        store.maps.save_pin(located[1].id, MapPin(lat, lon, "cctv"))
    assert caught.value.field == field
    assert "degrees" in str(caught.value)
    assert store.maps.pins(located[1].id) == []


def test_pin_needs_a_category_and_a_visit_of_this_assessment(
    store: Store, located: tuple[Location, Assessment], form: FormDefinition
) -> None:
    location, assessment = located
    with pytest.raises(ValidationError, match="category"):
        store.maps.save_pin(assessment.id, MapPin(51.2, 0.5, " "))
    other = store.assessments.create(location.id, form)
    start = datetime(2026, 11, 3, 16, tzinfo=UTC)
    visit = store.assessments.save_observation(other.id, Observation(start=start, end=start + timedelta(hours=1)))
    with pytest.raises(NotFoundError, match="visit"):
        store.maps.save_pin(assessment.id, MapPin(51.2, 0.5, "cctv", observation_id=visit.id))
    with pytest.raises(NotFoundError):
        store.maps.save_pin("no-such-assessment", MapPin(51.2, 0.5, "cctv"))


def test_boundary_round_trip_and_refusals(store: Store, located: tuple[Location, Assessment]) -> None:
    assessment = located[1]
    square = [(51.278, 0.519), (51.278, 0.520), (51.277, 0.520), (51.277, 0.519)]
    store.maps.set_boundary(assessment.id, square)
    assert store.maps.boundary(assessment.id) == square
    assert store.assessments.get(assessment.id).boundary == square
    with pytest.raises(ValidationError, match="three corners"):
        store.maps.set_boundary(assessment.id, square[:2])
    with pytest.raises(ValidationError, match="Boundary corner 2"):
        store.maps.set_boundary(assessment.id, [square[0], (95.0, 0.5), square[2]])
    assert store.maps.boundary(assessment.id) == square
    store.maps.set_boundary(assessment.id, [])
    assert store.maps.boundary(assessment.id) == []


def test_demo_brenchley_has_boundary_and_a_dozen_pins(tmp_path: Path) -> None:
    from safeguarding.demo import build_demo_database
    from safeguarding.maps.categories import load_pin_categories
    from safeguarding.store import open_store

    path = build_demo_database(tmp_path / "demo.sqlite3")
    store = open_store(path)
    try:
        location = store.locations.find_by_name("Brenchley Gardens")[0]
        first, assessment = store.assessments.for_location(location.id)  # the reassessment has the full map
        assert len(assessment.boundary) >= 4 and assessment.boundary == first.boundary
        labels = [pin.label for pin in assessment.pins]
        assert len(labels) >= 12
        assert [pin.label for pin in assessment.pins if pin.is_carried] == [pin.label for pin in first.pins]
        assert sum(pin.category == "entrance" for pin in assessment.pins) == 3
        assert {"Bandstand", "Maidstone East station"} <= set(labels)
        categories = load_pin_categories()
        assert all(pin.category in categories for pin in assessment.pins)
        assert any(pin.observation_id for pin in assessment.pins)
    finally:
        store.close()
