"""An app writing to an encrypted database is killed with SIGKILL: intact, every saved visit kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from safeguarding.forms import FormDefinition
from safeguarding.model import Location
from safeguarding.security.keys import Key, unlock
from safeguarding.store import open_store
from safeguarding.store.backups import check_backup, list_backups
from tests.security.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
KILL_AFTER = 30


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")
def test_encrypted_visits_saved_before_sigkill_survive(
    enc_path: Path, enc_key: Key, form: FormDefinition, tmp_path: Path
) -> None:
    store = open_store(enc_path, key=enc_key)
    location = store.locations.add(Location(name="Brenchley Gardens"))
    assessment = store.assessments.create(location.id, form)
    store.close()
    secret_file = tmp_path / "passphrase.txt"
    secret_file.write_text(PASSPHRASE + "\n", encoding="utf-8")

    child = subprocess.Popen(
        [sys.executable, "-m", "tests.security.crash_child", str(enc_path), assessment.id, str(secret_file)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    saved: set[str] = set()
    try:
        assert child.stdout is not None
        for _ in range(KILL_AFTER):
            line = child.stdout.readline()
            assert line, f"child stopped early: {child.stderr.read() if child.stderr else ''}"
            saved.add(line.split()[2])
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        for stream in (child.stdout, child.stderr):
            if stream:
                stream.close()
    assert child.returncode == -signal.SIGKILL

    key = unlock(enc_path, PASSPHRASE)
    store = open_store(enc_path, key=key)
    try:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert saved <= {visit.id for visit in store.assessments.get(assessment.id).observations}
    finally:
        store.close()
    for backup in list_backups(enc_path):  # a backup cut short is never listed as a good one
        check_backup(backup.path, key)
