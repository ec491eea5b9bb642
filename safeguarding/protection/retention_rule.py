"""The retention rule: when a closed assessment is due for permanent deletion.

The local authority sets the retention period in its records retention
schedule; the app does not choose one. Until a period is set nothing is due.

Closed means (shown in the Retention dialog):

* the assessment's latest finalised DCSM review decided to **close** it: it is
  closed on that meeting's date; or
* the assessment was **deleted** in the app (soft delete): closed on the day it
  was deleted.

An assessment is due for deletion on the anniversary of its closure
``years`` later (29 February becomes 28 February). Deletion is never
automatic: the Retention dialog lists what is due and deletes only after the
user confirms the exact list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

RETENTION_KEY = "retention_years"
"""``app_meta`` key of the retention period in whole years ("" = not set)."""
MAX_YEARS = 100


def add_years(day: date, years: int) -> date:
    """Return ``day`` moved ``years`` later (29 February becomes 28 February in other years)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class RetentionRule:
    """How long closed assessments are kept.

    Attributes:
        years: Whole years after closure; ``None`` when not set (nothing is due).
    """

    years: int | None = None

    def due_on(self, closed_on: date) -> date | None:
        """The first day an assessment closed on ``closed_on`` may be purged (None: never)."""
        return add_years(closed_on, self.years) if self.years is not None else None

    def describe(self) -> str:
        """The rule in words."""
        if self.years is None:
            return "No retention period is set, so nothing is due for deletion."
        unit = "year" if self.years == 1 else "years"
        return f"Closed assessments are deleted {self.years} {unit} after they were closed."


@dataclass(frozen=True)
class DueAssessment:
    """An assessment that the retention rule says is due for deletion, and what would go with it.

    Attributes:
        assessment_id: The assessment.
        location_name: Its location's name.
        start_date: When the assessment started, if recorded.
        closed_on: When it was closed (see the module notes).
        reason: Why it counts as closed, in words.
        due_on: The day it became due.
        rows: Every record that would be deleted, as ``{table: [record id, ...]}``
            (the assessment, its write-up, visits, photos, people...).
        unlinked: Links from records that are kept (a later reassessment) that
            would be cut, as ``{table: [record id, ...]}``.
    """

    assessment_id: str
    location_name: str
    start_date: date | None
    closed_on: date
    reason: str
    due_on: date
    rows: dict[str, list[str]] = field(default_factory=dict)
    unlinked: dict[str, list[str]] = field(default_factory=dict)
