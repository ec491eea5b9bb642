"""Derive an observation visit's time band from its times, never typed by hand.

The bands come from the form (``[[observations.time_bands]]`` in
``forms/location_assessment.toml``) and are read in UK local time. A visit
belongs to the band in which it spends the most minutes; on a tie, the band it
reaches first. A visit of zero length belongs to the band of its start time.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache

from safeguarding.forms import TimeBand
from safeguarding.model import Observation
from safeguarding.timeutil import utc_to_local

_MAX_MINUTES = 7 * 24 * 60


def band_of_minute(minute_of_day: int, bands: tuple[TimeBand, ...]) -> TimeBand:
    """Return the band containing ``minute_of_day`` (0..1439, UK local time).

    Raises:
        ValueError: if no band contains it (the form loader prevents this).
    """
    return _run_at(minute_of_day, bands)[0]


def _run_at(minute_of_day: int, bands: tuple[TimeBand, ...]) -> tuple[TimeBand, int]:
    """The band containing ``minute_of_day`` and the minute of the day at which that range of it ends.

    Raises:
        ValueError: if no band contains it.
    """
    for band in bands:
        for low, high in band.minutes():
            if low <= minute_of_day < high:
                return band, high
    raise ValueError(f"no time band covers minute {minute_of_day}")


def time_band(observation: Observation, bands: tuple[TimeBand, ...]) -> TimeBand:
    """Return the time band of a visit: where it spends most of its local time.

    The minutes are counted on the local clock (a visit across a clock change counts
    the minutes the clock shows), a run of minutes in one band at a time, so a long
    visit costs a few steps, not one per minute.

    Args:
        observation: A visit with aware UTC ``start`` and ``end``.
        bands: The form's time bands, covering the whole day.
    """
    return _band_of_times(observation.start, observation.end, bands)


@lru_cache(maxsize=8192)
def _band_of_times(start_utc: datetime, end_utc: datetime, bands: tuple[TimeBand, ...]) -> TimeBand:
    """:func:`time_band` of these times, kept for the next list, grid or report that asks (bands are frozen)."""
    start = utc_to_local(start_utc)
    end = utc_to_local(end_utc)
    if end <= start:
        return band_of_minute(start.hour * 60 + start.minute, bands)
    first = start.replace(second=0, microsecond=0, tzinfo=None)
    span = end.replace(tzinfo=None) - first  # the minutes the local clock shows, from the first whole minute
    minutes = min(_MAX_MINUTES, -(-span // timedelta(minutes=1)))
    totals: dict[str, int] = {}
    by_id = {band.id: band for band in bands}
    counted = 0
    minute_of_day = first.hour * 60 + first.minute
    while counted < minutes:
        band, run_end = _run_at(minute_of_day, bands)
        run = min(run_end - minute_of_day, minutes - counted)
        totals[band.id] = totals.get(band.id, 0) + run  # dicts keep the order bands are first reached
        counted += run
        minute_of_day = (minute_of_day + run) % 1440
    order = list(totals)
    best = max(order, key=lambda band_id: (totals[band_id], -order.index(band_id)))
    return by_id[best]


def band_label(observation: Observation, bands: tuple[TimeBand, ...]) -> str:
    """Return the name of a visit's time band, using the weekend name on Saturdays and Sundays.

    The day is the UK local day on which the visit starts.
    """
    return time_band(observation, bands).label_for(is_weekend(observation.start))


def is_weekend(moment: datetime) -> bool:
    """Return True if an aware ``moment`` falls on a Saturday or Sunday in UK local time."""
    return utc_to_local(moment).weekday() >= 5
