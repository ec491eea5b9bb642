"""UTC in storage, UK local time on screen, including the clock changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from safeguarding.forms import FormDefinition
from safeguarding.model import Location, Observation
from safeguarding.store import open_store
from safeguarding.timeutil import (
    date_from_iso,
    date_to_iso,
    format_uk_date,
    from_iso,
    local_to_utc,
    to_iso,
    utc_now,
    utc_to_local,
)

# Visits entered as UK local wall-clock times around the 2025 clock changes.
SPRING_START = datetime(2025, 3, 30, 0, 30)  # GMT, 30 minutes before clocks go forward at 01:00
SPRING_END = datetime(2025, 3, 30, 3, 0)  # BST
AUTUMN_START = datetime(2025, 10, 26, 1, 30)  # happens twice; the first (BST) occurrence is meant
AUTUMN_END = datetime(2025, 10, 26, 3, 0)  # GMT


def test_local_to_utc_around_the_clock_changes() -> None:
    assert local_to_utc(SPRING_START) == datetime(2025, 3, 30, 0, 30, tzinfo=UTC)
    assert local_to_utc(SPRING_END) == datetime(2025, 3, 30, 2, 0, tzinfo=UTC)
    assert local_to_utc(AUTUMN_START) == datetime(2025, 10, 26, 0, 30, tzinfo=UTC)
    assert local_to_utc(AUTUMN_END) == datetime(2025, 10, 26, 3, 0, tzinfo=UTC)
    # Real durations: the spring visit lasts 90 minutes, the autumn one 150.
    assert local_to_utc(SPRING_END) - local_to_utc(SPRING_START) == timedelta(minutes=90)
    assert local_to_utc(AUTUMN_END) - local_to_utc(AUTUMN_START) == timedelta(minutes=150)


def test_round_trip_local_utc_local_is_stable() -> None:
    for local in (SPRING_START, SPRING_END, AUTUMN_START, AUTUMN_END, datetime(2025, 7, 1, 12, 0)):
        assert utc_to_local(local_to_utc(local)) == local


def test_second_autumn_occurrence_shows_the_same_wall_clock() -> None:
    # 01:30 GMT (the second 01:30) is shown as 01:30 and normalised to fold=0.
    shown = utc_to_local(datetime(2025, 10, 26, 1, 30, tzinfo=UTC))
    assert shown == AUTUMN_START and shown.fold == 0


def test_spring_gap_time_uses_the_offset_before_the_change() -> None:
    # 01:30 on 30 March 2025 never happens in the UK; documented: read as GMT.
    assert local_to_utc(datetime(2025, 3, 30, 1, 30)) == datetime(2025, 3, 30, 1, 30, tzinfo=UTC)
    assert utc_to_local(datetime(2025, 3, 30, 1, 30, tzinfo=UTC)) == datetime(2025, 3, 30, 2, 30)


def test_aware_datetimes_are_converted_as_they_are() -> None:
    paris = timezone(timedelta(hours=2))
    assert local_to_utc(datetime(2025, 6, 1, 12, 0, tzinfo=paris)) == datetime(2025, 6, 1, 10, 0, tzinfo=UTC)
    with pytest.raises(ValueError):
        utc_to_local(datetime(2025, 6, 1, 12, 0))


def test_visits_keep_local_times_after_five_save_and_reopen_cycles(tmp_path: Path, form: FormDefinition) -> None:
    path = tmp_path / "clock-changes.sqlite3"
    store = open_store(path)
    try:
        location = store.locations.add(Location(name="Maidstone East station", latitude=51.2779, longitude=0.5213))
        assessment = store.assessments.create(location.id, form)
        spring = store.assessments.save_observation(
            assessment.id, Observation(start=local_to_utc(SPRING_START), end=local_to_utc(SPRING_END), notes="spring")
        )
        autumn = store.assessments.save_observation(
            assessment.id, Observation(start=local_to_utc(AUTUMN_START), end=local_to_utc(AUTUMN_END), notes="autumn")
        )
    finally:
        store.close()

    for cycle in range(5):
        store = open_store(path)
        try:
            visits = {v.notes: v for v in store.assessments.get(assessment.id).observations}
            assert set(visits) == {"spring", "autumn"}, cycle
            assert (utc_to_local(visits["spring"].start), utc_to_local(visits["spring"].end)) == (
                SPRING_START,
                SPRING_END,
            ), cycle
            assert (utc_to_local(visits["autumn"].start), utc_to_local(visits["autumn"].end)) == (
                AUTUMN_START,
                AUTUMN_END,
            ), cycle
            assert visits["spring"].start == spring.start and visits["autumn"].end == autumn.end
            # Save again as the editor does (local times read back and re-entered).
            for visit in visits.values():
                visit.start = local_to_utc(utc_to_local(visit.start))
                visit.end = local_to_utc(utc_to_local(visit.end))
                store.assessments.save_observation(assessment.id, visit)
        finally:
            store.close()

    raw = open_store(path)
    try:
        stored = raw.db.execute("SELECT start_utc, end_utc FROM observations ORDER BY start_utc").fetchall()
    finally:
        raw.close()
    assert stored == [
        ("2025-03-30T00:30:00+00:00", "2025-03-30T02:00:00+00:00"),
        ("2025-10-26T00:30:00+00:00", "2025-10-26T03:00:00+00:00"),
    ]


def test_iso_formatting() -> None:
    bst = timezone(timedelta(hours=1))
    assert to_iso(datetime(2025, 6, 1, 13, 5, tzinfo=bst)) == "2025-06-01T12:05:00+00:00"
    with pytest.raises(ValueError):
        to_iso(datetime(2025, 6, 1, 13, 5))
    assert from_iso("2025-06-01T12:05:00+00:00") == datetime(2025, 6, 1, 12, 5, tzinfo=UTC)
    assert from_iso("2025-06-01T13:05:00+01:00") == datetime(2025, 6, 1, 12, 5, tzinfo=UTC)
    naive_read = from_iso("2025-06-01T12:05:00")
    assert naive_read == datetime(2025, 6, 1, 12, 5, tzinfo=UTC) and naive_read.utcoffset() == timedelta(0)


def test_dates_are_plain_dates() -> None:
    assert date_to_iso(date(2025, 3, 3)) == "2025-03-03"
    assert date_to_iso(None) is None
    assert date_from_iso("2025-03-03") == date(2025, 3, 3)
    assert date_from_iso("") is None and date_from_iso(None) is None
    assert format_uk_date(date(2025, 3, 3)) == "3 March 2025"
    assert format_uk_date(date(2025, 12, 25)) == "25 December 2025"
    assert format_uk_date(None) == ""


def test_utc_now_is_aware_and_whole_seconds() -> None:
    now = utc_now()
    assert now.tzinfo is not None and now.utcoffset() == timedelta(0)
    assert now.microsecond == 0
    assert abs(datetime.now(UTC) - now) < timedelta(seconds=5)
