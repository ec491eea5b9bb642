"""A reassessment carries the map forward: the boundary as drawn, and each pin marked "(carried forward)"."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from safeguarding.forms import FormDefinition
from safeguarding.maps.categories import load_pin_categories
from safeguarding.maps.geojson import to_geojson
from safeguarding.model import MapPin, Observation, Side
from safeguarding.reports import export_assessment_report
from safeguarding.store import Store
from safeguarding.workflows.reassess import reassess
from tests.conftest import FixedClock
from tests.plan.conftest import Planned
from tests.reports.pdfread import collapse, read_pdf

BOUNDARY = [(51.2786, 0.5182), (51.2787, 0.5206), (51.2770, 0.5208), (51.2766, 0.5190)]


def _mapped(planned: Planned, plan_store: Store) -> list[MapPin]:
    """Give the planned assessment a boundary, a visit and three pins (one deleted, one from the visit)."""
    a = planned.assessment.id
    visit = plan_store.assessments.save_observation(
        a,
        Observation(
            start=datetime(2026, 10, 8, 14, 20, tzinfo=UTC),
            end=datetime(2026, 10, 8, 16, 40, tzinfo=UTC),
            observer="Observer (fictional)",
            notes="Groups at the bandstand after school.",
        ),
    )
    plan_store.maps.set_boundary(a, BOUNDARY)
    bandstand = MapPin(51.2777, 0.5194, "gathering_place", "Bandstand", "Groups after school", Side.YOUNG_PEOPLE)
    bandstand.observation_id = visit.id
    kept = [
        plan_store.maps.save_pin(a, bandstand),
        plan_store.maps.save_pin(a, MapPin(51.2768, 0.5196, "cctv", "CCTV camera", side=Side.GUARDIANSHIP)),
    ]
    gone = plan_store.maps.save_pin(a, MapPin(51.2775, 0.5190, "other", "Wrongly placed"))
    plan_store.maps.delete_pin(gone.id)
    return kept


def _reassess(planned: Planned, plan_store: Store, form: FormDefinition, clock: FixedClock):  # type: ignore[no-untyped-def]
    clock.now = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
    return reassess(plan_store, planned.assessment.id, form, start_date=date(2027, 3, 1))


def test_boundary_and_live_pins_are_carried_and_marked(
    planned: Planned, plan_store: Store, form: FormDefinition, clock: FixedClock
) -> None:
    earlier = _mapped(planned, plan_store)
    new = _reassess(planned, plan_store, form, clock)
    assert new.boundary == BOUNDARY
    assert [(p.label, p.notes, p.category, p.side) for p in new.pins] == [
        ("Bandstand", "Groups after school", "gathering_place", Side.YOUNG_PEOPLE),
        ("CCTV camera", "", "cctv", Side.GUARDIANSHIP),
    ]  # the deleted pin stays behind
    assert [p.carried_from for p in new.pins] == [p.id for p in earlier]
    assert all(p.is_carried for p in new.pins)
    assert not {p.id for p in new.pins} & {p.id for p in earlier}
    assert all(p.observation_id is None for p in new.pins), "visits are not carried, so neither is the link"
    assert all(p.created_at == clock.now for p in new.pins)
    # The earlier assessment's map is untouched.
    old = plan_store.assessments.get(planned.assessment.id)
    assert old.boundary == BOUNDARY
    assert [p.id for p in old.pins] == [p.id for p in earlier]
    assert not any(p.is_carried for p in old.pins)


def test_new_pins_are_not_marked_and_editing_keeps_the_mark(
    planned: Planned, plan_store: Store, form: FormDefinition, clock: FixedClock
) -> None:
    _mapped(planned, plan_store)
    new = _reassess(planned, plan_store, form, clock)
    fresh = plan_store.maps.save_pin(new.id, MapPin(51.2779, 0.5200, "poor_lighting", "Lamp out"))
    assert not fresh.is_carried
    carried = new.pins[0]
    # The page rebuilds a pin from its fields; where it came from cannot be edited away (or forged).
    edited = MapPin(carried.latitude, carried.longitude, carried.category, "Bandstand (lit since June)", id=carried.id)
    assert plan_store.maps.save_pin(new.id, edited).carried_from == carried.carried_from
    forged = plan_store.maps.save_pin(new.id, MapPin(51.2779, 0.5201, "other", "New", carried_from=carried.id))
    assert forged.carried_from is None
    pins = plan_store.maps.pins(new.id)
    assert [(p.label, p.is_carried) for p in pins] == [
        ("Bandstand (lit since June)", True),
        ("CCTV camera", True),
        ("Lamp out", False),
        ("New", False),
    ]
    collection = to_geojson(pins, [], load_pin_categories())
    assert [f["properties"]["carried_forward"] for f in collection["features"]] == [True, True, False, False]
    json.dumps(collection)


def test_a_reassessment_without_a_map_has_none(
    planned: Planned, plan_store: Store, form: FormDefinition, clock: FixedClock
) -> None:
    new = _reassess(planned, plan_store, form, clock)
    assert new.boundary == [] and new.pins == []


def test_report_pin_table_says_carried_forward(
    planned: Planned, plan_store: Store, form: FormDefinition, clock: FixedClock, tmp_path: Path
) -> None:
    _mapped(planned, plan_store)
    new = _reassess(planned, plan_store, form, clock)
    plan_store.maps.save_pin(new.id, MapPin(51.2779, 0.5200, "poor_lighting", "Lamp out on the path"))
    whole = plan_store.assessments.get(new.id)
    out = export_assessment_report(planned.location, whole, form, tmp_path / "r.pdf")
    text = collapse(read_pdf(out).text)
    assert "Bandstand (carried forward)" in text
    assert "CCTV camera (carried forward)" in text
    assert "Lamp out on the path" in text and "Lamp out on the path (carried forward)" not in text
    assert "were recorded in the earlier assessment and carried into this one" in text
