"""Demo DCSM meetings: the finalised meeting of 19 November 2026 and the draft of 17 December 2026.

Invented and plainly fictional (names carry "(fictional)"); no young person is named.

* 19 November (finalised): Brenchley Gardens' review (continue; a new action agreed
  to refer the peer group to the MACE panel), North Week Street as a new referral
  being assessed (accepted: findings in December) and Maidstone East station
  forecourt, raised by British Transport Police (accepted: scoping in December).
  Finalising writes each item into the assessment's DCSM review and keeps the
  version of each assessment the meeting saw; the demo's later edits (the lamps
  still out on 26 November, North Week Street's write-up on 24 November) then show
  as "changed since the DCSM of 19 November 2026".
* 17 December (draft): the agenda built from the register: all three come back.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from safeguarding.demo.plan import agency_id
from safeguarding.meetings.agenda import raised_by_partner
from safeguarding.meetings.records import AgendaReason, Attendance, Attendee, Meeting, MeetingItem, NewAction
from safeguarding.model import Location, Side, new_id
from safeguarding.plan.records import ActionStatus, Decision
from safeguarding.workflows.meetings import finalise_meeting, new_meeting, prepare_updates

if TYPE_CHECKING:
    from collections.abc import Callable

    from safeguarding.store import Store

TITLE = "Maidstone DCSM"
CHAIR = "Dr A. Mensah, Children's Social Care (fictional)"
VENUE = "Maidstone House, meeting room 3 (demo)"
NOVEMBER = date(2026, 11, 19)
DECEMBER = date(2026, 12, 17)

STATION = Location(
    name="Maidstone East station forecourt",
    address="Station Road, Maidstone",
    ward="High Street",
    district="Maidstone",
    place_type="Railway station forecourt and bus stops",
    latitude=51.2778,
    longitude=0.5223,
    referral_reason=(
        "British Transport Police report groups of young people waiting on the forecourt on Friday evenings and "
        "adults meeting them off late trains. Raised at the November DCSM."
    ),
    referral_date=date(2026, 11, 12),
    referral_source="Demo data (fictional): raised by British Transport Police",
)

_ATTENDEES = (
    Attendee("Dr A. Mensah (fictional)", "Children's Social Care", "Chair"),
    Attendee("Insp. J. Patel (fictional)", "Police"),
    Attendee("H. Achebe (fictional)", "Borough council community protection"),
    Attendee("P. Shah (fictional)", "County youth service"),
    Attendee("Sgt R. Ellis (fictional)", "British Transport Police"),
    Attendee("M. Osei (fictional)", "Business improvement district"),
    Attendee("L. Brooks (fictional)", "Schools", attendance=Attendance.APOLOGIES),
    Attendee("T. Grant (fictional)", "Licensing", attendance=Attendance.APOLOGIES),
)

_BRENCHLEY_NOTES = {
    "PCSO": ("Two afternoons a week; Friday evenings not covered.", ActionStatus.AT_RISK),
    "Briefings": ("Four premises signed up for December.", ActionStatus.ON_TRACK),
    "Joint Friday": ("First joint patrol on 4 December.", ActionStatus.NOT_STARTED),
    "Repair": ("Contractor booked for 26 November.", ActionStatus.ON_TRACK),
}


def _fill_updates(item: MeetingItem, descriptions: dict[str, str], notes: dict[str, tuple[str, ActionStatus]]) -> None:
    assert item.review is not None
    for update in item.review.items:
        text = descriptions[update.action_id]
        for start, (note, status) in notes.items():
            if text.startswith(start):
                update.note, update.status = note, status


def hold_november_meeting(store: Store, set_clock: Callable[[datetime], None]) -> Meeting:
    """Hold and finalise the DCSM of 19 November 2026 (call once the plans of 19 November exist)."""
    set_clock(datetime(2026, 11, 12, 10, 0))
    station = store.locations.add(replace(STATION, id=new_id()))
    set_clock(datetime(2026, 11, 19, 17, 30))
    meeting = Meeting(NOVEMBER, title=TITLE, chair=CHAIR, venue=VENUE, attendees=[replace(p) for p in _ATTENDEES])
    rows = {row.name: row for row in store.register.rows(NOVEMBER)}
    items: list[MeetingItem] = []
    for name, reason, note in (
        ("Brenchley Gardens", AgendaReason.REVIEW_DUE, "Review set for 19 November 2026 at the October DCSM."),
        ("North Week Street", AgendaReason.NEW_REFERRAL, "Referred on 10 November 2026. Assessment started."),
    ):
        row = rows[name]
        item = MeetingItem(meeting.id, row.location_id, reason, row.latest_assessment_id, name, reason_note=note)
        prepare_updates(store, item, NOVEMBER)
        items.append(item)
    meeting.items = items
    meeting.items.append(
        raised_by_partner(
            meeting,
            rows[station.name],
            "British Transport Police",
            "Groups of young people on the forecourt on Friday evenings; adults meeting them off late trains.",
        )
    )
    brenchley, north, forecourt = meeting.items
    descriptions = {a.id: a.description for a in store.plan.load(str(brenchley.assessment_id)).actions()}
    _fill_updates(brenchley, descriptions, _BRENCHLEY_NOTES)
    assert brenchley.review is not None and north.review is not None
    brenchley.review = replace(
        brenchley.review,
        decision=Decision.CONTINUE,
        next_review_date=DECEMBER,
        notes="Reassessment presented: after school better, Friday and Saturday nights not. Review monthly.",
    )
    brenchley.new_actions = [
        NewAction(
            "Refer the peer group meeting in the park on Friday nights to the MACE panel",
            agency_id(store, "Children's social care"),
            lead="Dr A. Mensah (fictional)",
            due_date=date(2026, 12, 10),
            measure="Referral accepted by the MACE panel",
            side=Side.YOUNG_PEOPLE,
        )
    ]
    for update in north.review.items:
        update.note, update.status = "First Friday evening patrol on 20 November.", ActionStatus.ON_TRACK
    north.review = replace(
        north.review,
        decision=Decision.ASSESS,
        next_review_date=DECEMBER,
        notes="Two visits so far. Takeaway staff offer shelter; adults on e-bikes approached a group. "
        "Assessment to continue with evening and weekend visits; findings to the December meeting.",
    )
    forecourt.discussion = (
        "BTP and the youth service to visit together on two Friday evenings; the station manager to be invited."
    )
    forecourt.decision, forecourt.next_review_date = Decision.ASSESS, DECEMBER
    store.meetings.save(meeting)
    return finalise_meeting(store, meeting.id)


def draft_december_meeting(store: Store, set_clock: Callable[[datetime], None]) -> Meeting:
    """The draft DCSM of 17 December 2026: its agenda built from the register."""
    set_clock(datetime(2026, 11, 30, 9, 0))
    meeting = new_meeting(store, DECEMBER, title=TITLE, chair=CHAIR)
    meeting.venue = VENUE
    return store.meetings.save(meeting)
