"""What needs attention across all locations: overdue actions and DCSM reviews coming up.

The repository gathers the candidates (open actions of each location's current
plans, and each plan's next review date); the rules of what counts live here,
with "today" passed in so tests use a fixed clock.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from safeguarding.plan.records import ActionStatus, Review, is_overdue

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


@dataclass(frozen=True)
class PlanContext:
    """Where a candidate comes from: the location and the assessment whose plan holds it."""

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
    next_reviews: list[tuple[PlanContext, Review]],
    today: date,
    horizon: timedelta = REVIEW_HORIZON,
) -> list[AttentionItem]:
    """Select what needs attention, most urgent first.

    Args:
        actions: Open actions of current plans, with where they are.
        next_reviews: Each current plan's last finalised review (its
            ``next_review_date`` and ``decision`` are read; not its items).
        today: The local date to judge against.
        horizon: Reviews due up to ``today + horizon`` are listed; reviews whose
            date has passed are listed as overdue.

    Returns:
        Items ordered by due date, then location name.
    """
    items: list[AttentionItem] = []
    for action in actions:
        due_date = action.due_date
        if due_date is not None and is_overdue(action.status, due_date, today):
            owner = ", ".join(part for part in (action.agency_name, action.lead) if part)
            items.append(
                AttentionItem(
                    AttentionKind.OVERDUE_ACTION,
                    action.where,
                    due_date,
                    action.description,
                    owner,
                    (due_date - today).days,
                    action.id,
                )
            )
    for where, review in next_reviews:
        due = review.next_review_date
        if due is None or due > today + horizon:
            continue
        kind = AttentionKind.REVIEW_OVERDUE if due < today else AttentionKind.REVIEW_DUE
        items.append(AttentionItem(kind, where, due, "Next DCSM review", "", (due - today).days))
    return sorted(items, key=lambda item: (item.due, item.where.location_name.casefold(), item.what))
