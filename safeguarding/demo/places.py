"""Demo police data and safety mapping around Brenchley Gardens: invented, and labelled so on every record.

Police figures: a few invented records a month from March 2024 to September
2026, reported by "Demo Police (fictional)" on "Demo Street (fictional)" names,
so the demo's crime section, monthly chart and map layer have something to show
and nobody can take them for police.uk figures about the real park. Safety
mapping: one session in each assessment (participants by role and number), with
marks at the demo's invented places of concern and a route, so the tally and
the comparison between the assessment and its reassessment can be seen.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime

from safeguarding.crime.police_csv import PoliceFile, iter_months
from safeguarding.safety_mapping.model import MarkKind, Participants, SafetyMark, SafetySession
from safeguarding.store import Store

DEMO_FORCE = "Demo Police (fictional)"
_TYPES = (
    ("Anti-social behaviour", 5),
    ("Violence and sexual offences", 2),
    ("Public order", 1),
    ("Drugs", 1),
    ("Criminal damage and arson", 1),
    ("Other theft", 1),
)
_POINTS = (
    (51.27790, 0.51950, "On or near Demo Street 1 (fictional)"),
    (51.27742, 0.51990, "On or near Demo Street 1 (fictional)"),
    (51.27850, 0.52100, "On or near Demo Street 2 (fictional)"),
    (51.27700, 0.51780, "On or near Demo Street 3 (fictional)"),
    (51.27930, 0.51880, "On or near Demo Street 4 (fictional)"),
    (51.27620, 0.52150, "On or near Demo Street 5 (fictional)"),
)
BANDSTAND = (51.27770, 0.51945)
MUSEUM_STEPS = (51.27835, 0.52020)
STATION_ROAD_GATE = (51.27812, 0.51832)
ROUTE_HOME = [(51.27812, 0.51832), (51.27770, 0.51945), (51.27720, 0.52060)]


def _police_month(month: str, rng: random.Random) -> PoliceFile:
    parsed = PoliceFile(f"{month}-demo-street.csv (fictional)", month, DEMO_FORCE, DEMO_FORCE)
    names = [name for name, weight in _TYPES for _ in range(weight)]
    for _ in range(rng.randint(4, 12)):
        lat, lon, street = rng.choice(_POINTS)
        parsed.records.append((lat, lon, rng.choice(names), street, ""))
    parsed.without_position = rng.randint(0, 1)
    return parsed


def fill_police_data(store: Store, set_clock: Callable[[datetime], None]) -> None:
    """Store invented police records for March 2024 to September 2026 (as if imported in November 2026)."""
    rng = random.Random(17)
    set_clock(datetime(2026, 11, 2, 9, 0))
    for month in iter_months("2024-03", "2026-09"):
        store.crime.store_file(_police_month(month, rng))


def _session(store: Store, assessment_id: str, held_on: date, groups: list[Participants],
             marks: list[tuple[MarkKind, list[tuple[float, float]], str, str]]) -> None:  # fmt: skip
    session = store.safety.save_session(SafetySession(assessment_id, held_on, groups, "Youth hub (demo)"))
    for kind, points, label, notes in marks:
        store.safety.save_mark(SafetyMark(session.id, kind, points, label, notes))


def fill_safety_mapping(store: Store, set_clock: Callable[[datetime], None]) -> None:
    """One safety-mapping session in each of Brenchley Gardens' assessments."""
    location_id = store.locations.find_by_name("Brenchley Gardens")[0].id
    first, second = store.assessments.for_location(location_id)[:2]
    set_clock(datetime(2026, 3, 25, 17, 30))
    _session(
        store,
        first.id,
        date(2026, 3, 25),
        [Participants("Young people aged 13-15 (fictional group)", 7), Participants("Youth workers", 2)],
        [
            (MarkKind.UNSAFE, [BANDSTAND], "Bandstand", "Older men gather here after dark (invented)."),
            (MarkKind.UNSAFE, [BANDSTAND], "Bandstand", ""),
            (MarkKind.AVOID, [STATION_ROAD_GATE], "Station Road gate", "Unlit in the evening (invented)."),
            (MarkKind.SAFE, [MUSEUM_STEPS], "Museum steps", "Staff and people about (invented)."),
            (MarkKind.ROUTE, ROUTE_HOME, "Short cut home from school", ""),
        ],
    )
    set_clock(datetime(2026, 10, 21, 17, 30))
    _session(
        store,
        second.id,
        date(2026, 10, 21),
        [Participants("Young people aged 14-16 (fictional group)", 6)],
        [
            (MarkKind.UNSAFE, [BANDSTAND], "Bandstand", "Still avoided at night, less so in the day (invented)."),
            (MarkKind.SAFE, [MUSEUM_STEPS], "Museum steps", ""),
            (MarkKind.SAFE, [STATION_ROAD_GATE], "Station Road gate", "New lighting noticed (invented)."),
        ],
    )
