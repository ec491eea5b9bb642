"""Field-level compare-and-set: edits to different fields both survive; the same field conflicts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from safeguarding.errors import NotFoundError
from safeguarding.store.immediate import ImmediateDatabase
from safeguarding.store.revisions import EditConflictError, FieldChange, apply_changes, changes_between

T0 = datetime(2026, 12, 7, 21, 40, tzinfo=UTC)
T1 = datetime(2026, 12, 7, 21, 45, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path) -> ImmediateDatabase:
    database = ImmediateDatabase(tmp_path / "r.sqlite3")
    database.execute(
        "CREATE TABLE notes (id TEXT PRIMARY KEY, weather TEXT, notes TEXT, revision INTEGER NOT NULL DEFAULT 1, "
        "updated_by TEXT NOT NULL DEFAULT '', updated_at TEXT)"
    )
    database["notes"].insert({"id": "v1", "weather": "dry", "notes": "Quiet.", "updated_at": "2026-12-07T20:00:00Z"})
    return database


def row(db: ImmediateDatabase) -> dict[str, object]:
    return dict(db["notes"].get("v1"))


def test_changes_between_lists_only_the_columns_that_differ() -> None:
    base = {"weather": "dry", "notes": "Quiet.", "light": "dusk"}
    edited = {"weather": "rain", "notes": "Quiet.", "light": "dusk"}
    assert changes_between(base, edited, ["weather", "notes", "light"]) == [FieldChange("weather", "dry", "rain")]


def test_edits_to_different_fields_of_one_record_both_survive(db: ImmediateDatabase) -> None:
    assert apply_changes(db, "notes", "v1", [FieldChange("weather", "dry", "rain")], now=T0, actor="Sam") == 2
    # the second window loaded before the first saved, and changed only the notes
    assert apply_changes(db, "notes", "v1", [FieldChange("notes", "Quiet.", "Busy.")], now=T1, actor="Alex") == 3
    saved = row(db)
    assert (saved["weather"], saved["notes"], saved["revision"], saved["updated_by"]) == ("rain", "Busy.", 3, "Alex")


def test_the_same_field_changed_twice_conflicts_and_nothing_is_written(db: ImmediateDatabase) -> None:
    apply_changes(
        db, "notes", "v1", [FieldChange("notes", "Quiet.", "Group of ten by the bandstand.")], now=T0, actor="Sam"
    )
    with pytest.raises(EditConflictError) as caught:
        apply_changes(
            db,
            "notes",
            "v1",
            [FieldChange("weather", "dry", "rain"), FieldChange("notes", "Quiet.", "Two adults on the bench.")],
            now=T1,
            actor="Alex",
        )
    (conflict,) = caught.value.conflicts
    assert (conflict.column, conflict.base, conflict.mine) == ("notes", "Quiet.", "Two adults on the bench.")
    assert (conflict.theirs, conflict.their_author, conflict.their_time) == (
        "Group of ten by the bandstand.",
        "Sam",
        T0,
    )
    assert caught.value.revision == 2
    assert "Sam changed the same field while you were editing" in str(caught.value)
    assert row(db)["weather"] == "dry"  # the non-conflicting change waits for the user's choice too


def test_the_same_change_made_twice_is_not_a_conflict(db: ImmediateDatabase) -> None:
    apply_changes(db, "notes", "v1", [FieldChange("weather", "dry", "rain")], now=T0, actor="Sam")
    assert apply_changes(db, "notes", "v1", [FieldChange("weather", "dry", "rain")], now=T1, actor="Alex") == 2


def test_the_users_choice_saves_against_the_current_value(db: ImmediateDatabase) -> None:
    apply_changes(db, "notes", "v1", [FieldChange("notes", "Quiet.", "Theirs.")], now=T0, actor="Sam")
    with pytest.raises(EditConflictError) as caught:
        apply_changes(db, "notes", "v1", [FieldChange("notes", "Quiet.", "Mine.")], now=T1, actor="Alex")
    theirs = caught.value.conflicts[0].theirs
    apply_changes(db, "notes", "v1", [FieldChange("notes", theirs, "Mine. Theirs.")], now=T1, actor="Alex")
    assert row(db)["notes"] == "Mine. Theirs."


def test_no_change_writes_nothing(db: ImmediateDatabase) -> None:
    assert apply_changes(db, "notes", "v1", [], now=T0, actor="Sam") == 1
    assert row(db)["updated_by"] == ""


def test_a_deleted_record_is_reported(db: ImmediateDatabase) -> None:
    with pytest.raises(NotFoundError, match="deleted in another window"):
        apply_changes(db, "notes", "gone", [FieldChange("notes", "a", "b")], now=T0, actor="Sam")
