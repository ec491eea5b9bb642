"""Failed writes: refused input, full disk, read-only and locked files, integrity and foreign keys."""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from safeguarding.errors import StorageError, ValidationError
from safeguarding.forms import FormDefinition
from safeguarding.model import Assessment, Location, Observation, Rating, Side
from safeguarding.store import Store, open_store
from safeguarding.store.assessments import AssessmentRepository
from safeguarding.store.audit_schema import register_audit_functions
from safeguarding.store.database import connect
from safeguarding.store.dberrors import INTEGRITY_ERRORS, write_error
from safeguarding.store.locations import LocationRepository
from tests.store.conftest import brenchley, raw_rows


def count(store: Store, table: str) -> int:
    return int(store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


@pytest.fixture
def assessment(clocked_store: Store, form: FormDefinition) -> Assessment:
    location = clocked_store.locations.add(brenchley())
    return clocked_store.assessments.create(location.id, form)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   \t"}, "name"),
        ({"latitude": 91.0}, "latitude"),
        ({"latitude": -90.0001}, "latitude"),
        ({"longitude": -181.0}, "longitude"),
        ({"longitude": 180.5}, "longitude"),
        ({"latitude": None}, "latitude"),
        ({"longitude": None}, "longitude"),
        ({"latitude": math.nan}, "latitude"),
        ({"longitude": math.nan}, "longitude"),
        ({"latitude": math.inf}, "latitude"),
    ],
)
def test_invalid_location_is_refused_and_nothing_written(
    clocked_store: Store, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        clocked_store.locations.add(brenchley(**changes))
    assert caught.value.field == field
    assert count(clocked_store, "locations") == 0


def test_invalid_update_leaves_the_saved_location_as_it_was(clocked_store: Store) -> None:
    saved = clocked_store.locations.add(brenchley())
    edited = clocked_store.locations.get(saved.id)
    edited.name = "Renamed"
    edited.latitude = 91.0
    with pytest.raises(ValidationError, match="Latitude"):
        clocked_store.locations.update(edited)
    assert clocked_store.locations.get(saved.id) == saved


def test_assessment_with_end_date_before_start_is_refused(
    clocked_store: Store, form: FormDefinition, assessment: Assessment
) -> None:
    assessment.start_date = datetime(2026, 11, 1).date()
    assessment.end_date = datetime(2026, 10, 1).date()
    assessment.analysis = "Must not be saved."
    with pytest.raises(ValidationError) as caught:
        clocked_store.assessments.save(assessment)
    assert caught.value.field == "end_date"
    assert clocked_store.assessments.get(assessment.id).analysis == ""
    with pytest.raises(ValidationError):
        clocked_store.assessments.create(
            assessment.location_id, form, start_date=assessment.start_date, end_date=assessment.end_date
        )
    assert count(clocked_store, "assessments") == 1


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (datetime(2026, 10, 14, 17, tzinfo=UTC), datetime(2026, 10, 14, 16, tzinfo=UTC), "end"),
        (datetime(2026, 10, 14, 17, tzinfo=UTC), datetime(2026, 10, 14, 17, tzinfo=UTC), "end"),
        (datetime(2026, 10, 14, 17, tzinfo=UTC), datetime(2026, 10, 15, 17, 1, tzinfo=UTC), "end"),
        (datetime(2026, 10, 14, 17), datetime(2026, 10, 14, 18), "start"),
    ],
    ids=["end-before-start", "zero-length", "over-24-hours", "naive"],
)
def test_invalid_observation_is_refused_and_nothing_written(
    clocked_store: Store, assessment: Assessment, start: datetime, end: datetime, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        clocked_store.assessments.save_observation(assessment.id, Observation(start=start, end=end))
    assert caught.value.field == field
    assert count(clocked_store, "observations") == 0


def test_database_also_refuses_end_before_start(clocked_store: Store, assessment: Assessment) -> None:
    # Second line of defence: the CHECK constraint in the schema.
    with pytest.raises(INTEGRITY_ERRORS):
        clocked_store.db.execute(
            "INSERT INTO observations (id, assessment_id, start_utc, end_utc, created_at, updated_at)"
            " VALUES ('x', ?, '2026-10-14T17:00:00+00:00', '2026-10-14T16:00:00+00:00', 'now', 'now')",
            [assessment.id],
        )


def test_foreign_keys_are_enforced(clocked_store: Store, assessment: Assessment) -> None:
    assert clocked_store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(INTEGRITY_ERRORS, match="FOREIGN KEY"):
        clocked_store.db.execute(
            "INSERT INTO assessments (id, location_id, form_id, form_version, status, created_at, updated_at)"
            " VALUES ('orphan', 'no-such-location', 'f', 1, 'draft', 'now', 'now')"
        )
    with pytest.raises(INTEGRITY_ERRORS, match="FOREIGN KEY"):
        clocked_store.db.execute(
            "INSERT INTO observations (id, assessment_id, start_utc, end_utc, created_at, updated_at)"
            " VALUES ('o', 'no-such-assessment', '2026-01-01T10:00:00+00:00', '2026-01-01T11:00:00+00:00', 'n', 'n')"
        )
    with pytest.raises(INTEGRITY_ERRORS, match="FOREIGN KEY"):
        clocked_store.db.execute("DELETE FROM locations WHERE id = ?", [assessment.location_id])
    assert count(clocked_store, "locations") == 1


def test_integrity_check_after_a_full_session(clocked_store: Store, assessment: Assessment, db_path: Path) -> None:
    assessment.findings[Side.GUARDIANSHIP].rating = Rating.RED
    clocked_store.assessments.save(assessment)
    visit = clocked_store.assessments.save_observation(
        assessment.id,
        Observation(start=datetime(2026, 10, 14, 16, tzinfo=UTC), end=datetime(2026, 10, 14, 17, tzinfo=UTC)),
    )
    clocked_store.assessments.delete_observation(visit.id)
    clocked_store.locations.set_archived(assessment.location_id)
    clocked_store.close()

    assert raw_rows(db_path, "PRAGMA integrity_check") == [("ok",)]
    assert raw_rows(db_path, "PRAGMA foreign_key_check") == []
    # close() checkpoints the write-ahead log, so the main file holds everything.
    wal = db_path.with_name(db_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


@pytest.mark.parametrize(
    ("sqlite_message", "expected"),
    [
        ("database or disk is full", "The disk is full"),
        ("attempt to write a readonly database", "read-only"),
        ("database is locked", "in use by another program"),
        ("database table is locked", "in use by another program"),
        ("disk I/O error", "could not be saved (disk I/O error)"),
    ],
)
def test_write_error_gives_plain_messages(sqlite_message: str, expected: str) -> None:
    error = write_error(sqlite3.OperationalError(sqlite_message))
    assert isinstance(error, StorageError)
    assert expected in str(error)
    assert str(error).endswith(".") or str(error).endswith("again.")


def test_full_disk_keeps_what_was_saved(clocked_store: Store, form: FormDefinition, db_path: Path) -> None:
    park = clocked_store.locations.add(brenchley())
    kept = clocked_store.assessments.create(park.id, form, analysis="Saved before the disk filled up.")
    # A real SQLITE_FULL: cap the file at its current size, then write something big.
    pages = clocked_store.db.execute("PRAGMA page_count").fetchone()[0]
    clocked_store.db.execute(f"PRAGMA max_page_count = {pages}")

    with pytest.raises(StorageError, match="disk is full"):
        clocked_store.locations.add(brenchley(name="North Week Street", referral_reason="x" * 200_000))
    kept.analysis = "y" * 200_000
    with pytest.raises(StorageError, match="disk is full"):
        clocked_store.assessments.save(kept)
    clocked_store.close()

    store = open_store(db_path)
    try:
        assert [loc.name for loc in store.locations.by_name()] == ["Brenchley Gardens"]
        assert store.assessments.get(kept.id).analysis == "Saved before the disk filled up."
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        store.close()


def test_failed_assessment_save_is_all_or_nothing(
    clocked_store: Store, assessment: Assessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The assessment row is written first, then the findings; make the findings fail.
    assessment.analysis = "New analysis"
    assessment.findings[Side.YOUNG_PEOPLE].rating = Rating.RED

    def failing(self: AssessmentRepository, *args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(AssessmentRepository, "_save_finding", failing)
    with pytest.raises(StorageError, match="disk is full"):
        clocked_store.assessments.save(assessment)
    monkeypatch.undo()

    loaded = clocked_store.assessments.get(assessment.id)
    assert loaded.analysis == ""
    assert loaded.rating(Side.YOUNG_PEOPLE) is None


@pytest.fixture
def read_only_connection(clocked_store: Store, db_path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    register_audit_functions(conn)  # the audit triggers call audit_actor(); the app installs it on every connection
    yield conn
    conn.close()


def test_read_only_connection_write_is_a_plain_error(
    clocked_store: Store, read_only_connection: sqlite3.Connection
) -> None:
    # A genuinely read-only SQLite connection (mode=ro), so the error comes from SQLite itself.
    repo = LocationRepository(Database(read_only_connection))
    with pytest.raises(StorageError, match="read-only"):
        repo.add(brenchley())
    assert clocked_store.locations.by_name() == []


def test_locked_database_is_a_plain_error_and_retry_works(clocked_store: Store, db_path: Path) -> None:
    clocked_store.db.execute("PRAGMA busy_timeout = 0")
    # Same SQLite library as the app (sqlcipher3): two SQLite copies in one process do not see each other's locks.
    other = connect(db_path)
    other.isolation_level = None
    try:
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        with pytest.raises(StorageError, match="in use by another program"):
            clocked_store.locations.add(brenchley())
        other.execute("ROLLBACK")
    finally:
        other.close()
    clocked_store.locations.add(brenchley())
    assert [loc.name for loc in clocked_store.locations.by_name()] == ["Brenchley Gardens"]


def test_updated_at_is_not_changed_by_a_refused_location(clocked_store: Store) -> None:
    saved = clocked_store.locations.add(brenchley())
    stamp = saved.updated_at
    saved.name = ""
    with pytest.raises(ValidationError):
        clocked_store.locations.update(saved)
    assert saved.updated_at == stamp
    assert clocked_store.locations.get(saved.id).updated_at == stamp


def test_location_with_coordinates_at_the_limits_is_accepted(clocked_store: Store) -> None:
    for lat, lon in [(90.0, 180.0), (-90.0, -180.0), (0.0, 0.0)]:
        saved = clocked_store.locations.add(Location(name=f"Edge {lat} {lon}", latitude=lat, longitude=lon))
        loaded = clocked_store.locations.get(saved.id)
        assert (loaded.latitude, loaded.longitude) == (lat, lon)


def test_visit_of_exactly_a_day_is_accepted(clocked_store: Store, assessment: Assessment) -> None:
    start = datetime(2026, 10, 14, 8, tzinfo=UTC)
    visit = Observation(start=start, end=start + timedelta(hours=24))
    clocked_store.assessments.save_observation(assessment.id, visit)
    assert clocked_store.assessments.observations(assessment.id) == [visit]
