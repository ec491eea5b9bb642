"""What needs attention across all locations: overdue actions and DCSM reviews coming up.

The repository gathers the candidates (open actions of each location's current
plans, and each plan's next review date); the rules of what counts live here,
with "today" passed in so tests use a fixed clock.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from safeguarding.plan.records import ActionStatus, is_overdue

REVIEW_HORIZON = timedelta(weeks=4)
"""Reviews due within this many days from today are listed."""


class AttentionKind(enum.StrEnum):
    """Why an item is listed."""

    OVERDUE_ACTION = "overdue_action"
    REVIEW_OVERDUE = "review_overdue"
    REVIEW_DUE = "review_due"

    @property
    def label(self) -> str:
        """Human label, e.g. ``"Overdue action"``."""
        return {
            AttentionKind.OVERDUE_ACTION: "Overdue action",
            AttentionKind.REVIEW_OVERDUE: "DCSM review overdue",
            AttentionKind.REVIEW_DUE: "DCSM review due",
        }[self]


class PlanContext(NamedTuple):
    """Where a candidate comes from: the location and the assessment whose plan holds it.

    A plain row (not a dataclass): one is made per assessment with an overdue action.
    """

    location_id: str
    location_name: str
    assessment_id: str


class OpenAction(NamedTuple):
    """An action of a live plan as far as the rule reads it (a plain row: thousands are read at once).

    Attributes:
        where: The location and assessment whose plan holds it.
        description: What will be done.
        agency_name: The owner agency's name ("" if none).
        lead: The named lead in that agency.
        due_date: When it is due, or None.
        status: Its plan status.
        id: The action's id (the list opens the plan at it).
    """

    where: PlanContext
    description: str
    agency_name: str
    lead: str
    due_date: date | None
    status: ActionStatus
    id: str = ""


class AttentionItem(NamedTuple):
    """One row of the "What needs attention" list (a plain row: one is made per overdue action).

    Attributes:
        due: The action's due date or the review date.
        what: The action's description, or "Next DCSM review".
        owner: Owner agency and lead of an action ("" for a review).
        days: Days from today to ``due`` (negative = overdue).
        action_id: The overdue action's id ("" for a review): the list opens the plan at it.
    """

    kind: AttentionKind
    where: PlanContext
    due: date
    what: str
    owner: str
    days: int
    action_id: str = ""

    @property
    def when_text(self) -> str:
        """The due date relative to today in words, e.g. ``"3 days overdue"``."""
        if self.days < 0:
            return f"{-self.days} day{'s' if self.days != -1 else ''} overdue"
        if self.days == 0:
            return "Due today"
        return f"In {self.days} day{'s' if self.days != 1 else ''}"


def needs_attention(
    actions: Iterable[OpenAction],
    next_reviews: Iterable[tuple[PlanContext, date | None]],
    today: date,
    horizon: timedelta = REVIEW_HORIZON,
) -> list[AttentionItem]:
    """Select what needs attention, most urgent first.

    Args:
        actions: Open actions of current plans, with where they are.
        next_reviews: Each current plan's next DCSM review date (that of its last
            finalised review, when the plan goes on), with where it is.
        today: The local date to judge against.
        horizon: Reviews due up to ``today + horizon`` are listed; reviews whose
            date has passed are listed as overdue.

    Returns:
        Items ordered by due date, then location name (thousands are made at once:
        each is a plain row, its texts made when shown).
    """
    items: list[AttentionItem] = []
    add = items.append
    overdue = AttentionKind.OVERDUE_ACTION
    for where, description, agency, lead, due_date, status, action_id in actions:
        if due_date is not None and is_overdue(status, due_date, today):
            owner = f"{agency}, {lead}" if agency and lead else agency or lead
            add(AttentionItem(overdue, where, due_date, description, owner, (due_date - today).days, action_id))
    last_day = today + horizon
    for where, due in next_reviews:
        if due is None or due > last_day:
            continue
        kind = AttentionKind.REVIEW_OVERDUE if due < today else AttentionKind.REVIEW_DUE
        add(AttentionItem(kind, where, due, "Next DCSM review", "", (due - today).days))
    return sorted(items, key=lambda item: (item.due, item.where.location_name.casefold(), item.what))
