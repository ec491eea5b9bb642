"""Rules a record must meet before it is saved."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from safeguarding.errors import SafeguardingError, ValidationError
from safeguarding.model import Assessment, Location, Observation
from safeguarding.validation import MAX_VISIT, validate_assessment, validate_location, validate_observation


@pytest.mark.parametrize(
    ("location", "field", "words"),
    [
        (Location(name=""), "name", "name"),
        (Location(name="  \n "), "name", "name"),
        (Location(name="Park", latitude=91.0, longitude=0.5), "latitude", "91.0"),
        (Location(name="Park", latitude=-91.0, longitude=0.5), "latitude", "between -90 and 90"),
        (Location(name="Park", latitude=51.3, longitude=-181.0), "longitude", "-181.0"),
        (Location(name="Park", latitude=51.3, longitude=181.0), "longitude", "between -180 and 180"),
        (Location(name="Park", latitude=51.3), "longitude", "both latitude and longitude"),
        (Location(name="Park", longitude=0.5), "latitude", "both latitude and longitude"),
        (Location(name="Park", latitude=math.nan, longitude=0.5), "latitude", "Latitude"),
        (Location(name="Park", latitude=51.3, longitude=math.nan), "longitude", "Longitude"),
        (Location(name="Park", latitude=51.3, longitude=-math.inf), "longitude", "Longitude"),
    ],
)
def test_invalid_locations(location: Location, field: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_location(location)
    assert caught.value.field == field
    assert words in str(caught.value)
    assert isinstance(caught.value, SafeguardingError)


@pytest.mark.parametrize(
    "location",
    [
        Location(name="Brenchley Gardens", latitude=51.2776, longitude=0.5196),
        Location(name="Equator", latitude=0.0, longitude=0.0),
        Location(name="Pole", latitude=90.0, longitude=-180.0),
        Location(name="No map pin yet"),
    ],
)
def test_valid_locations(location: Location) -> None:
    validate_location(location)  # raises if refused


START = datetime(2025, 10, 14, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("observation", "field"),
    [
        (Observation(start=START, end=START - timedelta(minutes=1)), "end"),
        (Observation(start=START, end=START), "end"),
        (Observation(start=START, end=START + MAX_VISIT + timedelta(seconds=1)), "end"),
        (Observation(start=START.replace(tzinfo=None), end=START + timedelta(hours=1)), "start"),
        (Observation(start=START, end=(START + timedelta(hours=1)).replace(tzinfo=None)), "start"),
    ],
    ids=["end-before-start", "zero-length", "too-long", "naive-start", "naive-end"],
)
def test_invalid_observations(observation: Observation, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_observation(observation)
    assert caught.value.field == field


def test_valid_observations() -> None:
    validate_observation(Observation(start=START, end=START + timedelta(minutes=1)))
    validate_observation(Observation(start=START, end=START + MAX_VISIT))
    # Aware times in different zones compare as instants: 16:00 BST is 15:00 UTC, before a 15:30 UTC start.
    bst = timezone(timedelta(hours=1))
    with pytest.raises(ValidationError):
        validate_observation(Observation(start=START, end=datetime(2025, 10, 14, 16, 0, tzinfo=bst)))
    validate_observation(Observation(start=START, end=datetime(2025, 10, 14, 16, 31, tzinfo=bst)))


def test_assessment_dates() -> None:
    assessment = Assessment(location_id="x", form_id="f", form_version=1)
    validate_assessment(assessment)
    assessment.start_date, assessment.end_date = date(2025, 10, 1), date(2025, 10, 1)
    validate_assessment(assessment)
    assessment.end_date = None
    validate_assessment(assessment)
    assessment.end_date = date(2025, 9, 30)
    with pytest.raises(ValidationError) as caught:
        validate_assessment(assessment)
    assert caught.value.field == "end_date"
