"""Measure every screen at a hundred times the demo, each beside its anchor in the same run (issue 14; not a test).

Usage::

    make bench-scale        # or: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/bench_scale.py
    .venv/bin/python scripts/bench_scale.py --db big.sqlite3 --no-write   # reuse a database built before

The big database is built by :func:`scripts.scale_data.build_scale_database` (500
locations, 2,000 assessments, 50,000 visits, 10,000 pins, 2,000 actions; one assessment
with 400 visits and 1,000 pins), the demo by :func:`safeguarding.demo.build_demo_database`.
``--db`` reuses a big database built before (it is copied, never changed).

Measured, each in the same run as its anchor:

- start-up to the window ready (locations listed), big and demo, beside a bare PySide6
  window shown (``scripts/bare_window.py``), started in turns (see ``scripts/benchmark.py``);
  and the peak resident memory of each such process (the Map page never opened);
- in one window per database: selecting a location, opening the assessment on its
  Observations page (the 400-visit one; the demo's Brenchley Gardens), saving a
  visit there, saving a pin with the Map page shown (until the map has run the
  update), going back to the list, and "What needs attention";
- the heavy report (the demo's assessment with 20 photos and 60 more visits) beside
  a bare reportlab document of the same text and pictures, in this process;
- the audit trail's share of the big database (``scripts/audit_share.py``'s measure).

The results, with the machine, replace the "Scale" section of docs/benchmarks.md
(between its marks; ``make bench`` keeps it). Times in seconds unless marked ms.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from scripts.bench_encryption import run_times  # noqa: E402
from scripts.benchmark import machine, measure_startups, replace_section  # noqa: E402
from scripts.scale_data import copy_database  # noqa: E402

OUTPUT = ROOT / "docs" / "benchmarks.md"
START_MARK = "<!-- scale:start -->"
END_MARK = "<!-- scale:end -->"
DEMO_PLACE = "Brenchley Gardens"

Line = tuple[str, str, str, str]
"""One row of the results: what, the figure, its anchor, the target and whether it is met."""


def median_ms(times: list[float]) -> str:
    """The median of ``times`` (seconds) in milliseconds, with the spread."""
    return f"{statistics.median(times) * 1000:.0f} ms ({min(times) * 1000:.0f}–{max(times) * 1000:.0f})"


def verdict(value: float, limit: float) -> str:
    """``met`` or ``NOT met`` for a value against its upper limit."""
    return "met" if value <= limit else "NOT met"


# -- start-up and memory ---------------------------------------------------------------------------

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


# -- the window, in this process -------------------------------------------------------------------


class WindowFigures:
    """Times of one window on one database (seconds per run), measured by :func:`window_figures`."""

    def __init__(self) -> None:
        self.select: list[float] = []
        self.observations: list[float] = []
        self.visit_save: list[float] = []
        self.pin_save: list[float] = []
        self.back: list[float] = []
        self.attention: list[float] = []
        self.visits = 0
        self.pins = 0
        self.attention_rows = 0
        self.actions = 0


def _wait(app: object, done: Callable[[], bool], timeout: float = 60.0) -> None:
    """Run the event loop until ``done()`` (or ``timeout`` seconds: RuntimeError)."""
    deadline = time.perf_counter() + timeout
    while not done():
        app.processEvents()  # type: ignore[attr-defined]
        if time.perf_counter() > deadline:
            raise RuntimeError("timed out waiting for the window")
        time.sleep(0.001)


def window_figures(database: Path, assessment_id: str, runs: int) -> WindowFigures:
    """Drive one window on ``database`` (a copy: visits and pins are saved) around ``assessment_id``."""
    from PySide6.QtCore import QEvent

    from safeguarding.forms import FormLibrary
    from safeguarding.profile import Profile
    from safeguarding.store import open_store
    from ui.editor.map_page import MapPage
    from ui.editor.observations_page import ObservationsPage
    from ui.interaction import Interaction
    from ui.main_window import MainWindow
    from ui.startup import create_application

    app = create_application([])
    figures = WindowFigures()
    window = MainWindow(open_store(database), FormLibrary.load(), Interaction(), profile=Profile("Bench Tester"))
    window.show()
    app.processEvents()
    store = window.store
    assert store is not None and window.editor is not None
    location_id = store.assessments.get(assessment_id).location_id
    figures.actions = int(store.db.execute("SELECT count(*) FROM plan_actions").fetchone()[0])
    others = [summary.location.id for summary in store.locations.summaries()[:runs]]

    def select(location: str) -> None:
        window._show_selected(location)
        app.processEvents()

    for other in others:
        started = time.perf_counter()
        select(other)
        figures.select.append(time.perf_counter() - started)
    select(location_id)
    editor = window.editor
    for run in range(runs):
        started = time.perf_counter()
        window.open_assessment(assessment_id, offer=False)
        editor.show_section("observations")
        app.processEvents()
        figures.observations.append(time.perf_counter() - started)
        page = editor.page("observations")
        assert isinstance(page, ObservationsPage)
        figures.visits = page.model.rowCount()
        if run < runs - 1:
            started = time.perf_counter()
            editor.request_close()
            app.processEvents()
            figures.back.append(time.perf_counter() - started)
    page = editor.page("observations")
    assert isinstance(page, ObservationsPage)
    for run in range(runs):
        page.table.selectRow(run)
        app.processEvents()
        page.notes_edit.setPlainText(page.notes_edit.toPlainText() + f" Corrected ({run}).")
        started = time.perf_counter()
        assert page.save_visit(), page.message.text()
        app.processEvents()
        figures.visit_save.append(time.perf_counter() - started)

    shown: list[int] = []
    map_page = editor.page("map")
    assert isinstance(map_page, MapPage)
    map_page.pins_shown.connect(shown.append)
    editor.show_section("map")
    _wait(app, lambda: bool(shown))
    figures.pins = shown[0]
    view = map_page.view
    assert view is not None
    for run in range(runs):
        map_page.select_pin(map_page.pin_list.item(run).data(0x0100))
        app.processEvents()
        map_page.label.setText(f"Checked pin {run}")
        answered: list[object] = []
        started = time.perf_counter()
        assert map_page.save_selected()
        view.run("1", answered.append)  # runs after the map's update: the page has applied it
        _wait(app, lambda answered=answered: bool(answered))  # type: ignore[misc]
        figures.pin_save.append(time.perf_counter() - started)
    editor.show_section("observations")
    started = time.perf_counter()
    editor.request_close()
    app.processEvents()
    figures.back.append(time.perf_counter() - started)

    for _ in range(runs):
        started = time.perf_counter()
        window.plan_menu.show_attention()
        app.processEvents()
        figures.attention.append(time.perf_counter() - started)
        dialog = window.plan_menu.attention_dialog
        figures.attention_rows = dialog.model.rowCount() if dialog is not None else 0
        if dialog is not None:
            dialog.close()
        app.processEvents()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    window.close()
    app.processEvents()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    return figures


def window_lines(demo: WindowFigures, big: WindowFigures) -> list[Line]:
    """The window's figures at scale beside the demo's."""

    def anchored(anchor: list[float]) -> str:
        return f"demo {median_ms(anchor)}"

    def within(times: list[float], limit_ms: float) -> str:
        return f"≤{limit_ms:.0f} ms: {verdict(statistics.median(times) * 1000, limit_ms)}"

    return [
        ("Select a location (details and its assessments)", median_ms(big.select), anchored(demo.select), ""),
        (
            f"Open the assessment on its Observations page ({big.visits} visits)",
            median_ms(big.observations),
            f"demo ({demo.visits} visits) {median_ms(demo.observations)}",
            within(big.observations, 150),
        ),
        (
            f"Save a visit among {big.visits}",
            median_ms(big.visit_save),
            anchored(demo.visit_save),
            within(big.visit_save, 60),
        ),
        (
            f"Save a pin among {big.pins}, Map page shown (until the map has it)",
            median_ms(big.pin_save),
            f"demo ({demo.pins} pins) {median_ms(demo.pin_save)}",
            within(big.pin_save, 50),
        ),
        ("Back to the list", median_ms(big.back), anchored(demo.back), within(big.back, 50)),
        (
            f'"What needs attention" ({big.actions:,} actions, {big.attention_rows:,} rows)',
            median_ms(big.attention),
            f"demo ({demo.attention_rows} rows) {median_ms(demo.attention)}",
            within(big.attention, 30),
        ),
    ]


# -- the heavy report ------------------------------------------------------------------------------


def _photo(rng: random.Random, number: int) -> bytes:
    """A made-up 2,000 x 1,500 JPEG photo (different for each ``number``)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (2000, 1500), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    draw = ImageDraw.Draw(image)
    for _ in range(400):
        x, y = rng.randrange(2000), rng.randrange(1500)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.rectangle((x, y, x + rng.randrange(20, 300), y + rng.randrange(20, 200)), fill=colour)
    draw.text((40, 40), f"Photo {number}", fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def heavy_assessment(database: Path) -> str:
    """Add 20 photos and 60 visits to the demo's Brenchley Gardens assessment in ``database``; return its id."""
    from safeguarding.evidence.photos import import_photo
    from safeguarding.model import Observation
    from safeguarding.store import open_store
    from scripts.scale_data import sentence

    rng = random.Random(14)
    store = open_store(database)
    try:
        (location,) = store.locations.find_by_name(DEMO_PLACE)
        assessment = store.assessments.latest_for_location(location.id)
        assert assessment is not None
        for number in range(20):
            store.photos.add(
                assessment.id, import_photo(_photo(rng, number), f"photo{number}.jpg"), caption=sentence(rng, 8)
            )
        start = datetime(2026, 9, 1, 15, tzinfo=UTC)
        for number in range(60):
            begin = start + timedelta(days=number, hours=rng.choice((0, 3, 5, 7)))
            store.assessments.save_observation(
                assessment.id,
                Observation(start=begin, end=begin + timedelta(hours=1), notes=sentence(rng, rng.randint(40, 90))),
            )
        return assessment.id
    finally:
        store.close()


def bare_report(text_pages: list[str], pictures: list[bytes], out: Path) -> None:
    """The same text and pictures as a plain reportlab document: paragraphs and images, the same font."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate

    from safeguarding.reports.fonts import register_fonts

    fonts = register_fonts()
    style = ParagraphStyle("body", fontName=fonts.body, fontSize=9.5, leading=12)
    story: list[object] = []
    for page in text_pages:
        story += [Paragraph(escape(line), style) for line in page.splitlines() if line.strip()]
    for data in pictures:
        story.append(Image(io.BytesIO(data), width=12 * cm, height=9 * cm))
    SimpleDocTemplate(str(out), pagesize=A4).build(story)  # type: ignore[arg-type]


def report_lines(database: Path, assessment_id: str, folder: Path, runs: int) -> list[Line]:
    """The heavy report exported, and the bare reportlab document of its content, taken in turns."""
    from pypdf import PdfReader

    from safeguarding.forms import FormLibrary
    from safeguarding.reports import export_assessment_report
    from safeguarding.store import open_store

    store = open_store(database)
    try:
        assessment = store.assessments.get(assessment_id)
        location = store.locations.get(assessment.location_id)
    finally:
        store.close()
    form = FormLibrary.load().get(assessment.form_id, assessment.form_version)
    ours_path, bare_path = folder / "heavy.pdf", folder / "bare.pdf"
    export_assessment_report(location, assessment, form, ours_path)  # fonts registered, caches warm
    reader = PdfReader(str(ours_path))
    pages = [page.extract_text() or "" for page in reader.pages]
    pictures = [image.data for page in reader.pages for image in page.images]  # as the report embeds them
    bare_report(pages, pictures, bare_path)
    ours: list[float] = []
    bare: list[float] = []
    for _ in range(runs):
        ours += run_times(lambda: export_assessment_report(location, assessment, form, ours_path), 1)
        bare += run_times(lambda: bare_report(pages, pictures, bare_path), 1)
    ratio = statistics.median(ours) / statistics.median(bare)
    return [
        (
            f"Heavy report ({len(pages)} pages, {len(assessment.photos)} photos, "
            f"{len(assessment.observations)} visits)",
            f"{statistics.median(ours):.3f} s",
            f"bare reportlab, its text and {len(pictures)} pictures ({len(PdfReader(str(bare_path)).pages)} pages) "
            f"{statistics.median(bare):.3f} s: {ratio:.2f}x",
            f"≤2x bare: {verdict(ratio, 2.0)}",
        )
    ]


def audit_lines(big: Path) -> list[Line]:
    """The audit trail's share of the big database (a compacted copy), and an automatic backup of it beside a
    backup of the same data without the trail (see scripts/audit_share.py)."""
    from scripts.audit_share import backup_times, measure

    share = measure(big)
    times = backup_times(big)
    return [
        (
            "Audit trail's share of the file (compacted copy)",
            f"{share.fraction:.0%} ({share.trail / 2**20:.0f} of {share.with_trail / 2**20:.0f} MiB)",
            f"{share.entries:,} trail entries; the data without it {share.without_trail / 2**20:.0f} MiB",
            f"≤33%: {verdict(share.fraction, 1 / 3)}",
        ),
        (
            "Automatic backup (quick check, the trail checked whole, the copy; compacted copy, median of 3)",
            f"{times['backup']:.2f} s (the trail's check alone {times['the trail checked whole']:.2f} s)",
            f"the same data without the trail {times['backup, data without the trail']:.2f} s: "
            f"{times['backup'] / times['backup, data without the trail']:.1f}x",
            "in proportion to the data",
        ),
        ("Opening the big database (its anchor beside it)", f"{times['open']:.3f} s", "", ""),
    ]


# -- the section ------------------------------------------------------------------------------------


def write_section(facts: list[tuple[str, str]], lines: list[Line], notes: list[str]) -> None:
    """Put the Scale section in docs/benchmarks.md in place of the earlier one (or at the end)."""
    section = "\n".join(
        [
            START_MARK,
            "## Scale (issue 14)",
            "",
            f"Written by `scripts/bench_scale.py` (`make bench-scale`), {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. "
            "Each figure is measured in the same run as its anchor; medians (min–max).",
            "",
            "| | |",
            "|---|---|",
            *[f"| {name} | {value} |" for name, value in facts],
            "",
            "| measurement | at scale | anchor (same run) | target |",
            "|---|---:|---|---|",
            *[f"| {name} | {value} | {anchor} | {target} |" for name, value, anchor, target in lines],
            "",
            "- The big database: `scripts/scale_data.py`, seeded, built through the repositories (500 locations,",
            "  2,000 assessments, 50,000 visits, 10,000 pins, 2,000 actions; one assessment with 400 visits and",
            "  1,000 pins). The demo: `main.py demo`.",
            "- Start-up as in `scripts/benchmark.py` (`LAT_BENCH_EXIT_ON_SHOWN`, programs started in turns);",
            "  peak memory is the app process's own maximum resident size until the window is ready.",
            "- The window figures drive one window per database in this process: the Observations page",
            "  includes opening the assessment; a pin save waits until the map page has run the update.",
            "- The heavy report: the demo's Brenchley Gardens assessment with 20 more photos (2,000 x 1,500",
            "  JPEG) and 60 more visits; the bare document is the report's text (extracted) as plain paragraphs",
            "  and the pictures the report embeds (photos, maps), in the same font, built with",
            "  `SimpleDocTemplate`; the two are taken in turns.",
            *[f"- {note}" for note in notes],
            "",
            END_MARK,
        ]
    )
    replace_section(OUTPUT, START_MARK, END_MARK, section)


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the databases, measure, print, and unless ``--no-write`` record the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a big database built before by scripts/scale_data.py (copied)")
    parser.add_argument("--keep", type=Path, help="keep the big database built here at this path")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=("startup", "window", "report", "audit"), action="append")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    from safeguarding.demo import build_demo_database
    from safeguarding.store import open_store
    from scripts.scale_data import build_scale_database

    only = set(args.only or ("startup", "window", "report", "audit"))
    facts = machine()
    load_before = os.getloadavg()[0]
    lines: list[Line] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        os.environ["LAT_DATA_DIR"] = str(folder / "userdata")
        big = folder / "big.sqlite3"
        if args.db:
            copy_database(args.db, big)
        else:
            started = time.perf_counter()
            build_scale_database(big)
            seconds = time.perf_counter() - started
            facts.append(("Build the big database (through the repositories)", f"{seconds:.0f} s"))
            if args.keep:
                copy_database(big, args.keep)
        store = open_store(big)
        try:
            heavy = store.db.execute(
                "SELECT assessment_id FROM observations WHERE deleted_at IS NULL "
                "GROUP BY assessment_id ORDER BY count(*) DESC LIMIT 1"
            ).fetchone()[0]
            made = {
                table: int(store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                for table in ("locations", "assessments", "observations", "map_pins", "plan_actions")
            }
        finally:
            store.close()
        facts.append(("Big database", ", ".join(f"{count:,} {table}" for table, count in made.items())))
        facts.append(("Big database file", f"{big.stat().st_size / 2**20:.0f} MiB"))
        demo = build_demo_database(folder / "demo.sqlite3")
        store = open_store(demo)
        try:
            (location,) = store.locations.find_by_name(DEMO_PLACE)
            latest = store.assessments.latest_for_location(location.id)
            assert latest is not None
            demo_assessment = latest.id
        finally:
            store.close()
        if "startup" in only:
            lines += startup(demo, big, args.runs)
        if "window" in only:
            demo_copy, big_copy = folder / "demo-window.sqlite3", folder / "big-window.sqlite3"
            copy_database(demo, demo_copy)
            copy_database(big, big_copy)
            lines += window_lines(
                window_figures(demo_copy, demo_assessment, args.runs),
                window_figures(big_copy, heavy, args.runs),
            )
        if "report" in only:
            report_db = folder / "report.sqlite3"
            copy_database(demo, report_db)
            lines += report_lines(report_db, heavy_assessment(report_db), folder, args.runs)
        if "audit" in only:
            lines += audit_lines(big)
    facts.append(("Load average (1 min) at the start / end", f"{load_before:.1f} / {os.getloadavg()[0]:.1f}"))
    for line in lines:
        print(" | ".join(line))
    if not args.no_write:
        write_section(facts, lines, notes)
        print(f"Wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
