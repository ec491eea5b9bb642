"""Demo plan: Brenchley Gardens' safety plan, two DCSM reviews, a reassessment and two more reviews.

Everything here is invented and plainly fictional (leads carry "(fictional)");
no young person is named. The story, so the comparison and the history show real content:

* the first assessment (autumn 2026) gets a context weighting, three safety goals
  and five actions; the DCSM reviews it on 10 December 2026 (continue) and on
  14 January 2027 (reassess, once the new lighting and youth work have had time);
* a reassessment starts on 1 February 2027, carrying forward the write-up and the
  two open actions; the assessor re-rates the sides (guardianship and environment
  improve), adds a goal for business guardians, and the DCSM reviews the new plan
  on 11 March and 8 April 2027.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from safeguarding.forms import FormLibrary
from safeguarding.model import AssessmentStatus, Rating, Side
from safeguarding.plan.model import Action, ActionStatus, ContextWeight, Decision, Review, ReviewItem

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


def _agency(store: Store, name: str) -> str:
    return next(a.id for a in store.plan.agencies() if a.name == name)


def _action(store: Store, goal_id: str, agency: str, text: str, lead: str, due: date, measure: str) -> Action:
    return store.plan.add_action(
        Action(goal_id, text, _agency(store, agency), lead=lead, due_date=due, measure=measure)
    )


def fill_plan(store: Store, set_clock: Callable[[datetime], None]) -> None:
    """Add the plan story to the demo's Brenchley Gardens (call after its assessment is complete).

    Args:
        store: The demo store.
        set_clock: Sets the demo clock to a naive UK local time.
    """
    (brenchley,) = store.locations.find_by_name("Brenchley Gardens")
    first = store.assessments.for_location(brenchley.id)[0]
    store.plan.author = "Jo Whitfield (fictional)"
    set_clock(datetime(2026, 11, 20, 10, 0))
    store.plan.save_weights(
        first.id,
        [
            ContextWeight("peer_group", "A peer group", 8, "An older group meets younger ones here after school."),
            ContextWeight("location", "This location", 7, "Unlit path by the bandstand; no staff after 17:00."),
            ContextWeight("online", "An online space", 4, "Meet-ups are arranged on social media."),
            ContextWeight("school", "A school or college", 3, "Pupils of two schools cut through on the way home."),
        ],
    )
    g1 = store.plan.add_goal(
        first.id, Side.GUARDIANSHIP, "Trusted adults are present in the park after school and in the evening."
    )
    a1 = _action(
        store, g1.id, "County youth service", "Detached youth work in the park, Tuesdays and Thursdays 15:30-18:30",
        "P. Shah, youth worker (fictional)", date(2027, 1, 31), "Sessions logged; young people's feedback",
    )  # fmt: skip
    a2 = _action(
        store, g1.id, "Police", "PCSO patrols through the park after school, four afternoons a week",
        "PCSO D. Mercer (fictional)", date(2026, 12, 31), "Patrol log shows four afternoons a week",
    )  # fmt: skip
    g2 = store.plan.add_goal(
        first.id, Side.ENVIRONMENT, "The place is well lit and open to view, with no hidden corners after dark."
    )
    a3 = _action(
        store, g2.id, "Borough council community protection", "Lighting survey; cut back the shrubs by the bandstand",
        "H. Achebe, community protection (fictional)", date(2027, 1, 15), "Lights working; sight lines clear",
    )  # fmt: skip
    a4 = _action(
        store, g2.id, "Licensing", "Test purchase at the off-licence on Week Street; Challenge 25 refresher",
        "Licensing officer (fictional)", date(2026, 12, 18), "Test purchase passed",
    )  # fmt: skip
    g3 = store.plan.add_goal(
        first.id,
        Side.YOUNG_PEOPLE,
        "Young people who spend time here are asked how safe they feel, and their views shape the plan.",
    )
    a5 = _action(
        store, g3.id, "Schools", "Safety mapping with Year 9 groups in two schools",
        "T. Nowak, designated safeguarding lead (fictional)", date(2027, 2, 12), "Two sessions; maps shared with DCSM",
    )  # fmt: skip

    set_clock(datetime(2026, 12, 10, 16, 0))
    store.plan.finalise_review(
        Review(
            first.id,
            meeting_date=date(2026, 12, 10),
            agencies_present=PARTNERS,
            items=[
                ReviewItem(a1.id, ActionStatus.ON_TRACK, "Two sessions so far; twelve young people engaged."),
                ReviewItem(a2.id, ActionStatus.AT_RISK, "Patrols diverted to the Christmas market."),
                ReviewItem(a3.id, ActionStatus.ON_TRACK, "Survey done 3 December; works ordered."),
                ReviewItem(a4.id, ActionStatus.DONE, "Test purchase passed; staff refresher given."),
                ReviewItem(a5.id, ActionStatus.NOT_STARTED, "Sessions booked for February."),
            ],
            decision=Decision.CONTINUE,
            next_review_date=date(2027, 1, 14),
        )
    )
    set_clock(datetime(2027, 1, 9, 11, 0))
    store.plan.record_progress(a3.id, "New lights on the bandstand path working from 9 January.", ActionStatus.DONE)
    set_clock(datetime(2027, 1, 14, 16, 0))
    store.plan.finalise_review(
        Review(
            first.id,
            meeting_date=date(2027, 1, 14),
            agencies_present=PARTNERS,
            items=[
                ReviewItem(a1.id, ActionStatus.DONE, "Sessions now weekly and funded to March."),
                ReviewItem(a2.id, ActionStatus.AT_RISK, "Two afternoons a week only."),
                ReviewItem(a5.id, ActionStatus.ON_TRACK, "First school confirmed."),
            ],
            decision=Decision.REASSESS,
            next_review_date=date(2027, 3, 11),
            notes="Reassess in February to see the effect of the lighting and the youth work.",
        )
    )

    set_clock(datetime(2027, 2, 1, 9, 30))
    second = store.plan.reassess(first.id, FormLibrary.load().current(), start_date=date(2027, 2, 1))
    set_clock(datetime(2027, 2, 26, 15, 0))
    guardianship = second.findings[Side.GUARDIANSHIP]
    guardianship.strengths = (
        "Detached youth workers are in the park on Tuesday and Thursday afternoons and young people seek them "
        "out. PCSOs pass through most afternoons. Café staff at the museum know the regular groups."
    )
    guardianship.concerns = (
        "Nobody is present on Friday evenings or at weekends after dark. Takeaway staff on Week Street do not "
        "know who to call about concerns."
    )
    guardianship.evidence = "Visits in February 2027; youth work session logs; PCSO patrol log (demo)."
    second.findings[Side.YOUNG_PEOPLE].rating = Rating.AMBER
    guardianship.rating = Rating.AMBER
    second.findings[Side.ENVIRONMENT].rating = Rating.GREEN
    second.analysis = (
        "The new lighting and the youth work have changed the after-school hours: fewer adults approach young "
        "people, and the path by the bandstand is no longer hidden. The peer group still meets on Friday "
        "evenings, when no guardian is present."
    )
    second.recommendation = "Continue the plan, add business guardians on Week Street, and review monthly."
    second.end_date = date(2027, 2, 26)
    second.status = AssessmentStatus.COMPLETE
    store.assessments.save(second)
    store.plan.save_weights(
        second.id,
        [
            ContextWeight("peer_group", "A peer group", 8, "The same group now meets on Friday evenings."),
            ContextWeight("online", "An online space", 6, "Friday meet-ups are arranged online."),
            ContextWeight("location", "This location", 4, "Lighting fixed; weekend evenings still unsupervised."),
        ],
    )
    g4 = store.plan.add_goal(
        second.id, Side.GUARDIANSHIP, "Staff of local businesses recognise exploitation and know how to respond."
    )
    a6 = _action(
        store, g4.id, "Business improvement district", "Briefings for café, takeaway and security staff on Week Street",
        "BID manager (fictional)", date(2027, 3, 31), "At least ten premises briefed",
    )  # fmt: skip
    a7 = _action(
        store, g4.id, "British Transport Police", "Joint Friday evening patrol from Maidstone East to the park",
        "Sgt R. Ellis (fictional)", date(2027, 4, 30), "Patrol on four Fridays a month",
    )  # fmt: skip
    carried = {a.description: a for a in store.plan.load(second.id).actions()}
    c2 = carried["PCSO patrols through the park after school, four afternoons a week"]
    c5 = carried["Safety mapping with Year 9 groups in two schools"]
    set_clock(datetime(2027, 2, 15, 12, 0))
    store.plan.record_progress(c2.id, "Patrols back to four afternoons a week.", ActionStatus.ON_TRACK)
    set_clock(datetime(2027, 3, 11, 16, 0))
    store.plan.finalise_review(
        Review(
            second.id,
            meeting_date=date(2027, 3, 11),
            agencies_present=[*PARTNERS, "Business improvement district", "British Transport Police"],
            items=[
                ReviewItem(c2.id, ActionStatus.ON_TRACK, "Four afternoons a week since 15 February."),
                ReviewItem(c5.id, ActionStatus.DONE, "Both schools done; maps show the park as amber now."),
                ReviewItem(a6.id, ActionStatus.ON_TRACK, "Four premises briefed."),
                ReviewItem(a7.id, ActionStatus.NOT_STARTED, "Starts in April."),
            ],
            decision=Decision.CONTINUE,
            next_review_date=date(2027, 4, 8),
        )
    )
    set_clock(datetime(2027, 4, 8, 16, 0))
    store.plan.finalise_review(
        Review(
            second.id,
            meeting_date=date(2027, 4, 8),
            agencies_present=["Police", "County youth service", "Business improvement district", "Schools"],
            items=[
                ReviewItem(c2.id, ActionStatus.DONE, "Patrols now part of the routine beat."),
                ReviewItem(a6.id, ActionStatus.AT_RISK, "Six premises briefed; the rest by the end of April."),
                ReviewItem(a7.id, ActionStatus.ON_TRACK, "First two Friday patrols held."),
            ],
            decision=Decision.CONTINUE,
            next_review_date=date(2027, 5, 13),
        )
    )
    _interim_north_week_street(store, set_clock)


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
