"""The Qt binding must not corrupt reference counts (PySide6 6.12.0 on Python 3.11 did).

The probe runs in a child process: on a faulty binding thousands of signal
emits take ``True``'s count to zero and Python aborts, which must fail this
test, not end the whole test run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ui.binding import Drift, describe, measure_drift

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
from ui.binding import measure_drift
drift = measure_drift(void_calls=10_000, emits=5_000)
print(drift.none, drift.true)
"""


def test_thousands_of_void_calls_and_emits_leave_none_and_true_alone() -> None:
    child = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert child.returncode == 0, f"the probe process died (a faulty Qt binding aborts it): {child.stderr[-500:]}"
    none, true = (int(value) for value in child.stdout.split())
    assert abs(none) <= 2, f"None's reference count drifted by {none} over 10,000 void calls"
    assert abs(true) <= 2, f"True's reference count drifted by {true} over 5,000 signal emits"


def test_the_installed_binding_is_described_as_sound() -> None:
    finding = describe(measure_drift())
    assert finding.startswith("PySide6 ") and "steady" in finding


@pytest.mark.parametrize(("none", "true"), [(-1000, 0), (0, -100), (-1000, -100)])
def test_a_drifting_binding_is_reported_as_faulty(none: int, true: int) -> None:
    with pytest.raises(RuntimeError, match="corrupts reference counts"):
        describe(Drift(void_calls=1000, none=none, emits=100, true=true))


def test_a_count_moved_by_the_probe_itself_is_not_a_fault() -> None:
    assert Drift(void_calls=1000, none=1, emits=100, true=-1).sound


def test_the_installation_check_names_the_binding_and_fails_a_faulty_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.installcheck import QT_BINDING, check_binding
    from ui import binding

    result = check_binding()
    assert result.name == QT_BINDING and result.ok
    assert result.detail.startswith("PySide6 6.11.3 (Qt 6.11.3) on Python 3.")
    assert "reference counts steady over 1000 calls and 100 signals" in result.detail

    monkeypatch.setattr(binding, "measure_drift", lambda: binding.Drift(1000, -1000, 100, -100))
    faulty = check_binding()
    assert not faulty.ok
    assert "corrupts reference counts (None -1000 over 1000 calls, True -100 over 100 signals)" in faulty.detail
    assert "Install the PySide6 version in requirements.txt" in faulty.detail
