"""Demo map of Brenchley Gardens: a boundary and a dozen pins, over two assessments.

The first assessment (spring 2026) draws the boundary and eight pins. The
reassessment (autumn 2026) gets them carried forward (each shown "(carried
forward)"), updates one whose situation changed, and adds five new pins from
the autumn visits and the safety mapping, so it has thirteen.

Positions are approximate and for practice only; the public facts (three
pedestrian entrances, the bandstand, the war memorial, the museum beside the
park, Maidstone East station and the Week Street shops nearby, CCTV, concerns
about lighting) are real, every observation in the notes is invented.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from safeguarding.model import Assessment, MapPin, Side
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
_Pin = tuple[float, float, str, str, str, Side, str]

_FIRST_PINS: tuple[_Pin, ...] = (
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
        51.27752,
        0.51902,
        "hidden_area",
        "Shrubs behind the war memorial",
        "Out of sight of both entrances.",
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
        51.27732,
        0.52082,
        "community_venue",
        "Maidstone Museum",
        "Front-of-house staff until 17:00.",
        Side.GUARDIANSHIP,
        "",
    ),
)
"""Pins of the first assessment (spring 2026)."""

_SECOND_PINS: tuple[_Pin, ...] = (
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
        "Failed again in October after the spring repair; reported to the council (demo).",
        Side.ENVIRONMENT,
        "dark_poorly_lit",
    ),
    (
        51.27758,
        0.51888,
        "drug_paraphernalia",
        "Nitrous oxide canisters",
        "Found on most visits by the memorial; fewer than in the spring.",
        Side.ENVIRONMENT,
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
        51.27722,
        0.51992,
        "felt_unsafe",
        "'The dark path' (safety mapping)",
        "Marked red by Year 9 pupils in the safety mapping of 14 October (fictional).",
        Side.YOUNG_PEOPLE,
        "",
    ),
)
"""New pins of the reassessment (autumn 2026)."""

_UPDATED_NOTES = {
    "Shrubs behind the war memorial": "Cut back in June 2026; now open to view from both paths (checked 6 October).",
}
"""Carried-forward pins whose notes the reassessment brought up to date (they stay marked as carried)."""


def _location(store: Store) -> str:
    return store.locations.find_by_name("Brenchley Gardens")[0].id


def _add_pins(store: Store, set_clock: Callable[[datetime], None], assessment: Assessment, pins: tuple[_Pin, ...],
              when: datetime) -> None:  # fmt: skip
    visits = assessment.observations
    for index, (lat, lon, category, label, notes, side, light) in enumerate(pins):
        set_clock(when + timedelta(minutes=index))
        visit = next((v.id for v in visits if light and v.light == light), None)
        store.maps.save_pin(assessment.id, MapPin(lat, lon, category, label, notes, side, visit))


def fill_first_map(store: Store, set_clock: Callable[[datetime], None]) -> None:
    """Give Brenchley Gardens' first assessment its boundary and first eight pins.

    Args:
        store: The demo database being built.
        set_clock: Sets the store's clock to a UK local time (the demo clock).
    """
    assessment = store.assessments.for_location(_location(store))[0]
    set_clock(datetime(2026, 3, 12, 19, 0))
    store.maps.set_boundary(assessment.id, BRENCHLEY_BOUNDARY)
    _add_pins(store, set_clock, assessment, _FIRST_PINS, datetime(2026, 3, 12, 19, 5))


def fill_map(store: Store, set_clock: Callable[[datetime], None]) -> None:
    """Bring the reassessment's carried-forward map up to date and add its new pins.

    Args:
        store: The demo database being built (the reassessment already carries
            the boundary and the first pins).
        set_clock: Sets the store's clock to a UK local time (the demo clock).
    """
    assessment = store.assessments.for_location(_location(store))[-1]
    set_clock(datetime(2026, 10, 6, 10, 0))
    for pin in assessment.pins:
        if pin.label in _UPDATED_NOTES:
            pin.notes = _UPDATED_NOTES[pin.label]
            store.maps.save_pin(assessment.id, pin)
    _add_pins(store, set_clock, assessment, _SECOND_PINS, datetime(2026, 11, 14, 17, 0))
