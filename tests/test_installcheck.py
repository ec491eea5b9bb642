"""The installation check: each part of the app that loads at run time, on throw-away data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from safeguarding import installcheck
from safeguarding.errors import FormDefinitionError
from safeguarding.forms import FormLibrary
from safeguarding.installcheck import run_checks

ROOT = Path(__file__).resolve().parents[1]


def test_every_check_passes_here_and_leaves_its_files_in_the_given_folder(tmp_path: Path) -> None:
    results = list(run_checks(tmp_path))
    assert [r.name for r in results] == [
        "Assessment forms",
        "UK time rules",
        "Demo database",
        "Encryption",
        "DCSM report and fonts",
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
    import safeguarding.reports

    def fontless(location: object, assessment: object, form: object, out: Path, **_: object) -> Path:
        out.write_bytes(b"%PDF-1.4\n% no fonts here\n")
        return out

    monkeypatch.setattr(safeguarding.reports, "export_assessment_report", fontless)
    results = {r.name: r for r in installcheck.run_checks(tmp_path)}
    assert not results["DCSM report and fonts"].ok
    assert "without its embedded fonts" in results["DCSM report and fonts"].detail


def test_check_command_with_the_map_page_passes_offline(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LAT_DATA_DIR": str(tmp_path / "userdata")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "check"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert "ok     Map page (offline): web engine drew the map with 8 pins, no network used" in result.stdout
    assert result.stdout.rstrip().endswith("All 7 checks passed.")
    assert not (tmp_path / "userdata").exists()  # the user's data folder is never touched
