"""A process entering visits is killed with SIGKILL; everything it reported saved is still there."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from safeguarding.forms import FormDefinition
from safeguarding.model import Location
from safeguarding.store import open_store

ROOT = Path(__file__).resolve().parents[2]
KILL_AFTER = 40
"""Lines of "saved ..." to read before the kill (visits and photos)."""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")
def test_visits_saved_before_sigkill_survive(tmp_path: Path, form: FormDefinition) -> None:
    path = tmp_path / "field.sqlite3"
    store = open_store(path)
    location = store.locations.add(Location(name="Brenchley Gardens", latitude=51.2776, longitude=0.5196))
    assessment = store.assessments.create(location.id, form)
    store.close()

    child = subprocess.Popen(
        [sys.executable, "-m", "tests.evidence.crash_child", str(path), assessment.id],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    saved: dict[str, set[str]] = {"visit": set(), "photo": set()}
    try:
        assert child.stdout is not None
        for _ in range(KILL_AFTER):
            line = child.stdout.readline()
            assert line, f"child stopped early: {child.stderr.read() if child.stderr else ''}"
            _, kind, record_id = line.split()
            saved[kind].add(record_id)
        child.send_signal(signal.SIGKILL)  # mid-way: the child is busy writing the next record
    finally:
        child.wait(timeout=30)
        if child.stdout:
            child.stdout.close()
        if child.stderr:
            child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    assert saved["visit"] and saved["photo"]

    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
    store = open_store(path)
    try:
        reopened = store.assessments.get(assessment.id)
        visit_ids = {visit.id for visit in reopened.observations}
        photo_ids = {photo.id for photo in reopened.photos}
        assert saved["visit"] <= visit_ids
        assert saved["photo"] <= photo_ids
        assert all(visit.counts for visit in reopened.observations)
        for photo in reopened.photos:
            assert store.photos.original_bytes(photo.sha256)
    finally:
        store.close()
