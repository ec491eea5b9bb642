"""Which days and time bands the observation visits have covered, and the gaps.

A visit counts in the cell of the UK local weekday on which it starts and of
its derived time band (:func:`safeguarding.timebands.time_band`: the band in
which it spends most of its time). Gaps are reported for weekdays and weekends
separately, because the domain guide asks for visits "weekday and weekend,
across time bands".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from safeguarding.forms import TimeBand
from safeguarding.model import Observation
from safeguarding.timebands import time_band
from safeguarding.timeutil import utc_to_local

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAYS = range(5)
WEEKEND = range(5, 7)


def band_hours(band: TimeBand) -> str:
    """The band's hours, e.g. ``"18:00–21:00"``."""
    return f"{band.start:%H:%M}–{band.end:%H:%M}"


def band_names(band: TimeBand) -> str:
    """The band's weekday and weekend names, e.g. ``"After school (lost hours) / Weekend afternoon"``."""
    weekend = band.label_for(True)
    return band.label if weekend == band.label else f"{band.label} / {weekend}"


@dataclass(frozen=True)
class Coverage:
    """Visit counts per weekday (0 = Monday .. 6 = Sunday) and time band.

    Attributes:
        bands: The form's time bands, in order.
        cells: ``{(weekday, band_id): number of visits}``; missing cells are 0.
        total: Number of visits counted.
    """

    bands: tuple[TimeBand, ...]
    cells: dict[tuple[int, str], int]
    total: int

    def count(self, weekday: int, band_id: str) -> int:
        """Visits that started on ``weekday`` (0 = Monday) in band ``band_id``."""
        return self.cells.get((weekday, band_id), 0)

    def count_days(self, days: Iterable[int], band_id: str) -> int:
        """Visits in band ``band_id`` on any of ``days``."""
        return sum(self.count(day, band_id) for day in days)

    def missing(self, weekend: bool) -> list[TimeBand]:
        """Bands with no visit on weekdays (``weekend=False``) or at weekends."""
        days = WEEKEND if weekend else WEEKDAYS
        return [band for band in self.bands if self.count_days(days, band.id) == 0]

    def gap_sentences(self) -> list[str]:
        """The gaps in words, e.g. ``"No visit at a weekend: Evening (18:00–21:00)."``.

        Returns an empty list when every band has a visit on weekdays and at weekends.
        """
        sentences: list[str] = []
        for weekend, where in ((False, "on a weekday"), (True, "at a weekend")):
            missing = self.missing(weekend)
            if missing:
                names = ", ".join(f"{band.label_for(weekend)} ({band_hours(band)})" for band in missing)
                sentences.append(f"No visit {where}: {names}.")
        return sentences

    def summary(self) -> str:
        """One sentence: how many visits, split weekday/weekend, and bands covered."""
        if self.total == 0:
            return "No visits recorded yet."
        weekday_visits = sum(n for (day, _), n in self.cells.items() if day in WEEKDAYS)
        weekend_visits = self.total - weekday_visits
        bands = len(self.bands)
        covered_weekday = bands - len(self.missing(False))
        covered_weekend = bands - len(self.missing(True))
        visits = "1 visit" if self.total == 1 else f"{self.total} visits"
        return (
            f"{visits}: {weekday_visits} on weekdays and {weekend_visits} at weekends. "
            f"Time bands covered: {covered_weekday} of {bands} on weekdays, {covered_weekend} of {bands} at weekends."
        )


def coverage(observations: Iterable[Observation], bands: tuple[TimeBand, ...]) -> Coverage:
    """Count visits per UK local start weekday and derived time band.

    Args:
        observations: Visits with aware UTC times.
        bands: The form's time bands.
    """
    cells: dict[tuple[int, str], int] = {}
    total = 0
    for visit in observations:
        key = (utc_to_local(visit.start).weekday(), time_band(visit, bands).id)
        cells[key] = cells.get(key, 0) + 1
        total += 1
    return Coverage(bands=bands, cells=cells, total=total)
