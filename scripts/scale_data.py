"""Build a large, seeded, fictional database through the product's own repositories (for benchmarks).

Usage::

    .venv/bin/python scripts/scale_data.py OUT.sqlite3 [--locations 500] [--seed 11]

Each location gets one assessment with a written-up scope and three sides, three
visits, two safety goals with two actions each (some overdue, some due soon), and
a finalised DCSM review whose next review falls in the coming weeks, so "What needs
attention" has hundreds of rows at 500 locations. Everything is written through
the repositories the app uses (validation, audit trail, revisions), fifty
locations to a transaction. The same seed builds the same records (the ids differ).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from safeguarding.forms import FormLibrary  # noqa: E402
from safeguarding.model import Location, Observation, Rating, Side  # noqa: E402
from safeguarding.plan.records import Action, ActionStatus, Decision, Review, ReviewItem  # noqa: E402
from safeguarding.store import Store, open_store  # noqa: E402

PLACES = ("Park", "High street", "Station", "Fast-food outlet", "Shopping centre", "Skate park", "Bus station")
WORDS = [
    "young",
    "people",
    "gathered",
    "by",
    "the",
    "shelter",
    "after",
    "school,",
    "music",
    "playing,",
    "two",
    "adults",
    "watching",
    "from",
    "the",
    "gate;",
    "the",
    "path",
    "lights",
    "were",
    "out",
    "and",
    "no",
    "staff",
    "were",
    "on",
    "site",
    "after",
    "the",
    "café",
    "closed",
]


def sentence(rng: random.Random, words: int) -> str:
    """A made-up sentence of ``words`` words (fictional: never real observations)."""
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def build_scale_database(path: Path, locations: int = 500, seed: int = 11) -> Path:
    """Write ``locations`` fictional locations, each fully assessed and planned, to a new database at ``path``."""
    rng = random.Random(seed)
    form = FormLibrary.load().current()
    store = open_store(path)
    try:
        today = store.plan.today()
        agencies = store.plan.agencies()
        for first in range(0, locations, 50):
            with store.db.atomic():
                for number in range(first, min(first + 50, locations)):
                    _one_location(store, form, rng, number, today, agencies)
    finally:
        store.close()
    return path


def _one_location(store: Store, form: object, rng: random.Random, number: int, today: date, agencies: list) -> None:  # type: ignore[type-arg]
    location = store.locations.add(
        Location(
            name=f"Place {number + 1:03d} ({rng.choice(PLACES).lower()})",
            district="Maidstone",
            place_type=rng.choice(PLACES),
            latitude=51.25 + rng.random() * 0.05,
            longitude=0.49 + rng.random() * 0.06,
        )
    )
    assessment = store.assessments.create(location.id, form, start_date=today - timedelta(days=rng.randint(30, 200)))  # type: ignore[arg-type]
    assessment.scope_boundary = sentence(rng, 18)
    assessment.analysis = sentence(rng, 60)
    for side in Side:
        finding = assessment.findings[side]
        finding.strengths, finding.concerns, finding.evidence = (sentence(rng, 25) for _ in range(3))
        finding.rating = rng.choice(list(Rating))
    store.assessments.save(assessment)
    for visit in range(3):
        start = datetime(today.year, today.month, 1, 15, tzinfo=UTC) - timedelta(days=7 * visit + rng.randint(0, 6))
        store.assessments.save_observation(
            assessment.id, Observation(start=start, end=start + timedelta(hours=2), notes=sentence(rng, 40))
        )
    actions = []
    for side in (Side.GUARDIANSHIP, Side.ENVIRONMENT):
        goal = store.plan.add_goal(assessment.id, side, sentence(rng, 10))
        for _ in range(2):
            due = today + timedelta(days=rng.randint(-60, 40))
            actions.append(
                store.plan.add_action(
                    Action(goal.id, sentence(rng, 12), agency_id=rng.choice(agencies).id, due_date=due, lead="Lead")
                )
            )
    meeting = today - timedelta(days=rng.randint(10, 40))
    review = Review(
        assessment.id,
        meeting_date=meeting,
        items=[ReviewItem(action.id, ActionStatus.ON_TRACK, "") for action in actions],
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
    build_scale_database(args.out, args.locations, args.seed)
    print(f"{args.locations} locations written to {args.out} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
