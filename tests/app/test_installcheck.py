"""The installation check: each part of the app that loads at run time, on throw-away data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import cli, installcheck
from app.installcheck import check_data_folder, check_map_in_child, last_error_line, run_checks
from safeguarding.errors import FormDefinitionError, StorageError
from safeguarding.forms import FormLibrary

ROOT = Path(__file__).resolve().parents[2]
IS_ROOT = getattr(os, "geteuid", lambda: -1)() == 0


def run_check(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``main.py check ARGS`` in a real process; its temporary folders go to ``tmp_path/tmp`` (kept empty)."""
    (tmp_path / "tmp").mkdir(exist_ok=True)
    full_env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "LAT_DATA_DIR": str(tmp_path / "userdata"),
        "TMPDIR": str(tmp_path / "tmp"),
        **env,
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "check", *args],
        cwd=ROOT,
        env=full_env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_every_check_passes_here_and_leaves_its_files_in_the_given_folder(tmp_path: Path) -> None:
    results = list(run_checks(tmp_path))
    assert [r.name for r in results] == [
        "Assessment forms",
        "UK time rules",
        "Demo database",
        "Encryption",
        "DCSM report and fonts",
        "Audit trail seals",
        "Photos",
    ]
    assert all(r.ok for r in results), [r for r in results if not r.ok]
    assert "JPEG and HEIC" in results[-1].detail
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF-")
    assert (tmp_path / "encrypted.sqlite3.keys.json").is_file()


def test_a_broken_part_fails_plainly_and_the_other_checks_still_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(cls: type[FormLibrary]) -> FormLibrary:
        raise FormDefinitionError("The form file location_assessment.toml is missing.")

    monkeypatch.setattr(FormLibrary, "load", classmethod(broken))
    results = {r.name: r for r in run_checks(tmp_path)}
    assert not results["Assessment forms"].ok
    assert results["Assessment forms"].detail == "The form file location_assessment.toml is missing."
    assert not results["DCSM report and fonts"].ok  # it needs the form too
    assert results["Encryption"].ok and results["Photos"].ok and results["UK time rules"].ok


def test_a_report_without_embedded_fonts_fails_the_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import safeguarding.reports.export

    def fontless(location: object, assessment: object, form: object, out: Path, **_: object) -> Path:
        out.write_bytes(b"%PDF-1.4\n% no fonts here\n")
        return out

    monkeypatch.setattr(safeguarding.reports.export, "export_assessment_report", fontless)
    results = {r.name: r for r in installcheck.run_checks(tmp_path)}
    assert not results["DCSM report and fonts"].ok
    assert "without its embedded fonts" in results["DCSM report and fonts"].detail


def test_check_command_draws_the_map_in_a_child_process_quietly_and_leaves_nothing_behind(tmp_path: Path) -> None:
    result = run_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == f"ok     Data folder: {tmp_path / 'userdata'} (set by LAT_DATA_DIR) can be written; it has no database yet"
    )
    assert lines[1].startswith("ok     Qt binding: PySide6 6.11.3 (Qt 6.11.3) on Python 3.")
    assert "reference counts steady" in lines[1]
    assert "ok     Map page (offline): web engine drew the map with 8 pins, no network used" in lines
    assert lines[2] == (
        f"ok     Audit trail of your database: no database at {tmp_path / 'userdata' / 'assessments.sqlite3'} yet: "
        "nothing to check"
    )
    assert lines[-1] == "All 11 checks passed."
    assert "Sandboxing" not in result.stderr and "dbus" not in result.stderr  # the web engine's chatter is kept
    assert not (tmp_path / "userdata").exists()  # the user's data folder is never touched
    assert list((tmp_path / "tmp").iterdir()) == []  # the throw-away folder, keys and all, is gone


def test_a_web_engine_that_cannot_start_fails_the_map_check_and_the_others_still_report(tmp_path: Path) -> None:
    result = run_check(tmp_path, QTWEBENGINEPROCESS_PATH=str(tmp_path / "nonexistent"))
    assert result.returncode == 1, result.stdout + result.stderr[-2000:]
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
    assert failed == [
        "FAILED Map page (offline): the web engine stopped the program (signal 6, SIGABRT): The following paths "
        f"were searched for Qt WebEngine Process: {tmp_path / 'nonexistent'} but could not find it."
    ]
    assert result.stdout.splitlines()[-1] == "1 of 11 checks failed: Map page (offline)."
    assert "Traceback" not in result.stderr
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_qt_that_cannot_load_fails_the_map_check_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "fake" / "PySide6"  # found before the real PySide6, as a broken install would fail
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(
        'raise ImportError("libGL.so.1: cannot open shared object file: No such file or directory")\n'
    )
    monkeypatch.setenv("PYTHONPATH", str(fake.parent))
    database = tmp_path / "demo.sqlite3"
    database.write_bytes(b"")
    result = check_map_in_child(database)
    assert not result.ok
    assert (
        result.detail
        == "Qt could not be loaded (libGL.so.1: cannot open shared object file: No such file or directory)"
    )


def test_a_map_check_that_never_finishes_is_stopped(tmp_path: Path) -> None:
    hangs = [sys.executable, "-c", "import threading; threading.Event().wait()"]
    result = check_map_in_child(tmp_path / "demo.sqlite3", timeout=0.5, command=hangs)
    assert not result.ok
    assert result.detail == "the Map page did not finish within 0.5 seconds and was stopped"


def test_a_map_check_that_ends_without_a_result_says_how_it_ended(tmp_path: Path) -> None:
    script = "import sys; sys.stderr.write('Something went wrong here\\nQVulkanInstance: Failed\\n'); sys.exit(3)"
    result = check_map_in_child(tmp_path / "demo.sqlite3", command=[sys.executable, "-c", script])
    assert not result.ok
    assert result.detail == "the Map page check ended without a result (exit code 3): Something went wrong here"


def test_the_last_meaningful_error_line_skips_chatter_and_keeps_a_tracebacks_exception() -> None:
    traceback = "Traceback (most recent call last):\n  File 'x.py', line 1\nImportError: libGL.so.1: missing\n"
    assert last_error_line(traceback + "Sandboxing disabled by user.\n") == "ImportError: libGL.so.1: missing"
    assert last_error_line("first\n\nThe following paths:\n  /x\nbut not found.\n\n") == (
        "The following paths: /x but not found."
    )
    assert last_error_line("[1:2:ERROR:bus.cc] Failed to connect to the bus (dbus)\n") == ""
    assert len(last_error_line("x" * 1000)) == 300


@pytest.mark.parametrize("window", [True, False])
def test_without_a_demo_database_the_map_check_is_reported_not_dropped(
    window: bool, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], private_data_dir: Path
) -> None:
    import safeguarding.demo

    def broken(path: Path, **_: object) -> None:
        raise StorageError("The disk is full, so the change could not be saved. Free some space and try again.")

    monkeypatch.setattr(safeguarding.demo, "build_demo_database", broken)
    code = cli.main(["check"] if window else ["check", "--no-window"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    if window:
        assert "FAILED Map page (offline): not checked: the demo database could not be built" in lines
        assert lines[-1] == (
            "4 of 11 checks failed: Demo database, DCSM report and fonts, Audit trail seals, Map page (offline)."
        )
    else:
        assert not any("Map page" in line for line in lines[:-1])
        assert lines[-1] == (
            "3 of 10 checks failed: Demo database, DCSM report and fonts, Audit trail seals. The Map page was not "
            "checked (--no-window)."
        )
    assert os.environ["LAT_DATA_DIR"] == str(private_data_dir)  # the temporary folder was only for the check


def test_the_data_folder_is_created_written_and_left_as_it_was(tmp_path: Path) -> None:
    missing = tmp_path / "new" / "data"
    result = check_data_folder(missing)
    assert result.ok, result
    assert result.detail == f"{missing} can be written; it has no database yet"
    assert not (tmp_path / "new").exists()  # folders it made are removed again
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "assessments.sqlite3").write_bytes(b"not opened")
    assert check_data_folder(existing).detail.endswith("it holds a database")
    assert [(f.name, f.read_bytes()) for f in existing.iterdir()] == [("assessments.sqlite3", b"not opened")]


def test_a_data_folder_that_cannot_be_created_fails_with_the_apps_message(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("a file, not a folder")
    result = check_data_folder(tmp_path / "afile" / "data")
    assert not result.ok
    assert result.detail == (
        f"The data folder {tmp_path / 'afile' / 'data'} cannot be created (Not a directory). "
        "Choose a folder you can write to."
    )


@pytest.mark.skipif(IS_ROOT, reason="root writes into read-only folders")
def test_a_read_only_data_folder_fails_with_the_apps_message(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = check_data_folder(folder)
    finally:
        folder.chmod(0o700)
    assert not result.ok
    assert result.detail.startswith(f"The data folder {folder} is read-only, so assessments could not be saved there.")
    assert list(folder.iterdir()) == []


def test_a_data_folder_on_a_read_only_disk_fails_even_for_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def read_only_disk(**_: object) -> tuple[int, str]:
        raise OSError(30, "Read-only file system")  # what a read-only mount says, to root too

    monkeypatch.setattr(tempfile, "mkstemp", read_only_disk)
    result = check_data_folder(tmp_path / "data")
    assert not result.ok
    assert "is read-only, so assessments could not be saved there (Read-only file system)" in result.detail
    assert not (tmp_path / "data").exists()


def test_check_command_run_from_the_command_line_reports_an_unwritable_data_folder(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("a file, not a folder")
    result = run_check(tmp_path, "--no-window", LAT_DATA_DIR=str(tmp_path / "afile" / "data"))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("FAILED Data folder: The data folder ")
    assert result.stdout.splitlines()[-1] == (
        "1 of 10 checks failed: Data folder. The Map page was not checked (--no-window)."
    )


def test_check_output_into_a_closed_pipe_ends_quietly_with_the_checks_result(tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `check | head -1` once head has gone: every write fails
    try:
        env = {**os.environ, "LAT_DATA_DIR": str(tmp_path / "userdata")}
        result = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "check", "--no-window"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=180,
            check=False,
        )
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == 0
