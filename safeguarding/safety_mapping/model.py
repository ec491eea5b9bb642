"""Safety-mapping sessions and marks, and the rules a session must meet before it is saved.

Coordinates are WGS84 degrees ``(latitude, longitude)``; a mark of kind
``route`` is a line of two or more points, every other mark is one point.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime

from safeguarding.errors import ValidationError
from safeguarding.maps.geo import check_point
from safeguarding.model import new_id

MAX_PARTICIPANT_NUMBER = 500
MAX_ROLE = 80
MAX_LABEL = 200
MAX_ROUTE_POINTS = 500


class MarkKind(enum.StrEnum):
    """What a mark says about a place."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    AVOID = "avoid"
    ROUTE = "route"

    @property
    def label(self) -> str:
        """The words shown on screen and on paper."""
        return {
            MarkKind.SAFE: "Feels safe",
            MarkKind.UNSAFE: "Feels unsafe",
            MarkKind.AVOID: "Avoided",
            MarkKind.ROUTE: "Route taken",
        }[self]


@dataclass
class Participants:
    """Who took part, by role and number, never by name.

    Attributes:
        role: E.g. "Young people, Year 9" or "Detached youth workers".
        number: How many took part in that role (1 to 500).
    """

    role: str
    number: int


@dataclass
class SafetyMark:
    """A mark made in a session.

    Attributes:
        session_id: The session it was made in.
        kind: Safe, unsafe, avoid, or a route.
        points: One ``(lat, lon)``, or two or more for a route.
        label: Short name of the place or route, e.g. "Bandstand".
        notes: What was said about it (no names).
    """

    session_id: str
    kind: MarkKind
    points: list[tuple[float, float]]
    label: str = ""
    notes: str = ""
    id: str = field(default_factory=new_id)
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass
class SafetySession:
    """A safety-mapping session of an assessment.

    Attributes:
        assessment_id: The assessment it informs.
        held_on: The date it was held.
        participants: Who took part, by role and number.
        facilitator: Who ran it, by role or agency (e.g. "Youth service").
        notes: How it went, what the group said in general (no names).
        marks: The marks made in it, in the order they were made.
    """

    assessment_id: str
    held_on: date
    participants: list[Participants] = field(default_factory=list)
    facilitator: str = ""
    notes: str = ""
    marks: list[SafetyMark] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def people(self) -> int:
        """How many took part in all."""
        return sum(p.number for p in self.participants)

    def who(self) -> str:
        """E.g. "6 Young people, Year 9; 2 Youth workers"."""
        return "; ".join(f"{p.number} {p.role}" for p in self.participants) or "Not recorded"


def validate_session(session: SafetySession) -> None:
    """Check a session before saving.

    Rules: a date; at least one group of participants, each with a role (at
    most 80 characters) and a whole number from 1 to 500.

    Raises:
        ValidationError: naming the field.
    """
    if not isinstance(session.held_on, date):
        raise ValidationError("Please give the date the session was held.", "held_on")
    if not session.participants:
        raise ValidationError("Please say who took part, by role and number (never names).", "participants")
    for group in session.participants:
        if not group.role.strip():
            raise ValidationError(
                "Each group of participants needs a role, e.g. 'Young people, Year 9'.", "participants"
            )
        if len(group.role) > MAX_ROLE:
            raise ValidationError(f"A role can be at most {MAX_ROLE} characters.", "participants")
        if isinstance(group.number, bool) or not isinstance(group.number, int):
            raise ValidationError(f"The number of '{group.role}' must be a whole number.", "participants")
        if not 1 <= group.number <= MAX_PARTICIPANT_NUMBER:
            raise ValidationError(
                f"The number of '{group.role}' must be from 1 to {MAX_PARTICIPANT_NUMBER}.", "participants"
            )


def validate_mark(mark: SafetyMark) -> None:
    """Check a mark before saving: a known kind; one possible point, or 2 to 500 for a route; a short label.

    Raises:
        ValidationError: naming the field.
    """
    try:
        mark.kind = MarkKind(mark.kind)
    except ValueError:
        raise ValidationError(f"'{mark.kind}' is not a kind of mark.", "kind") from None
    if mark.kind == MarkKind.ROUTE:
        if not 2 <= len(mark.points) <= MAX_ROUTE_POINTS:
            raise ValidationError("A route needs at least two points on the map.", "points")
    elif len(mark.points) != 1:
        raise ValidationError("A mark of a place is one point on the map.", "points")
    mark.points = [check_point(lat, lon, "The mark") for lat, lon in mark.points]
    if len(mark.label) > MAX_LABEL:
        raise ValidationError(f"A mark's label can be at most {MAX_LABEL} characters.", "label")
