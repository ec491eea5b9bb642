"""What a meeting must hold to be saved, and more to be finalised (the DCSM practice in the domain guide).

A draft can be saved half-done. To finalise it needs a chair, someone present,
and for every item a decision; an escalation says where to; a plan that goes on
(agreed or continued) has its next review date; every action agreed has an owner
agency, a named lead and a due date ("new actions with owner agency, named lead
and due date").
"""

from __future__ import annotations

from safeguarding.errors import ValidationError
from safeguarding.meetings.records import Meeting, MeetingItem, NewAction
from safeguarding.plan.records import Decision
from safeguarding.timeutil import format_uk_date
from safeguarding.typed_dates import check_date_range

NEEDS_NEXT_REVIEW = frozenset({Decision.AGREE_PLAN, Decision.CONTINUE})
"""Decisions that keep a plan going, so they set when it is next reviewed."""


def _where(item: MeetingItem) -> str:
    return f"Item {item.position} ({item.location_name or 'a location'})"


def validate_meeting(meeting: Meeting, *, finalising: bool) -> None:
    """Check a meeting before it is saved (or finalised).

    Raises:
        ValidationError: naming the item or field in plain English.
    """
    check_date_range(meeting.meeting_date, "meeting date", "meeting_date")
    for person in meeting.attendees:
        if not person.name.strip():
            raise ValidationError("Every person listed needs a name (or remove the empty row).", "attendees")
    for item in meeting.items:
        next_review = item.the_next_review
        if next_review is not None and next_review <= meeting.meeting_date:
            raise ValidationError(f"{_where(item)}: the next review date must be after the meeting.", "next_review")
        for action in item.new_actions:
            if not action.description.strip():
                raise ValidationError(f"{_where(item)}: say what each new action will do.", "new_actions")
    if finalising:
        _validate_final(meeting)


def _validate_final(meeting: Meeting) -> None:
    if not meeting.chair.strip():
        raise ValidationError("Name the chair before finalising the meeting.", "chair")
    if not meeting.present():
        raise ValidationError("Record who was present before finalising the meeting.", "attendees")
    if not meeting.items:
        raise ValidationError("The agenda is empty: add the locations discussed before finalising.", "items")
    for item in meeting.items:
        decision = item.the_decision
        if decision is None:
            raise ValidationError(f"{_where(item)}: record the meeting's decision before finalising.", "decision")
        if decision == Decision.ESCALATE and not item.the_route.strip():
            raise ValidationError(f"{_where(item)}: say where the location is escalated to.", "route")
        if decision in NEEDS_NEXT_REVIEW and item.the_next_review is None:
            raise ValidationError(f"{_where(item)}: set the next review date.", "next_review")
        if item.new_actions and item.assessment_id is None:
            raise ValidationError(
                f"{_where(item)}: actions can be agreed once the location has an assessment.", "new_actions"
            )
        for action in item.new_actions:
            _validate_new_action(item, action)


def _validate_new_action(item: MeetingItem, action: NewAction) -> None:
    missing = [
        words
        for words, value in (("an owner agency", action.agency_id), ("a named lead", action.lead.strip()))
        if not value
    ]
    if action.due_date is None:
        missing.append("a due date")
    if missing:
        raise ValidationError(
            f"{_where(item)}: the action “{action.description.strip()[:60]}” needs " + " and ".join(missing) + ".",
            "new_actions",
        )


def meeting_words(meeting: Meeting) -> str:
    """E.g. ``"the DCSM of 19 November 2026"``: how papers and markers name a meeting."""
    return f"the DCSM of {format_uk_date(meeting.meeting_date)}"
