"""Plan records of one assessment: weighting, safety goals, actions, history and reviews.

Conventions follow :mod:`safeguarding.model`: UUID hex ids, aware UTC datetimes
for moments, :class:`datetime.date` for date-only facts (due dates, meeting dates).

Two rules live here because every view must agree on them:

* **Overdue is derived, never stored** (:meth:`Action.is_overdue`): an open action
  (not started, on track, at risk) whose due date is before "today". Today is passed
  in, so tests use a fixed clock.
* **Nothing is overwritten**: an action's changes are kept as :class:`ActionUpdate`
  rows (old and new values), appended by the repository on every change.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime

from safeguarding.model import Rating, Side, new_id


class ActionStatus(enum.StrEnum):
    """Where an action stands: the plan's own status, not a place rating.

    "Overdue" is not a status: it is derived from the due date (see
    :meth:`Action.is_overdue`).
    """

    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """Human label, e.g. ``"On track"``."""
        return _STATUS_LABELS[self]

    @property
    def is_open(self) -> bool:
        """True while work is still expected (not done or cancelled)."""
        return self not in (ActionStatus.DONE, ActionStatus.CANCELLED)


def is_overdue(status: ActionStatus, due_date: date | None, today: date) -> bool:
    """The overdue rule: an action is overdue while it is open and its due date is before ``today``."""
    return status.is_open and due_date is not None and due_date < today


_STATUS_LABELS = {
    ActionStatus.NOT_STARTED: "Not started",
    ActionStatus.ON_TRACK: "On track",
    ActionStatus.AT_RISK: "At risk",
    ActionStatus.DONE: "Done",
    ActionStatus.CANCELLED: "Cancelled",
}

OVERDUE_LABEL = "Overdue"


class Decision(enum.StrEnum):
    """The DCSM's decision at a review (domain guide, "The DCSM meeting cycle").

    ``AGREE_PLAN`` is for a plan presented for the first time; ``ASSESS`` accepts a
    new referral (the location is to be assessed). An escalation also records
    where to (:attr:`Review.route`).
    """

    CONTINUE = "continue"
    CLOSE = "close"
    ESCALATE = "escalate"
    REASSESS = "reassess"
    AGREE_PLAN = "agree_plan"
    ASSESS = "assess"

    @property
    def label(self) -> str:
        """Human label, e.g. ``"Continue with the plan"``."""
        return _DECISION_LABELS[self]


_DECISION_LABELS = {
    Decision.CONTINUE: "Continue with the plan",
    Decision.CLOSE: "Close: the location is no longer of concern",
    Decision.ESCALATE: "Escalate",
    Decision.REASSESS: "Reassess the location",
    Decision.AGREE_PLAN: "Agree the plan",
    Decision.ASSESS: "Accept the referral: assess the location",
}

DECISION_ORDER = (
    Decision.AGREE_PLAN,
    Decision.CONTINUE,
    Decision.CLOSE,
    Decision.ESCALATE,
    Decision.REASSESS,
    Decision.ASSESS,
)
"""The decisions in the order a meeting offers them."""


def decision_words(decision: Decision | None, route: str = "") -> str:
    """The decision in words with the escalation route, e.g. ``"Escalate to MACE"``; "" when none."""
    if decision is None:
        return ""
    if decision == Decision.ESCALATE and route.strip():
        route = route.strip()
        return f"Escalate {route}" if route.lower().startswith("to ") else f"Escalate to {route}"
    return decision.label


class UpdateKind(enum.StrEnum):
    """Why a history row was written."""

    CREATED = "created"
    EDITED = "edited"
    PROGRESS = "progress"
    REVIEW = "review"
    CARRIED = "carried"

    @property
    def label(self) -> str:
        """Human label, e.g. ``"DCSM review"``."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    UpdateKind.CREATED: "Added",
    UpdateKind.EDITED: "Changed",
    UpdateKind.PROGRESS: "Progress",
    UpdateKind.REVIEW: "DCSM review",
    UpdateKind.CARRIED: "Carried forward",
}

FIELD_LABELS = {
    "description": "What will be done",
    "agency": "Owner agency",
    "lead": "Lead",
    "due_date": "Due date",
    "measure": "How success will be measured",
    "status": "Status",
}
"""Words for the fields whose changes an action's history records (keys of ``ActionUpdate.changes``)."""

MIN_WEIGHT = 0
MAX_WEIGHT = 10
"""Context weights run from 0 (not a factor) to 10 (the main driver)."""


@dataclass
class ContextWeight:
    """How much one context drives the harm seen at the location.

    Attributes:
        context: A context id from the plan library (e.g. ``"peer_group"``) or a
            free id for a context the assessor names.
        label: The context in words, e.g. "A peer group".
        weight: 0 (not a factor) to 10 (the main driver).
        rationale: Why, in the assessor's words.
    """

    context: str
    label: str
    weight: int = 0
    rationale: str = ""
    id: str = field(default_factory=new_id)


@dataclass
class Agency:
    """A partner agency that can own actions (editable list, seeded from the library)."""

    name: str
    id: str = field(default_factory=new_id)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = field(default=1, compare=False)


@dataclass
class ActionUpdate:
    """One entry of an action's history; never edited or deleted once written.

    Attributes:
        kind: Why the entry was written.
        at: When it was recorded (aware UTC).
        happened_on: The date the progress or review happened (date only).
        status: The action's status after this entry.
        note: What was said or done.
        changes: For edits, ``{field: [old, new]}`` as display text.
        author: Who recorded it (the computer's user name when nothing better is known).
        review_id: The DCSM review that recorded it, if any.
    """

    action_id: str
    kind: UpdateKind
    at: datetime
    status: ActionStatus
    happened_on: date | None = None
    note: str = ""
    changes: dict[str, list[str]] = field(default_factory=dict)
    author: str = ""
    review_id: str | None = None
    id: str = field(default_factory=new_id)


@dataclass
class Action:
    """An action under a safety goal, owned by a partner agency.

    Attributes:
        description: What will be done.
        agency_id: The owner agency's id (``agency_name`` is its name, for display).
        lead: The named lead in that agency.
        due_date: When it is due (date only), or ``None``.
        measure: How success will be measured.
        status: The plan status (overdue is derived, see :meth:`is_overdue`).
        carried_from_action_id: The action of an earlier assessment this one continues.
        carried_from_date: That earlier assessment's date, for the "carried forward" marker.
        carried_into_date: Set when this action was carried into a later assessment
            (the later assessment's date); the later copy is then the live one.
        history: Entries oldest first (filled by the repository).
    """

    goal_id: str
    description: str
    agency_id: str | None = None
    agency_name: str = ""
    lead: str = ""
    due_date: date | None = None
    measure: str = ""
    status: ActionStatus = ActionStatus.NOT_STARTED
    carried_from_action_id: str | None = None
    carried_from_date: date | None = None
    carried_into_date: date | None = None
    history: list[ActionUpdate] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = field(default=1, compare=False)

    def is_overdue(self, today: date) -> bool:
        """Return True if the action is open and its due date is before ``today`` (:func:`is_overdue`)."""
        return is_overdue(self.status, self.due_date, today)

    def status_label(self, today: date) -> str:
        """The status as shown: e.g. ``"On track"`` or ``"Overdue (last marked on track)"``."""
        if self.is_overdue(today):
            return f"{OVERDUE_LABEL} (last marked {self.status.label.lower()})"
        return self.status.label

    @property
    def is_carried(self) -> bool:
        """True if this action was carried forward from an earlier assessment."""
        return self.carried_from_action_id is not None


@dataclass
class SafetyGoal:
    """A positive goal statement tied to one side of the triangle, with its actions."""

    assessment_id: str
    side: Side
    statement: str
    library_id: str = ""
    position: int = 0
    actions: list[Action] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = field(default=1, compare=False)


@dataclass
class ReviewItem:
    """What a DCSM review recorded about one open action."""

    action_id: str
    status: ActionStatus
    note: str = ""


@dataclass
class Review:
    """A DCSM review of the plan.

    Attributes:
        meeting_date: The date of the meeting.
        agencies_present: Names of the agencies at the meeting.
        items: One per open action reviewed.
        decision: The meeting's decision; required to finalise.
        next_review_date: When the plan is next reviewed, if it continues.
        notes: What was discussed, in summary (a meeting's discussion of the item).
        route: Where the location is escalated to (e.g. "MACE"), when the decision is to escalate.
        meeting_id: The DCSM meeting that wrote this review (:mod:`safeguarding.meetings`), if any.
        finalised_at: When the review was finalised (aware UTC); a finalised
            review is part of the record and is no longer edited.
    """

    assessment_id: str
    meeting_date: date
    agencies_present: list[str] = field(default_factory=list)
    items: list[ReviewItem] = field(default_factory=list)
    decision: Decision | None = None
    next_review_date: date | None = None
    notes: str = ""
    finalised_at: datetime | None = None
    route: str = ""
    meeting_id: str | None = None
    id: str = field(default_factory=new_id)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = field(default=1, compare=False)

    @property
    def decision_words(self) -> str:
        """The decision in words with its route (see :func:`decision_words`)."""
        return decision_words(self.decision, self.route)

    @property
    def is_final(self) -> bool:
        """True once the review has been finalised."""
        return self.finalised_at is not None


@dataclass(frozen=True)
class CarriedFinding:
    """Marks a side whose write-up was carried forward from an earlier assessment.

    Attributes:
        side: The side of the triangle.
        from_assessment_id: The earlier assessment.
        from_date: That assessment's date (start date, else the day it was created).
        rating_then: The earlier rating (ratings are not carried: rate again).
    """

    side: Side
    from_assessment_id: str
    from_date: date | None
    rating_then: Rating | None


@dataclass
class EarlierAssessment:
    """What the report needs of the previous assessment of the same location.

    Attributes:
        id: The earlier assessment's id.
        on: Its date (start date, else the day it was created).
        ratings: Its place rating per side.
        actions: Its actions with their history, each with what became of it.
        carried_action_ids: Ids of its actions carried into the later plan.
        last_review: Its last finalised review, if any.
    """

    id: str
    on: date | None
    ratings: dict[Side, Rating | None]
    actions: list[Action] = field(default_factory=list)
    carried_action_ids: set[str] = field(default_factory=set)
    last_review: Review | None = None

    def outcome(self, action: Action) -> str:
        """What became of an earlier action, in words."""
        if action.id in self.carried_action_ids:
            return f"Carried forward into this plan ({action.status.label.lower()} when carried)"
        return action.status.label


@dataclass
class AssessmentPlan:
    """The whole plan of one assessment, as loaded by the plan repository.

    Attributes:
        weights: Context weights, heaviest first.
        goals: Safety goals in order, each with its actions (and their history).
        reviews: DCSM reviews, oldest first (drafts included).
        carried: Sides whose write-up was carried forward.
        earlier: The previous assessment of the location, if any.
    """

    assessment_id: str
    weights: list[ContextWeight] = field(default_factory=list)
    goals: list[SafetyGoal] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    carried: list[CarriedFinding] = field(default_factory=list)
    earlier: EarlierAssessment | None = None

    def actions(self) -> list[Action]:
        """Every action, in goal order."""
        return [action for goal in self.goals for action in goal.actions]

    def open_actions(self) -> list[Action]:
        """Actions still open (not done or cancelled)."""
        return [action for action in self.actions() if action.status.is_open]

    def goal_of(self, action: Action) -> SafetyGoal | None:
        """The goal an action sits under."""
        return next((goal for goal in self.goals if goal.id == action.goal_id), None)

    def heaviest(self) -> ContextWeight | None:
        """The context with the highest weight above 0 (first one on a tie), or None."""
        weighted = [weight for weight in self.weights if weight.weight > MIN_WEIGHT]
        return max(weighted, key=lambda weight: weight.weight) if weighted else None

    def last_review(self) -> Review | None:
        """The most recent finalised review (by meeting date), or None."""
        final = [review for review in self.reviews if review.is_final]
        return max(final, key=lambda review: (review.meeting_date, review.finalised_at)) if final else None

    def carried_from(self, side: Side) -> CarriedFinding | None:
        """The carried-forward marker of ``side``, if its write-up was carried."""
        return next((mark for mark in self.carried if mark.side == side), None)

    @property
    def is_empty(self) -> bool:
        """True if nothing at all has been planned or reviewed."""
        return not (self.weights or self.goals or self.reviews)
