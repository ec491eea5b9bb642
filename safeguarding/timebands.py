"""Derive an observation visit's time band from its times, never typed by hand.

The bands come from the form (``[[observations.time_bands]]`` in
``forms/location_assessment.toml``) and are read in UK local time. A visit
belongs to the band in which it spends the most minutes; on a tie, the band it
reaches first. A visit of zero length belongs to the band of its start time.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from functools import lru_cache

from safeguarding.forms import TimeBand
from safeguarding.model import Observation
from safeguarding.timeutil import utc_to_local

_MAX_MINUTES = 7 * 24 * 60
_DAY = 24 * 60


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

    The visit's wall-clock minutes (from its local start, to the minute, up to its
    local end) are counted per band by interval arithmetic, not minute by minute:
    on a tie, the band the visit reaches first wins. A visit is counted over at
    most a week.

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
    floor = start.replace(second=0, microsecond=0)
    span = end.replace(tzinfo=None) - floor.replace(tzinfo=None)  # wall-clock time, as the hands of a clock move
    steps = min(math.ceil(span / timedelta(minutes=1)), _MAX_MINUTES)
    first_minute = floor.hour * 60 + floor.minute
    last_minute = first_minute + steps  # exclusive
    counts: dict[str, tuple[int, int]] = {}
    for band in bands:
        total, reached = 0, last_minute
        for day in range(first_minute // _DAY, (last_minute - 1) // _DAY + 1):
            for low, high in band.minutes():
                begin, stop = max(first_minute, low + day * _DAY), min(last_minute, high + day * _DAY)
                if begin < stop:
                    total += stop - begin
                    reached = min(reached, begin)
        if total:
            counts[band.id] = (total, reached)
    best = max(counts, key=lambda band_id: (counts[band_id][0], -counts[band_id][1]))
    return next(band for band in bands if band.id == best)


def band_label(observation: Observation, bands: tuple[TimeBand, ...]) -> str:
    """Return the name of a visit's time band, using the weekend name on Saturdays and Sundays.

    The day is the UK local day on which the visit starts.
    """
    return time_band(observation, bands).label_for(is_weekend(observation.start))


def is_weekend(moment: datetime) -> bool:
    """Return True if an aware ``moment`` falls on a Saturday or Sunday in UK local time."""
    return utc_to_local(moment).weekday() >= 5
