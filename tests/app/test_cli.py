"""The command line, run as a user would: ``python main.py ...`` in a subprocess with real files.

The window path is tested in-process with a stand-in ``ui.startup`` (no Qt needed),
and with the real window, which quits once shown when ``LAT_BENCH_EXIT_ON_SHOWN=1``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from app import cli
from safeguarding.demo import build_demo_database
from safeguarding.model import Location
from safeguarding.paths import default_database_path
from safeguarding.store import open_store

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "main.py"


def run(
    *args: str | Path, extra_env: dict[str, str] | None = None, python_options: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """Run ``python [python_options] main.py *args`` with a private data folder; return the finished process."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONWARNINGS": "error", **(extra_env or {})}
    return subprocess.run(
        [sys.executable, *python_options, str(MAIN), *map(str, args)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_plain_failure(result: subprocess.CompletedProcess[str], code: int, *phrases: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    for phrase in phrases:
        assert phrase in result.stderr


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    return build_demo_database(tmp_path / "demo.sqlite3")


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "demo" in result.stdout and "export" in result.stdout and "--db" in result.stdout


def test_demo_creates_then_refuses_then_replaces_with_force(tmp_path: Path) -> None:
    path = tmp_path / "folder" / "demo.sqlite3"
    first = run("demo", path)
    assert first.returncode == 0, first.stderr
    assert "fictional" in first.stdout
    store = open_store(path)
    try:
        assert {location.name for location in store.locations.by_name()} == {
            "Brenchley Gardens",
            "North Week Street",
            "Maidstone East station forecourt",
        }
    finally:
        store.close()

    again = run("demo", path)
    assert_plain_failure(again, 1, "already exists", "--force")

    forced = run("demo", path, "--force")
    assert forced.returncode == 0, forced.stderr


def test_headless_commands_do_not_load_qt(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", str(MAIN), "demo", str(tmp_path / "d.sqlite3")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0
    assert "PySide6" not in result.stderr


def test_export_from_a_file_that_is_not_sqlite_gets_a_plain_message(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n", encoding="utf-8")
    result = run("export", notes, "--location", "Anywhere", "--out", str(tmp_path / "r.pdf"))
    assert_plain_failure(result, 1, "notes.txt is not a database", "not a SQLite file")
    assert notes.read_text(encoding="utf-8") == "shopping list\n"


def test_window_on_a_file_that_is_not_sqlite_opens_and_leaves_it_alone(tmp_path: Path) -> None:
    """The window explains the problem itself (tests/ui checks the message); nothing crashes."""
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n", encoding="utf-8")
    result = run("--db", notes, extra_env={"LAT_BENCH_EXIT_ON_SHOWN": "1"})
    assert result.returncode == 0, result.stderr
    assert "WINDOW_SHOWN" in result.stdout
    assert "Traceback" not in result.stderr
    assert notes.read_text(encoding="utf-8") == "shopping list\n"


def test_window_start_up_leaves_the_web_engine_folium_and_reportlab_for_later(demo_db: Path) -> None:
    """Issues 7 and 14: what the listed locations do not need loads only when first needed.

    The map's web engine and folium, the report's reportlab, numpy (sqlite-utils is imported
    without it), Pillow (photos), cryptography (a plain database needs no key) and the
    assessment editor (built when an assessment is first opened).
    """
    result = run("--db", demo_db, extra_env={"LAT_BENCH_EXIT_ON_SHOWN": "1"}, python_options=("-X", "importtime"))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "WINDOW_READY" in result.stdout  # the demo's locations were listed
    marks = [line.split() for line in result.stdout.splitlines() if line.startswith("WINDOW_")]
    times = {name: float(seconds) for name, seconds in marks}
    assert times["WINDOW_SHOWN"] <= times["WINDOW_READY"] <= times["WINDOW_OPEN"]  # listed, then the store opened
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "PySide6.QtWidgets" in imported and "safeguarding.store" in imported
    later = {"folium", "reportlab", "numpy", "PIL", "cryptography"}
    late = {name for name in imported if name.split(".")[0] in later or "QtWebEngine" in name}
    assert late == set()
    assert "ui.editor.editor" not in imported and "ui.locations_page" in imported


def test_export_of_a_missing_database_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "missing.sqlite3"
    result = run("export", missing, "--location", "Brenchley Gardens", "--out", tmp_path / "r.pdf")
    assert_plain_failure(result, 1, "There is no database at")
    assert not missing.exists()


def test_export_of_an_unknown_location_lists_the_names(demo_db: Path, tmp_path: Path) -> None:
    result = run("export", demo_db, "--location", "Mote Park", "--out", tmp_path / "r.pdf")
    assert_plain_failure(result, 2, 'No location called "Mote Park"', '"Brenchley Gardens"', '"North Week Street"')
    assert not (tmp_path / "r.pdf").exists()


def test_export_of_an_ambiguous_name_fails_with_usage_code(demo_db: Path, tmp_path: Path) -> None:
    # The app now refuses duplicate names; a database from before that rule may still hold them.
    store = open_store(demo_db)
    try:
        original = store.locations.find_by_name("Brenchley Gardens")[0]
        row = dict(next(store.db["locations"].rows_where("id = ?", [original.id])))
        store.db["locations"].insert({**row, "id": "0" * 32, "name": "brenchley GARDENS"})
    finally:
        store.close()
    result = run("export", demo_db, "--location", "Brenchley Gardens", "--out", tmp_path / "r.pdf")
    assert_plain_failure(result, 2, '2 locations are called "Brenchley Gardens"')


def test_export_of_a_location_without_assessment(demo_db: Path, tmp_path: Path) -> None:
    store = open_store(demo_db)
    try:
        store.locations.add(Location(name="Fremlin Walk", district="Maidstone"))
    finally:
        store.close()
    result = run("export", demo_db, "--location", "fremlin walk", "--out", tmp_path / "r.pdf")
    assert_plain_failure(result, 2, "has no assessment yet")


def test_export_writes_a_pdf_of_the_latest_assessment(demo_db: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "report.pdf"
    result = run("export", demo_db, "--location", "brenchley gardens", "--out", out)
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    assert out.read_bytes().startswith(b"%PDF")
    text = " ".join(page.extract_text() or "" for page in PdfReader(out).pages)
    assert "Brenchley Gardens" in " ".join(text.split())


# --- The window path, in-process with a stand-in ui.startup -----------------------------------------


@pytest.fixture
def fake_ui(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, bool]]:
    """Replace ``ui.startup`` by a module whose ``run`` records (path, first_run) and returns 0."""
    calls: list[tuple[Path, bool]] = []

    def fake_run(db_path: Path, *, demo: bool = False, first_run: bool = False) -> int:
        calls.append((db_path, first_run))
        return 0

    module: Any = types.ModuleType("ui.startup")
    module.run = fake_run
    monkeypatch.setitem(sys.modules, "ui.startup", module)
    return calls


def test_first_run_is_detected_only_while_no_database_exists(fake_ui: list[tuple[Path, bool]]) -> None:
    path = default_database_path()
    assert not path.exists()
    assert cli.main([]) == 0
    assert fake_ui == [(path, True)]
    build_demo_database(path)
    assert cli.main([]) == 0
    assert fake_ui[1] == (path, False)


def test_db_option_is_never_a_first_run(tmp_path: Path, fake_ui: list[tuple[Path, bool]]) -> None:
    path = tmp_path / "new" / "work.sqlite3"
    assert cli.main(["--db", str(path)]) == 0
    assert fake_ui == [(path, False)]
    assert not default_database_path().exists()


def test_real_window_opens_on_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite3"
    result = run("--db", path, extra_env={"LAT_BENCH_EXIT_ON_SHOWN": "1", "QTWEBENGINE_DISABLE_SANDBOX": "1"})
    assert result.returncode == 0, result.stderr
    assert "WINDOW_SHOWN" in result.stdout
    assert path.exists()


def test_export_problem_is_a_plain_message(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "no such folder" / "report.pdf"
    result = run("export", demo_db, "--location", "Brenchley Gardens", "--out", out)
    assert_plain_failure(result, 1)
    assert result.stderr.strip()  # the ExportError's own message, whatever its wording
    assert not out.parent.exists()


@pytest.mark.parametrize(
    "arguments",
    [
        [],
        ["--db", "a.sqlite3"],
        ["--db=b.sqlite3"],
        ["--db", "with space/c.sqlite3"],
        ["--db", "-x"],
        ["--db"],
        ["--db="],
        ["--db", "a", "--db", "b"],
        ["--help"],
        ["--version"],
        ["demo", "x.sqlite3"],
        ["--dbx", "a"],
    ],
)
def test_the_window_fast_path_reads_exactly_what_argparse_reads_as_the_window(arguments: list[str]) -> None:
    window, db = cli.window_arguments(arguments)
    if window:  # the fast path must agree with the full parser
        parsed = cli.build_parser().parse_args(arguments)
        assert parsed.command is None and parsed.db == db
    else:  # left to argparse: a command, a question or a mistake it explains
        assert arguments not in ([], ["--db", "a.sqlite3"], ["--db=b.sqlite3"], ["--db", "with space/c.sqlite3"])


def test_export_finds_a_location_name_in_any_case_and_script(demo_db: Path, tmp_path: Path) -> None:
    from safeguarding.forms import FormLibrary

    store = open_store(demo_db)
    try:
        place = store.locations.add(Location(name="Łąki nad Wisłą", district="Maidstone (fictional)"))
        store.assessments.create(place.id, FormLibrary.load().current(), assessor_name="A. Worker")
    finally:
        store.close()
    out = tmp_path / "r.pdf"
    result = run("export", demo_db, "--location", "ŁĄKI NAD WISŁĄ", "--out", out)
    assert result.returncode == 0, result.stderr
    assert '"Łąki nad Wisłą"' in result.stdout
    result = run("export", demo_db, "--location", "łąki nad wisłą", "--out", out)
    assert result.returncode == 0, result.stderr


def test_export_over_an_empty_file_replaces_it_and_never_writes_into_it(demo_db: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "report.pdf"
    out.touch()  # e.g. left by "New file" or mktemp
    empty_inode = out.stat().st_ino
    result = run("export", demo_db, "--location", "Brenchley Gardens", "--out", out)
    assert result.returncode == 0, result.stderr
    # A new file took its place in one step (another inode): the empty one was never opened and filled.
    assert out.stat().st_ino != empty_inode
    assert len(PdfReader(out).pages) > 5
    assert [path.name for path in tmp_path.iterdir() if "report" in path.name] == ["report.pdf"]


def test_writing_commands_refuse_a_database_open_in_a_window(demo_db: Path, tmp_path: Path) -> None:
    from tests.store.test_instance_lock import start_holder

    passphrase = tmp_path / "passphrase.txt"
    passphrase.write_text("correct horse battery staple 42\n", encoding="utf-8")
    before = demo_db.read_bytes()
    holder = start_holder(demo_db, "Sam Patel")
    try:
        for args in (("demo", demo_db, "--force"), ("encrypt", demo_db, "--passphrase-file", passphrase)):
            result = run(*args)
            assert_plain_failure(result, 1, "demo.sqlite3 is open for editing by Sam Patel on ", "Nothing was changed")
        assert demo_db.read_bytes() == before
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.communicate(timeout=30)
    again = run("demo", demo_db, "--force")  # the window closed: the command runs
    assert again.returncode == 0, again.stderr
