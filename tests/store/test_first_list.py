"""Start-up's first locations list: read without sqlite-utils, equal to the store's, never writing (issue 14)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from safeguarding.forms import FormDefinition
from safeguarding.model import Location, Rating, Side
from safeguarding.store import Store, open_store, read_first_list
from tests.store.conftest import brenchley, file_hash

ROOT = Path(__file__).resolve().parents[2]


def _fill(store: Store, form: FormDefinition) -> None:
    """Three locations: one with two assessments (the newer rated), one with none, one archived."""
    gardens = store.locations.add(brenchley())
    store.assessments.create(gardens.id, form, assessor_name="A. Tester")
    newer = store.assessments.create(gardens.id, form, assessor_name="A. Tester")
    newer.findings[Side.GUARDIANSHIP].rating = Rating.AMBER
    store.assessments.save(newer)
    store.locations.add(Location(name="albion Place"))  # lower case: listed by name ignoring case
    archived = store.locations.add(Location(name="Old Depot"))
    store.locations.set_archived(archived.id)


def test_the_first_list_is_the_stores_list(db_path: Path, form: FormDefinition) -> None:
    store = open_store(db_path)
    try:
        _fill(store, form)
        expected = store.locations.summaries()
    finally:
        store.close()
    before = file_hash(db_path)
    rows = read_first_list(db_path)
    assert rows == expected and [row.location.name for row in rows] == ["albion Place", "Brenchley Gardens"]
    assert rows[1].ratings[Side.GUARDIANSHIP] is Rating.AMBER
    assert file_hash(db_path) == before  # read only


def test_what_cannot_be_listed_this_way_gives_none_and_stays_as_it_was(tmp_path: Path) -> None:
    assert read_first_list(tmp_path / "missing.sqlite3") is None
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n", encoding="utf-8")
    assert read_first_list(empty) is None and read_first_list(notes) is None
    assert empty.read_bytes() == b"" and notes.read_text(encoding="utf-8") == "shopping list\n"
    assert not (tmp_path / "missing.sqlite3").exists()


def test_a_rollback_journal_beside_it_is_left_to_the_store(db_path: Path) -> None:
    open_store(db_path).close()
    journal = Path(f"{db_path}-journal")
    journal.write_bytes(b"left by a crash")
    assert read_first_list(db_path) is None
    assert journal.read_bytes() == b"left by a crash"


def test_a_database_of_another_layout_gives_none(tmp_path: Path) -> None:
    import sqlite3

    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE locations (id TEXT PRIMARY KEY, title TEXT)")
    conn.close()
    assert read_first_list(other) is None


def test_reading_the_first_list_loads_no_sqlite_utils(db_path: Path) -> None:
    open_store(db_path).close()
    code = (
        "import sys; from pathlib import Path; from safeguarding.store import read_first_list; "
        f"assert read_first_list(Path({str(db_path)!r})) == []; print('sqlite_utils' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
