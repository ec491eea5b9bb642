"""The plan model: derived overdue status with a fixed "today", labels, heaviest context."""

from __future__ import annotations

from datetime import date

import pytest

from safeguarding.plan.records import Action, ActionStatus, AssessmentPlan, ContextWeight, Decision

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("status", "due", "overdue"),
    [
        (ActionStatus.NOT_STARTED, date(2026, 11, 29), True),
        (ActionStatus.ON_TRACK, date(2026, 11, 29), True),
        (ActionStatus.AT_RISK, date(2026, 1, 1), True),
        (ActionStatus.ON_TRACK, TODAY, False),  # due today is not yet overdue
        (ActionStatus.ON_TRACK, date(2026, 12, 1), False),
        (ActionStatus.DONE, date(2026, 11, 1), False),
        (ActionStatus.CANCELLED, date(2026, 11, 1), False),
        (ActionStatus.ON_TRACK, None, False),
    ],
)
def test_overdue_is_derived_from_due_date_and_today(status: ActionStatus, due: date | None, overdue: bool) -> None:
    action = Action(goal_id="g", description="x", status=status, due_date=due)
    assert action.is_overdue(TODAY) is overdue
    label = action.status_label(TODAY)
    assert label.startswith("Overdue") is overdue
    assert status.label.lower() in label.lower()


def test_overdue_changes_with_the_clock_not_the_record() -> None:
    action = Action(goal_id="g", description="x", status=ActionStatus.ON_TRACK, due_date=date(2026, 12, 1))
    assert not action.is_overdue(date(2026, 12, 1))
    assert action.is_overdue(date(2026, 12, 2))
    assert action.status is ActionStatus.ON_TRACK  # nothing stored changed


def test_status_and_decision_labels() -> None:
    assert [s.label for s in ActionStatus] == ["Not started", "On track", "At risk", "Done", "Cancelled"]
    assert [s.is_open for s in ActionStatus] == [True, True, True, False, False]
    assert Decision.ESCALATE.label == "Escalate"


def test_heaviest_context() -> None:
    plan = AssessmentPlan(
        "a",
        weights=[
            ContextWeight("location", "This location", 6),
            ContextWeight("peer_group", "A peer group", 8),
            ContextWeight("online", "An online space", 8),
        ],
    )
    heaviest = plan.heaviest()
    assert heaviest is not None and heaviest.context == "peer_group"
    assert AssessmentPlan("a", weights=[ContextWeight("x", "X", 0)]).heaviest() is None
