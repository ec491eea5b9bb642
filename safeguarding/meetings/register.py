"""The DCSM register: every location the meeting holds, where it stands, and what is due.

A :class:`RegisterRow` is read from the database by
:class:`~safeguarding.store.register.RegisterRepository`; the rules that turn the
facts into a status live here, so the window, the papers and the agenda agree:

* **Closed** / **Escalated**: the last decision recorded for the location said so;
* **Referred**: no assessment yet;
* **Being assessed**: the latest assessment is a draft;
* **On the plan**: the latest assessment is complete.

Overdue is derived from the due date on "today" (passed in), as everywhere
(:meth:`safeguarding.plan.records.Action.is_overdue`).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from safeguarding.model import AssessmentStatus, Rating, Side
from safeguarding.plan.compare import Direction, direction
from safeguarding.plan.records import Decision, decision_words
from safeguarding.words import has_words, natural_key


class RegisterStatus(enum.StrEnum):
    """Where a location stands with the DCSM."""

    REFERRED = "referred"
    BEING_ASSESSED = "being_assessed"
    ON_PLAN = "on_plan"
    CLOSED = "closed"
    ESCALATED = "escalated"

    @property
    def label(self) -> str:
        """Human label, e.g. ``"On the plan"``."""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    RegisterStatus.REFERRED: "Referred",
    RegisterStatus.BEING_ASSESSED: "Being assessed",
    RegisterStatus.ON_PLAN: "On the plan",
    RegisterStatus.CLOSED: "Closed",
    RegisterStatus.ESCALATED: "Escalated",
}

CONTEXT_LOCATION = "Location"
"""The kind of context a row holds (peer groups and schools may follow)."""


@dataclass(frozen=True)
class RatingsAt:
    """The three place ratings of one assessment, and its date."""

    on: date | None
    ratings: dict[Side, Rating | None]


@dataclass(frozen=True)
class LastDecision:
    """The last decision the DCSM recorded for a location."""

    decision: Decision
    on: date
    route: str = ""
    next_review: date | None = None

    @property
    def words(self) -> str:
        """E.g. ``"Continue with the plan (19 November 2026)"`` without the date: see :func:`decision_words`."""
        return decision_words(self.decision, self.route)


@dataclass(frozen=True)
class RegisterRow:
    """One location on the register.

    Attributes:
        location_id, name, ward, district: The location.
        referral_date: When it was referred.
        archived: Hidden from the default list.
        latest_assessment_id: Its latest assessment, if any; ``assessment_status`` its status.
        history: Each assessment's ratings, oldest first (the last is "now").
        lead_agency, lead_worker: Of the latest assessment (its assessor's agency and name).
        last_decision: The last decision recorded, if any.
        open_actions, overdue_actions: Counts over the latest assessment's plan.
        context: The kind of context (:data:`CONTEXT_LOCATION`).
    """

    location_id: str
    name: str
    ward: str = ""
    district: str = ""
    referral_date: date | None = None
    archived: bool = False
    latest_assessment_id: str | None = None
    assessment_status: AssessmentStatus | None = None
    history: tuple[RatingsAt, ...] = ()
    lead_agency: str = ""
    lead_worker: str = ""
    last_decision: LastDecision | None = None
    open_actions: int = 0
    overdue_actions: int = 0
    context: str = CONTEXT_LOCATION

    @property
    def ratings(self) -> dict[Side, Rating | None]:
        """The place ratings now (of the latest assessment; all None before one)."""
        return dict(self.history[-1].ratings) if self.history else dict.fromkeys(Side)

    @property
    def status(self) -> RegisterStatus:
        """Where the location stands (module notes give the rules)."""
        if self.last_decision is not None and self.last_decision.decision == Decision.CLOSE:
            return RegisterStatus.CLOSED
        if self.last_decision is not None and self.last_decision.decision == Decision.ESCALATE:
            return RegisterStatus.ESCALATED
        if self.latest_assessment_id is None:
            return RegisterStatus.REFERRED
        if self.assessment_status == AssessmentStatus.DRAFT:
            return RegisterStatus.BEING_ASSESSED
        return RegisterStatus.ON_PLAN

    @property
    def next_review(self) -> date | None:
        """The next review date set by the last decision, if any."""
        return self.last_decision.next_review if self.last_decision else None

    def directions(self) -> dict[Side, Direction]:
        """Each side's direction of travel from the previous assessment to the latest."""
        if len(self.history) < 2:
            return dict.fromkeys(Side, Direction.UNKNOWN)
        then, now = self.history[-2].ratings, self.history[-1].ratings
        return {side: direction(then.get(side), now.get(side)) for side in Side}

    def review_due(self, by: date) -> bool:
        """True if a review is due on or before ``by`` (and the location is not closed)."""
        due = self.next_review
        return due is not None and due <= by and self.status != RegisterStatus.CLOSED


class RegisterColumn(enum.StrEnum):
    """The register's columns, in the order shown and printed."""

    NAME = "name"
    STATUS = "status"
    RATINGS = "ratings"
    LEAD = "lead"
    LAST_DECISION = "last_decision"
    NEXT_REVIEW = "next_review"
    OPEN = "open"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        """Column heading."""
        return _COLUMN_LABELS[self]


_COLUMN_LABELS = {
    RegisterColumn.NAME: "Location",
    RegisterColumn.STATUS: "Status",
    RegisterColumn.RATINGS: "Place ratings now",
    RegisterColumn.LEAD: "Lead agency and worker",
    RegisterColumn.LAST_DECISION: "Last decision",
    RegisterColumn.NEXT_REVIEW: "Next review",
    RegisterColumn.OPEN: "Open actions",
    RegisterColumn.OVERDUE: "Overdue",
}


def sort_key(column: RegisterColumn) -> Callable[[RegisterRow], tuple[object, ...]]:
    """A key that sorts rows by ``column`` (then by name); empty values sort last."""
    far = date.max

    def name(row: RegisterRow) -> tuple[tuple[int, int | str], ...]:
        return natural_key(row.name)

    keys: dict[RegisterColumn, Callable[[RegisterRow], tuple[object, ...]]] = {
        RegisterColumn.NAME: lambda row: (name(row),),
        RegisterColumn.STATUS: lambda row: (list(RegisterStatus).index(row.status), name(row)),
        RegisterColumn.RATINGS: lambda row: (_severity(row.ratings), name(row)),
        RegisterColumn.LEAD: lambda row: (row.lead_agency.casefold() or "\uffff", name(row)),
        RegisterColumn.LAST_DECISION: lambda row: (
            row.last_decision.on if row.last_decision else far,
            name(row),
        ),
        RegisterColumn.NEXT_REVIEW: lambda row: (row.next_review or far, name(row)),
        RegisterColumn.OPEN: lambda row: (-row.open_actions, name(row)),
        RegisterColumn.OVERDUE: lambda row: (-row.overdue_actions, name(row)),
    }
    return keys[column]


def _severity(ratings: dict[Side, Rating | None]) -> tuple[int, int]:
    """Most reds first, then most ambers."""
    values = list(ratings.values())
    return (-values.count(Rating.RED), -values.count(Rating.AMBER))


@dataclass(frozen=True)
class RegisterFilter:
    """What the register shows.

    Attributes:
        text: Words in the name, ward or lead (any case); "" for all.
        statuses: Only these statuses; empty for all.
        overdue_only: Only locations with overdue actions.
        due_by: Only locations whose review is due on or before this date.
    """

    text: str = ""
    statuses: frozenset[RegisterStatus] = frozenset()
    overdue_only: bool = False
    due_by: date | None = None

    def matches(self, row: RegisterRow) -> bool:
        """True if ``row`` passes every part of the filter."""
        return (
            has_words(self.text, row.name, row.ward, row.district, row.lead_agency, row.lead_worker)
            and (not self.statuses or row.status in self.statuses)
            and (not self.overdue_only or row.overdue_actions > 0)
            and (self.due_by is None or row.review_due(self.due_by))
        )


def filtered(
    rows: Iterable[RegisterRow], how: RegisterFilter, column: RegisterColumn = RegisterColumn.NAME
) -> list[RegisterRow]:
    """The rows passing ``how``, sorted by ``column``."""
    return sorted((row for row in rows if how.matches(row)), key=sort_key(column))
