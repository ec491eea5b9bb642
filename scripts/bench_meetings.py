"""Measure the DCSM meeting work at district scale: a 20-item meeting pack, search, and opening the register.

Not a test; ``scripts/benchmark.py`` runs it and records the results in docs/benchmarks.md.

Usage::

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/bench_meetings.py           # print the table only
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/bench_meetings.py --write   # and update docs/benchmarks.md

``--write`` replaces the section between :data:`START_MARK` and :data:`END_MARK` in
docs/benchmarks.md (added at the end the first time); ``scripts/benchmark.py``
keeps it when it rewrites the rest (it keeps every section other scripts write).

The database is built through the product's own API (the store's repositories
and the meeting workflows), seeded so every run builds the same records: 500
locations, 2,000 assessments (four per location: three earlier ones and the
latest), 50,000 visits (25 per assessment) with invented notes, 2,000 actions
(one per assessment, a quarter overdue), a finalised DCSM review with the next
review date on the latest assessment of every location, and a draft meeting whose
agenda of 20 items is built from the register. Writes run with
``synchronous = OFF`` (as the demo build does): the build is not what is measured.

Targets (issue 15): the pack of 20 items in at most 3 s; a search's top 50
results in at most twice a bare FTS5 query over the same index, measured in the
same run; the register opened in at most 0.3 s.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEED = 15
LOCATIONS = 500
ASSESSMENTS_PER_LOCATION = 4
VISITS_PER_ASSESSMENT = 25
AGENDA_ITEMS = 20
MEETING = date(2026, 12, 17)
SEARCHES = ("red car", "young people", "nitrous", "takeaway staff", "lamps")

Result = tuple[str, list[float], str]

_WORDS = [
    "young",
    "people",
    "gathered",
    "near",
    "the",
    "bus",
    "shelter",
    "after",
    "school",
    "and",
    "moved",
    "towards",
    "the",
    "park",
    "gates",
    "a",
    "red",
    "car",
    "stopped",
    "twice",
    "and",
    "the",
    "driver",
    "spoke",
    "to",
    "a",
    "group",
    "by",
    "the",
    "takeaway",
    "staff",
    "were",
    "friendly",
    "nitrous",
    "oxide",
    "canisters",
    "by",
    "the",
    "bench",
    "lamps",
    "out",
    "along",
    "the",
    "path",
    "CCTV",
    "camera",
    "faces",
    "the",
    "wrong",
    "way",
    "street",
    "pastors",
    "walked",
    "through",
    "shop",
    "manager",
    "willing",
    "to",
    "talk",
    "to",
    "the",
    "youth",
    "team",
    "two",
    "adults",
    "on",
    "e-bikes",
    "PCSO",
    "patrol",
    "at",
    "dusk",
    "the",
    "gate",
    "was",
    "left",
    "open",
    "litter",
    "and",
    "drug",
    "paraphernalia",
    "by",
    "the",
    "toilets",
]
_PLACES = ("Park", "Street", "Station forecourt", "Recreation ground", "Shopping parade", "Bus station")


def _sentence(rng: random.Random, words: int = 40) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize() + "."


def build(path: Path, seed: int = SEED) -> tuple[Path, dict[str, float]]:
    """Build the district-scale database at ``path``; return it and how long each part took (seconds)."""
    from safeguarding.forms import FormLibrary
    from safeguarding.model import Location, Observation, Rating, Side
    from safeguarding.plan.records import Action, Decision, Review
    from safeguarding.store import open_store
    from safeguarding.workflows.meetings import new_meeting

    rng = random.Random(seed)
    form = FormLibrary.load().current()
    clock_now = [datetime(2026, 11, 30, 9, 0, tzinfo=UTC)]
    store = open_store(path, clock=lambda: clock_now[0])
    store.db.execute("PRAGMA synchronous = OFF")
    police = next(agency.id for agency in store.plan.agencies() if agency.name == "Police")
    timings: dict[str, float] = {}
    started = time.perf_counter()
    for number in range(LOCATIONS):
        location = store.locations.add(
            Location(
                name=f"{rng.choice(_PLACES)} {number + 1:03d} (fictional)",
                ward=f"Ward {number % 23 + 1}",
                district="Benchmark district",
                latitude=51.2 + rng.random() * 0.2,
                longitude=0.4 + rng.random() * 0.3,
                referral_reason=_sentence(rng, 20),
                referral_date=date(2025, 1, 1) + timedelta(days=rng.randrange(600)),
            )
        )
        for round_number in range(ASSESSMENTS_PER_LOCATION):
            start = date(2025, 1, 6) + timedelta(days=round_number * 150 + rng.randrange(30))
            assessment = store.assessments.create(
                location.id,
                form,
                assessor_name="Benchmark assessor (fictional)",
                assessor_agency=rng.choice(("Youth service", "Police", "Community protection")),
                start_date=start,
            )
            for side in Side:
                assessment.findings[side].concerns = _sentence(rng, 30)
                assessment.findings[side].rating = rng.choice(list(Rating))
            assessment.recommendation = _sentence(rng, 25)
            store.assessments.save(assessment)
            for visit in range(VISITS_PER_ASSESSMENT):
                begin = datetime.combine(start + timedelta(days=visit), datetime.min.time(), UTC) + timedelta(
                    hours=rng.choice((7, 15, 18, 21))
                )
                store.assessments.save_observation(
                    assessment.id,
                    Observation(start=begin, end=begin + timedelta(minutes=90), notes=_sentence(rng), observer="B."),
                )
            goal = store.plan.add_goal(assessment.id, rng.choice(list(Side)), "Trusted adults are present.")
            store.plan.add_action(
                Action(
                    goal.id,
                    _sentence(rng, 10),
                    police,
                    lead=f"Lead {rng.randrange(40)} (fictional)",
                    due_date=MEETING + timedelta(days=rng.randrange(-60, 120)),
                )
            )
        review = Review(assessment.id, date(2026, 11, 19), ["Police"], decision=Decision.CONTINUE)
        review.next_review_date = MEETING + timedelta(days=rng.choice((0, 0, 28, 56, 84, 112, 140, 168)))
        review.notes = _sentence(rng, 20)
        store.plan.finalise_review(review)
    timings["build"] = time.perf_counter() - started
    meeting = new_meeting(store, MEETING, title="Benchmark DCSM")
    meeting.items = meeting.items[:AGENDA_ITEMS]
    store.meetings.save(meeting)
    store.close()
    return path, timings


def _times(work: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times


def measure_pack(path: Path, out: Path, runs: int) -> list[Result]:
    """Read and write the 20-item pack (front sheets with small maps, the tracker)."""
    from safeguarding.store import open_store
    from safeguarding.workflows.meeting_papers import read_pack, write_pack

    store = open_store(path)
    try:
        items = len(store.meetings.on_date(MEETING).items)

        def pack() -> None:
            write_pack(read_pack(store, MEETING), out)

        pack()  # fonts registered, caches warm: the first export of a session is noted separately
        times = _times(pack, runs)
    finally:
        store.close()
    size = out.stat().st_size // 1024
    return [(f"Meeting pack of {items} items (read and written)", times, f"target 3 s; PDF {size} KiB")]


def measure_search(path: Path, runs: int) -> list[Result]:
    """Top 50 of several searches, and a bare FTS5 query of the same words in the same run."""
    from safeguarding.forms import FormLibrary
    from safeguarding.search.query import SearchQuery
    from safeguarding.store import open_store

    store = open_store(path)
    try:
        store.search.bands = FormLibrary.load().current().time_bands
        docs = store.search.count()
        ours: list[float] = []
        bare: list[float] = []
        for words in SEARCHES:
            ours += _times(lambda words=words: store.search.search(SearchQuery(words)), runs)
            bare += _times(lambda words=words: store.search.bare_query(words), runs)
        filtered = _times(
            lambda: store.search.search(SearchQuery("", record_types=frozenset({"visit"}), time_band="late_night",
                                                    since=date(2025, 10, 1), until=date(2025, 10, 31))),
            runs,
        )  # fmt: skip
    finally:
        store.close()
    ratio = statistics.median(ours) / statistics.median(bare)
    note = f"{len(SEARCHES)} searches x {runs}; {docs} records indexed"
    return [
        ("Search: top 50 results with snippets and places", ours, f"{note}; {ratio:.2f}x the bare query (target 2x)"),
        ("Search: bare FTS5 query, top 50 (same words, same run)", bare, note),
        ("Search: visits in October after 21:00 (filters only)", filtered, "time band worked out per visit"),
    ]


def measure_register(path: Path, runs: int) -> list[Result]:
    """The register: rows read, and the register window opened offscreen."""
    from safeguarding.meetings.register import RegisterFilter, filtered
    from safeguarding.store import open_store

    store = open_store(path)
    try:
        rows = _times(lambda: filtered(store.register.rows(MEETING), RegisterFilter()), runs)
        window = _window_times(store, runs)
    finally:
        store.close()
    results: list[Result] = [("Register: every location read and sorted (500)", rows, "target 0.3 s")]
    if window:
        results.append(("Register window opened (500 rows shown)", window, "offscreen; target 0.3 s"))
    return results


def _window_times(store: object, runs: int) -> list[float]:
    try:
        from PySide6.QtWidgets import QApplication

        from ui.meetings.register_dialog import RegisterDialog
    except ImportError:
        return []
    app = QApplication.instance() or QApplication([])
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        dialog = RegisterDialog(store, MEETING)  # type: ignore[arg-type]
        dialog.show()
        app.processEvents()
        times.append(time.perf_counter() - started)
        dialog.close()
        dialog.deleteLater()
    return times


def measure(runs: int = 5) -> list[Result]:
    """Build the district-scale database, then measure the pack, search and the register."""
    with tempfile.TemporaryDirectory() as folder:
        path, timings = build(Path(folder) / "district.sqlite3")
        size = path.stat().st_size / 2**20
        results: list[Result] = [
            ("Build 500 locations, 2,000 assessments, 50,000 visits, 2,000 actions (API)", [timings["build"]],
             f"through the repositories, synchronous off; database {size:.0f} MiB"),
        ]  # fmt: skip
        results += measure_pack(path, Path(folder) / "pack.pdf", runs)
        results += measure_search(path, runs)
        results += measure_register(path, runs)
    return results


START_MARK = "<!-- meetings:start -->"
END_MARK = "<!-- meetings:end -->"
OUTPUT = ROOT / "docs" / "benchmarks.md"


def section(results: list[Result]) -> str:
    """The markdown section of the results, between its marks."""
    lines = [
        START_MARK,
        "## DCSM meetings and search at district scale (issue 15)",
        "",
        f"Written by `scripts/bench_meetings.py --write` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC "
        "(`make bench` runs it). Seconds; medians.",
        "",
        "| measurement | median (s) | min (s) | max (s) | runs | note |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, times, note in results:
        lines.append(
            f"| {name} | {statistics.median(times):.3f} | {min(times):.3f} | {max(times):.3f} | {len(times)} | {note} |"
        )
    lines += [
        "",
        "- Data: built through the repositories and workflows, seeded (`SEED = 15`): 500 locations, 2,000",
        "  assessments (four per location), 50,000 visits, 2,000 actions (a quarter overdue), a finalised review",
        "  on each latest assessment, and a draft meeting whose agenda of 20 items comes from the register.",
        "- Pack: `read_pack` and `write_pack` together (front sheets with a small map each, the tracker of every",
        "  open action), after one warm-up export (fonts registered).",
        "- Search: five searches of words alone, each timed with `SearchRepository.search` (top 50, locations,",
        "  marked words) and, in the same run, the bare FTS5 query of the same words (`bare_query`: rowid and",
        "  rank, top 50); the ratio compares the medians. Targets: pack 3 s; search 2x the bare query; register",
        "  0.3 s.",
        END_MARK,
    ]
    return "\n".join(lines) + "\n"


def write(results: list[Result], path: Path = OUTPUT) -> None:
    """Put the results' section into ``path``, replacing an earlier one."""
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if START_MARK in current and END_MARK in current:
        before = current[: current.index(START_MARK)]
        after = current[current.index(END_MARK) + len(END_MARK) :].lstrip("\n")
        current = before + after
    path.write_text(current.rstrip("\n") + "\n\n" + section(results), encoding="utf-8")


def main() -> int:
    """Print the results (and with ``--write`` record them in docs/benchmarks.md)."""
    results = measure()
    for name, times, note in results:
        print(f"{name}: median {statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f}); {note}")
    if "--write" in sys.argv[1:]:
        write(results)
        print(f"Wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
