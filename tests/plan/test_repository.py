"""The plan in the database: history on every change, refusals, reviews, attention."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from safeguarding.errors import NotFoundError, ValidationError
from safeguarding.model import Side
from safeguarding.plan.attention import AttentionKind
from safeguarding.plan.records import Action, ActionStatus, ContextWeight, Decision, Review, ReviewItem, UpdateKind
from safeguarding.plan.rules import AgencyInUseError, due_before_assessment
from safeguarding.store import Store, open_store
from safeguarding.store.dberrors import INTEGRITY_ERRORS
from tests.conftest import FixedClock
from tests.plan.conftest import Planned


def test_agencies_are_seeded_once_and_editable(plan_store: Store) -> None:
    names = [a.name for a in plan_store.plan.agencies()]
    assert "County youth service" in names and len(names) == 10
    extra = plan_store.plan.add_agency("  Maidstone Street Pastors (fictional) ")
    assert extra.name == "Maidstone Street Pastors (fictional)"
    with pytest.raises(ValidationError, match="already an agency"):
        plan_store.plan.add_agency("POLICE")
    with pytest.raises(ValidationError, match="name"):
        plan_store.plan.add_agency("   ")
    plan_store.plan.rename_agency(extra.id, "Street Pastors")
    plan_store.plan.delete_agency(extra.id)
    names = [a.name for a in plan_store.plan.agencies()]
    assert "Street Pastors" not in names and len(names) == 10  # deleting does not bring the seed back


def test_deleting_an_agency_used_by_actions_is_refused_with_the_list(planned: Planned, plan_store: Store) -> None:
    with pytest.raises(AgencyInUseError) as caught:
        plan_store.plan.delete_agency(planned.police.id)
    assert caught.value.actions == ["Brenchley Gardens: PCSO patrol 15:00-18:00 on weekdays (not started)"]
    assert "PCSO patrol" in str(caught.value)
    assert "Police" in [a.name for a in plan_store.plan.agencies()]


def test_every_change_to_an_action_is_recorded_with_old_and_new(
    planned: Planned, plan_store: Store, clock: FixedClock
) -> None:
    action = planned.action
    assert [u.kind for u in action.history] == [UpdateKind.CREATED]
    youth = next(a for a in plan_store.plan.agencies() if a.name == "County youth service")
    clock.now = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    edited = replace(action, agency_id=youth.id, due_date=date(2027, 1, 15), status=ActionStatus.ON_TRACK)
    plan_store.plan.update_action(edited, note="Youth service takes the lead")
    clock.now = datetime(2026, 12, 9, 9, 0, tzinfo=UTC)
    plan_store.plan.record_progress(action.id, "Two sessions held; eight young people spoke to workers.")
    again = plan_store.plan.update_action(plan_store.plan.action(action.id))  # no change: nothing written
    history = again.history
    assert [u.kind for u in history] == [UpdateKind.CREATED, UpdateKind.EDITED, UpdateKind.PROGRESS]
    change = history[1]
    assert change.changes == {
        "agency": ["Police", "County youth service"],
        "due_date": ["2026-12-01", "2027-01-15"],
        "status": ["Not started", "On track"],
    }
    assert change.note == "Youth service takes the lead"
    assert change.author == "tester"
    assert change.at == datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    assert history[2].happened_on == date(2026, 12, 9)
    assert history[2].status is ActionStatus.ON_TRACK
    loaded = plan_store.plan.load(planned.assessment.id).actions()[0]
    assert loaded.agency_name == "County youth service" and loaded.status is ActionStatus.ON_TRACK


def test_history_is_append_only_in_the_database(planned: Planned, plan_store: Store) -> None:
    with pytest.raises(INTEGRITY_ERRORS, match="append-only"):
        plan_store.db.execute("UPDATE plan_action_updates SET note = 'rewritten'")
    with pytest.raises(INTEGRITY_ERRORS, match="append-only"):
        plan_store.db.execute("DELETE FROM plan_action_updates")


def test_goals_with_actions_cannot_be_removed(planned: Planned, plan_store: Store) -> None:
    with pytest.raises(ValidationError, match="cancelled"):
        plan_store.plan.remove_goal(planned.goal.id)
    empty = plan_store.plan.add_goal(planned.assessment.id, Side.ENVIRONMENT, "The place is well lit.")
    plan_store.plan.remove_goal(empty.id)
    assert [g.id for g in plan_store.plan.load(planned.assessment.id).goals] == [planned.goal.id]


def test_action_rules(planned: Planned, plan_store: Store) -> None:
    with pytest.raises(ValidationError, match="what will be done"):
        plan_store.plan.add_action(Action(goal_id=planned.goal.id, description=" ", agency_id=planned.police.id))
    with pytest.raises(ValidationError, match="agency"):
        plan_store.plan.add_action(Action(goal_id=planned.goal.id, description="Something"))
    early = Action(goal_id=planned.goal.id, description="x", due_date=date(2026, 10, 1))
    assert due_before_assessment(early, planned.assessment)
    assert not due_before_assessment(planned.action, planned.assessment)


def test_weights_are_saved_heaviest_first_and_checked(planned: Planned, plan_store: Store) -> None:
    plan_store.plan.save_weights(
        planned.assessment.id,
        [
            ContextWeight("location", "This location", 6, "Hidden corners"),
            ContextWeight("peer_group", "A peer group", 9),
        ],
    )
    plan = plan_store.assessments.get(planned.assessment.id).plan
    assert plan is not None
    assert [w.context for w in plan.weights] == ["peer_group", "location"]
    assert plan.heaviest() is not None and plan.heaviest().label == "A peer group"  # type: ignore[union-attr]
    with pytest.raises(ValidationError, match="0 to 10"):
        plan_store.plan.save_weights(planned.assessment.id, [ContextWeight("online", "Online", 11)])
    with pytest.raises(ValidationError, match="twice"):
        plan_store.plan.save_weights(
            planned.assessment.id, [ContextWeight("online", "Online", 1), ContextWeight("online", "Online", 2)]
        )


def test_review_without_decision_cannot_be_finalised(planned: Planned, plan_store: Store) -> None:
    review = Review(
        planned.assessment.id,
        meeting_date=date(2026, 12, 10),
        agencies_present=["Police", "Licensing"],
        items=[ReviewItem(planned.action.id, ActionStatus.AT_RISK, "Patrols cut in December")],
    )
    plan_store.plan.save_review(review)  # a draft may have no decision
    with pytest.raises(ValidationError, match="decision"):
        plan_store.plan.finalise_review(review)
    assert not review.is_final
    assert plan_store.plan.action(planned.action.id).status is ActionStatus.NOT_STARTED
    assert [u.kind for u in plan_store.plan.action(planned.action.id).history] == [UpdateKind.CREATED]


def test_finalised_review_records_each_action_in_its_history(planned: Planned, plan_store: Store) -> None:
    review = Review(
        planned.assessment.id,
        meeting_date=date(2026, 12, 10),
        agencies_present=["Police", "Licensing"],
        items=[ReviewItem(planned.action.id, ActionStatus.AT_RISK, "Patrols cut in December")],
        decision=Decision.CONTINUE,
        next_review_date=date(2027, 1, 14),
    )
    with pytest.raises(ValidationError, match="after the meeting date"):
        plan_store.plan.finalise_review(replace(review, next_review_date=date(2026, 12, 1)))
    plan_store.plan.finalise_review(review)
    action = plan_store.plan.action(planned.action.id)
    assert action.status is ActionStatus.AT_RISK
    last = action.history[-1]
    assert (last.kind, last.review_id, last.happened_on) == (UpdateKind.REVIEW, review.id, date(2026, 12, 10))
    assert last.changes == {"status": ["Not started", "At risk"]} and last.note == "Patrols cut in December"
    plan = plan_store.plan.load(planned.assessment.id)
    assert plan.last_review() is not None and plan.last_review().decision is Decision.CONTINUE  # type: ignore[union-attr]
    assert plan.reviews[0].agencies_present == ["Police", "Licensing"]
    with pytest.raises(ValidationError, match="finalised"):
        plan_store.plan.save_review(review)


def test_what_needs_attention(planned: Planned, plan_store: Store, clock: FixedClock) -> None:
    assert plan_store.plan.attention() == []  # due 1 December, today is 30 November
    clock.now = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    items = plan_store.plan.attention()
    assert [(i.kind, i.days, i.where.location_name) for i in items] == [
        (AttentionKind.OVERDUE_ACTION, -4, "Brenchley Gardens")
    ]
    assert items[0].owner == "Police, PC Example (fictional)" and items[0].when_text == "4 days overdue"
    plan_store.plan.finalise_review(
        Review(
            planned.assessment.id, date(2026, 12, 3), decision=Decision.CONTINUE, next_review_date=date(2026, 12, 31)
        )
    )
    kinds = [i.kind for i in plan_store.plan.attention()]
    assert kinds == [AttentionKind.OVERDUE_ACTION, AttentionKind.REVIEW_DUE]
    assert [i.kind for i in plan_store.plan.attention(today=date(2026, 11, 20))] == []  # review > 4 weeks away
    assert AttentionKind.REVIEW_OVERDUE in [i.kind for i in plan_store.plan.attention(today=date(2027, 1, 2))]
    plan_store.locations.set_archived(planned.location.id)
    assert plan_store.plan.attention() == []


def test_missing_records_are_not_found(plan_store: Store) -> None:
    with pytest.raises(NotFoundError):
        plan_store.plan.add_goal("nope", Side.YOUNG_PEOPLE, "Goal")
    with pytest.raises(NotFoundError):
        plan_store.plan.action("nope")


def test_plan_survives_reopening(planned: Planned, plan_store: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    plan_store.close()
    reopened = open_store(tmp_path / "plan.sqlite3")
    try:
        plan = reopened.assessments.get(planned.assessment.id).plan
        assert plan is not None and plan.goals[0].statement == "Trusted adults are present after school."
        assert plan.actions()[0].agency_name == "Police"
    finally:
        reopened.db.conn.close()
    plan_store.db = reopened.db  # fixture closes this connection again harmlessly


def test_what_needs_attention_reads_a_few_queries_however_many_actions(
    planned: Planned, plan_store: Store, clock: FixedClock
) -> None:
    clock.now = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    statements: list[str] = []
    plan_store.db.conn.set_trace_callback(statements.append)
    try:
        assert len(plan_store.plan.attention()) == 1
        with_one = len(statements)
        for number in range(30):
            plan_store.plan.add_action(
                Action(planned.goal.id, f"Action {number}", planned.police.id, due_date=date(2026, 12, 1))
            )
        statements.clear()
        items = plan_store.plan.attention()
    finally:
        plan_store.db.conn.set_trace_callback(None)
    assert len(items) == 31 and {item.owner for item in items} == {"Police", "Police, PC Example (fictional)"}
    assert len(statements) == with_one  # the same queries for 31 actions as for one
