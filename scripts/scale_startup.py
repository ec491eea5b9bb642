"""Start-up to the window ready and peak memory, at scale and on the demo (a part of ``scripts/bench_scale.py``)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from scripts.benchmark import measure_startups
from scripts.scale_lines import Line, verdict

ROOT = Path(__file__).resolve().parents[1]

MEMORY_PROBE = """
import os, resource, sys
os.environ["LAT_BENCH_EXIT_ON_SHOWN"] = "1"
sys.argv = ["main.py", "--db", sys.argv[1]]
sys.path.insert(0, os.getcwd())
import runpy
try:
    runpy.run_path("main.py", run_name="__main__")
finally:
    print(f"PEAK_KIB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", flush=True)
"""


def peak_memory(database: Path) -> float:
    """Peak resident memory (MiB) of the app started on ``database`` until its window is ready, in a fresh process."""
    env = {**os.environ, "LAT_BENCH_T0": repr(time.time())}
    result = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(database)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    found = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("PEAK_KIB ")]
    if not found:
        raise RuntimeError(f"memory probe failed: {result.stderr[-1500:]}")
    return int(found[0]) / 1024


def startup(demo: Path, big: Path, runs: int) -> list[Line]:
    """Window ready on the big database and on the demo, beside a bare window shown; peak memory of each."""
    programs = [
        ("bare", [sys.executable, str(ROOT / "scripts" / "bare_window.py")]),
        ("demo", [sys.executable, str(ROOT / "main.py"), "--db", str(demo)]),
        ("big", [sys.executable, str(ROOT / "main.py"), "--db", str(big)]),
    ]
    samples, notes = measure_startups(programs, runs)
    if notes:
        raise RuntimeError("; ".join(notes))
    bare = statistics.median(shown for shown, _, _ in samples["bare"])
    demo_ready = statistics.median(ready or 0.0 for _, ready, _ in samples["demo"])
    big_ready = statistics.median(ready or 0.0 for _, ready, _ in samples["big"])
    memory_demo = statistics.median(peak_memory(demo) for _ in range(3))
    memory_big = statistics.median(peak_memory(big) for _ in range(3))
    return [
        (
            "Window ready (locations listed), 500 locations",
            f"{big_ready:.3f} s",
            f"demo {demo_ready:.3f} s: {big_ready / demo_ready:.2f}x",
            f"≤1.2x demo: {verdict(big_ready / demo_ready, 1.2)}",
        ),
        (
            "Window ready, demo",
            f"{demo_ready:.3f} s",
            f"bare PySide6 window shown {bare:.3f} s: {demo_ready / bare:.2f}x",
            f"≤2.5x bare: {verdict(demo_ready / bare, 2.5)}",
        ),
        (
            "Peak memory to window ready, 500 locations (Map page not opened)",
            f"{memory_big:.0f} MiB",
            f"demo {memory_demo:.0f} MiB: {memory_big / memory_demo:.2f}x",
            f"≤1.5x demo: {verdict(memory_big / memory_demo, 1.5)}",
        ),
    ]
