"""Records of a DCSM meeting: the meeting, who came, the agenda items, new actions agreed.

Conventions follow :mod:`safeguarding.model`: UUID hex ids, aware UTC datetimes
for moments, :class:`datetime.date` for date-only facts (the meeting date, due dates).

What a meeting records about an item that has an assessment (discussion, decision,
route, next review date, each open action's update) is that assessment's DCSM
:class:`~safeguarding.plan.records.Review`, written once: the item holds the
review (``MeetingItem.review``). An item with no assessment yet (a new referral)
keeps its discussion and decision on itself.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime

from safeguarding.model import Side, new_id
from safeguarding.plan.records import Decision, Review, decision_words


class MeetingStatus(enum.StrEnum):
    """A draft meeting can change; a finalised one is part of the record."""

    DRAFT = "draft"
    FINAL = "final"

    @property
    def label(self) -> str:
        """Human label: ``"Draft"`` or ``"Finalised"``."""
        return {"draft": "Draft", "final": "Finalised"}[self.value]


class AgendaReason(enum.StrEnum):
    """Why a location is on the agenda (domain guide, "The DCSM meeting cycle")."""

    REVIEW_DUE = "review_due"
    PLAN_TO_AGREE = "plan_to_agree"
    NEW_REFERRAL = "new_referral"
    RAISED_BY_PARTNER = "raised_by_partner"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Human label, e.g. ``"Review due"``."""
        return _REASON_LABELS[self]


_REASON_LABELS = {
    AgendaReason.REVIEW_DUE: "Review due",
    AgendaReason.PLAN_TO_AGREE: "Assessment complete: plan to agree",
    AgendaReason.NEW_REFERRAL: "New referral",
    AgendaReason.RAISED_BY_PARTNER: "Raised by a partner",
    AgendaReason.OTHER: "Other",
}

DECISION_SOUGHT = {
    AgendaReason.REVIEW_DUE: "Review progress on the plan: continue, close, escalate or reassess.",
    AgendaReason.PLAN_TO_AGREE: "Agree the safety plan, its owners and the first review date.",
    AgendaReason.NEW_REFERRAL: "Decide whether to accept the referral and assess the location.",
    AgendaReason.RAISED_BY_PARTNER: "Decide whether the location needs assessing or a partner response.",
    AgendaReason.OTHER: "",
}
"""The decision a chair is asked for, by reason: the agenda's suggestion, which the coordinator can change."""


class Attendance(enum.StrEnum):
    """Whether someone came to the meeting or sent apologies."""

    PRESENT = "present"
    APOLOGIES = "apologies"

    @property
    def label(self) -> str:
        """Human label."""
        return {"present": "Present", "apologies": "Apologies"}[self.value]


@dataclass
class Attendee:
    """Someone at (or sending apologies to) the meeting, named with their agency.

    Attributes:
        name: The person's name, e.g. "Insp. J. Patel".
        agency: Their agency, e.g. "Kent Police".
        role: Their role at the meeting, e.g. "Chair" (may be empty).
        attendance: Present or apologies.
    """

    name: str
    agency: str = ""
    role: str = ""
    attendance: Attendance = Attendance.PRESENT
    id: str = field(default_factory=new_id)


@dataclass
class NewAction:
    """An action agreed at the meeting; it joins the assessment's plan when the meeting is finalised.

    Attributes:
        description: What will be done.
        agency_id: The owner agency (``agency_name`` for display).
        lead: The named lead.
        due_date: When it is due.
        measure: How success will be measured.
        goal_id: The safety goal it serves; None: a goal "Actions agreed at the DCSM of …"
            is made on ``side`` when the meeting is finalised.
        side: The side of the triangle of that new goal.
        action_id: The plan action made from it (set when the meeting is finalised).
    """

    description: str
    agency_id: str | None = None
    agency_name: str = ""
    lead: str = ""
    due_date: date | None = None
    measure: str = ""
    goal_id: str | None = None
    side: Side = Side.ENVIRONMENT
    action_id: str | None = None
    id: str = field(default_factory=new_id)


@dataclass
class MeetingItem:
    """One location on the agenda.

    Attributes:
        meeting_id: The meeting.
        location_id: The location discussed (``location_name`` for display).
        assessment_id: The assessment considered (the location's latest), or None for a referral
            not yet assessed.
        position: Order on the agenda, from 1.
        reason: Why it is on the agenda; ``raised_by`` names the partner who raised it.
        reason_note: Why, in words (e.g. "Review set at the November DCSM").
        decision_sought: What the chair is asked to decide.
        review: The assessment's DCSM review this item writes (discussion, decision,
            route, next review, each open action's update), or None without an assessment.
        discussion, decision, route, next_review_date: What a referral item with no
            assessment records on itself.
        new_actions: Actions agreed at the meeting.
    """

    meeting_id: str
    location_id: str
    reason: AgendaReason
    assessment_id: str | None = None
    location_name: str = ""
    position: int = 0
    raised_by: str = ""
    reason_note: str = ""
    decision_sought: str = ""
    review: Review | None = None
    discussion: str = ""
    decision: Decision | None = None
    route: str = ""
    next_review_date: date | None = None
    new_actions: list[NewAction] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def why(self) -> str:
        """Why it is on the agenda in a few words, e.g. "Review due" or "Raised by British Transport Police"."""
        return f"Raised by {self.raised_by}" if self.raised_by.strip() else self.reason.label

    @property
    def the_discussion(self) -> str:
        """The discussion, wherever it is kept (the review, or the item itself)."""
        return self.review.notes if self.review is not None else self.discussion

    @property
    def the_decision(self) -> Decision | None:
        """The decision, wherever it is kept."""
        return self.review.decision if self.review is not None else self.decision

    @property
    def the_route(self) -> str:
        """Where an escalation goes, wherever it is kept."""
        return self.review.route if self.review is not None else self.route

    @property
    def the_next_review(self) -> date | None:
        """The next review date, wherever it is kept."""
        return self.review.next_review_date if self.review is not None else self.next_review_date

    @property
    def decision_in_words(self) -> str:
        """The decision with its route, e.g. "Escalate to MACE" ("" when none yet)."""
        return decision_words(self.the_decision, self.the_route)


@dataclass
class Meeting:
    """A District Contextual Safeguarding Meeting.

    Attributes:
        meeting_date: The date it meets (date only).
        title: E.g. "Maidstone DCSM".
        chair: Who chairs it.
        venue: Where, or "Online".
        notes: Anything recorded for the whole meeting (e.g. trends for the partnership).
        status: Draft or finalised.
        finalised_at: When it was finalised (aware UTC).
        attendees: Who came and who sent apologies, in order.
        items: The agenda, in order.
    """

    meeting_date: date
    title: str = "DCSM"
    chair: str = ""
    venue: str = ""
    notes: str = ""
    status: MeetingStatus = MeetingStatus.DRAFT
    finalised_at: datetime | None = None
    attendees: list[Attendee] = field(default_factory=list)
    items: list[MeetingItem] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def is_final(self) -> bool:
        """True once the meeting has been finalised."""
        return self.status == MeetingStatus.FINAL

    def present(self) -> list[Attendee]:
        """Those who came."""
        return [person for person in self.attendees if person.attendance == Attendance.PRESENT]

    def apologies(self) -> list[Attendee]:
        """Those who sent apologies."""
        return [person for person in self.attendees if person.attendance == Attendance.APOLOGIES]

    def agencies_present(self) -> list[str]:
        """The agencies of those present, each once, in order."""
        return list(dict.fromkeys(person.agency.strip() for person in self.present() if person.agency.strip()))
