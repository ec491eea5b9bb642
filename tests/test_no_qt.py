"""Domain tests never load Qt: a run of them imports neither PySide6 nor ``ui`` (nor pytest-qt).

Only ``tests/ui`` may import Qt or ``ui`` (checked on the source of every test
file), and a run of domain tests loads none of them (pytest runs in a child
process on one test module, with a small plugin that writes the names of the
imported modules when the session ends).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_layers import imports, module_name, python_files

ROOT = Path(__file__).resolve().parents[1]
QT_ROOTS = frozenset({"PySide6", "shiboken6", "pytestqt", "ui"})

PROBE = """
import json, os, sys

def pytest_sessionfinish(session):
    with open(os.environ["LAT_MODULES_OUT"], "w", encoding="utf-8") as out:
        json.dump(sorted(sys.modules), out)
"""


def modules_after(test: str, tmp_path: Path) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """Run pytest on ``test`` in a child process; return the root names of the modules it imported."""
    (tmp_path / "lat_modules_probe.py").write_text(PROBE, encoding="utf-8")
    out = tmp_path / "modules.json"
    env = {**os.environ, "LAT_MODULES_OUT": str(out), "PYTHONPATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "lat_modules_probe", test],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    names = json.loads(out.read_text(encoding="utf-8")) if out.exists() else []
    return {name.split(".")[0] for name in names}, result


@pytest.mark.parametrize("test", ["tests/store/test_meta.py", "tests/plan/test_records.py", "tests/test_timeutil.py"])
def test_domain_tests_import_no_qt(test: str, tmp_path: Path) -> None:
    roots, result = modules_after(test, tmp_path)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "safeguarding" in roots  # the probe saw the run
    assert roots & QT_ROOTS == set()


def test_the_probe_sees_qt_in_a_window_test(tmp_path: Path) -> None:
    roots, result = modules_after("tests/ui/test_help.py", tmp_path)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert {"PySide6", "pytestqt", "ui"} <= roots


def test_only_the_window_tests_import_qt_or_ui() -> None:
    tests = ROOT / "tests"
    found = {}
    for path in python_files(tests):
        if tests / "ui" in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {name.split(".")[0] for _, name in imports(tree, module_name(path))}
        if names & QT_ROOTS:
            found[str(path.relative_to(ROOT))] = sorted(names & QT_ROOTS)
    assert found == {}
