"""`action-plan`: the action plan CSV from the command line, the same file as the window's, logged as shared."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from app.cli import main
from safeguarding.store import open_store
from safeguarding.workflows.action_plan import HEADERS, action_plan_rows, read_action_plan

PLACE = "Brenchley Gardens"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("plan-cli") / "demo.sqlite3"
    assert main(["demo", str(db)]) == 0
    return db


def test_the_latest_assessment_s_plan_is_written_and_logged(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.csv"
    args = ["action-plan", str(demo_db), "--location", PLACE.upper(), "--out", str(out)]
    assert main([*args, "--for", "Kent Police", "--basis", "crime_disorder", "--why", "joint patrols"]) == 0
    store = open_store(demo_db)
    try:
        latest = store.assessments.latest_for_location(store.locations.find_by_name(PLACE)[0].id)
        assert latest is not None
        request = read_action_plan(store, latest.id)
        logged = [entry for entry in store.sharing.entries() if entry.file_name == "plan.csv"]
    finally:
        store.close()
    with out.open(encoding="utf-8", newline="") as stream:
        table = list(csv.reader(stream))
    assert tuple(table[0]) == HEADERS
    assert table == action_plan_rows(request.location, request.assessment, request.plan, request.today)
    assert len(table) > 1 and {row[0] for row in table[1:]} == {PLACE}
    assert f'Action plan of "{PLACE}" ({len(table) - 1} actions' in capsys.readouterr().out
    (entry,) = logged
    assert (entry.kind, entry.via, entry.redacted, entry.about_assessment) == (
        "action_plan",
        "command line",
        False,
        latest.id,
    )
    assert (entry.details.recipient, entry.details.lawful_basis, entry.details.purpose) == (
        "Kent Police",
        "crime_disorder",
        "joint patrols",
    )


def test_an_unknown_place_is_a_usage_error_that_lists_the_places(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.csv"
    assert main(["action-plan", str(demo_db), "--location", "Nowhere Park", "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert 'No location called "Nowhere Park"' in error and f'"{PLACE}"' in error
    assert not out.exists()


def test_a_plan_that_cannot_be_saved_says_so_and_is_not_logged(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _log_size(demo_db)
    out = tmp_path / "missing" / "plan.csv"
    assert main(["action-plan", str(demo_db), "--location", PLACE, "--out", str(out)]) == 1
    assert "does not exist, so the action plan could not be saved" in capsys.readouterr().err
    assert _log_size(demo_db) == before


def _log_size(db: Path) -> int:
    store = open_store(db)
    try:
        return len(store.sharing.entries())
    finally:
        store.close()
