"""A visit's time band is derived from its UK local times: where it spends most minutes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from safeguarding.forms import FormDefinition, FormLibrary, TimeBand
from safeguarding.model import Observation
from safeguarding.timebands import band_label, band_of_minute, is_weekend, time_band
from safeguarding.timeutil import local_to_utc, utc_to_local

# A summer date (BST, UTC+1) and a winter date (GMT): bands must follow local time in both.
SUMMER = (2025, 6, 10)
WINTER = (2025, 1, 14)


def visit(day: tuple[int, int, int], start: str, end: str, end_day: tuple[int, int, int] | None = None) -> Observation:
    """A visit entered as UK local wall-clock times, stored in UTC like the app does."""
    sh, sm = map(int, start.split(":"))
    eh, em = map(int, end.split(":"))
    return Observation(
        start=local_to_utc(datetime(*day, sh, sm)),
        end=local_to_utc(datetime(*(end_day or day), eh, em)),
    )


@pytest.mark.parametrize("day", [SUMMER, WINTER], ids=["bst", "gmt"])
@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("07:45", "08:30", "school_run"),
        ("15:30", "17:30", "after_school"),
        ("20:30", "23:30", "late_night"),  # 30 min evening, 150 min late night
        ("06:00", "07:15", "early_morning"),
        ("10:00", "14:59", "school_day"),
        ("08:00", "12:00", "school_day"),  # 60 min school run, 180 min school day
        ("18:00", "21:00", "evening"),  # end is exclusive: 21:00 is not counted
    ],
)
def test_band_is_where_most_minutes_are(
    form: FormDefinition, day: tuple[int, int, int], start: str, end: str, expected: str
) -> None:
    assert time_band(visit(day, start, end), form.time_bands).id == expected


def test_summer_band_uses_local_not_utc_time(form: FormDefinition) -> None:
    # 07:45-08:30 BST is 06:45-07:30 UTC, which would be "early_morning" if read as UTC.
    observation = visit(SUMMER, "07:45", "08:30")
    assert observation.start == datetime(2025, 6, 10, 6, 45, tzinfo=UTC)
    assert time_band(observation, form.time_bands).id == "school_run"


def test_visit_crossing_midnight(form: FormDefinition) -> None:
    observation = visit((2025, 6, 13), "23:00", "01:00", end_day=(2025, 6, 14))
    assert time_band(observation, form.time_bands).id == "late_night"


def test_visit_from_late_night_into_early_morning(form: FormDefinition) -> None:
    # 04:00-06:30: 60 min late night, 90 min early morning.
    assert time_band(visit(WINTER, "04:00", "06:30"), form.time_bands).id == "early_morning"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("17:00", "19:00", "after_school"),  # 60/60: the band reached first wins
        ("20:00", "22:00", "evening"),  # 60/60
        ("08:30", "09:30", "school_run"),  # 30/30
    ],
)
def test_tie_goes_to_the_band_reached_first(form: FormDefinition, start: str, end: str, expected: str) -> None:
    assert time_band(visit(WINTER, start, end), form.time_bands).id == expected


def test_one_minute_more_breaks_the_tie(form: FormDefinition) -> None:
    assert time_band(visit(WINTER, "17:00", "19:01"), form.time_bands).id == "evening"


def test_zero_length_visit_takes_the_band_of_its_start(form: FormDefinition) -> None:
    moment = local_to_utc(datetime(2025, 1, 14, 15, 0))
    assert time_band(Observation(start=moment, end=moment), form.time_bands).id == "after_school"


@pytest.mark.parametrize(
    ("minute", "expected"),
    [
        (0, "late_night"),
        (4 * 60 + 59, "late_night"),
        (5 * 60, "early_morning"),
        (7 * 60 + 29, "early_morning"),
        (7 * 60 + 30, "school_run"),
        (15 * 60, "after_school"),
        (21 * 60, "late_night"),
        (1439, "late_night"),
    ],
)
def test_band_of_minute_boundaries(form: FormDefinition, minute: int, expected: str) -> None:
    assert band_of_minute(minute, form.time_bands).id == expected


def test_band_of_minute_outside_every_band_raises() -> None:
    bands = (TimeBand("day", "Day", time(6), time(18)),)
    with pytest.raises(ValueError, match="no time band covers minute 1200"):
        band_of_minute(1200, bands)


def test_band_minutes_wrap_past_midnight() -> None:
    assert TimeBand("n", "Night", time(21), time(5)).minutes() == [(1260, 1440), (0, 300)]
    assert TimeBand("d", "Day", time(5), time(21)).minutes() == [(300, 1260)]
    assert TimeBand("m", "To midnight", time(18), time(0)).minutes() == [(1080, 1440), (0, 0)]


def test_custom_bands_from_another_form() -> None:
    bands = (
        TimeBand("day", "Day", time(8), time(20)),
        TimeBand("night", "Night", time(20), time(8)),
    )
    assert time_band(visit(WINTER, "19:00", "22:00"), bands).id == "night"
    assert time_band(visit(WINTER, "07:00", "09:30"), bands).id == "day"


@pytest.mark.parametrize(
    ("moment", "weekend"),
    [
        (datetime(2025, 3, 29, 23, 30, tzinfo=UTC), True),  # Saturday 23:30 GMT
        (datetime(2025, 6, 27, 23, 30, tzinfo=UTC), True),  # Friday in UTC, Saturday 00:30 BST
        (datetime(2025, 6, 29, 23, 30, tzinfo=UTC), False),  # Sunday in UTC, Monday 00:30 BST
        (datetime(2025, 6, 29, 22, 59, tzinfo=UTC), True),  # Sunday 23:59 BST
        (datetime(2025, 6, 11, 12, 0, tzinfo=UTC), False),  # Wednesday
    ],
)
def test_weekend_is_judged_in_uk_local_time(moment: datetime, weekend: bool) -> None:
    assert is_weekend(moment) is weekend


def test_weekend_needs_an_aware_time() -> None:
    with pytest.raises(ValueError):
        is_weekend(datetime(2025, 6, 28, 12, 0))


@pytest.mark.parametrize(
    ("day", "start", "end", "expected"),
    [
        ((2026, 11, 14), "13:00", "15:30", "Weekend daytime"),  # Saturday
        ((2026, 11, 13), "13:00", "15:30", "School day"),  # Friday
        ((2026, 11, 15), "15:30", "17:30", "Weekend afternoon"),  # Sunday
        ((2026, 11, 14), "21:30", "23:30", "Late night (night-time economy)"),  # no weekend name: same label
    ],
)
def test_weekend_visits_use_the_weekend_name_of_their_band(
    form: FormDefinition, day: tuple[int, int, int], start: str, end: str, expected: str
) -> None:
    assert band_label(visit(day, start, end), form.time_bands) == expected


def _by_the_minute(observation: Observation, bands: tuple[TimeBand, ...]) -> str:
    """The rule written out minute by minute on the local clock (the slow way, for comparison)."""
    start = utc_to_local(observation.start).replace(second=0, microsecond=0, tzinfo=None)
    end = utc_to_local(observation.end).replace(tzinfo=None)
    totals: dict[str, int] = {}
    moment = start
    while moment < end:
        band = band_of_minute(moment.hour * 60 + moment.minute, bands)
        totals[band.id] = totals.get(band.id, 0) + 1
        moment += timedelta(minutes=1)
    order = list(totals)
    return max(order, key=lambda band_id: (totals[band_id], -order.index(band_id)))


@pytest.mark.parametrize(
    ("start", "minutes"),
    [
        (datetime(2025, 6, 10, 14, 59, 30, tzinfo=UTC), 1),  # seconds into a minute: that minute counts
        (datetime(2025, 6, 10, 6, 10, tzinfo=UTC), 95),
        (datetime(2025, 1, 14, 20, 0, tzinfo=UTC), 300),  # across midnight
        (datetime(2025, 3, 30, 0, 30, tzinfo=UTC), 125),  # the clocks go forward at 01:00 UTC
        (datetime(2025, 10, 26, 0, 15, tzinfo=UTC), 130),  # the clocks go back at 01:00 UTC
        (datetime(2025, 1, 14, 9, 0, tzinfo=UTC), 3 * 24 * 60 + 17),  # three days and more
    ],
)
def test_a_visit_counted_in_runs_of_minutes_gets_the_band_of_the_minute_by_minute_count(
    start: datetime, minutes: int
) -> None:
    bands = FormLibrary.load().current().time_bands
    observation = Observation(start=start, end=start + timedelta(minutes=minutes, seconds=20))
    assert time_band(observation, bands).id == _by_the_minute(observation, bands)
