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
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from scripts.benchmark import machine, replace_section  # noqa: E402
from scripts.scale_data import copy_database  # noqa: E402
from scripts.scale_lines import Line, median_ms, verdict  # noqa: E402
from scripts.scale_report import DEMO_PLACE, bare_report, heavy_assessment, report_lines  # noqa: E402
from scripts.scale_startup import peak_memory, startup  # noqa: E402
from scripts.scale_window import WindowFigures, window_figures, window_lines  # noqa: E402

__all__ = [
    "DEMO_PLACE",
    "Line",
    "WindowFigures",
    "bare_report",
    "heavy_assessment",
    "median_ms",
    "peak_memory",
    "report_lines",
    "startup",
    "verdict",
    "window_figures",
    "window_lines",
]

OUTPUT = ROOT / "docs" / "benchmarks.md"
START_MARK = "<!-- scale:start -->"
END_MARK = "<!-- scale:end -->"


def audit_lines(big: Path) -> list[Line]:
    """The audit trail's share of the big database (a compacted copy), and an automatic backup of it beside a
    backup of the same data without the trail (see scripts/audit_share.py)."""
    from scripts.audit_share import BARE, DAILY_WHOLE, FROM_ANCHOR, backup_times, measure

    share = measure(big)
    times = backup_times(big)
    bare = times[BARE]
    return [
        (
            "Audit trail's share of the file (compacted copy)",
            f"{share.fraction:.0%} ({share.trail / 2**20:.0f} of {share.with_trail / 2**20:.0f} MiB)",
            f"{share.entries:,} trail entries; the data without it {share.without_trail / 2**20:.0f} MiB",
            f"≤33%: {verdict(share.fraction, 1 / 3)}",
        ),
        (
            "Automatic backup, the trail checked from its anchor on (most backups; compacted copy, median of 3)",
            f"{times[FROM_ANCHOR]:.2f} s",
            f"the same data without the trail {bare:.2f} s: {times[FROM_ANCHOR] / bare:.1f}x",
            "in proportion to the data",
        ),
        (
            "Automatic backup, the trail checked whole (once a day)",
            f"{times[DAILY_WHOLE]:.2f} s (the whole check alone {times['the trail checked whole']:.2f} s)",
            f"{times[DAILY_WHOLE] / bare:.1f}x",
            "",
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
