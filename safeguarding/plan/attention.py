"""What needs attention across all locations: overdue actions and DCSM reviews coming up.

The repository gathers the candidates (open actions of each location's current
plans, and each plan's next review date); the rules of what counts live here,
with "today" passed in so tests use a fixed clock.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from safeguarding.plan.records import Action, Review

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


@dataclass(frozen=True)
class AttentionItem:
    """One row of the "What needs attention" list.

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
    actions: list[tuple[PlanContext, Action]],
    next_reviews: list[tuple[PlanContext, Review]],
    today: date,
    horizon: timedelta = REVIEW_HORIZON,
) -> list[AttentionItem]:
    """Select what needs attention, most urgent first.

    Args:
        actions: Open actions of current plans, with where they are (their status,
            due date, description, agency name and lead are read; not their history).
        next_reviews: Each current plan's last finalised review (its
            ``next_review_date`` and ``decision`` are read; not its items).
        today: The local date to judge against.
        horizon: Reviews due up to ``today + horizon`` are listed; reviews whose
            date has passed are listed as overdue.

    Returns:
        Items ordered by due date, then location name.
    """
    items: list[AttentionItem] = []
    for where, action in actions:
        if action.is_overdue(today):
            assert action.due_date is not None
            owner = ", ".join(part for part in (action.agency_name, action.lead) if part)
            items.append(
                AttentionItem(
                    AttentionKind.OVERDUE_ACTION,
                    where,
                    action.due_date,
                    action.description,
                    owner,
                    (action.due_date - today).days,
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
