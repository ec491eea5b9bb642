"""Demo map of Brenchley Gardens: a boundary and a dozen pins.

Positions are approximate and for practice only; the public facts (three
pedestrian entrances, the bandstand, the war memorial, the museum beside the
park, Maidstone East station and the Week Street shops nearby, CCTV, concerns
about lighting) are real, every observation in the notes is invented.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from safeguarding.model import MapPin, Side
from safeguarding.store import Store

BRENCHLEY_BOUNDARY = [
    (51.27862, 0.51822),
    (51.27872, 0.52058),
    (51.27702, 0.52082),
    (51.27662, 0.51902),
    (51.27762, 0.51802),
]
"""Approximate outline of the park inside its railings, ``(lat, lon)`` corners."""

# (lat, lon, category, label, notes, side, light of the visit it came from or "")
_PINS: tuple[tuple[float, float, str, str, str, Side, str], ...] = (
    (
        51.27812,
        0.51832,
        "entrance",
        "Station Road entrance",
        "Main way in from the station. Gate left open at night.",
        Side.ENVIRONMENT,
        "",
    ),
    (
        51.27688,
        0.51932,
        "entrance",
        "St Faith's Street entrance",
        "Gate beside the museum; busiest after school.",
        Side.ENVIRONMENT,
        "",
    ),
    (
        51.27842,
        0.52042,
        "entrance",
        "McKenzie Court side entrance",
        "Narrow path, no lighting beyond the gate.",
        Side.ENVIRONMENT,
        "",
    ),
    (
        51.27772,
        0.51942,
        "gathering_place",
        "Bandstand",
        "Groups of 8-12 aged about 13-16 after school (fictional).",
        Side.YOUNG_PEOPLE,
        "daylight",
    ),
    (
        51.27732,
        0.52012,
        "poor_lighting",
        "Path beside the museum",
        "Unlit by 17:15 in November; no sight line from the street.",
        Side.ENVIRONMENT,
        "dark_poorly_lit",
    ),
    (
        51.27792,
        0.51872,
        "poor_lighting",
        "Station Road path: two lamps out",
        "Reported to the council (demo).",
        Side.ENVIRONMENT,
        "dark_poorly_lit",
    ),
    (
        51.27752,
        0.51902,
        "hidden_area",
        "Shrubs behind the war memorial",
        "Out of sight of both entrances.",
        Side.ENVIRONMENT,
        "",
    ),
    (
        51.27758,
        0.51888,
        "drug_paraphernalia",
        "Nitrous oxide canisters",
        "Found on two visits by the memorial.",
        Side.ENVIRONMENT,
        "",
    ),
    (
        51.27682,
        0.51962,
        "cctv",
        "CCTV camera, St Faith's Street",
        "Council camera; covers the gate, not the museum path.",
        Side.GUARDIANSHIP,
        "",
    ),
    (
        51.27772,
        0.51682,
        "transport_staff",
        "Maidstone East station",
        "Staffed ticket office until late; staff know the park by name.",
        Side.GUARDIANSHIP,
        "",
    ),
    (
        51.27802,
        0.52182,
        "staffed_business",
        "Week Street shops",
        "Staffed until about 17:30; one manager offered to be a safe place (demo).",
        Side.GUARDIANSHIP,
        "",
    ),
    (
        51.27732,
        0.52082,
        "community_venue",
        "Maidstone Museum",
        "Front-of-house staff until 17:00.",
        Side.GUARDIANSHIP,
        "",
    ),
    (
        51.27722,
        0.51992,
        "felt_unsafe",
        "'The dark path' (safety mapping)",
        "Marked red by young people in the safety-mapping session (fictional).",
        Side.YOUNG_PEOPLE,
        "",
    ),
)


def fill_map(store: Store, set_clock: Callable[[datetime], None]) -> None:
    """Give the demo's first Brenchley Gardens assessment its boundary and pins.

    Args:
        store: The demo database being built.
        set_clock: Sets the store's clock to a UK local time (the demo clock).
    """
    location = store.locations.find_by_name("Brenchley Gardens")[0]
    assessment = store.assessments.for_location(location.id)[0]
    visits = assessment.observations
    set_clock(datetime(2026, 10, 7, 18, 0))
    store.maps.set_boundary(assessment.id, BRENCHLEY_BOUNDARY)
    for index, (lat, lon, category, label, notes, side, light) in enumerate(_PINS):
        set_clock(datetime(2026, 10, 7, 18, 5 + index))
        visit = next((v.id for v in visits if light and v.light == light), None)
        store.maps.save_pin(assessment.id, MapPin(lat, lon, category, label, notes, side, visit))
