"""Demo plan: Brenchley Gardens' safety plan over 2026, and an interim action on North Week Street.

Everything here is invented and plainly fictional (leads carry "(fictional)");
no young person is named. The story, all in the past as of 30 November 2026, so
the comparison, the history and "What needs attention" show real content:

* the first assessment (complete 30 April 2026) gets a context weighting, three
  safety goals and five actions; the DCSM reviews it on 14 May (continue) and
  on 9 July (reassess in the autumn, once the evenings are dark again);
* :func:`start_reassessment` starts the reassessment on 14 September, carrying
  forward the write-up, the two open actions, the map's boundary and its pins;
* :func:`fill_reassessment_plan` (after the reassessment is complete on
  16 November): the October DCSM reviews the carried actions, the reassessment
  gets its own weighting, two new goals and three new actions, and the November
  DCSM (19 November, a meeting of :mod:`safeguarding.demo.meetings`) continues the plan
  with the next review on 17 December.
  As of 30 November one action is overdue (the Station Road lamps, due
  27 November) and one is at risk (the PCSO patrols).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from safeguarding.demo.brenchley import SECOND_START
from safeguarding.forms import FormLibrary
from safeguarding.model import Assessment, Side
from safeguarding.plan.records import Action, ActionStatus, ContextWeight, Decision, Review, ReviewItem
from safeguarding.workflows.reassess import reassess

if TYPE_CHECKING:
    from collections.abc import Callable

    from safeguarding.store import Store

PARTNERS = [
    "Police",
    "Borough council community protection",
    "County youth service",
    "Licensing",
    "Schools",
]

_PCSO = "PCSO patrols through the park after school, four afternoons a week"
_MAPPING = "Safety mapping with Year 9 groups in two schools"


def agency_id(store: Store, name: str) -> str:
    """The id of the agency called ``name`` (one of the library's seed agencies)."""
    return next(a.id for a in store.plan.agencies() if a.name == name)


def _action(store: Store, goal_id: str, agency: str, text: str, lead: str, due: date, measure: str) -> Action:
    return store.plan.add_action(
        Action(goal_id, text, agency_id(store, agency), lead=lead, due_date=due, measure=measure)
    )


def _brenchley(store: Store) -> list[Assessment]:
    (brenchley,) = store.locations.find_by_name("Brenchley Gardens")
    return store.assessments.for_location(brenchley.id)


def fill_first_plan(store: Store, set_clock: Callable[[datetime], None]) -> None:
    """Add the plan and its two DCSM reviews to Brenchley's first assessment (call once it is complete).

    Args:
        store: The demo store.
        set_clock: Sets the demo clock to a naive UK local time.
    """
    first = _brenchley(store)[0]
    store.plan.author = "Jo Whitfield (fictional)"
    set_clock(datetime(2026, 5, 5, 10, 0))
    store.plan.save_weights(
        first.id,
        [
            ContextWeight("location", "This location", 8, "Dark, hidden bandstand; no adult present after 16:00."),
            ContextWeight("peer_group", "A peer group", 7, "An older group meets younger ones here after school."),
            ContextWeight("online", "An online space", 4, "Meet-ups are arranged on social media."),
            ContextWeight("school", "A school or college", 3, "Pupils of two schools cut through on the way home."),
        ],
    )
    g1 = store.plan.add_goal(
        first.id, Side.GUARDIANSHIP, "Trusted adults are present in the park after school and in the evening."
    )
    a1 = _action(
        store, g1.id, "County youth service", "Detached youth work in the park, Tuesdays and Thursdays 15:30-18:30",
        "P. Shah, youth worker (fictional)", date(2026, 7, 17), "Sessions logged; young people's feedback",
    )  # fmt: skip
    a2 = _action(
        store, g1.id, "Police", _PCSO,
        "PCSO D. Mercer (fictional)", date(2026, 6, 30), "Patrol log shows four afternoons a week",
    )  # fmt: skip
    g2 = store.plan.add_goal(
        first.id, Side.ENVIRONMENT, "The place is well lit and open to view, with no hidden corners after dark."
    )
    a3 = _action(
        store, g2.id, "Borough council community protection",
        "New lamps on the bandstand path; repair the Station Road path lamps; cut back the shrubs by the memorial",
        "H. Achebe, community protection (fictional)", date(2026, 6, 30), "Lights working; sight lines clear",
    )  # fmt: skip
    a4 = _action(
        store, g2.id, "Licensing", "Test purchase at the off-licence on Week Street; Challenge 25 refresher",
        "Licensing officer (fictional)", date(2026, 5, 29), "Test purchase passed",
    )  # fmt: skip
    g3 = store.plan.add_goal(
        first.id,
        Side.YOUNG_PEOPLE,
        "Young people who spend time here are asked how safe they feel, and their views shape the plan.",
    )
    a5 = _action(
        store, g3.id, "Schools", _MAPPING,
        "T. Nowak, designated safeguarding lead (fictional)", date(2026, 7, 17), "Two sessions; maps shared with DCSM",
    )  # fmt: skip

    set_clock(datetime(2026, 5, 14, 16, 0))
    store.plan.finalise_review(
        Review(
            first.id,
            meeting_date=date(2026, 5, 14),
            agencies_present=PARTNERS,
            items=[
                ReviewItem(a1.id, ActionStatus.ON_TRACK, "First sessions on 5 and 7 May; twelve young people engaged."),
                ReviewItem(a2.id, ActionStatus.AT_RISK, "Patrols diverted to the town-centre events in May."),
                ReviewItem(a3.id, ActionStatus.ON_TRACK, "Lighting survey done 8 May; works ordered."),
                ReviewItem(a4.id, ActionStatus.DONE, "Test purchase passed on 12 May; staff refresher given."),
                ReviewItem(a5.id, ActionStatus.NOT_STARTED, "Sessions to be booked for June."),
            ],
            decision=Decision.CONTINUE,
            next_review_date=date(2026, 7, 9),
        )
    )
    set_clock(datetime(2026, 6, 19, 11, 0))
    store.plan.record_progress(
        a3.id,
        "New lamps on the bandstand path working from 19 June; Station Road lamps repaired; shrubs cut back.",
        ActionStatus.DONE,
    )
    set_clock(datetime(2026, 7, 9, 16, 0))
    store.plan.finalise_review(
        Review(
            first.id,
            meeting_date=date(2026, 7, 9),
            agencies_present=PARTNERS,
            items=[
                ReviewItem(a1.id, ActionStatus.DONE, "Sessions running twice weekly since May; funded to March 2027."),
                ReviewItem(a2.id, ActionStatus.AT_RISK, "Two afternoons a week only over the summer."),
                ReviewItem(a5.id, ActionStatus.ON_TRACK, "Moved to the autumn term because of exams."),
            ],
            decision=Decision.REASSESS,
            next_review_date=date(2026, 10, 8),
            notes="Reassess in the autumn, once the clocks go back, to see the lighting and youth work in the dark.",
        )
    )


def start_reassessment(store: Store, set_clock: Callable[[datetime], None]) -> Assessment:
    """Start Brenchley's reassessment on 14 September 2026, carrying forward what may still be true.

    Returns:
        The new assessment.
    """
    first = _brenchley(store)[0]
    set_clock(datetime(2026, 9, 14, 9, 30))
    return reassess(store, first.id, FormLibrary.load().current(), start_date=SECOND_START)


def fill_reassessment_plan(store: Store, set_clock: Callable[[datetime], None]) -> None:
    """The reassessment's plan and its October and November reviews (call once the reassessment is complete).

    Args:
        store: The demo store.
        set_clock: Sets the demo clock to a naive UK local time.
    """
    second = _brenchley(store)[-1]
    carried = {a.description: a for a in store.plan.load(second.id).actions()}
    c2, c5 = carried[_PCSO], carried[_MAPPING]

    set_clock(datetime(2026, 10, 8, 16, 0))
    c2.due_date = date(2026, 12, 31)
    store.plan.update_action(c2, "New date agreed at the October DCSM.")
    store.plan.finalise_review(
        Review(
            second.id,
            meeting_date=date(2026, 10, 8),
            agencies_present=PARTNERS,
            items=[
                ReviewItem(c2.id, ActionStatus.AT_RISK, "Still two afternoons a week; rota under review."),
                ReviewItem(c5.id, ActionStatus.ON_TRACK, "First session booked for 14 October."),
            ],
            decision=Decision.CONTINUE,
            next_review_date=date(2026, 11, 19),
            notes="Reassessment under way since 14 September; findings to the November meeting.",
        )
    )
    set_clock(datetime(2026, 10, 14, 17, 30))
    store.plan.record_progress(
        c5.id, "Safety mapping with 26 Year 9 pupils; maps shared with the DCSM.", ActionStatus.DONE
    )

    set_clock(datetime(2026, 11, 16, 17, 0))
    store.plan.save_weights(
        second.id,
        [
            ContextWeight("peer_group", "A peer group", 8, "The same group now meets on Friday and Saturday nights."),
            ContextWeight("online", "An online space", 6, "Friday meet-ups are arranged online."),
            ContextWeight("location", "This location", 5, "Bandstand lit; Station Road path dark; nobody on Fridays."),
        ],
    )
    g4 = store.plan.add_goal(
        second.id,
        Side.GUARDIANSHIP,
        "Staff of local businesses and the night-time economy recognise exploitation and know how to respond.",
    )
    _action(
        store, g4.id, "Business improvement district",
        "Briefings for café, takeaway, door staff and taxi marshals near the park",
        "BID manager (fictional)", date(2027, 1, 29), "At least ten premises briefed",
    )  # fmt: skip
    _action(
        store, g4.id, "British Transport Police", "Joint Friday evening patrol from Maidstone East through the park",
        "Sgt R. Ellis (fictional)", date(2026, 12, 18), "Patrol on four Fridays a month",
    )  # fmt: skip
    g5 = store.plan.add_goal(second.id, Side.ENVIRONMENT, "The way in from the station is lit and watched after dark.")
    a8 = _action(
        store, g5.id, "Borough council community protection",
        "Repair the two Station Road path lamps; re-point the CCTV camera at the bandstand",
        "H. Achebe, community protection (fictional)", date(2026, 11, 27), "Lamps working; camera shows the bandstand",
    )  # fmt: skip

    _interim_north_week_street(store, set_clock)
    from safeguarding.demo.meetings import hold_november_meeting  # the meeting uses this module's agencies

    hold_november_meeting(store, set_clock)  # reviews Brenchley Gardens: continue, next review 17 December
    set_clock(datetime(2026, 11, 26, 15, 0))
    store.plan.record_progress(
        a8.id, "Contractor did not attend; new visit to be arranged. Lamps still out.", ActionStatus.AT_RISK
    )


def _interim_north_week_street(store: Store, set_clock: Callable[[datetime], None]) -> None:
    """An interim action agreed while North Week Street is still being assessed (due before the demo's today)."""
    (north,) = store.locations.find_by_name("North Week Street")
    draft = store.assessments.for_location(north.id)[0]
    set_clock(datetime(2026, 11, 18, 16, 0))
    goal = store.plan.add_goal(
        draft.id, Side.GUARDIANSHIP, "Trusted adults are present on North Week Street in the evening."
    )
    _action(
        store, goal.id, "Police", "Interim: PCSO presence at the bus stops on Friday evenings during the assessment",
        "PCSO K. Byrne (fictional)", date(2026, 11, 27), "Patrol log for three Fridays",
    )  # fmt: skip
