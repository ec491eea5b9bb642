"""Reassessment carries forward (and marks) what may still be true; the comparison of ratings."""

from __future__ import annotations

from datetime import UTC, date, datetime

from safeguarding.forms import FormDefinition
from safeguarding.model import Rating, Side
from safeguarding.plan.attention import AttentionKind
from safeguarding.plan.compare import Direction, compare_assessments, compare_ratings, direction
from safeguarding.plan.records import Action, ActionStatus, Decision, Review, UpdateKind
from safeguarding.store import Store
from safeguarding.workflows.reassess import reassess
from tests.conftest import FixedClock
from tests.plan.conftest import Planned


def _reassess(planned: Planned, plan_store: Store, form: FormDefinition, clock: FixedClock):  # type: ignore[no-untyped-def]
    done = plan_store.plan.add_action(
        Action(goal_id=planned.goal.id, description="Brief café staff", agency_id=planned.police.id)
    )
    plan_store.plan.record_progress(done.id, "Briefing held", ActionStatus.DONE)
    clock.now = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
    return reassess(plan_store, planned.assessment.id, form, start_date=date(2027, 3, 1))


def test_reassessment_carries_findings_marked_and_open_actions(
    planned: Planned, plan_store: Store, form: FormDefinition, clock: FixedClock
) -> None:
    new = _reassess(planned, plan_store, form, clock)
    assert new.id != planned.assessment.id and new.location_id == planned.location.id
    assert new.start_date == date(2027, 3, 1)
    concerns = new.findings[Side.YOUNG_PEOPLE].concerns
    assert concerns.startswith("[Carried forward from the assessment of 6 October 2026")
    assert concerns.endswith("Groups approached after school.")
    assert all(new.rating(side) is None for side in Side), "ratings are judged afresh"
    assert new.findings[Side.ENVIRONMENT].concerns == ""  # nothing written, nothing carried
    plan = new.plan
    assert plan is not None
    assert {mark.side for mark in plan.carried} == {Side.YOUNG_PEOPLE, Side.GUARDIANSHIP}
    mark = plan.carried_from(Side.YOUNG_PEOPLE)
    assert mark is not None and mark.from_date == date(2026, 10, 6) and mark.rating_then is Rating.RED
    actions = plan.actions()
    assert [a.description for a in actions] == ["PCSO patrol 15:00-18:00 on weekdays"]  # the done one stays behind
    carried = actions[0]
    assert carried.is_carried and carried.carried_from_date == date(2026, 10, 6)
    assert [u.kind for u in carried.history] == [UpdateKind.CREATED, UpdateKind.CARRIED, UpdateKind.CARRIED]
    assert plan.goals[0].statement == planned.goal.statement
    # The earlier plan is kept as it was, and says what became of each action.
    assert plan.earlier is not None and plan.earlier.id == planned.assessment.id
    outcomes = {a.description: plan.earlier.outcome(a) for a in plan.earlier.actions}
    assert outcomes["Brief café staff"] == "Done"
    assert outcomes["PCSO patrol 15:00-18:00 on weekdays"].startswith("Carried forward into this plan")
    old_plan = plan_store.plan.load(planned.assessment.id)
    assert len(old_plan.actions()) == 2
    assert old_plan.actions()[0].carried_into_date == date(2027, 3, 1)


def test_a_carried_action_is_listed_once_in_what_needs_attention(
    planned: Planned, plan_store: Store, form: FormDefinition, clock: FixedClock
) -> None:
    new = _reassess(planned, plan_store, form, clock)
    items = plan_store.plan.attention()
    assert [(i.kind, i.where.assessment_id) for i in items] == [(AttentionKind.OVERDUE_ACTION, new.id)]


def test_direction_of_travel() -> None:
    assert direction(Rating.RED, Rating.AMBER) is Direction.BETTER
    assert direction(Rating.GREEN, Rating.RED) is Direction.WORSE
    assert direction(Rating.AMBER, Rating.AMBER) is Direction.SAME
    assert direction(None, Rating.AMBER) is Direction.UNKNOWN
    rows = compare_ratings({Side.YOUNG_PEOPLE: Rating.RED}, {Side.YOUNG_PEOPLE: Rating.AMBER})
    assert [(r.side, r.direction) for r in rows] == [
        (Side.YOUNG_PEOPLE, Direction.BETTER),
        (Side.GUARDIANSHIP, Direction.UNKNOWN),
        (Side.ENVIRONMENT, Direction.UNKNOWN),
    ]


def test_comparison_of_two_assessments(
    planned: Planned, plan_store: Store, form: FormDefinition, clock: FixedClock
) -> None:
    new = _reassess(planned, plan_store, form, clock)
    new.findings[Side.YOUNG_PEOPLE].rating = Rating.AMBER
    new.findings[Side.GUARDIANSHIP].rating = Rating.AMBER
    new.findings[Side.ENVIRONMENT].rating = Rating.RED
    plan_store.assessments.save(new)
    rows = compare_assessments(planned.assessment, plan_store.assessments.get(new.id))
    assert [(r.then, r.now, r.direction) for r in rows] == [
        (Rating.RED, Rating.AMBER, Direction.BETTER),
        (Rating.AMBER, Rating.AMBER, Direction.SAME),
        (Rating.AMBER, Rating.RED, Direction.WORSE),
    ]
    assert Direction.BETTER.label == "Better (safer)"


def test_the_next_dcsm_review_is_the_latest_finalised_one_shown_at_the_current_assessment(
    planned: Planned, plan_store: Store, form: FormDefinition, clock: FixedClock
) -> None:
    plan = plan_store.plan
    plan.finalise_review(
        Review(planned.assessment.id, date(2027, 2, 1), decision=Decision.CONTINUE, next_review_date=date(2027, 3, 15))
    )
    plan.finalise_review(  # an earlier meeting, finalised later: the latest meeting's date counts
        Review(planned.assessment.id, date(2027, 1, 5), decision=Decision.CONTINUE, next_review_date=date(2027, 3, 2))
    )
    new = _reassess(planned, plan_store, form, clock)  # today is 1 March 2027

    def reviews() -> list[tuple[AttentionKind, date, str]]:
        return [
            (item.kind, item.due, item.where.assessment_id)
            for item in plan.attention()
            if item.kind is not AttentionKind.OVERDUE_ACTION
        ]

    assert reviews() == [(AttentionKind.REVIEW_DUE, date(2027, 3, 15), new.id)]  # shown at the reassessment
    assert [item.kind for item in plan.attention(today=date(2027, 3, 20))].count(AttentionKind.REVIEW_OVERDUE) == 1
    assert not [item for item in plan.attention(today=date(2027, 2, 1)) if item.kind is AttentionKind.REVIEW_DUE]
    plan.finalise_review(Review(new.id, date(2027, 3, 1), decision=Decision.CLOSE))  # the plan closed
    assert reviews() == []
