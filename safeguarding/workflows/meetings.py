"""Running a DCSM meeting across repositories: a new meeting with its agenda, and finalising it.

Finalising is one transaction over the meeting, the plans and the kept versions:

1. every action agreed becomes an action of the assessment's plan (under the goal
   chosen, or a goal "Actions agreed at the DCSM of …" made on the side given), its
   history starting "Agreed at the DCSM of …";
2. every item's DCSM review is finalised: each open action's update becomes a row
   of that action's history and sets its status (written once, in the review);
3. the meeting is marked final;
4. the version of each assessment the meeting considered is kept
   (:mod:`safeguarding.meetings.snapshot`), so later edits show as
   "changed since the DCSM of …" and that version can still be printed.

Nothing is written if any step fails.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from safeguarding.errors import ValidationError
from safeguarding.meetings import snapshot
from safeguarding.meetings.agenda import agenda_from_register
from safeguarding.meetings.records import Meeting, MeetingItem, NewAction
from safeguarding.meetings.rules import meeting_words, validate_meeting
from safeguarding.model import Side
from safeguarding.plan.records import Action, ActionStatus, Review, ReviewItem
from safeguarding.store.dberrors import writing

if TYPE_CHECKING:
    from safeguarding.store import Store


def new_meeting(store: Store, meeting_date: date, *, title: str = "DCSM", chair: str = "") -> Meeting:
    """Make and save a draft meeting whose agenda is built from the register (reviews due, plans, referrals).

    Raises:
        ValidationError: a meeting on that date exists, or the date is mistyped.
        StorageError.
    """
    meeting = Meeting(meeting_date=meeting_date, title=title, chair=chair)
    add_register_items(store, meeting)
    return store.meetings.save(meeting)


def add_register_items(store: Store, meeting: Meeting) -> list[MeetingItem]:
    """Add to ``meeting`` (not saved) the items the register proposes, each with its open actions to update.

    Returns:
        The items added.
    """
    items = agenda_from_register(meeting, store.register.rows(meeting.meeting_date))
    for item in items:
        prepare_updates(store, item, meeting.meeting_date)
    meeting.items += items
    return items


def prepare_updates(store: Store, item: MeetingItem, meeting_date: date) -> None:
    """Give an item with an assessment a line per open action, with its status now and no note yet."""
    if item.assessment_id is None or (item.review is not None and item.review.items):
        return
    plan = store.plan.load(item.assessment_id)
    review = item.review or Review(item.assessment_id, meeting_date, meeting_id=item.meeting_id)
    review.items = [ReviewItem(action.id, action.status) for action in plan.open_actions()]
    item.review = review


def finalise_meeting(store: Store, meeting_id: str) -> Meeting:
    """Finalise a draft meeting (the module notes say what happens), after the caller has confirmed it.

    Raises:
        ValidationError: the meeting is already final, or a rule of
            :func:`~safeguarding.meetings.rules.validate_meeting` fails (nothing is written).
        NotFoundError, StorageError.
    """
    meeting = store.meetings.get(meeting_id)
    if meeting.is_final:
        raise ValidationError("This meeting has already been finalised.")
    validate_meeting(meeting, finalising=True)
    words = meeting_words(meeting)
    with writing(store.db):
        for item in meeting.items:
            _add_new_actions(store, item, words)
            review = item.review
            if review is not None and not review.is_final:
                review.agencies_present = meeting.agencies_present()
                review.meeting_date = meeting.meeting_date
                store.plan.finalise_review(review)
        store.meetings.mark_final(meeting)
        for item in meeting.items:
            if item.assessment_id is None:
                continue
            assessment = store.assessments.get(item.assessment_id)
            location = store.locations.get(assessment.location_id)
            store.meetings.keep_snapshot(
                meeting, item, snapshot.digest(location, assessment), snapshot.to_json(location, assessment)
            )
    return store.meetings.get(meeting_id)


def _add_new_actions(store: Store, item: MeetingItem, words: str) -> None:
    if item.assessment_id is None or not item.new_actions:
        return
    goals = {goal.id for goal in store.plan.load(item.assessment_id).goals}
    made: dict[Side, str] = {}
    for new in item.new_actions:
        if new.action_id is not None:
            continue
        goal_id = new.goal_id if new.goal_id in goals else None
        if goal_id is None:
            if new.side not in made:
                made[new.side] = store.plan.add_goal(item.assessment_id, new.side, f"Actions agreed at {words}").id
            goal_id = made[new.side]
        action = _plan_action(new, goal_id)
        store.plan.add_action(action, note=f"Agreed at {words}.")
        new.action_id, new.goal_id = action.id, goal_id
        store.meetings.record_new_action(new)


def _plan_action(new: NewAction, goal_id: str) -> Action:
    return Action(
        goal_id=goal_id,
        description=new.description.strip(),
        agency_id=new.agency_id,
        lead=new.lead.strip(),
        due_date=new.due_date,
        measure=new.measure.strip(),
        status=ActionStatus.NOT_STARTED,
    )
