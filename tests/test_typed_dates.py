"""Dates typed the UK way, and the years a record may carry (a visit "in 1752" is refused in words)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from safeguarding.errors import ValidationError
from safeguarding.evidence.details import validate_consultation
from safeguarding.model import Assessment, Consultation, ConsultationMethod, Location, Observation
from safeguarding.plan.records import Action, Review
from safeguarding.plan.rules import due_far_ahead, validate_action, validate_review, year_on
from safeguarding.typed_dates import date_in_words, parse_typed_date
from safeguarding.validation import validate_assessment, validate_location, validate_observation

DEC_7 = date(2026, 12, 7)


@pytest.mark.parametrize(
    "typed",
    [
        "7/12/2026",
        "07/12/2026",
        " 7 / 12 / 2026 ",
        "7-12-2026",
        "7.12.2026",
        "7 12 2026",
        "07122026",
        "7/12/26",
        "071226",
        "7 Dec 2026",
        "7 dec 26",
        "7th December 2026",
        "7 December, 2026",
        "Monday 7 December 2026",
        "Mon, 7 Dec 2026",
        "2026-12-07",
    ],
)
def test_dates_typed_the_uk_way(typed: str) -> None:
    assert parse_typed_date(typed) == DEC_7


def test_an_empty_box_is_no_date() -> None:
    assert parse_typed_date("") is None
    assert parse_typed_date("   ") is None


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("7/12", "has no year"),
        ("7 Dec", "has no year"),
        ("31/2/2026", "February 2026 has 28 days"),
        ("12/31/2026", "there is no month 31. The day comes first"),
        ("7 Decem 2026", "“decem” is not a month"),
        ("7/12/026", "needs four digits"),
        ("next Tuesday", "is not a date"),
        ("14/9/1752", "14 September 1752 is before 2000"),
        ("1/1/2101", "after 2100"),
    ],
)
def test_text_that_is_not_a_whole_plausible_date_is_refused_in_words(typed: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_typed_date(typed, "due date")
    assert words in str(caught.value)


def test_a_two_digit_year_is_this_century_never_another_year() -> None:
    assert parse_typed_date("1/3/27") == date(2027, 3, 1)
    assert parse_typed_date("1/3/00") == date(2000, 3, 1)
    assert date_in_words(date(2027, 3, 1)) == "Monday 1 March 2027"


def test_a_visit_in_1752_is_refused_in_words() -> None:
    start = datetime(1752, 9, 14, 15, 0, tzinfo=UTC)
    with pytest.raises(ValidationError) as caught:
        validate_observation(Observation(start=start, end=start + timedelta(hours=1)))
    assert caught.value.field == "start"
    assert str(caught.value) == (
        "The visit date 14 September 1752 is before 2000, which cannot be right for this record. Please check the year."
    )


@pytest.mark.parametrize(
    ("check", "field"),
    [
        (lambda: validate_location(Location(name="Park", referral_date=date(1999, 12, 31))), "referral_date"),
        (lambda: validate_assessment(Assessment("l", "f", 1, start_date=date(1752, 9, 14))), "start_date"),
        (lambda: validate_assessment(Assessment("l", "f", 1, end_date=date(2201, 1, 1))), "end_date"),
        (
            lambda: validate_consultation(Consultation("Staff", ConsultationMethod.MEETING, date(1900, 1, 1))),
            "held_on",
        ),
        (lambda: validate_action(Action("g", "Patrol", agency_id="a", due_date=date(1752, 9, 14))), "due_date"),
        (lambda: validate_review(Review("a", date(1899, 1, 1)), finalising=False), "meeting_date"),
    ],
)
def test_every_kind_of_record_refuses_a_mistyped_year(check: object, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check()  # type: ignore[operator]
    assert caught.value.field == field
    assert "Please check the year" in str(caught.value)


def test_a_due_date_more_than_a_year_away_is_asked_about() -> None:
    today = date(2026, 12, 7)
    assert not due_far_ahead(None, today)
    assert not due_far_ahead(date(2027, 12, 7), today)
    assert due_far_ahead(date(2027, 12, 8), today)
    assert due_far_ahead(date(2062, 12, 7), today)
    assert year_on(date(2028, 2, 29)) == date(2029, 2, 28)
