"""Opening a database: migrations, refusing files we must not touch, backups, read-only folders."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from safeguarding.errors import DatabaseTooNewError, NotADatabaseError, ReadOnlyError, StorageError
from safeguarding.store import open_store
from safeguarding.store.audit_schema import register_audit_functions
from safeguarding.store.database import BACKUP_FOLDER, MIGRATIONS_TABLE, SQLITE_HEADER
from safeguarding.store.locations import LocationRepository
from safeguarding.store.migrations import MIGRATION_SET, known_names, migrations
from tests.store.conftest import brenchley, file_hash, raw_rows, schema

EXPECTED_TABLES = {
    "locations",
    "assessments",
    "side_findings",
    "observations",
    "app_meta",
    "observation_counts",
    "observation_sides",
    "photos",
    "assessment_photos",
    "consultations",
    "consultation_sides",
    "map_pins",
    "map_boundaries",
    "plan_agencies",
    "plan_weights",
    "plan_goals",
    "plan_actions",
    "plan_action_updates",
    "plan_reviews",
    "plan_review_items",
    "plan_reassessments",
    "plan_carried_findings",
    "audit_log",
    "people",
    "crime_imports",
    "crime_types",
    "crime_places",
    "crime_outcomes",
    "crime_records",
    "crime_areas",
    "safety_sessions",
    "safety_marks",
    "redaction_decisions",
    "team_state",
    "team_changes",
    "team_base",
    "team_pending",
    "team_conflicts",
    "team_holds",
    "form_definitions",
    "assessment_forms",
    "drafts",
    "sharing_log",
    "meetings",
    "meeting_people",
    "meeting_items",
    "meeting_new_actions",
    "meeting_snapshots",
    "search_docs",
    "search_index",  # the FTS5 index and its shadow tables
    "search_index_data",
    "search_index_idx",
    "search_index_docsize",
    "search_index_config",
    MIGRATIONS_TABLE,
}


def tables(path: Path) -> set[str]:
    return {str(row[0]) for row in raw_rows(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_new_database_applies_every_migration(db_path: Path) -> None:
    store = open_store(db_path)
    try:
        assert store.opened.created is True
        assert store.opened.migrated == tuple(known_names())
        assert store.opened.backup is None
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        store.close()
    assert tables(db_path) == EXPECTED_TABLES
    applied = raw_rows(db_path, f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", (MIGRATION_SET,))
    assert [row[0] for row in applied] == known_names()
    assert not (db_path.parent / BACKUP_FOLDER).exists()


def test_missing_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "there" / "db.sqlite3"
    store = open_store(path)
    store.close()
    assert path.read_bytes().startswith(SQLITE_HEADER)


def test_empty_file_is_treated_as_new(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"")
    store = open_store(db_path)
    store.close()
    assert store.opened.created is True
    assert tables(db_path) == EXPECTED_TABLES


def test_reopening_applies_nothing_and_keeps_schema(db_path: Path) -> None:
    first = open_store(db_path)
    first.locations.add(brenchley())
    first.close()
    before = schema(db_path)

    for _ in range(2):
        again = open_store(db_path)
        try:
            assert again.opened.created is False
            assert again.opened.migrated == ()
            assert again.opened.backup is None
            assert [loc.name for loc in again.locations.by_name()] == ["Brenchley Gardens"]
        finally:
            again.close()
        assert schema(db_path) == before
    assert not (db_path.parent / BACKUP_FOLDER).exists()


def _partly_migrated(path: Path) -> str:
    """Build a database as an older app version left it: every migration but the last.

    Uses the real migration set with sqlite-utils' ``stop_before``, and adds a
    location through the real repository, so the backup path of ``open_database``
    runs exactly as it would after an app update.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    try:
        db = Database(conn)
        register_audit_functions(conn)  # as the app does on every connection (the audit triggers call it)
        migrations.apply(db, stop_before=known_names()[-1])
        location = LocationRepository(db).add(brenchley())
    finally:
        conn.close()
    return location.id


def test_pending_migrations_run_after_a_backup_copy(db_path: Path) -> None:
    location_id = _partly_migrated(db_path)
    last = known_names()[-1]
    tables_before, schema_before = tables(db_path), schema(db_path)
    assert tables_before <= EXPECTED_TABLES

    store = open_store(db_path)
    try:
        assert store.opened.created is False
        assert store.opened.migrated == (last,)
        backup = store.opened.backup
        assert store.locations.get(location_id).name == "Brenchley Gardens"
    finally:
        store.close()

    assert tables(db_path) == EXPECTED_TABLES
    assert schema(db_path) != schema_before, "the last migration must change the schema"
    assert backup is not None and backup.parent == db_path.parent / BACKUP_FOLDER
    assert backup.name.startswith(f"{db_path.stem}.before-migration.")
    assert backup.suffix == db_path.suffix
    # The backup is the database as it was *before* migrating: same data, old schema.
    assert tables(backup) == tables_before
    assert schema(backup) == schema_before
    assert [row[0] for row in raw_rows(backup, f"SELECT name FROM {MIGRATIONS_TABLE}")] == known_names()[:-1]
    assert raw_rows(backup, "SELECT id, name FROM locations") == [(location_id, "Brenchley Gardens")]
    assert raw_rows(backup, "PRAGMA integrity_check") == [("ok",)]


def test_failed_backup_stops_migration(db_path: Path) -> None:
    _partly_migrated(db_path)
    tables_before = tables(db_path)
    # A plain file where the backups folder should be: the copy cannot be written.
    (db_path.parent / BACKUP_FOLDER).write_text("in the way", encoding="utf-8")

    with pytest.raises(StorageError, match="backup copy could not be written"):
        open_store(db_path)

    assert tables(db_path) == tables_before
    rows = raw_rows(db_path, f"SELECT name FROM {MIGRATIONS_TABLE}")
    assert [row[0] for row in rows] == known_names()[:-1]


def test_database_from_a_newer_app_is_refused_untouched(db_path: Path) -> None:
    store = open_store(db_path)
    store.locations.add(brenchley())
    store.db[MIGRATIONS_TABLE].insert(
        {"migration_set": MIGRATION_SET, "name": "9999_from_the_future", "applied_at": "2027-01-01 00:00:00+00:00"}
    )
    store.close()
    before = file_hash(db_path)
    siblings = sorted(p.name for p in db_path.parent.iterdir())

    with pytest.raises(DatabaseTooNewError, match="newer version") as caught:
        open_store(db_path)

    assert "has not been changed" in str(caught.value)
    assert file_hash(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == siblings  # no backup, no journal left behind


def test_text_file_is_refused_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_text("Minutes of the DCSM, 4 November.\nActions: review lighting.\n" * 50, encoding="utf-8")
    before = file_hash(db_path)

    with pytest.raises(NotADatabaseError, match="not a SQLite file"):
        open_store(db_path)

    assert file_hash(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_random_bytes_are_refused_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(os.urandom(4096))
    before = file_hash(db_path)
    with pytest.raises(NotADatabaseError):
        open_store(db_path)
    assert file_hash(db_path) == before


def test_damaged_sqlite_file_is_refused_untouched(db_path: Path) -> None:
    # Right header, garbage after it: looks like SQLite but cannot be read.
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(SQLITE_HEADER + b"\xff" * 4080)
    before = file_hash(db_path)
    with pytest.raises(NotADatabaseError, match="has not been changed"):
        open_store(db_path)
    assert file_hash(db_path) == before


def test_sqlite_file_of_another_app_is_refused_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO contacts (name) VALUES ('Someone else''s data')")
    conn.close()
    before = file_hash(db_path)

    with pytest.raises(NotADatabaseError, match="not one made by the Location Assessment Tool"):
        open_store(db_path)

    assert file_hash(db_path) == before
    assert tables(db_path) == {"contacts"}


def test_other_sqlite_utils_app_with_its_own_migrations_is_refused(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    try:
        db = Database(conn)
        db[MIGRATIONS_TABLE].insert({"migration_set": "some_other_tool", "name": "0001_init", "applied_at": "x"})
    finally:
        conn.close()
    before = file_hash(db_path)
    with pytest.raises(NotADatabaseError):
        open_store(db_path)
    assert file_hash(db_path) == before


def test_folder_instead_of_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="is a folder"):
        open_store(tmp_path)


# Tests run as root in CI, where chmod does not stop writes, so read-only folders and
# files are simulated by making os.access (what open_database consults) answer "no
# write access" for the chosen path only. Everything else stays real.


def _deny_write(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    real_access = os.access

    def fake_access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
        if Path(str(path)) == denied and mode & os.W_OK:
            return False
        return real_access(path, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", fake_access)


def test_read_only_folder_is_refused_and_nothing_created(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db_path.parent.mkdir(parents=True)
    _deny_write(monkeypatch, db_path.parent)
    with pytest.raises(ReadOnlyError, match="read-only") as caught:
        open_store(db_path)
    assert "Choose a folder you can write to" in str(caught.value)
    assert list(db_path.parent.iterdir()) == []


def test_read_only_file_is_refused_untouched(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(db_path)
    store.locations.add(brenchley())
    store.close()
    before = file_hash(db_path)
    _deny_write(monkeypatch, db_path)

    with pytest.raises(ReadOnlyError, match="read-only"):
        open_store(db_path)

    assert file_hash(db_path) == before
    monkeypatch.undo()
    store = open_store(db_path)
    try:
        assert [loc.name for loc in store.locations.by_name()] == ["Brenchley Gardens"]
    finally:
        store.close()
