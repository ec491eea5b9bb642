"""Coverage of visits by day and time band, and the gaps in words."""

from __future__ import annotations

from datetime import datetime

from safeguarding.evidence.coverage import coverage
from safeguarding.evidence.details import counts_text, sides_text, young_people_seen
from safeguarding.forms import FormDefinition
from safeguarding.model import AgeBand, Observation, ObservedGender, Side
from safeguarding.timeutil import local_to_utc


def visit(start: datetime, end: datetime) -> Observation:
    return Observation(start=local_to_utc(start), end=local_to_utc(end))


def test_counts_by_weekday_and_band_and_gaps(form: FormDefinition) -> None:
    visits = [
        visit(datetime(2026, 10, 5, 15, 30), datetime(2026, 10, 5, 17, 0)),  # Monday after school
        visit(datetime(2026, 10, 6, 15, 30), datetime(2026, 10, 6, 17, 0)),  # Tuesday after school
        visit(datetime(2026, 10, 10, 13, 0), datetime(2026, 10, 10, 14, 30)),  # Saturday daytime
        visit(datetime(2026, 10, 9, 22, 0), datetime(2026, 10, 10, 1, 0)),  # Friday late, past midnight
    ]
    cover = coverage(visits, form.time_bands)
    assert cover.total == 4
    assert cover.count(0, "after_school") == 1 and cover.count(1, "after_school") == 1
    assert cover.count(5, "school_day") == 1
    assert cover.count(4, "late_night") == 1  # counted on the day it started
    gaps = cover.gap_sentences()
    assert gaps[0].startswith("No visit on a weekday: Early morning (05:00–07:30), Morning school run")
    assert "Evening (18:00–21:00)" in gaps[1] and gaps[1].startswith("No visit at a weekend:")
    assert "Late night (night-time economy) (21:00–05:00)" in gaps[1]
    assert "Weekend daytime" not in gaps[1]  # covered on Saturday
    assert cover.summary() == (
        "4 visits: 3 on weekdays and 1 at weekends. Time bands covered: 2 of 6 on weekdays, 1 of 6 at weekends."
    )


def test_no_visits(form: FormDefinition) -> None:
    cover = coverage([], form.time_bands)
    assert cover.summary() == "No visits recorded yet."
    assert len(cover.gap_sentences()) == 2


def test_clock_change_night_counts_on_local_saturday(form: FormDefinition) -> None:
    # 00:30 on Sunday 30 March 2025 (GMT) is a Sunday late-night visit in UK local time.
    cover = coverage([visit(datetime(2025, 3, 30, 0, 30), datetime(2025, 3, 30, 3, 0))], form.time_bands)
    assert cover.count(6, "late_night") == 1


def test_count_and_side_wording() -> None:
    observed = Observation(
        start=local_to_utc(datetime(2026, 10, 5, 15, 0)),
        end=local_to_utc(datetime(2026, 10, 5, 16, 0)),
        counts={
            (AgeBand.AGE_14_15, ObservedGender.MALE): 3,
            (AgeBand.AGE_14_15, ObservedGender.FEMALE): 2,
            (AgeBand.ADULTS, ObservedGender.UNCLEAR): 1,
        },
        sides={Side.ENVIRONMENT, Side.YOUNG_PEOPLE},
    )
    assert counts_text(observed) == "14-15: 5 (3 male, 2 female); Adults: 1 (1 not clear)"
    assert young_people_seen(observed) == 5
    assert sides_text(observed.sides) == "Young people, Community and environment"
