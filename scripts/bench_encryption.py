"""The cost of encryption at rest: open the database and save an assessment, encrypted versus plain.

Used by ``scripts/benchmark.py``. Each measurement runs on copies of the demo
database: one plain, one converted with :func:`safeguarding.workflows.encrypt.encrypt_database`.
"Open" is ``open_store`` with the data key already unwrapped; the passphrase's
scrypt step (done once per unlock) is measured on its own.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from safeguarding.security.keys import Key, unlock
from safeguarding.store import open_store
from safeguarding.workflows.encrypt import encrypt_database

PASSPHRASE = "benchmark passphrase tulip harbour"


def run_times(work: Callable[[], object], runs: int) -> list[float]:
    """Run ``work`` ``runs`` times; the time of each run in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times


def measure(database: Path, runs: int = 9) -> list[tuple[str, list[float], str]]:
    """Return (name, times in seconds, note) for open, save and unlock, plain and encrypted, and their ratios."""
    results: list[tuple[str, list[float], str]] = []
    with tempfile.TemporaryDirectory() as folder:
        plain = Path(folder) / "plain.sqlite3"
        encrypted = Path(folder) / "encrypted.sqlite3"
        shutil.copy(database, plain)
        shutil.copy(database, encrypted)
        key = encrypt_database(encrypted, PASSPHRASE).key
        per_kind: dict[str, dict[str, float]] = {}
        for kind, path, db_key in (("plain", plain, None), ("encrypted", encrypted, key)):

            def open_close(path: Path = path, db_key: Key | None = db_key) -> None:
                store = open_store(path, key=db_key)
                store.locations.summaries()
                store.close()

            store = open_store(path, key=db_key)
            (location,) = store.locations.find_by_name("Brenchley Gardens")
            assessment = store.assessments.latest_for_location(location.id)
            assert assessment is not None
            counter = [0]

            def save(store=store, assessment=assessment, counter=counter) -> None:  # type: ignore[no-untyped-def]
                counter[0] += 1
                assessment.analysis = f"Benchmark edit {counter[0]}"
                store.assessments.save(assessment)

            opened = run_times(open_close, runs)
            saved = run_times(save, runs)
            store.close()
            per_kind[kind] = {"open": statistics.median(opened), "save": statistics.median(saved)}
            results.append((f"Open demo database ({kind}, key ready)", opened, "open_store + locations list"))
            results.append((f"Save an assessment ({kind})", saved, "store.assessments.save, synchronous=FULL"))
        unlocked = run_times(lambda: unlock(encrypted, PASSPHRASE) and None, max(3, runs // 3))
        results.append(("Unlock: passphrase to data key (scrypt)", unlocked, "once per unlock; N=2**17, r=8, p=1"))
        for what in ("open", "save"):
            ratio = per_kind["encrypted"][what] / per_kind["plain"][what]
            results.append((f"Ratio: {what} encrypted / plain", [ratio], "a ratio, not seconds"))
    return results
