"""The figures of "Recorded crime and anti-social behaviour near the place" for one assessment.

Periods: the twelve calendar months before the month the assessment started
(its start date, else the day it was created), and the twelve before those for
comparison. Area: inside the drawn boundary, and within the chosen distance
(default 200 m) of it, the boundary included; with no boundary, within that
distance of the location's point. Counted: every stored record positioned
there, by crime type (police.uk's own categories), by month (all types), and by
street ("On or near ..."). Months for which no police data is held are named,
so a gap is never read as "no crime".

The caveats police.uk gives (:data:`CAVEATS`) are printed wherever the figures
are shown; the source and licence are named (:data:`SOURCE`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from safeguarding.crime.police_csv import iter_months
from safeguarding.maps.area import Area
from safeguarding.model import Assessment, Location
from safeguarding.timeutil import utc_now, utc_to_local

if TYPE_CHECKING:
    from safeguarding.store.crime import CrimeRepository

CRIME_TYPES = (
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
)
"""police.uk's street-level categories, in its order (types not listed here are shown after them)."""

DEFAULT_RADIUS_M = 200
"""Records are counted within this distance of the boundary unless the assessment chooses another (metres)."""
MIN_RADIUS_M, MAX_RADIUS_M = 25, 5000
"""The distances an assessment may choose (metres)."""
TITLE = "Recorded crime and anti-social behaviour near the place"
SOURCE = (
    "Source: police.uk street-level crime data (data.police.uk), published monthly by each police force; "
    "contains public sector information licensed under the Open Government Licence v3.0."
)
CAVEATS = (
    "Positions are moved to the nearest of about 750,000 anonymous map points, so a record shown at a place may "
    "have happened nearby, and records near the edge of the area may fall either side of it.",
    "Some offences are not published at street level (for example, offences related to domestic abuse and some "
    "sexual offences), so the figures are not all recorded crime.",
    "Figures are published weeks after the month ends and can be revised; recent months may be missing or change.",
    "These are crimes and incidents recorded by the police, not all that happened: many are never reported.",
)
STREETS_SHOWN = 8
"""Streets listed with the most records."""


@dataclass(frozen=True)
class Period:
    """Twelve months: ``first`` to ``last`` (``YYYY-MM``)."""

    first: str
    last: str

    @property
    def months(self) -> list[str]:
        """Every month of the period."""
        return list(iter_months(self.first, self.last))

    @property
    def label(self) -> str:
        """E.g. "March 2025 to February 2026"."""
        return f"{_month_words(self.first)} to {_month_words(self.last)}"


def _month_words(month: str) -> str:
    return date(int(month[:4]), int(month[5:7]), 1).strftime("%B %Y")


def _shift(month: str, months: int) -> str:
    index = int(month[:4]) * 12 + int(month[5:7]) - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def periods_before(day: date) -> tuple[Period, Period]:
    """The twelve months before ``day``'s month, and the twelve before those."""
    this_month = f"{day.year:04d}-{day.month:02d}"
    recent = Period(_shift(this_month, -12), _shift(this_month, -1))
    earlier = Period(_shift(this_month, -24), _shift(this_month, -13))
    return recent, earlier


@dataclass(frozen=True)
class TypeCount:
    """Records of one crime type: inside the boundary and within the distance, in each period."""

    crime_type: str
    inside_recent: int
    inside_earlier: int
    near_recent: int
    near_earlier: int


@dataclass
class CrimeFigures:
    """The crime section of one assessment.

    Attributes:
        radius_m: The distance records are counted within (metres).
        has_boundary: True if a boundary is drawn (else distances are from the location's point).
        recent, earlier: The two periods.
        by_type: Counts per crime type (types with any record), in police.uk's order.
        monthly: ``(month, records within the distance)`` for all 24 months, oldest first.
        streets: ``(place, records within the distance in the recent period)``, most first.
        missing: Months of the two periods for which no police data is held.
        forces: Forces whose data for the periods is held.
        points: ``(lat, lon, count, types)`` of each anonymous map point within the distance
            in the recent period (for the map layer).
    """

    radius_m: int
    has_boundary: bool
    recent: Period
    earlier: Period
    by_type: list[TypeCount] = field(default_factory=list)
    monthly: list[tuple[str, int]] = field(default_factory=list)
    streets: list[tuple[str, int]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    forces: list[str] = field(default_factory=list)
    points: list[tuple[float, float, int, str]] = field(default_factory=list)

    @property
    def held(self) -> bool:
        """True if any police data is held for the periods."""
        return len(self.missing) < 24

    def total(self, inside: bool, recent: bool) -> int:
        """All records inside the boundary (or within the distance), in the recent (or earlier) period."""
        return sum(
            getattr(count, f"{'inside' if inside else 'near'}_{'recent' if recent else 'earlier'}")
            for count in self.by_type
        )


def _type_order(name: str) -> tuple[int, str]:
    return (CRIME_TYPES.index(name) if name in CRIME_TYPES else len(CRIME_TYPES), name)


def crime_figures(repository: CrimeRepository, area: Area, day: date, radius_m: int) -> CrimeFigures:
    """Work out the crime section for an area and the day the assessment started.

    Args:
        repository: The stored police data.
        area: The boundary (or the location's point).
        day: The assessment's start date (or the day it was created).
        radius_m: Count records within this many metres of the area.

    Returns:
        The figures; all zero with every month "missing" when no data is held.
    """
    recent, earlier = periods_before(day)
    figures = CrimeFigures(radius_m, area.has_boundary, recent, earlier)
    held = set(repository.months_held(earlier.first, recent.last))
    figures.missing = [m for m in (*earlier.months, *recent.months) if m not in held]
    figures.forces = sorted({i.reported_by for i in repository.imports_between(earlier.first, recent.last)})
    records = repository.records_in(area.box(radius_m * 1.01 + 5), earlier.first, recent.last)
    counts: dict[str, Counter[str]] = {
        key: Counter() for key in ("inside_recent", "inside_earlier", "near_recent", "near_earlier")
    }
    monthly: Counter[str] = Counter()
    streets: Counter[str] = Counter()
    points: dict[tuple[float, float], Counter[str]] = {}
    distance_of: dict[tuple[float, float], float] = {}
    for record in records:
        spot = (record.latitude, record.longitude)
        if spot not in distance_of:
            distance_of[spot] = area.distance_m(*spot)
        distance = distance_of[spot]
        if distance > radius_m:
            continue
        period = "recent" if record.month >= recent.first else "earlier"
        counts[f"near_{period}"][record.crime_type] += 1
        if area.has_boundary and distance == 0.0:
            counts[f"inside_{period}"][record.crime_type] += 1
        monthly[record.month] += 1
        if period == "recent":
            streets[record.place] += 1
            points.setdefault(spot, Counter())[record.crime_type] += 1
    names = set().union(*(counter.keys() for counter in counts.values()))
    figures.by_type = [
        TypeCount(
            name,
            counts["inside_recent"][name],
            counts["inside_earlier"][name],
            counts["near_recent"][name],
            counts["near_earlier"][name],
        )
        for name in sorted(names, key=_type_order)
    ]
    figures.monthly = [(month, monthly[month]) for month in (*earlier.months, *recent.months)]
    figures.streets = streets.most_common(STREETS_SHOWN)
    figures.points = [
        (lat, lon, sum(types.values()), "; ".join(f"{name} {count}" for name, count in types.most_common()))
        for (lat, lon), types in sorted(points.items())
    ]
    return figures


def records_word(count: int) -> str:
    """ "1 record" or "N records"."""
    return "1 record" if count == 1 else f"{count:,} records"


def place_area(location: Location, assessment: Assessment) -> Area | None:
    """The assessment's boundary, else the location's point, as an :class:`Area`; ``None`` if neither exists."""
    if len(assessment.boundary) >= 3:
        return Area(tuple(assessment.boundary))
    if location.latitude is not None and location.longitude is not None:
        return Area(((location.latitude, location.longitude),))
    return None


def assessment_day(assessment: Assessment) -> date:
    """The day the figures are counted back from: the assessment's start date, else the day it was created."""
    if assessment.start_date is not None:
        return assessment.start_date
    if assessment.created_at is not None:
        return utc_to_local(assessment.created_at).date()
    return utc_to_local(utc_now()).date()


def figures_for(repository: CrimeRepository, location: Location, assessment: Assessment) -> CrimeFigures | None:
    """The crime section of an assessment (boundary or point, start, chosen distance); ``None`` if unmapped."""
    area = place_area(location, assessment)
    if area is None:
        return None
    return crime_figures(repository, area, assessment_day(assessment), repository.radius(assessment.id))
