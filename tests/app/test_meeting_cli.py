"""The DCSM commands run as a user would: ``pack``, ``minutes``, ``tracker`` and ``search`` on the demo database."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from safeguarding.demo import build_demo_database
from safeguarding.store import open_store
from tests.app.test_cli import assert_plain_failure, run
from tests.reports.pdfread import read_pdf


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_database(tmp_path_factory.mktemp("cli") / "demo.sqlite3")


@pytest.fixture
def demo_db(demo_file: Path, tmp_path: Path) -> Path:
    return Path(shutil.copyfile(demo_file, tmp_path / "demo.sqlite3"))


def test_pack_minutes_and_tracker(demo_db: Path, tmp_path: Path) -> None:
    pack = run(
        "pack", demo_db, "--meeting", "2026-12-17", "--out", tmp_path / "pack.pdf",
        "--for", "Maidstone DCSM members", "--basis", "crime_disorder", "--why", "December meeting",
    )  # fmt: skip
    assert pack.returncode == 0, pack.stderr
    assert "Meeting pack of the DCSM of 17 December 2026 (3 items) written to" in pack.stdout
    assert "Front sheet" in read_pdf(tmp_path / "pack.pdf").text
    minutes = run("minutes", demo_db, "--meeting", "2026-11-19", "--out", tmp_path / "minutes.pdf", "--redacted")
    assert minutes.returncode == 0, minutes.stderr
    assert "REDACTED copy" in read_pdf(tmp_path / "minutes.pdf").text
    tracker = run("tracker", demo_db, "--out", tmp_path / "tracker.csv")
    assert tracker.returncode == 0, tracker.stderr
    assert (tmp_path / "tracker.csv").read_text(encoding="utf-8-sig").startswith("Owner agency,Lead,Location")
    # Every paper written is in the sharing log, with for whom and why.
    store = open_store(demo_db)
    try:
        logged = {entry.kind: entry for entry in store.sharing.entries()}
    finally:
        store.close()
    assert {"meeting_pack", "meeting_minutes", "action_tracker"} <= set(logged)
    assert logged["meeting_minutes"].redacted and not logged["meeting_pack"].redacted
    assert logged["meeting_pack"].details.recipient == "Maidstone DCSM members"
    assert logged["meeting_pack"].description == "Meeting pack of the DCSM of 17 December 2026 (3 items)"


def test_papers_refuse_plainly(demo_db: Path, tmp_path: Path) -> None:
    assert_plain_failure(
        run("minutes", demo_db, "--meeting", "2026-12-17", "--out", tmp_path / "m.pdf"), 1, "once the meeting is"
    )
    assert_plain_failure(
        run("pack", demo_db, "--meeting", "2026-12-18", "--out", tmp_path / "p.pdf"),
        1,
        "There is no meeting on 18 December 2026. Meetings: 17 December 2026, 19 November 2026.",
    )
    assert_plain_failure(run("pack", demo_db, "--meeting", "17/12/2026", "--out", tmp_path / "p.pdf"), 2, "YYYY-MM-DD")
    assert not list(tmp_path.glob("*.pdf"))


def test_search_lines_and_json(demo_db: Path) -> None:
    lines = run("search", demo_db, "lamps", "--type", "pin", "--location", "brenchley gardens")
    assert lines.returncode == 0, lines.stderr
    first = lines.stdout.splitlines()[0]
    assert first.startswith("Map pin · Brenchley Gardens · ") and "[lamps]" in first
    found = run("search", demo_db, "", "--type", "visit", "--since", "2026-10-01", "--band", "late_night", "--json")
    assert found.returncode == 0, found.stderr
    results = json.loads(found.stdout)
    assert results and {r["record_type"] for r in results} == {"visit"}
    assert all(r["date"] >= "2026-10-01" and r["time_band"].startswith("Late night") for r in results)
    assert {"record_type", "location", "date", "snippet"} <= set(results[0])
    assert_plain_failure(run("search", demo_db, "x", "--type", "sighting"), 2, "unknown record type 'sighting'")
    assert_plain_failure(run("search", demo_db, "x", "--location", "Mote Park"), 2, "No single location called")


def test_papers_say_what_could_not_be_printed(demo_db: Path, tmp_path: Path) -> None:
    """An emoji and a letter no report font has ("𓀀") print as placeholders; the command says how many and where."""
    from safeguarding.workflows.meetings import finalise_meeting
    from tests.meetings.test_meetings import _finalisable

    store = open_store(demo_db)
    try:
        meeting = _finalisable(store)
        meeting.items[0].decision_sought = "Agree the next steps 😀 𓀀"
        assert meeting.items[0].review is not None
        meeting.items[0].review.notes = "Chair thanked the patrol team 😀"
        store.meetings.save(meeting)
        finalise_meeting(store, meeting.id)
    finally:
        store.close()
    pack = run("pack", demo_db, "--meeting", "2026-12-17", "--out", tmp_path / "pack.pdf")
    assert pack.returncode == 0, pack.stderr
    assert "Agree the next steps [emoji] [character not printable]" in read_pdf(tmp_path / "pack.pdf").text
    note = pack.stdout.splitlines()[-1]
    assert note.startswith("Note: 4 characters could not be printed (emoji, or letters none of the report's fonts")
    assert "2 in the agenda, item 1 (Brenchley Gardens); 2 in the front sheet of item 1 (Brenchley Gardens)." in note
    minutes = run("minutes", demo_db, "--meeting", "2026-12-17", "--out", tmp_path / "minutes.pdf")
    assert minutes.returncode == 0, minutes.stderr
    assert "Chair thanked the patrol team [emoji]" in read_pdf(tmp_path / "minutes.pdf").text
    assert minutes.stdout.splitlines()[-1].startswith("Note: 1 character could not be printed")
    assert "1 in the minutes of item 1 (Brenchley Gardens)." in minutes.stdout
    # A paper that printed everything has no note.
    november = run("minutes", demo_db, "--meeting", "2026-11-19", "--out", tmp_path / "november.pdf")
    assert november.returncode == 0, november.stderr
    assert "written to" in november.stdout and "Note:" not in november.stdout
