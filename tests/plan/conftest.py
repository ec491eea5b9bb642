"""Fixtures for the plan tests: a store on a fixed clock with one assessed location."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from safeguarding.forms import FormDefinition
from safeguarding.model import Assessment, Location, Rating, Side
from safeguarding.plan.records import Action, Agency, SafetyGoal
from safeguarding.store import Store, open_store
from tests.conftest import FixedClock


@pytest.fixture
def plan_store(tmp_path: Path, clock: FixedClock) -> Iterator[Store]:
    """A fresh store on the fixed clock (2026-11-30 12:00 UTC), author "tester"."""
    store = open_store(tmp_path / "plan.sqlite3", clock=clock)
    store.plan.author = "tester"
    yield store
    store.db.conn.close()


@dataclass
class Planned:
    """An assessed location with one goal and one action owned by the police."""

    location: Location
    assessment: Assessment
    goal: SafetyGoal
    action: Action
    police: Agency


@pytest.fixture
def planned(plan_store: Store, form: FormDefinition) -> Planned:
    """Brenchley Gardens (fictional test data), rated, with a goal and an action due 1 December 2026."""
    location = plan_store.locations.add(Location(name="Brenchley Gardens", ward="High Street"))
    assessment = plan_store.assessments.create(location.id, form, start_date=date(2026, 10, 6))
    assessment.findings[Side.YOUNG_PEOPLE].concerns = "Groups approached after school."
    assessment.findings[Side.YOUNG_PEOPLE].rating = Rating.RED
    assessment.findings[Side.GUARDIANSHIP].strengths = "Café staff know the regulars."
    assessment.findings[Side.GUARDIANSHIP].rating = Rating.AMBER
    assessment.findings[Side.ENVIRONMENT].rating = Rating.AMBER
    plan_store.assessments.save(assessment)
    police = next(a for a in plan_store.plan.agencies() if a.name == "Police")
    goal = plan_store.plan.add_goal(assessment.id, Side.GUARDIANSHIP, "Trusted adults are present after school.")
    action = plan_store.plan.add_action(
        Action(
            goal_id=goal.id,
            description="PCSO patrol 15:00-18:00 on weekdays",
            agency_id=police.id,
            lead="PC Example (fictional)",
            due_date=date(2026, 12, 1),
            measure="Patrol log shows four days a week",
        )
    )
    return Planned(location, assessment, goal, action, police)
