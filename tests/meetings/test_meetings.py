"""Register, agenda, meetings written once into each assessment's review, finalising and what a meeting saw."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from safeguarding.errors import ValidationError
from safeguarding.meetings import snapshot
from safeguarding.meetings.agenda import agenda_from_register, raised_by_partner
from safeguarding.meetings.records import AgendaReason, Attendance, Attendee, Meeting, MeetingStatus, NewAction
from safeguarding.meetings.register import RegisterColumn, RegisterFilter, RegisterStatus, filtered
from safeguarding.model import Location, Side
from safeguarding.plan.records import ActionStatus, Decision, UpdateKind
from safeguarding.store import Store
from safeguarding.workflows.meeting_papers import changed_since
from safeguarding.workflows.meetings import finalise_meeting, new_meeting

DECEMBER = date(2026, 12, 17)
NOVEMBER = date(2026, 11, 19)


def _rows(store: Store) -> dict[str, object]:
    return {row.name: row for row in store.register.rows(DECEMBER)}


def test_register_holds_every_location_with_status_decision_review_and_actions(demo: Store) -> None:
    rows = {row.name: row for row in demo.register.rows(DECEMBER)}
    brenchley, north, station = (
        rows["Brenchley Gardens"],
        rows["North Week Street"],
        rows["Maidstone East station forecourt"],
    )
    assert brenchley.status == RegisterStatus.ON_PLAN
    assert north.status == RegisterStatus.BEING_ASSESSED
    assert station.status == RegisterStatus.REFERRED
    assert brenchley.last_decision is not None and brenchley.last_decision.decision == Decision.CONTINUE
    assert brenchley.last_decision.on == NOVEMBER and brenchley.next_review == DECEMBER
    # A referral item with no assessment keeps its decision on the meeting item: the register still sees it.
    assert station.last_decision is not None and station.last_decision.decision == Decision.ASSESS
    assert (brenchley.open_actions, brenchley.overdue_actions) == (5, 2)  # the lamps; the MACE referral
    assert len(brenchley.history) == 2  # the spring assessment and the reassessment: the rating's history
    assert brenchley.lead_agency == "Youth Outreach Team, Maidstone (demo)"


def test_register_sorts_and_filters(demo: Store) -> None:
    rows = demo.register.rows(DECEMBER)
    by_overdue = filtered(rows, RegisterFilter(), RegisterColumn.OVERDUE)
    assert [row.overdue_actions for row in by_overdue] == sorted((r.overdue_actions for r in rows), reverse=True)
    assert [r.name for r in filtered(rows, RegisterFilter(statuses=frozenset({RegisterStatus.REFERRED})))] == [
        "Maidstone East station forecourt"
    ]
    assert [r.name for r in filtered(rows, RegisterFilter(text="week"))] == ["North Week Street"]
    assert {r.name for r in filtered(rows, RegisterFilter(overdue_only=True))} == {
        "Brenchley Gardens",
        "North Week Street",
    }
    assert filtered(rows, RegisterFilter(due_by=date(2026, 12, 1))) == []


def test_december_agenda_is_built_from_the_register(demo: Store) -> None:
    meeting = demo.meetings.on_date(DECEMBER)
    assert meeting.status == MeetingStatus.DRAFT
    assert [(item.position, item.location_name, item.reason) for item in meeting.items] == [
        (1, "Brenchley Gardens", AgendaReason.REVIEW_DUE),
        (2, "Maidstone East station forecourt", AgendaReason.REVIEW_DUE),
        (3, "North Week Street", AgendaReason.REVIEW_DUE),
    ]
    brenchley = meeting.items[0]
    assert "Review set for 17 December 2026 at the DCSM of 19 November 2026" in brenchley.reason_note
    assert "2 actions overdue" in brenchley.reason_note  # the lamps, and the MACE referral due 10 December
    # Each open action has a line to update, starting from its status now.
    assert brenchley.review is not None and len(brenchley.review.items) == 5
    # Nothing more to propose: every location is on the agenda once.
    assert agenda_from_register(meeting, demo.register.rows(DECEMBER)) == []


def test_new_referral_and_a_place_raised_by_a_partner(demo: Store) -> None:
    fresh = demo.locations.add(Location(name="Fremlin Walk entrance", referral_date=date(2026, 12, 1)))
    meeting = Meeting(date(2027, 1, 21))
    proposed = agenda_from_register(meeting, demo.register.rows(date(2027, 1, 21)))
    referral = next(item for item in proposed if item.location_id == fresh.id)
    assert referral.reason == AgendaReason.NEW_REFERRAL and referral.assessment_id is None
    assert referral.reason_note == "Referred on 1 December 2026."
    row = demo.register.row(fresh.id)
    assert row is not None
    raised = raised_by_partner(meeting, row, "British Transport Police", "Reports of adults meeting trains.")
    assert raised.why == "Raised by British Transport Police"
    assert raised.decision_sought.startswith("Decide whether the location needs assessing")


def _finalisable(store: Store) -> Meeting:
    """The December draft with a chair, people and a decision on every item (the meeting has been held)."""
    meeting = store.meetings.on_date(DECEMBER)
    meeting.attendees = [Attendee("Dr A. Mensah (fictional)", "Children's Social Care", "Chair"),
                         Attendee("L. Brooks (fictional)", "Schools", attendance=Attendance.APOLOGIES)]  # fmt: skip
    brenchley, station, north = meeting.items
    assert brenchley.review is not None and north.review is not None
    brenchley.review.decision = Decision.CONTINUE
    brenchley.review.next_review_date = date(2027, 1, 21)
    brenchley.review.notes = "Lamps still out after the contractor missed the visit; escalate to the council."
    for update in brenchley.review.items:
        update.note = f"Update given on {update.action_id[:6]}."
    actions = store.plan.load(str(brenchley.assessment_id)).actions()
    lamps_id = next(a.id for a in actions if a.description.startswith("Repair the two Station Road"))
    next(u for u in brenchley.review.items if u.action_id == lamps_id).status = ActionStatus.DONE
    police = next(agency for agency in store.plan.agencies() if agency.name == "Police")
    brenchley.new_actions = [
        NewAction(
            "Friday evening patrol at the bandstand",
            police.id,
            "Police",
            "PC Hale (fictional)",
            date(2027, 1, 15),
            side=Side.GUARDIANSHIP,
        )
    ]
    north.review.decision = Decision.ESCALATE
    north.review.route = "the MACE panel"
    station.decision, station.discussion = Decision.CLOSE, "Scoping found nothing of concern."
    return store.meetings.save(meeting)


def test_items_are_written_once_into_each_assessments_review(demo: Store) -> None:
    meeting = _finalisable(demo)
    brenchley = meeting.items[0]
    assert brenchley.review is not None and brenchley.assessment_id is not None
    # The assessment's own reviews hold what the meeting item says: the same record, not a copy.
    reviews = demo.plan.load(brenchley.assessment_id).reviews
    draft = next(review for review in reviews if review.id == brenchley.review.id)
    assert draft.meeting_id == meeting.id and not draft.is_final
    assert draft.notes.startswith("Lamps still out") and draft.decision == Decision.CONTINUE
    assert {item.note for item in draft.items} == {item.note for item in brenchley.review.items}
    assert draft.agencies_present == ["Children's Social Care"]
    # The referral item without an assessment keeps its own record.
    again = demo.meetings.get(meeting.id)
    assert again.items[1].review is None and again.items[1].decision == Decision.CLOSE


def test_taking_an_item_off_the_agenda_removes_its_draft_review(demo: Store) -> None:
    meeting = demo.meetings.on_date(DECEMBER)
    brenchley = meeting.items[0]
    assert brenchley.review is not None and brenchley.assessment_id is not None
    meeting.items = meeting.items[1:]
    demo.meetings.save(meeting)
    reviews = demo.plan.load(brenchley.assessment_id).reviews
    assert brenchley.review.id not in {review.id for review in reviews}
    assert [item.position for item in demo.meetings.get(meeting.id).items] == [1, 2]


def test_finalising_needs_a_decision_on_every_item_and_changes_nothing_until_then(demo: Store) -> None:
    meeting = demo.meetings.on_date(DECEMBER)
    meeting.chair = "Dr A. Mensah (fictional)"
    meeting.attendees = [Attendee("Dr A. Mensah (fictional)", "Children's Social Care")]
    demo.meetings.save(meeting)
    before = demo.db.execute("SELECT count(*) FROM plan_action_updates").fetchone()[0]
    with pytest.raises(ValidationError, match="Item 1 \\(Brenchley Gardens\\): record the meeting's decision"):
        finalise_meeting(demo, meeting.id)
    assert demo.db.execute("SELECT count(*) FROM plan_action_updates").fetchone()[0] == before
    assert demo.meetings.get(meeting.id).status == MeetingStatus.DRAFT


def test_an_escalation_says_where_to(demo: Store) -> None:
    meeting = _finalisable(demo)
    north = meeting.items[2]
    assert north.review is not None
    north.review.route = ""
    demo.meetings.save(meeting)
    with pytest.raises(ValidationError, match="say where the location is escalated to"):
        finalise_meeting(demo, meeting.id)


def test_finalising_writes_history_new_actions_and_keeps_what_the_meeting_saw(demo: Store) -> None:
    meeting = _finalisable(demo)
    brenchley = meeting.items[0]
    assert brenchley.assessment_id is not None
    final = finalise_meeting(demo, meeting.id)
    assert final.status == MeetingStatus.FINAL and final.finalised_at is not None
    plan = demo.plan.load(brenchley.assessment_id)
    review = next(r for r in plan.reviews if r.meeting_id == meeting.id)
    assert review.is_final and review.decision == Decision.CONTINUE
    # Each update is now a row of its action's history, from this review.
    lamps = next(a for a in plan.actions() if a.description.startswith("Repair the two Station Road"))
    assert lamps.status == ActionStatus.DONE
    assert lamps.history[-1].kind == UpdateKind.REVIEW and lamps.history[-1].review_id == review.id
    # The new action joined the plan under a goal made for the meeting, its history saying where it came from.
    patrol = next(a for a in plan.actions() if a.description == "Friday evening patrol at the bandstand")
    goal = plan.goal_of(patrol)
    assert goal is not None and goal.statement == "Actions agreed at the DCSM of 17 December 2026"
    assert patrol.history[0].note == "Agreed at the DCSM of 17 December 2026."
    assert final.items[0].new_actions[0].action_id == patrol.id
    # The register now follows the decisions.
    rows = {row.name: row for row in demo.register.rows(DECEMBER)}
    assert rows["North Week Street"].status == RegisterStatus.ESCALATED
    assert rows["North Week Street"].last_decision.words == "Escalate to the MACE panel"  # type: ignore[union-attr]
    assert rows["Maidstone East station forecourt"].status == RegisterStatus.CLOSED
    # What the meeting saw is kept, and a finalised meeting no longer changes.
    kept = demo.meetings.snapshot(meeting.id, brenchley.assessment_id)
    assert kept is not None and kept.meeting_date == DECEMBER
    seen = snapshot.from_json(kept.content)
    assert any(a.description == "Friday evening patrol at the bandstand" for a in seen.assessment.plan.actions())  # type: ignore[union-attr]
    with pytest.raises(ValidationError, match="finalised"):
        demo.meetings.save(final)
    with pytest.raises(ValidationError, match="already been finalised"):
        finalise_meeting(demo, meeting.id)


def test_edits_after_a_meeting_are_marked_changed_since_it(demo: Store) -> None:
    row = _rows(demo)["Brenchley Gardens"]
    assessment_id = row.latest_assessment_id  # type: ignore[attr-defined]
    # The demo itself edited the plan after 19 November (the lamps still out on 26 November).
    assert changed_since(demo, assessment_id) == "Changed since the DCSM of 19 November 2026: the plan."
    assessment = demo.assessments.get(assessment_id)
    visit = assessment.observations[0]
    demo.assessments.save_observation(assessment_id, replace(visit, notes=visit.notes + " Red car seen again."))
    assert changed_since(demo, assessment_id) == (
        "Changed since the DCSM of 19 November 2026: the visits and the plan."
    )
    # The version the meeting saw is unchanged.
    meeting = demo.meetings.on_date(NOVEMBER)
    kept = demo.meetings.snapshot(meeting.id, assessment_id)
    assert kept is not None
    seen = snapshot.from_json(kept.content).assessment
    assert "Red car seen again." not in seen.observations[0].notes


def test_an_untouched_assessment_is_not_marked(demo: Store) -> None:
    meeting = _finalisable(demo)
    finalise_meeting(demo, meeting.id)
    brenchley = meeting.items[0]
    assert brenchley.assessment_id is not None
    assert changed_since(demo, brenchley.assessment_id) == ""


def test_a_second_meeting_on_the_same_date_is_refused(demo: Store) -> None:
    with pytest.raises(ValidationError, match="already a meeting on 17 December 2026"):
        new_meeting(demo, DECEMBER)


def test_snapshot_round_trip_keeps_every_record(demo: Store) -> None:
    for location in demo.locations.by_name():
        for assessment in demo.assessments.for_location(location.id):
            back = snapshot.from_json(snapshot.to_json(location, assessment))
            assert back.location == location and back.assessment == assessment
            assert back.assessment.plan == assessment.plan
            assert back.assessment.photos == assessment.photos  # thumbnails and all
    with pytest.raises(ValueError, match="cannot be read"):
        snapshot.from_json('{"location": {}, "assessment": {}}')
