"""Measure start-up and PDF export times and write docs/benchmarks.md (not a test).

Usage::

    make bench                      # or: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/benchmark.py
    .venv/bin/python scripts/benchmark.py --runs 9 --no-write

Start-up: ``main.py --db DEMO`` is run in a subprocess with ``LAT_BENCH_EXIT_ON_SHOWN=1``
and ``LAT_BENCH_T0`` (the wall-clock time just before the process is spawned), so
the app prints ``WINDOW_SHOWN <seconds since spawn>`` once the main window is shown
and ``WINDOW_READY <seconds since spawn>`` once its locations are listed (read
before the store opens, see ``ui.startup.run``), then ``WINDOW_OPEN`` once the store
is open and the list read again, and quits. The subprocess's total wall time (spawn
to exit) is measured too. The bare PySide6 window (``scripts/bare_window.py``), the app and,
if a PyInstaller build exists in ``dist/``, the frozen app are started in turns,
round after round, after one warm-up run each (it fills the OS file cache and the
.pyc caches, and is discarded); the ratio to the bare window is the median of the
per-round ratios, so a machine that slows down during the run cannot favour either.

Export: the demo's complete assessment (Brenchley Gardens) is exported in this
process with ``safeguarding.reports.export_assessment_report``, five times; the
median is reported, and the first run (fonts loaded, caches cold; reportlab is
already imported) is shown separately.

All times are in seconds.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from safeguarding.demo import build_demo_database  # noqa: E402

FROZEN = ROOT / "dist" / "LocationAssessmentTool" / "LocationAssessmentTool"
OUTPUT = ROOT / "docs" / "benchmarks.md"


@dataclass(frozen=True)
class Row:
    """One line of the results table: a measurement's name, its median and its spread (seconds)."""

    name: str
    median: float
    low: float
    high: float
    runs: int
    note: str = ""


def machine() -> list[tuple[str, str]]:
    """Describe this machine: CPUs, CPU model, RAM, OS, Python and Qt versions."""
    model = "unknown"
    memory = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    import PySide6
    from PySide6.QtCore import qVersion

    return [
        ("CPUs (nproc)", str(os.cpu_count())),
        ("CPU model", model),
        ("RAM", memory),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("PySide6 / Qt", f"{PySide6.__version__} / {qVersion()}"),
        ("Qt platform", os.environ.get("QT_QPA_PLATFORM", "(default)")),
    ]


def startup_once(command: list[str], env: dict[str, str]) -> tuple[float, float | None, float]:
    """Run the app once until its window is ready; return (window shown, window ready, process wall time).

    In seconds; "ready" (the locations listed) is None for a program that does not
    report ``WINDOW_READY`` (the bare window).

    Raises:
        RuntimeError: if the app fails or never reports ``WINDOW_SHOWN``.
    """
    env = {**env, "LAT_BENCH_EXIT_ON_SHOWN": "1", "LAT_BENCH_T0": repr(time.time())}
    started = time.perf_counter()
    result = subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL, check=False
    )
    wall = time.perf_counter() - started
    shown = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("WINDOW_SHOWN ")]
    ready = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("WINDOW_READY ")]
    if result.returncode != 0 or not shown:
        raise RuntimeError(f"{command[0]} exited with {result.returncode}: {result.stderr.strip()[-2000:]}")
    return float(shown[0]), float(ready[0]) if ready else None, wall


Startup = tuple[float, float | None, float]
"""One start-up: (window shown, window ready or None, process wall time), in seconds."""


def measure_startups(programs: list[tuple[str, list[str]]], runs: int) -> tuple[dict[str, list[Startup]], list[str]]:
    """Start each program ``runs`` times, taking turns, after one warm-up each.

    Round ``i`` starts every program once (in reverse order every other round), so
    a machine that speeds up or slows down during the benchmark affects them alike
    and each round gives a fair pair for the ratio. A program whose warm-up fails
    is left out, with a note.

    Returns:
        The samples per program label, and notes.
    """
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    # Python caches compiled modules (.pyc) after the first start, as on any installed copy (the frozen
    # build ships them compiled). Some machines set PYTHONDONTWRITEBYTECODE, which would make every run
    # recompile the app's own modules while PySide6 and the standard library load from their caches.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    notes: list[str] = []
    working: list[tuple[str, list[str]]] = []
    for label, command in programs:
        try:
            startup_once(command, env)  # warm-up: fills the OS file cache and the .pyc caches
            working.append((label, command))
        except RuntimeError as error:
            notes.append(f"The {label} start-up measurement failed: {error}")
    samples: dict[str, list[Startup]] = {label: [] for label, _ in working}
    for number in range(runs):
        for label, command in working if number % 2 == 0 else list(reversed(working)):
            samples[label].append(startup_once(command, env))
    return samples, notes


def startup_rows(label: str, samples: list[Startup]) -> list[Row]:
    """Median window-shown, window-ready (if reported) and wall-time rows of one program's start-ups."""
    shown = [sample[0] for sample in samples]
    ready = [sample[1] for sample in samples if sample[1] is not None]
    wall = [sample[2] for sample in samples]
    runs = len(samples)
    rows = [Row(f"{label}: process start to main window shown", statistics.median(shown), min(shown), max(shown), runs)]
    if ready:
        rows.append(
            Row(
                f"{label}: process start to window ready (locations listed)",
                statistics.median(ready),
                min(ready),
                max(ready),
                len(ready),
            )
        )
    rows.append(Row(f"{label}: process wall time (start to exit)", statistics.median(wall), min(wall), max(wall), runs))
    return rows


STARTUP_TARGET = 1.5
"""Issue 7: the main window appears within 1.5x the time a bare PySide6 window takes."""

BARE = "Bare PySide6 window"
SOURCE = "From source"
FROZEN_LABEL = "PyInstaller build"


def startup_ratio(samples: dict[str, list[Startup]]) -> list[Row]:
    """Ratios to the bare window's shown time, paired round by round (see :func:`measure_startups`).

    The target row is the median of the per-round ratios "app window shown / bare
    window shown" (min and max are the lowest and highest round). The window-ready
    and frozen-build ratios are for information.
    """
    bare = samples.get(BARE)
    if not bare:
        return []

    def paired(name: str, index: int, program: str, note: str) -> list[Row]:
        runs = samples.get(program)
        if not runs:
            return []
        ratios = [run[index] / base[0] for run, base in zip(runs, bare, strict=True) if run[index] is not None]
        if not ratios:
            return []
        return [Row(name, statistics.median(ratios), min(ratios), max(ratios), len(ratios), note)]

    rows = paired("Ratio: app window shown / bare PySide6 window shown", 0, SOURCE, "")
    if rows:
        verdict = "within" if rows[0].median <= STARTUP_TARGET else "OVER"
        rows[0] = replace(rows[0], note=f"{verdict} the {STARTUP_TARGET}x target (median of paired rounds)")
    rows += paired(
        "Ratio: app window ready (locations listed) / bare PySide6 window shown",
        1,
        SOURCE,
        "for information: the database opens after the window shows",
    )
    rows += paired(
        "Ratio: PyInstaller build window shown / bare PySide6 window shown",
        0,
        FROZEN_LABEL,
        "for information: the frozen build also unpacks its bootloader; the bare window runs from source",
    )
    return rows


def measure_export(database: Path, runs: int = 5) -> list[Row]:
    """Median time to export the demo's complete assessment in this process; first run shown apart."""
    try:
        from safeguarding.reports import export_assessment_report
    except ImportError:
        return []
    from safeguarding.forms import FormLibrary
    from safeguarding.store import open_store

    store = open_store(database)
    try:
        (location,) = store.locations.find_by_name("Brenchley Gardens")
        assessment = store.assessments.latest_for_location(location.id)
        assert assessment is not None
    finally:
        store.close()
    form = FormLibrary.load().get(assessment.form_id, assessment.form_version)
    times: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        for index in range(runs):
            out = Path(folder) / f"report-{index}.pdf"
            started = time.perf_counter()
            export_assessment_report(location, assessment, form, out)
            times.append(time.perf_counter() - started)
        size = out.stat().st_size
    note = f"first run {times[0]:.3f} s (fonts loaded, cold caches); PDF {size / 1024:.0f} KiB"
    return [
        Row("Export demo assessment to PDF (in-process)", statistics.median(times), min(times), max(times), runs, note)
    ]


def measure_encryption(database: Path) -> list[Row]:
    """Open and save, encrypted versus plain, and the unlock's key derivation (scripts/bench_encryption.py)."""
    from scripts.bench_encryption import measure

    return [
        Row(name, statistics.median(times), min(times), max(times), len(times), note)
        for name, times, note in measure(database)
    ]


def measure_team(folder: Path) -> tuple[list[Row], list[str]]:
    """Three simulated laptops syncing through a private PostgreSQL server (scripts/bench_team.py)."""
    from scripts.bench_team import HOW, measure

    found, facts = measure(folder)
    rows = [
        Row(name, statistics.median(times), min(times), max(times), len(times), note) for name, times, note in found
    ]
    return rows, [HOW.removeprefix("- "), *[f"Team server size: {fact}" for fact in facts]]


MAP_PAGE_PROBE = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from ui.startup import create_application
app = create_application([])
from PySide6.QtCore import QTimer
from safeguarding.forms import FormLibrary
from safeguarding.store import open_store
from ui.interaction import Interaction
from ui.main_window import MainWindow
window = MainWindow(open_store(Path(sys.argv[1])), FormLibrary.load(), Interaction())
window.show()
store = window.store
(location,) = store.locations.find_by_name("Brenchley Gardens")
window.open_assessment(store.assessments.for_location(location.id)[0].id)
page = window.editor.page("map")
def shown(count):
    print(f"MAP_PINS_SHOWN {time.perf_counter() - started:.4f} {count}", flush=True)
    app.quit()
page.pins_shown.connect(shown)
QTimer.singleShot(30000, app.quit)
started = time.perf_counter()
window.editor.show_section("map")
app.exec()
"""
"""Opens the demo's Brenchley Gardens assessment, then times ``show_section("map")`` until the
page reports its pins drawn (a fresh process each run: the first Map page of a session)."""


def measure_map_page(database: Path, runs: int) -> list[Row]:
    """Median time from opening the Map page to its pins shown (web view built lazily, first open)."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    times: list[float] = []
    count = ""
    for _ in range(runs + 1):
        result = subprocess.run(
            [sys.executable, "-c", MAP_PAGE_PROBE, str(database), str(ROOT)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        lines = [line.split() for line in result.stdout.splitlines() if line.startswith("MAP_PINS_SHOWN ")]
        if not lines:
            raise RuntimeError(f"map page probe exited with {result.returncode}: {result.stderr.strip()[-2000:]}")
        times.append(float(lines[0][1]))
        count = lines[0][2]
    samples = times[1:]  # the first run warms the OS file cache
    note = f"{count} pins; web view, folium page and Leaflet built on first open, no offline map"
    return [
        Row(
            "Open the Map page to pins shown (first open in a session)",
            statistics.median(samples),
            min(samples),
            max(samples),
            runs,
            note,
        )
    ]


def measure_maps(runs: int) -> list[Row]:
    """Police data import, crime section, report map on a vector background, 1,000 pins (scripts/bench_maps.py)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_maps

    return [
        Row(name, statistics.median(times), min(times), max(times), len(times), note)
        for name, times, note in bench_maps.measure(runs)
    ]


def table(rows: list[Row]) -> str:
    """Format rows as a markdown table."""
    lines = ["| measurement | median (s) | min (s) | max (s) | runs | note |", "|---|---:|---:|---:|---:|---|"]
    lines += [f"| {r.name} | {r.median:.3f} | {r.low:.3f} | {r.high:.3f} | {r.runs} | {r.note} |" for r in rows]
    return "\n".join(lines)


def write_report(path: Path, facts: list[tuple[str, str]], rows: list[Row], notes: list[str]) -> None:
    """Write docs/benchmarks.md."""
    text = [
        "# Benchmarks",
        "",
        "Written by `scripts/benchmark.py` (run `make bench` to refresh). Times in seconds; medians of several runs.",
        "",
        f"Measured {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {name} | {value} |" for name, value in facts],
        "",
        "## Results",
        "",
        table(rows),
        "",
        "## How it is measured",
        "",
        "- Start-up: `main.py --db DEMO` runs in a subprocess with `LAT_BENCH_EXIT_ON_SHOWN=1`; the app prints",
        "  `WINDOW_SHOWN <seconds>` measured from `LAT_BENCH_T0` (wall-clock time just before the spawn) once the",
        "  main window is shown, `WINDOW_READY <seconds>` once its locations are listed (read before the store",
        "  opens), and `WINDOW_OPEN` once the store is open and the list read again, then quits. One warm-up run",
        "  is discarded.",
        "  The bare window, the app and the frozen build are started in turns, round after round; each ratio",
        "  row is the median (min, max) of the per-round ratios.",
        "  Compiled-module caches (.pyc) are allowed (`PYTHONDONTWRITEBYTECODE` is removed for the subprocesses),",
        "  as on an installed copy after its first start; the warm-up run writes them.",
        "- Export: `export_assessment_report` on the demo's Brenchley Gardens assessment, in one process",
        "  (reportlab already imported; the first run's time is in the note).",
        "- Map page: in a fresh process per run, the demo's Brenchley Gardens assessment is opened, then the",
        '  time from `show_section("map")` until the page reports its pins drawn (web view, folium page and',
        "  Leaflet all built on that first open). One warm-up run is discarded.",
        "- Maps and police data (`scripts/bench_maps.py`, data generated in the real formats): a year of one force's",
        "  police.uk street files (12 files, about 200,000 rows) imported in a fresh process that reports its own peak",
        "  memory; the crime section of one assessment; the report's map figure on a vector MBTiles whose zoom-14",
        "  tiles hold 3,000 buildings and 400 named streets each; the Map page of an assessment with 1,000 pins",
        "  opened in a fresh process (first map of the session). Targets: 10 s and 200 MB, 0.2 s, 0.5 s, 0.6 s.",
        "- Offscreen Qt (`QT_QPA_PLATFORM=offscreen`); other processes may have been running. Compare medians.",
        *[f"- {note}" for note in notes],
        "",
    ]
    path.write_text("\n".join(text) + kept_sections(path), encoding="utf-8")


KEPT_FROM = ("<!-- audit-share:start -->", "<!-- soak:start -->", "<!-- meetings:start -->", "<!-- scale:start -->")
"""Where the sections written by other scripts (``scripts/audit_share.py``, ``scripts/soak.py``,
``scripts/bench_meetings.py``, ``scripts/bench_scale.py``) begin: kept as they are."""


def replace_section(path: Path, start_mark: str, end_mark: str, section: str) -> None:
    """Put ``section`` (which begins with ``start_mark`` and ends with ``end_mark``) in ``path`` in place of the
    text between those marks, or at the end of the file if they are not there yet."""
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if start_mark in current and end_mark in current:
        before, rest = current.split(start_mark, 1)
        path.write_text(before + section + rest.split(end_mark, 1)[1], encoding="utf-8")
    else:
        path.write_text(current.rstrip("\n") + "\n\n" + section + "\n", encoding="utf-8")


def kept_sections(path: Path) -> str:
    """The sections of ``path`` that other scripts wrote (from the first of :data:`KEPT_FROM` on), or ""."""
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    starts = [current.index(mark) for mark in KEPT_FROM if mark in current]
    return "\n" + current[min(starts) :] if starts else ""


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print a markdown table and (unless ``--no-write``) update docs/benchmarks.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="start-up runs per measurement (default 7)")
    parser.add_argument("--no-write", action="store_true", help="print only; do not update docs/benchmarks.md")
    args = parser.parse_args(argv)

    notes: list[str] = []
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        os.environ["LAT_DATA_DIR"] = str(Path(folder) / "userdata")
        database = build_demo_database(Path(folder) / "demo.sqlite3")
        measurements: list[tuple[str, Callable[[], list[Row]]]] = []
        programs = [(BARE, [sys.executable, str(ROOT / "scripts" / "bare_window.py")])]
        if (ROOT / "ui" / "startup.py").exists():
            programs.append((SOURCE, [sys.executable, str(ROOT / "main.py"), "--db", str(database)]))
        else:
            notes.append("Start-up was not measured: ui/startup.py does not exist yet.")
        if FROZEN.exists():
            programs.append((FROZEN_LABEL, [str(FROZEN), "--db", str(database)]))
        samples, startup_notes = measure_startups(programs, args.runs)
        notes += startup_notes
        for label, _ in programs:
            if samples.get(label):
                rows += startup_rows(label, samples[label])
        measurements.append(("export", lambda: measure_export(database)))
        if (ROOT / "ui" / "map_view.py").exists():
            measurements.append(("map page", lambda: measure_map_page(database, max(3, args.runs // 2))))
        measurements.append(("encryption", lambda: measure_encryption(database)))
        measurements.append(("maps and police data", lambda: measure_maps(max(3, args.runs // 2))))
        for name, measure in measurements:
            try:
                rows += measure()
            except RuntimeError as error:
                notes.append(f"The {name} measurement failed: {error}")
        if Path("/usr/lib/postgresql").exists():
            try:
                team_rows, team_notes = measure_team(Path(folder))
                rows += team_rows
                notes += team_notes
            except Exception as error:  # a missing server must not lose the other figures
                notes.append(f"The team sync measurement failed: {error}")
        rows += startup_ratio(samples)
        if not any(row.name.startswith("Export") for row in rows):
            notes.append("Export was not measured: safeguarding.reports is not available yet.")

    print(table(rows))
    for note in notes:
        print(f"Note: {note}")
    if not args.no_write:
        write_report(OUTPUT, machine(), rows, notes)
        print(f"Wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
