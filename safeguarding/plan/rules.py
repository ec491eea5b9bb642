"""Rules a plan record must meet before it is saved, with plain-English messages.

Each ``validate_*`` function raises :class:`~safeguarding.errors.ValidationError`
naming the field; the questions the UI asks first (a due date before the
assessment date, or more than a year away) are plain predicates here so every
view asks the same way.
"""

from __future__ import annotations

import getpass
from datetime import date

from safeguarding.errors import ValidationError
from safeguarding.model import Assessment
from safeguarding.plan.records import MAX_WEIGHT, MIN_WEIGHT, Action, ContextWeight, Review, SafetyGoal
from safeguarding.typed_dates import check_date_range

CARRIED_MARKER = "[Carried forward from the assessment of {date}: check it is still true, then delete this line.]"
"""First line put before carried-forward text, so old evidence is never mistaken for new."""


class AgencyInUseError(ValidationError):
    """An agency cannot be deleted because actions still name it as owner.

    Attributes:
        actions: Descriptions of the actions that use it (with their location).
    """

    def __init__(self, name: str, actions: list[str]) -> None:
        listed = "\n".join(f"• {action}" for action in actions)
        super().__init__(
            f"{name} cannot be deleted because {len(actions)} action{'s' if len(actions) != 1 else ''} "
            f"name it as owner:\n{listed}\n\nGive those actions another owner first, or keep the agency.",
            "agency",
        )
        self.actions = actions


def default_author() -> str:
    """Who is recording a change: the practitioner profile's name, else the computer's user name.

    The same name the audit trail records (``safeguarding.store.audit_schema.default_actor``);
    "" if neither can be read.
    """
    from safeguarding.profile import load_profile  # the profile module reads a small JSON file

    profile = load_profile()
    if profile is not None and profile.name.strip():
        return profile.name.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


def assessment_date(assessment: Assessment) -> date | None:
    """The date an assessment is known by: its start date, else the day it was created."""
    if assessment.start_date:
        return assessment.start_date
    if assessment.created_at:
        from safeguarding.timeutil import utc_to_local

        return utc_to_local(assessment.created_at).date()
    return None


def due_before_assessment(action: Action, assessment: Assessment) -> bool:
    """True if the action's due date is before the assessment's date (the UI asks to confirm)."""
    start = assessment_date(assessment)
    return action.due_date is not None and start is not None and action.due_date < start


def year_on(day: date) -> date:
    """The same day a year later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def due_far_ahead(due: date | None, today: date) -> bool:
    """True if a due date is more than a year after ``today`` (the UI asks: a mistyped year is common).

    A DCSM reviews a plan about monthly and reassesses within a year, so an
    action due later than that is rare enough to check.
    """
    return due is not None and due > year_on(today)


def validate_weight(weight: ContextWeight) -> None:
    """A context weight is 0-10 and names its context.

    Raises:
        ValidationError: naming the field.
    """
    if not weight.context.strip() or not weight.label.strip():
        raise ValidationError("Please name the context.", "context")
    if not MIN_WEIGHT <= weight.weight <= MAX_WEIGHT:
        raise ValidationError(
            f"A context weight runs from {MIN_WEIGHT} to {MAX_WEIGHT}; {weight.weight} is outside that range.",
            "weight",
        )


def validate_goal(goal: SafetyGoal) -> None:
    """A safety goal has a statement.

    Raises:
        ValidationError: naming the field.
    """
    if not goal.statement.strip():
        raise ValidationError("Please write the safety goal, for example 'Trusted adults are present after school'.")


def validate_action(action: Action) -> None:
    """An action says what will be done and which agency owns it.

    Raises:
        ValidationError: naming the field.
    """
    if not action.description.strip():
        raise ValidationError("Please say what will be done.", "description")
    if not action.agency_id:
        raise ValidationError("Please choose the agency that owns this action.", "agency")
    if action.due_date is not None:
        check_date_range(action.due_date, "due date", "due_date")


def validate_review(review: Review, *, finalising: bool) -> None:
    """A review has a meeting date; to be finalised it needs a decision.

    Rules: the next review date, when given, is after the meeting date; a
    review cannot be finalised without a decision (continue, close, escalate or
    reassess).

    Raises:
        ValidationError: naming the field.
    """
    check_date_range(review.meeting_date, "meeting date", "meeting_date")
    if review.next_review_date and review.next_review_date <= review.meeting_date:
        raise ValidationError("The next review date must be after the meeting date.", "next_review_date")
    if finalising and review.decision is None:
        raise ValidationError(
            "Choose the meeting's decision (continue, close, escalate or reassess) before finalising the review.",
            "decision",
        )
