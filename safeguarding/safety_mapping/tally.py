"""Tally safety-mapping marks across sessions by place, and compare an assessment with its reassessment.

Marks of places (safe, unsafe, avoid) made within :data:`SAME_PLACE_M` metres
of each other are counted as one place, whatever session they came from: a
place reads, for example, "Bandstand: feels unsafe 5, avoided 2, marked in
sessions 1, 2 and 3". Routes are listed, not merged. Comparing two assessments
matches places within :data:`MATCH_M` metres.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from safeguarding.maps.area import haversine_m
from safeguarding.safety_mapping.model import MarkKind, SafetySession

SAME_PLACE_M = 30.0
"""Marks closer than this (metres) are one place."""
MATCH_M = 50.0
"""Places of two assessments closer than this (metres) are the same place."""


@dataclass
class PlaceTally:
    """One place marked in one or more sessions.

    Attributes:
        latitude, longitude: The first mark's point (WGS84).
        label: The most used label of its marks ("" if none was given).
        counts: Marks by kind.
        sessions: Numbers (1..) of the sessions that marked it, ascending.
    """

    latitude: float
    longitude: float
    label: str
    counts: Counter[MarkKind] = field(default_factory=Counter)
    sessions: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        """All marks of the place."""
        return sum(self.counts.values())

    def describe(self) -> str:
        """E.g. "feels unsafe 5, avoided 2"."""
        order = (MarkKind.UNSAFE, MarkKind.AVOID, MarkKind.SAFE)
        return ", ".join(f"{kind.label.lower()} {self.counts[kind]}" for kind in order if self.counts[kind])

    @property
    def main_kind(self) -> MarkKind:
        """The kind marked most often (unsafe wins a tie, then avoided)."""
        order = (MarkKind.UNSAFE, MarkKind.AVOID, MarkKind.SAFE)
        return max(order, key=lambda kind: (self.counts[kind], -order.index(kind)))


@dataclass(frozen=True)
class RouteMark:
    """A route drawn in a session."""

    session: int
    label: str
    points: tuple[tuple[float, float], ...]
    length_m: float


@dataclass
class Tally:
    """Every session's marks, by place, and the routes.

    Attributes:
        places: Places, most marked first.
        routes: Routes, by session.
        sessions: How many sessions there were.
        people: How many took part in all sessions (a person at two sessions counts twice).
    """

    places: list[PlaceTally] = field(default_factory=list)
    routes: list[RouteMark] = field(default_factory=list)
    sessions: int = 0
    people: int = 0


def tally(sessions: list[SafetySession]) -> Tally:
    """Tally the marks of ``sessions`` (numbered 1.. in the order given) by place."""
    result = Tally(sessions=len(sessions), people=sum(s.people for s in sessions))
    labels: list[Counter[str]] = []
    for number, session in enumerate(sessions, start=1):
        for mark in session.marks:
            if mark.kind == MarkKind.ROUTE:
                length = sum(haversine_m(a, b) for a, b in zip(mark.points, mark.points[1:], strict=False))
                result.routes.append(RouteMark(number, mark.label, tuple(mark.points), length))
                continue
            point = mark.points[0]
            place = next(
                (p for p in result.places if haversine_m((p.latitude, p.longitude), point) < SAME_PLACE_M), None
            )
            if place is None:
                place = PlaceTally(point[0], point[1], "")
                result.places.append(place)
                labels.append(Counter())
            place.counts[MarkKind(mark.kind)] += 1
            if number not in place.sessions:
                place.sessions.append(number)
            if mark.label.strip():
                labels[result.places.index(place)][mark.label.strip()] += 1
    for place, names in zip(result.places, labels, strict=True):
        place.label = names.most_common(1)[0][0] if names else ""
    result.places.sort(key=lambda p: (-p.total, p.label))
    return result


def sessions_words(numbers: list[int]) -> str:
    """E.g. "session 2" or "sessions 1, 2 and 4"."""
    if len(numbers) == 1:
        return f"session {numbers[0]}"
    return f"sessions {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"


@dataclass(frozen=True)
class PlaceChange:
    """A place in an earlier and a later tally (either may be missing)."""

    label: str
    earlier: PlaceTally | None
    later: PlaceTally | None


def compare(earlier: Tally, later: Tally) -> list[PlaceChange]:
    """Pair the places of two tallies (within :data:`MATCH_M` metres); unmatched places stand alone."""
    changes: list[PlaceChange] = []
    unmatched = list(later.places)
    for old in earlier.places:
        match = next(
            (
                new
                for new in unmatched
                if haversine_m((old.latitude, old.longitude), (new.latitude, new.longitude)) < MATCH_M
            ),
            None,
        )
        if match is not None:
            unmatched.remove(match)
        changes.append(PlaceChange(match.label if match and match.label else old.label, old, match))
    changes += [PlaceChange(new.label, None, new) for new in unmatched]
    return changes
