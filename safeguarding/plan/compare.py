"""Comparing two assessments of the same location: each side's rating then and now.

Direction of travel follows the place RAG order red < amber < green: towards
green is "better" (the place is safer for young people on that side).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from safeguarding.model import Assessment, Rating, Side

_ORDER = {Rating.RED: 0, Rating.AMBER: 1, Rating.GREEN: 2}


class Direction(enum.StrEnum):
    """Direction of travel of one side's rating between two assessments."""

    BETTER = "better"
    WORSE = "worse"
    SAME = "same"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """Words for people, never an arrow or colour alone."""
        return _DIRECTION_LABELS[self]

    @property
    def arrow(self) -> str:
        """A small arrow shown beside the words."""
        return _ARROWS[self]


_DIRECTION_LABELS = {
    Direction.BETTER: "Better (safer)",
    Direction.WORSE: "Worse (less safe)",
    Direction.SAME: "No change",
    Direction.UNKNOWN: "Cannot compare (not rated)",
}
_ARROWS = {Direction.BETTER: "↑", Direction.WORSE: "↓", Direction.SAME: "→", Direction.UNKNOWN: "?"}


def direction(then: Rating | None, now: Rating | None) -> Direction:
    """Return the direction of travel from rating ``then`` to rating ``now``."""
    if then is None or now is None:
        return Direction.UNKNOWN
    if _ORDER[now] > _ORDER[then]:
        return Direction.BETTER
    if _ORDER[now] < _ORDER[then]:
        return Direction.WORSE
    return Direction.SAME


@dataclass(frozen=True)
class SideComparison:
    """One row of the comparison: a side, its rating then and now, and the direction."""

    side: Side
    then: Rating | None
    now: Rating | None

    @property
    def direction(self) -> Direction:
        """Direction of travel from ``then`` to ``now``."""
        return direction(self.then, self.now)


def compare_ratings(earlier: dict[Side, Rating | None], later: dict[Side, Rating | None]) -> list[SideComparison]:
    """Compare ratings side by side, in triangle order.

    Args:
        earlier: Rating per side of the earlier assessment (missing = not rated).
        later: Rating per side of the later assessment.
    """
    return [SideComparison(side, earlier.get(side), later.get(side)) for side in Side]


def compare_assessments(earlier: Assessment, later: Assessment) -> list[SideComparison]:
    """Compare two assessments' place ratings (they need not be in time order; the caller decides)."""
    return compare_ratings({side: earlier.rating(side) for side in Side}, {side: later.rating(side) for side in Side})
