"""Domain records of a Contextual Safeguarding location assessment.

Plain dataclasses with no storage or Qt code. Conventions (see ``docs`` and
``../shared/docs/design.md``):

* every record has a UUID ``id`` (a 32-character hex string) and ``created_at`` /
  ``updated_at`` timestamps, timezone-aware datetimes in UTC;
* date-only facts (a referral date, the assessment dates) are :class:`datetime.date`;
* coordinates are WGS84 decimal degrees;
* an observation visit's start and end are timezone-aware datetimes in UTC; the
  UI shows them in UK local time (Europe/London).
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime


def new_id() -> str:
    """Return a new random UUID4 as 32 lowercase hex characters."""
    return uuid.uuid4().hex


class Side(enum.StrEnum):
    """The three sides of the Neighbourhood Assessment Triangle.

    The ids match the ``id`` of each side in ``forms/location_assessment.toml``.
    """

    YOUNG_PEOPLE = "young_people"
    GUARDIANSHIP = "guardianship"
    ENVIRONMENT = "environment"

    @property
    def title(self) -> str:
        """Short title used in tables and the report."""
        return _SIDE_TITLES[self]


_SIDE_TITLES = {
    Side.YOUNG_PEOPLE: "Young people",
    Side.GUARDIANSHIP: "Guardianship",
    Side.ENVIRONMENT: "Community and environment",
}


class Rating(enum.StrEnum):
    """A place RAG rating: how safe the place is for young people on one side.

    Not to be confused with an action's status (is the plan on track), which is
    a different scale (domain guide, "Keep two RAG meanings apart").
    """

    RED = "red"
    AMBER = "amber"
    GREEN = "green"

    @property
    def label(self) -> str:
        """The rating in words, e.g. ``"Red"``: ratings are never colour alone."""
        return self.value.capitalize()


class AssessmentStatus(enum.StrEnum):
    """Where an assessment is in its life."""

    DRAFT = "draft"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        """Human label, e.g. ``"Draft"``."""
        return self.value.capitalize()


@dataclass
class Location:
    """A public place that has been referred for a location assessment.

    Attributes:
        name: Everyday name of the place, e.g. "Brenchley Gardens". Required.
        latitude, longitude: WGS84 decimal degrees, or ``None`` when unknown.
        referral_date: The date the concern was referred (date only).
        archived: Archived locations are hidden from the default list but kept.
    """

    name: str
    address: str = ""
    ward: str = ""
    district: str = ""
    place_type: str = ""
    latitude: float | None = None
    longitude: float | None = None
    referral_reason: str = ""
    referral_date: date | None = None
    referral_source: str = ""
    archived: bool = False
    id: str = field(default_factory=new_id)
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass
class SideFinding:
    """The write-up of one side of the triangle within one assessment.

    Attributes:
        side: Which side of the triangle.
        strengths, concerns, evidence: Free text written by the assessor.
        rating: The place RAG rating for this side, or ``None`` until rated.
        answers: Answers to any extra fields the form defines for this side,
            keyed by field id (strings).
    """

    side: Side
    strengths: str = ""
    concerns: str = ""
    evidence: str = ""
    rating: Rating | None = None
    answers: dict[str, str] = field(default_factory=dict)


@dataclass
class Observation:
    """One observation visit to the location.

    Attributes:
        start, end: Timezone-aware datetimes in UTC; ``end`` is after ``start``.
        observer: Who observed (practitioner names, never young people's).
        weather: Free text such as "Dry, cold".
        light: One of the light conditions in the form (e.g. ``"daylight"``).
        notes: What was seen. No names of young people.
    """

    start: datetime
    end: datetime
    observer: str = ""
    weather: str = ""
    light: str = ""
    notes: str = ""
    id: str = field(default_factory=new_id)
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass
class Assessment:
    """A Contextual Safeguarding location assessment of one location.

    Attributes:
        location_id: The assessed :class:`Location`'s id.
        form_id, form_version: The form definition this assessment was written
            with; it keeps opening and exporting after the form changes.
        start_date, end_date: The period the assessment covers (dates only).
        scope_boundary: The boundary of the place in words.
        scope_times: The days and times the assessment covers, in words.
        findings: One :class:`SideFinding` per :class:`Side`.
        observations: Visits, in the order of their start time.
        analysis: Overall analysis of what is driving harm here.
        recommendation: The recommendation to the DCSM.
    """

    location_id: str
    form_id: str
    form_version: int
    status: AssessmentStatus = AssessmentStatus.DRAFT
    assessor_name: str = ""
    assessor_agency: str = ""
    start_date: date | None = None
    end_date: date | None = None
    scope_boundary: str = ""
    scope_times: str = ""
    analysis: str = ""
    recommendation: str = ""
    findings: dict[Side, SideFinding] = field(default_factory=lambda: {side: SideFinding(side) for side in Side})
    observations: list[Observation] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def rating(self, side: Side) -> Rating | None:
        """Return the place rating of ``side``, or ``None`` if not yet rated."""
        return self.findings[side].rating


@dataclass(frozen=True)
class LocationSummary:
    """One row of the locations list: a location and its latest assessment.

    Attributes:
        ratings: Latest assessment's rating per side (``None`` = not rated).
        status: Latest assessment's status, or ``None`` if never assessed.
        last_updated: The later of the location's and its latest assessment's
            ``updated_at`` (UTC).
    """

    location: Location
    latest_assessment_id: str | None
    ratings: dict[Side, Rating | None]
    status: AssessmentStatus | None
    last_updated: datetime
