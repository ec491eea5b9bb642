"""Build a large, seeded, fictional database through the product's own repositories (for benchmarks).

Usage::

    .venv/bin/python scripts/scale_data.py OUT.sqlite3 [--locations 500] [--seed 11]

The shape of issue 14 ("a hundred times the demo"), at 500 locations: four assessments
per location (2,000), 50,000 visits with notes, head counts and side tags, 10,000 map
pins, one safety goal with one action per assessment (2,000, due dates from two months
ago to six weeks ahead), and a finalised DCSM review of each location's latest
assessment whose next review falls in the coming weeks, so "What needs attention" has
hundreds of rows. One assessment, the latest of the first location (named
``Place 001 (heavy ...)``), holds 400 of the visits and 1,000 of the pins: the heavy
case the Observations and Map pages are measured on. Other numbers of locations scale
every count but the heavy assessment's.

Everything is written through the repositories the app uses (validation, audit
trail, revisions), each save committed as in the app, with ``synchronous`` off (the
database is for measuring, not keeping). The same seed builds the same records
(the ids differ).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from safeguarding.form_definitions import FormDefinition  # noqa: E402
from safeguarding.forms import FormLibrary  # noqa: E402
from safeguarding.model import AgeBand, Location, MapPin, Observation, ObservedGender, Rating, Side  # noqa: E402
from safeguarding.plan.records import Action, ActionStatus, Agency, Decision, Review, ReviewItem  # noqa: E402
from safeguarding.store import Store, open_store  # noqa: E402
from safeguarding.timeutil import Clock, utc_now  # noqa: E402

PLACES = ("Park", "High street", "Station", "Fast-food outlet", "Shopping centre", "Skate park", "Bus station")
ASSESSMENTS_PER_LOCATION = 4
VISITS = 100  # per location, all assessments together (50,000 at 500 locations)
PINS = 20  # per location (10,000 at 500 locations)
HEAVY_VISITS = 400
HEAVY_PINS = 1_000
PIN_CATEGORIES = ("cctv", "entrance", "gathering", "unlit")
_PROSE = (
    "young people gathered by the shelter after school, music playing, two adults watching from the gate; "
    "the path lights were out and no staff were on site after the café closed. a group moved towards the "
    "station when the patrol arrived, staff at the shop said it is busier on fridays, the underpass felt "
    "unsafe and nobody was there to notice what happened"
)
WORDS = _PROSE.split()


@dataclass
class ScaleDatabase:
    """What :func:`build_scale_database` made: the file, the heavy assessment, and counts of each record."""

    path: Path
    heavy_assessment_id: str = ""
    heavy_location_name: str = ""
    made: dict[str, int] = field(default_factory=dict)


def copy_database(source: Path, target: Path) -> None:
    """Copy a closed database and the audit trail's anchor beside it (without it, opening checks the whole trail)."""
    shutil.copyfile(source, target)
    anchor = source.with_name(source.name + ".audit.json")
    if anchor.exists():
        shutil.copyfile(anchor, target.with_name(target.name + ".audit.json"))


def sentence(rng: random.Random, words: int) -> str:
    """A made-up sentence of ``words`` words (fictional: never real observations)."""
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def spread(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` whole numbers that differ by at most one (largest first)."""
    share, extra = divmod(total, parts)
    return [share + (1 if part < extra else 0) for part in range(parts)]


def build_scale_database(path: Path, locations: int = 500, seed: int = 11, clock: Clock = utc_now) -> ScaleDatabase:
    """Write ``locations`` fictional locations in the shape of issue 14 to a new database at ``path``.

    Args:
        path: Where the new SQLite file goes (must not exist).
        locations: Number of locations; 500 gives the issue's shape (see the module docstring).
        seed: The random seed: the same seed builds the same records.
        clock: "Now" for the store (aware UTC): the dates (visits, due dates, reviews) are
            set around its day, so a fixed clock builds a database with fixed dates.

    Returns:
        The file, the heavy assessment's id and its location's name, and how many of each record.
    """
    rng = random.Random(seed)
    form = FormLibrary.load().current()
    store = open_store(path, clock=clock)
    store.db.execute("PRAGMA synchronous = OFF")
    made = dict.fromkeys(("locations", "assessments", "visits", "pins", "actions"), 0)
    result = ScaleDatabase(path, made=made)
    assessments = locations * ASSESSMENTS_PER_LOCATION
    visits = [*spread(max(0, locations * VISITS - HEAVY_VISITS), assessments - 1), HEAVY_VISITS]
    pins = [*spread(max(0, locations * PINS - HEAVY_PINS), assessments - 1), HEAVY_PINS]
    # the heavy assessment is the first location's latest: swap it to index 3
    visits.insert(ASSESSMENTS_PER_LOCATION - 1, visits.pop())
    pins.insert(ASSESSMENTS_PER_LOCATION - 1, pins.pop())
    try:
        today = store.plan.today()
        agencies = store.plan.agencies()
        for number in range(locations):  # each save commits, as in the app (faster than long transactions here)
            plan = [
                (visits[number * ASSESSMENTS_PER_LOCATION + n], pins[number * ASSESSMENTS_PER_LOCATION + n])
                for n in range(ASSESSMENTS_PER_LOCATION)
            ]
            _one_location(store, form, rng, number, today, agencies, plan, result)
    finally:
        store.close()
    return result


def _counts(rng: random.Random) -> dict[tuple[AgeBand, ObservedGender], int]:
    cells = rng.sample([(band, gender) for band in AgeBand for gender in ObservedGender], rng.randint(1, 3))
    return {cell: rng.randint(1, 12) for cell in cells}


def _one_location(
    store: Store,
    form: FormDefinition,
    rng: random.Random,
    number: int,
    today: date,
    agencies: list[Agency],
    plan: list[tuple[int, int]],
    result: ScaleDatabase,
) -> None:
    heavy = " (heavy: 400 visits, 1,000 pins)" if number == 0 else ""
    name = f"Place {number + 1:03d} ({rng.choice(PLACES).lower()}){heavy}"
    location = store.locations.add(
        Location(
            name=name,
            district="Maidstone",
            ward=f"Ward {number % 23 + 1}",
            place_type=rng.choice(PLACES),
            latitude=51.25 + rng.random() * 0.05,
            longitude=0.49 + rng.random() * 0.06,
            referral_reason=sentence(rng, 20),
            referral_date=today - timedelta(days=rng.randint(400, 900)),
        )
    )
    result.made["locations"] += 1
    assert location.id is not None
    for round_number, (visit_count, pin_count) in enumerate(plan):
        latest = round_number == len(plan) - 1
        start = today - timedelta(days=(len(plan) - round_number) * 150 + rng.randint(0, 30))
        assessment = store.assessments.create(
            location.id, form, assessor_name="Sam Practitioner (fictional)", start_date=start
        )
        result.made["assessments"] += 1
        assessment.scope_boundary = sentence(rng, 18)
        assessment.analysis = sentence(rng, 60)
        for side in Side:
            finding = assessment.findings[side]
            finding.strengths, finding.concerns, finding.evidence = (sentence(rng, 25) for _ in range(3))
            finding.rating = rng.choice(list(Rating))
        store.assessments.save(assessment)
        for _ in range(visit_count):
            begin = datetime.combine(start, datetime.min.time(), UTC) + timedelta(
                days=rng.randint(0, 120), hours=rng.choice((7, 12, 15, 16, 18, 20, 21, 23)), minutes=rng.choice((0, 30))
            )
            store.assessments.save_observation(
                assessment.id,
                Observation(
                    start=begin,
                    end=begin + timedelta(minutes=rng.choice((30, 45, 60, 90, 120))),
                    observer="Sam Practitioner (fictional)",
                    weather=rng.choice(("Dry", "Rain", "Cold, dry", "Warm")),
                    notes=sentence(rng, rng.randint(30, 120)),
                    counts=_counts(rng),
                    sides=set(rng.sample(list(Side), rng.randint(1, 2))),
                ),
            )
        result.made["visits"] += visit_count
        for _ in range(pin_count):
            store.maps.save_pin(
                assessment.id,
                MapPin(
                    location.latitude + (rng.random() - 0.5) / 500,  # type: ignore[operator]
                    location.longitude + (rng.random() - 0.5) / 350,  # type: ignore[operator]
                    rng.choice(PIN_CATEGORIES),
                    label=sentence(rng, 3),
                    notes=sentence(rng, 15),
                    side=rng.choice(list(Side)),
                ),
            )
        result.made["pins"] += pin_count
        goal = store.plan.add_goal(assessment.id, rng.choice((Side.GUARDIANSHIP, Side.ENVIRONMENT)), sentence(rng, 10))
        action = store.plan.add_action(
            Action(
                goal.id,
                sentence(rng, 12),
                agency_id=rng.choice(agencies).id,
                due_date=today + timedelta(days=rng.randint(-60, 40)),
                lead=f"Lead {rng.randrange(40)} (fictional)",
            )
        )
        result.made["actions"] += 1
        if latest:
            if number == 0:
                result.heavy_assessment_id, result.heavy_location_name = assessment.id, name
            review = Review(
                assessment.id,
                meeting_date=today - timedelta(days=rng.randint(10, 40)),
                items=[ReviewItem(action.id, ActionStatus.ON_TRACK, "")],
                decision=Decision.CONTINUE,
                next_review_date=today + timedelta(days=rng.randint(1, 27)),
            )
            store.plan.finalise_review(review)


def main(argv: list[str] | None = None) -> int:
    """Build the database and say how long it took."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--locations", type=int, default=500)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    if args.out.exists():
        parser.error(f"{args.out} exists; choose a new file")
    started = time.perf_counter()
    built = build_scale_database(args.out, args.locations, args.seed)
    made = ", ".join(f"{count:,} {kind}" for kind, count in built.made.items())
    print(f"{made} written to {args.out} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
