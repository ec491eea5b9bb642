"""Measure maps and police data: a year of police.uk data imported, the crime section, the report map on a vector
background, and the Map page with 1,000 pins. Not a test; ``scripts/benchmark.py`` runs it and records the results.

Usage::

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/bench_maps.py      # print the table only

Data are generated in the real formats, as the tests do: twelve monthly
``YYYY-MM-kent-street.csv`` files of about 16,700 rows each (a year of one
force, about 200,000 rows, 30 % anti-social behaviour with no Crime ID, 2 %
without a position), positions drawn from a pool of anonymous points, a tenth of
them within 600 m of Brenchley Gardens (a busy town centre); and a vector MBTiles
whose zoom-14 tiles hold 3,000 buildings and 400 named streets each (real MVT,
gzip-compressed), about the density of a town centre in OS Open Zoomstack.
Each measurement of the import runs in a fresh process, which reports its own
peak memory (``VmHWM``, the high-water mark of the whole process including Python
and SQLite; not ``ru_maxrss``, which a child inherits from its parent).
"""

from __future__ import annotations

import gzip
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BRENCHLEY = (51.2776, 0.5196)
BOUNDARY = [(51.2781, 0.5185), (51.2782, 0.5205), (51.2770, 0.5207), (51.2769, 0.5187)]
ROWS_PER_MONTH = 16_700

Result = tuple[str, list[float], str]


def police_year(folder: Path) -> list[Path]:
    """Twelve monthly street files of one force (about 200,000 rows) in police.uk's format."""
    from tests.crime.police_files import map_points, months_of, street_rows, write_street_csv

    points = map_points(BRENCHLEY, 27_000, 0.30) + map_points(BRENCHLEY, 3_000, 0.006, seed=8)
    return [write_street_csv(folder, m, street_rows(m, ROWS_PER_MONTH, points)) for m in months_of("2025-03", 12)]


IMPORT_PROBE = """
import resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from safeguarding.crime.importer import import_police_data
from safeguarding.store import open_store
store = open_store(Path(sys.argv[2]))
files = [Path(p) for p in sys.argv[3:]]
started = time.perf_counter()
report = import_police_data(store.crime, files)
took = time.perf_counter() - started
store.close()
# VmHWM belongs to this process image (ru_maxrss is inherited from the parent across fork and exec).
status = Path("/proc/self/status")
lines = status.read_text().splitlines() if status.exists() else []
peak = next((int(l.split()[1]) / 1024 for l in lines if l.startswith("VmHWM")), None)
peak = peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("IMPORT", took, report.rows, peak)
"""


def measure_import(folder: Path, files: list[Path], runs: int) -> tuple[list[Result], Path]:
    times, memory, rows = [], [], 0
    database = folder / "police.sqlite3"
    for run in range(runs):
        target = folder / f"import-{run}.sqlite3"
        out = subprocess.run(
            [sys.executable, "-c", IMPORT_PROBE, str(ROOT), str(target), *map(str, files)],
            capture_output=True, text=True, check=True, timeout=600,
        ).stdout  # fmt: skip
        _, took, rows_text, rss = next(line for line in out.splitlines() if line.startswith("IMPORT")).split()
        times.append(float(took))
        memory.append(float(rss))
        rows = int(rows_text)
        target.replace(database)
    note = f"{rows:,} rows in 12 files; peak memory of the whole process {max(memory):.0f} MB (target 10 s, 200 MB)"
    return [("Import a year of one force's police.uk data (about 200,000 rows)", times, note)], database


def measure_crime_section(database: Path, runs: int) -> list[Result]:
    from safeguarding.crime.summary import crime_figures
    from safeguarding.maps.area import Area
    from safeguarding.store import open_store

    store = open_store(database)
    try:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            figures = crime_figures(store.crime, Area(tuple(BOUNDARY)), date(2026, 3, 10), 200)
            times.append(time.perf_counter() - started)
    finally:
        store.close()
    note = f"{figures.total(False, True):,} records within 200 m in the last 12 months (target 0.2 s)"
    return [("Crime section of one assessment (figures, months, streets)", times, note)]


def dense_vector_mbtiles(path: Path) -> Path:
    """A vector MBTiles around Brenchley Gardens whose zoom-14 tiles are as dense as a town centre."""
    import mapbox_vector_tile

    from safeguarding.maps.geo import tile_for, tms_row

    rng = random.Random(3)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    conn.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
    layers = ["roads", "buildings", "greenspaces", "surfacewater", "waterlines"]
    meta = {
        "name": "Dense invented town (benchmark)", "format": "pbf", "minzoom": "14", "maxzoom": "14",
        "bounds": "0.40,51.20,0.64,51.36", "json": json.dumps({"vector_layers": [{"id": n} for n in layers]}),
    }  # fmt: skip
    conn.executemany("INSERT INTO metadata VALUES (?, ?)", list(meta.items()))
    cx, cy = tile_for(*BRENCHLEY, 14)
    for x in range(cx - 1, cx + 2):
        for y in range(cy - 1, cy + 2):
            buildings = []
            for _ in range(3000):
                bx, by = rng.randint(0, 4000), rng.randint(0, 4000)
                ring = f"{bx} {by},{bx + 40} {by},{bx + 40} {by + 30},{bx + 20} {by + 45},{bx} {by + 30},{bx} {by}"
                buildings.append({"geometry": f"POLYGON(({ring}))", "properties": {}})
            roads = []
            for i in range(400):
                pts = ",".join(f"{rng.randint(0, 4096)} {rng.randint(0, 4096)}" for _ in range(6))
                roads.append({"geometry": f"LINESTRING({pts})", "properties": {"type": "Local", "name": f"Road {i}"}})
            data = mapbox_vector_tile.encode(
                [{"name": "buildings", "features": buildings}, {"name": "roads", "features": roads}],
                default_options={"y_coord_down": True},
            )
            conn.execute("INSERT INTO tiles VALUES (14, ?, ?, ?)", (x, tms_row(14, y), gzip.compress(data)))
    conn.commit()
    conn.close()
    return path


def measure_report_map(folder: Path, runs: int) -> list[Result]:
    from safeguarding.maps.categories import load_pin_categories
    from safeguarding.maps.mapfiles import open_map_file
    from safeguarding.maps.static import render_static_map
    from safeguarding.model import MapPin
    from safeguarding.reports.map_section import FIGURE_SIZE, LEGEND_WIDTH

    categories = load_pin_categories()
    pins = [MapPin(51.2771 + i * 0.00005, 0.5188 + (i % 5) * 0.0004, "cctv") for i in range(12)]
    opened = open_map_file(dense_vector_mbtiles(folder / "dense.mbtiles"))
    try:
        render = lambda: render_static_map(  # noqa: E731
            pins, BOUNDARY, categories, centre=BRENCHLEY, tiles=opened, size=FIGURE_SIZE, legend_width=LEGEND_WIDTH
        )
        first = _time(render)
        times = [_time(render) for _ in range(runs)]
        figure = render()
    finally:
        opened.close()
    note = (
        f"{figure.tiles_drawn} dense zoom-14 tiles, {len(figure.labels)} street names; first run {first:.3f} s "
        "(mapbox-vector-tile imported); target 0.5 s"
    )
    return [("Report map figure on a vector background", times, note)]


def _time(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


MAP_PROBE = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from ui.schemes import share_opengl_contexts
share_opengl_contexts()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from safeguarding.forms import FormLibrary
from safeguarding.store import open_store
from ui.interaction import Interaction
from ui.main_window import MainWindow
window = MainWindow(open_store(Path(sys.argv[1])), FormLibrary.load(), Interaction())
window.show()
store = window.store
window.open_assessment(sys.argv[3])
page = window.editor.page("map")
def shown(count):
    print(f"MAP_PINS_SHOWN {time.perf_counter() - started:.4f} {count}", flush=True)
    app.quit()
page.pins_shown.connect(shown)
QTimer.singleShot(60000, app.quit)
started = time.perf_counter()
window.editor.show_section("map")
app.exec()
"""


def thousand_pins(folder: Path) -> tuple[Path, str]:
    from safeguarding.forms import FormLibrary
    from safeguarding.maps.categories import load_pin_categories
    from safeguarding.model import Location, MapPin
    from safeguarding.store import open_store

    store = open_store(folder / "pins.sqlite3")
    try:
        location = store.locations.add(Location("Brenchley Gardens", latitude=BRENCHLEY[0], longitude=BRENCHLEY[1]))
        assessment = store.assessments.create(location.id, FormLibrary.load().current())
        store.maps.set_boundary(assessment.id, BOUNDARY)
        ids = [c.id for c in load_pin_categories().categories]
        rng = random.Random(5)
        for i in range(1000):
            pin = MapPin(51.2769 + rng.random() * 0.0013, 0.5185 + rng.random() * 0.0022, ids[i % len(ids)], f"Pin {i}")
            store.maps.save_pin(assessment.id, pin)
        return store.path, assessment.id
    finally:
        store.close()


def measure_map_page(folder: Path, runs: int) -> list[Result]:
    database, assessment_id = thousand_pins(folder)
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    env["LAT_DATA_DIR"] = str(folder / "userdata")
    times = []
    for _ in range(runs + 1):
        out = subprocess.run(
            [sys.executable, "-c", MAP_PROBE, str(database), str(ROOT), assessment_id],
            capture_output=True, text=True, env=env, timeout=120, check=False,
        )  # fmt: skip
        lines = [line.split() for line in out.stdout.splitlines() if line.startswith("MAP_PINS_SHOWN")]
        if not lines:
            raise RuntimeError(f"map probe failed: {out.stderr[-1500:]}")
        times.append(float(lines[0][1]))
    return [("Open the Map page with 1,000 pins to pins shown", times[1:], "first open in a session; target 0.6 s")]


def measure(runs: int = 5) -> list[Result]:
    """Every measurement of this script: ``(name, times in seconds, note)``."""
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        os.environ.setdefault("LAT_DATA_DIR", str(folder / "userdata"))
        files = police_year(folder)
        imported, database = measure_import(folder, files, max(1, runs // 2))
        results += imported
        results += measure_crime_section(database, runs)
        results += measure_report_map(folder, runs)
        results += measure_map_page(folder, runs)
    return results


def main() -> int:
    """Print the measurements as a table."""
    for name, times, note in measure():
        print(
            f"| {name} | {statistics.median(times):.3f} | {min(times):.3f} | {max(times):.3f} | {len(times)} | {note} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
