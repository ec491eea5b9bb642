"""Two processes writing to one database wait for each other instead of refusing saves.

A deferred transaction that reads and then writes gets SQLITE_BUSY at once when
another process has written meanwhile, whatever the busy timeout; the store's
transactions begin IMMEDIATE so the second writer waits (see
:mod:`safeguarding.store.immediate`). The benchmark runs 1,000 saves per process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from safeguarding.forms import FormDefinition
from safeguarding.model import Location
from safeguarding.store import open_store

ROOT = Path(__file__).resolve().parents[2]
SAVES = 300


def test_two_writer_processes_have_no_save_refused_and_none_lost(tmp_path: Path, form: FormDefinition) -> None:
    path = tmp_path / "shared.sqlite3"
    store = open_store(path)
    location = store.locations.add(Location(name="Brenchley Gardens"))
    assessment = store.assessments.create(location.id, form)
    store.close()

    children = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.store.writer_child", str(path), assessment.id, tag, str(SAVES)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("A", "B")
    ]
    outputs = [child.communicate(timeout=300) for child in children]
    for child, (out, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
        assert out.strip() == "refused 0", out + err

    store = open_store(path)
    try:
        visits = store.assessments.get(assessment.id).observations
        observers = {visit.observer for visit in visits}
    finally:
        store.close()
    expected = {f"{tag} {number}" for tag in ("A", "B") for number in range(0, SAVES, 2)}
    assert observers == expected  # every visit either process saved is there: none lost
