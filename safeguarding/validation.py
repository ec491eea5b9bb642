"""Rules a record must meet before it is saved, with plain-English messages.

Each function raises :class:`~safeguarding.errors.ValidationError` naming the
field, and returns nothing when the record is acceptable.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from safeguarding.errors import ValidationError
from safeguarding.model import Assessment, Location, Observation
from safeguarding.timeutil import utc_to_local
from safeguarding.typed_dates import check_date_range

NAME_LIMIT = 200
"""Most characters in a location's name: it heads windows, lists and every page of the report.
Names saved before this limit still open; they must be shortened at their next edit."""
MAX_VISIT = timedelta(hours=24)
"""Longest plausible single observation visit."""


def validate_location(location: Location, today: date | None = None) -> None:
    """Check a location before saving.

    Rules: a name is required, of at most :data:`NAME_LIMIT` characters; latitude is within -90..90 and longitude within
    -180..180 WGS84 degrees, and they are given together or not at all; the
    referral date is not after ``today`` (UK date) when ``today`` is given, nor
    before 2000 (:func:`~safeguarding.typed_dates.check_date_range`).

    Raises:
        ValidationError: naming the first field that breaks a rule.
    """
    if not location.name.strip():
        raise ValidationError("Please give the location a name.", "name")
    if len(location.name.strip()) > NAME_LIMIT:
        raise ValidationError(
            f"Please shorten the location's name to {NAME_LIMIT} characters or fewer (it has "
            f"{len(location.name.strip()):,}). Put further detail in the address or the referral reason.",
            "name",
        )
    lat, lon = location.latitude, location.longitude
    if (lat is None) != (lon is None):
        raise ValidationError(
            "Please give both latitude and longitude, or neither.", "latitude" if lat is None else "longitude"
        )
    if lat is not None and (not math.isfinite(lat) or not -90 <= lat <= 90):
        raise ValidationError(f"Latitude must be between -90 and 90 degrees; {lat} is outside that range.", "latitude")
    if location.referral_date is not None:
        check_date_range(location.referral_date, "referral date", "referral_date")
    if today is not None and location.referral_date is not None and location.referral_date > today:
        raise ValidationError(
            f"The referral date {location.referral_date:%d/%m/%Y} is in the future. Please check it.", "referral_date"
        )
    if lon is not None and (not math.isfinite(lon) or not -180 <= lon <= 180):
        raise ValidationError(
            f"Longitude must be between -180 and 180 degrees; {lon} is outside that range.", "longitude"
        )


def validate_observation(observation: Observation) -> None:
    """Check an observation visit before saving.

    Rules: start and end are timezone-aware; the end is after the start; a visit
    lasts at most 24 hours; its date (UK) is within 2000-2100 (a visit "in 1752"
    is a mistyped year: :func:`~safeguarding.typed_dates.check_date_range`).

    Raises:
        ValidationError: naming the offending field.
    """
    if observation.start.tzinfo is None or observation.end.tzinfo is None:
        raise ValidationError("Visit times must include a time zone (internal error).", "start")
    check_date_range(utc_to_local(observation.start).date(), "visit date", "start")
    if observation.end <= observation.start:
        raise ValidationError("The visit's end time must be after its start time.", "end")
    if observation.end - observation.start > MAX_VISIT:
        raise ValidationError("A single visit cannot last more than 24 hours; record it as separate visits.", "end")


def validate_assessment(assessment: Assessment) -> None:
    """Check an assessment's own fields before saving.

    Rules: the dates, when given, are within 2000-2100; the end date is not
    before the start date.

    Raises:
        ValidationError: naming the offending field.
    """
    for value, what in ((assessment.start_date, "start date"), (assessment.end_date, "end date")):
        if value is not None:
            check_date_range(value, f"assessment {what}", what.replace(" ", "_"))
    if assessment.start_date and assessment.end_date and assessment.end_date < assessment.start_date:
        raise ValidationError("The assessment end date is before its start date.", "end_date")
