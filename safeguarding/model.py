"""Domain records of a Contextual Safeguarding location assessment.

Plain dataclasses with no storage or Qt code. Conventions (see ``docs`` and
``../shared/docs/design.md``):

* every record has a UUID ``id`` (a 32-character hex string) and ``created_at`` /
  ``updated_at`` timestamps, timezone-aware datetimes in UTC;
* a stored record's ``revision`` counts its saved changes (one more on each); it is
  informational (saves compare field values, :mod:`safeguarding.store.revisions`)
  and never part of equality;
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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from safeguarding.plan.records import AssessmentPlan


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
    def label(self) -> str:
        """Short title used in tables and the report (not ``title``: that is ``str.title()``)."""
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


class AgeBand(enum.StrEnum):
    """Approximate age bands for counting people seen on a visit (never names)."""

    UNDER_11 = "under_11"
    AGE_11_13 = "11_13"
    AGE_14_15 = "14_15"
    AGE_16_17 = "16_17"
    ADULTS = "adults"

    @property
    def label(self) -> str:
        """Label for forms and reports, e.g. ``"11-13"``."""
        return _AGE_BAND_LABELS[self]


_AGE_BAND_LABELS = {
    AgeBand.UNDER_11: "Under 11",
    AgeBand.AGE_11_13: "11-13",
    AgeBand.AGE_14_15: "14-15",
    AgeBand.AGE_16_17: "16-17",
    AgeBand.ADULTS: "Adults",
}


class ObservedGender(enum.StrEnum):
    """Gender as observed from a distance: an estimate, never asked or recorded per person."""

    MALE = "male"
    FEMALE = "female"
    UNCLEAR = "unclear"

    @property
    def label(self) -> str:
        """Label for forms and reports, e.g. ``"Male"``."""
        return {"male": "Male", "female": "Female", "unclear": "Not clear"}[self.value]


class GuardianPresence(enum.StrEnum):
    """Whether capable guardians were present on a visit, and whether they were active.

    ``ACTIVE`` means present and noticing or engaging with young people;
    ``PRESENT`` means present but not engaging; ``NONE`` means nobody was there.
    """

    NOT_RECORDED = ""
    NONE = "none"
    PRESENT = "present"
    ACTIVE = "active"

    @property
    def label(self) -> str:
        """Label for forms and reports."""
        return _PRESENCE_LABELS[self]


_PRESENCE_LABELS = {
    GuardianPresence.NOT_RECORDED: "Not recorded",
    GuardianPresence.NONE: "No guardians present",
    GuardianPresence.PRESENT: "Present, not active",
    GuardianPresence.ACTIVE: "Present and active",
}


class ConsultationMethod(enum.StrEnum):
    """How people were consulted (engagement)."""

    SAFETY_MAPPING = "safety_mapping"
    SURVEY = "survey"
    WALKABOUT = "walkabout"
    CONVERSATION = "conversation"
    MEETING = "meeting"

    @property
    def label(self) -> str:
        """Label for forms and reports, e.g. ``"Safety mapping session"``."""
        return _METHOD_LABELS[self]


_METHOD_LABELS = {
    ConsultationMethod.SAFETY_MAPPING: "Safety mapping session",
    ConsultationMethod.SURVEY: "Survey",
    ConsultationMethod.WALKABOUT: "Walkabout",
    ConsultationMethod.CONVERSATION: "Conversation",
    ConsultationMethod.MEETING: "Meeting",
}


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
    revision: int = field(default=1, compare=False)


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
        counts: People seen, by approximate age band and gender as observed;
            only non-zero counts are kept. No names.
        activities: What young people were doing, in words.
        guardians: Which guardians were present (e.g. "park warden, café staff").
        guardian_presence: Whether guardians were present and active.
        sides: The triangle sides the visit's notes evidence.
    """

    start: datetime
    end: datetime
    observer: str = ""
    weather: str = ""
    light: str = ""
    notes: str = ""
    counts: dict[tuple[AgeBand, ObservedGender], int] = field(default_factory=dict)
    activities: str = ""
    guardians: str = ""
    guardian_presence: GuardianPresence = GuardianPresence.NOT_RECORDED
    sides: set[Side] = field(default_factory=set)
    id: str = field(default_factory=new_id)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = field(default=1, compare=False)


CARRIED_PIN_MARK = "(carried forward)"
"""Shown after a carried-forward pin's label in the map page's list and the report's pin table."""


@dataclass
class MapPin:
    """A pin on the assessment's map: something seen at a point of the place.

    Attributes:
        latitude, longitude: WGS84 decimal degrees.
        category: A pin category id from ``forms/libraries/pin_categories.toml``
            (e.g. ``"cctv"``); unknown ids are shown as "Other".
        label: Short name shown on the map, e.g. "Station Road entrance".
        notes: What was seen there. No names of young people.
        side: The triangle side the pin evidences.
        observation_id: The visit the pin came from, or ``None``.
        carried_from: The id of the pin of an earlier assessment this one was
            carried forward from by a reassessment, or ``None`` for a pin
            recorded in this assessment. Set only by the store; shown as
            "(carried forward)" so old evidence is never taken for new.
        accuracy_m: How accurate the position is, in metres (the GPS's horizontal
            accuracy), or ``None`` when not known.
    """

    latitude: float
    longitude: float
    category: str
    label: str = ""
    notes: str = ""
    side: Side = Side.ENVIRONMENT
    observation_id: str | None = None
    id: str = field(default_factory=new_id)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = field(default=1, compare=False)
    carried_from: str | None = None
    accuracy_m: float | None = None

    @property
    def is_carried(self) -> bool:
        """True if the pin was carried forward from an earlier assessment."""
        return self.carried_from is not None


@dataclass
class Photo:
    """A photo in an assessment. The picture itself is stored once per content hash.

    Attributes:
        sha256: SHA-256 of the original file's bytes (64 hex characters); the
            original bytes are kept in the database, not on this record.
        caption: What the photo shows. No names or faces of young people.
        observation_id: The visit the photo was taken on, or ``None``.
        side: The triangle side the photo evidences, or ``None``.
        number: 1-based number in the assessment ("Photo 3"), by order added.
        original_name: The file name it was added from.
        format: ``"JPEG"``, ``"PNG"`` or ``"HEIF"``.
        width, height: Pixel size with EXIF orientation applied (upright).
        byte_size: Size of the original file in bytes.
        taken_at: When the camera says it was taken (aware UTC), if known.
        gps_lat, gps_lon: Camera GPS position in WGS84 decimal degrees, if any:
            the proposed map pin.
        distance_m: Metres from the location's point to the GPS position, when
            both are known.
        thumbnail: An upright JPEG thumbnail with no metadata.
    """

    sha256: str
    caption: str = ""
    observation_id: str | None = None
    side: Side | None = None
    number: int = 0
    original_name: str = ""
    format: str = ""
    width: int = 0
    height: int = 0
    byte_size: int = 0
    taken_at: datetime | None = None
    gps_lat: float | None = None
    gps_lon: float | None = None
    distance_m: float | None = None
    gps_accuracy_m: float | None = None
    thumbnail: bytes = b""
    id: str = field(default_factory=new_id)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = field(default=1, compare=False)


@dataclass
class Consultation:
    """Who was consulted, how, when and what they said (engagement).

    Attributes:
        consulted: A role or organisation, e.g. "Year 9 pupils, a local school"
            or "Manager, fast-food restaurant". Never a young person's name.
        method: How they were consulted.
        held_on: The date of the consultation (date only).
        people: How many people took part, if known.
        said: What they said, in summary.
        sides: The triangle sides it evidences.
    """

    consulted: str
    method: ConsultationMethod
    held_on: date
    people: int | None = None
    said: str = ""
    sides: set[Side] = field(default_factory=set)
    id: str = field(default_factory=new_id)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = field(default=1, compare=False)


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
        plan: Context weighting, safety goals, actions and DCSM reviews
            (:mod:`safeguarding.plan`), loaded with the assessment; ``None`` on a
            new in-memory assessment.
        photos: Photos, in the order they were added (numbered from 1).
        consultations: Consultations, in date order.
        analysis: Overall analysis of what is driving harm here.
        recommendation: The recommendation to the DCSM.
        pins: Map pins, in the order they were added.
        boundary: The boundary of the place on the map, a polygon as
            ``[(latitude, longitude), ...]`` (WGS84; not closed: the last point
            joins the first), or empty when not drawn.
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
    plan: AssessmentPlan | None = field(default=None, compare=False)
    photos: list[Photo] = field(default_factory=list)
    consultations: list[Consultation] = field(default_factory=list)
    pins: list[MapPin] = field(default_factory=list)
    boundary: list[tuple[float, float]] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = field(default=1, compare=False)

    def rating(self, side: Side) -> Rating | None:
        """Return the place rating of ``side``, or ``None`` if not yet rated."""
        return self.findings[side].rating


class PersonRole(enum.StrEnum):
    """Why a person is mentioned in an assessment (recorded only for redaction)."""

    YOUNG_PERSON = "young_person"
    ALLEGED_PERPETRATOR = "alleged_perpetrator"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Label for forms, e.g. ``"Young person"``."""
        return {"young_person": "Young person", "alleged_perpetrator": "Alleged perpetrator", "other": "Other"}[
            self.value
        ]


@dataclass
class Person:
    """Someone named in an assessment's text, recorded once so exports can replace the name.

    The People page is the only place a real name belongs; a redacted export
    prints ``pseudonym`` wherever the name (or one of ``other_names``) occurs
    (:mod:`safeguarding.protection.redaction`).

    Attributes:
        assessment_id: The assessment the person is mentioned in.
        real_name: The name as written in the notes, e.g. "Zoë Green".
        pseudonym: What redacted exports print instead, e.g. "Young person A".
        role: Young person, alleged perpetrator or other.
        other_names: Nicknames or other spellings, one per line.
        notes: Why the person is recorded (never printed in any export).
    """

    assessment_id: str
    real_name: str
    pseudonym: str
    role: PersonRole = PersonRole.YOUNG_PERSON
    other_names: str = ""
    notes: str = ""
    id: str = field(default_factory=new_id)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = field(default=1, compare=False)


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
