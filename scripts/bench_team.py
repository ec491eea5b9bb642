"""The team database's sync, measured with three simulated laptops on a private PostgreSQL server on this machine.

Used by ``scripts/benchmark.py`` (``make bench``), or on its own to refresh only the team rows of
docs/benchmarks.md::

    .venv/bin/python scripts/bench_team.py [--no-write]

Steps (each timed with ``time.perf_counter`` around ``sync_database``, which opens the laptop's file,
connects over TCP on the loopback with SCRAM sign-in, checks the schema and syncs):

1. laptop A (a coordinator) holds the demo and sends it: the first sync of the demo;
2. laptop B (a coordinator) joins empty and receives it; laptop C (a practitioner put on Brenchley
   Gardens) joins and receives only what it may see;
3. 1,000 visits are added on laptop A through the repository (not timed), then sent; B receives them;
4. a sync with nothing to do, on A and on C (target: at most 0.2 s on the loopback).

It also reports the server's size per record, for the capacity estimate in docs/team.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from safeguarding.demo import build_demo_database  # noqa: E402
from safeguarding.model import Observation  # noqa: E402
from safeguarding.store import open_store  # noqa: E402
from safeguarding.team.admin import add_user, assign, init_team  # noqa: E402
from safeguarding.team.connection import connect, parse_address  # noqa: E402
from safeguarding.team.sync import SyncResult, sync_database, sync_with_server  # noqa: E402
from safeguarding.team.throwaway import start_throwaway_server  # noqa: E402

PASSWORD = "benchmark team password 7"
VISITS = 1000
OUTPUT = ROOT / "docs" / "benchmarks.md"
PREFIX = "| Team sync"

Measurement = tuple[str, list[float], str]


def _timed(work: Callable[[], SyncResult]) -> tuple[float, SyncResult]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def _add_visits(path: Path, count: int) -> None:
    store = open_store(path)
    try:
        (location,) = store.locations.find_by_name("Brenchley Gardens")
        assessment = store.assessments.latest_for_location(location.id)
        assert assessment is not None
        template = assessment.observations[0]
        start = datetime(2026, 1, 5, 16, 0, tzinfo=UTC)
        for number in range(count):
            begin = start + timedelta(hours=3 * number)
            visit = replace(template, id=Observation(begin, begin).id, start=begin, end=begin + timedelta(hours=1),
                            notes=f"Benchmark visit {number}: groups by the bandstand, no staff present.")  # fmt: skip
            store.assessments.save_observation(assessment.id, visit)
    finally:
        store.close()


def measure(folder: Path, noop_runs: int = 7) -> tuple[list[Measurement], list[str]]:
    """Run the scenario in ``folder``; return ``(name, times, note)`` rows and facts for the capacity notes."""
    server = start_throwaway_server()
    try:
        with connect(parse_address(server.url()), server.password, autocommit=True) as conn:
            conn.execute("CREATE DATABASE bench")
        admin = parse_address(server.url("bench"))
        init_team(admin, server.password)
        for login, role in (("sam", "coordinator"), ("jo", "coordinator"), ("kim", "practitioner")):
            add_user(admin, server.password, username=login, display_name=login.capitalize(), role=role,
                     agency="Youth Outreach Team", user_password=PASSWORD)  # fmt: skip
        a, b, c = (folder / f"{name}.sqlite3" for name in "abc")
        build_demo_database(a)
        for path in (b, c):
            open_store(path).close()
        rows: list[Measurement] = []
        took, first = _timed(lambda: sync_with_server(a, server.url("bench", "sam"), None, PASSWORD))
        rows.append(("Team sync: first sync of the demo, laptop A sends it", [took],
                     f"{first.sent} records, {first.photos_sent} photos"))  # fmt: skip
        took, got = _timed(lambda: sync_with_server(b, server.url("bench", "jo"), None, PASSWORD))
        rows.append(("Team sync: laptop B joins empty and receives the demo", [took],
                     f"{got.received} records, {got.photos_received} photos"))  # fmt: skip
        assign(admin, server.password, username="kim", location="Brenchley Gardens")
        took, got = _timed(lambda: sync_with_server(c, server.url("bench", "kim"), None, PASSWORD))
        rows.append(("Team sync: laptop C (practitioner) joins and receives its assessments", [took],
                     f"{got.received} records (row-level security: Brenchley Gardens only)"))  # fmt: skip
        _add_visits(a, VISITS)
        took, sent = _timed(lambda: sync_database(a, PASSWORD))
        rows.append((f"Team sync: push {VISITS:,} visits from laptop A", [took],
                     f"{sent.sent} records (visits with their head counts and sides)"))  # fmt: skip
        took, got = _timed(lambda: sync_database(b, PASSWORD))
        rows.append((f"Team sync: laptop B receives the {VISITS:,} visits", [took], f"{got.received} records"))
        sync_database(c, PASSWORD)
        for name, path in (("A, coordinator", a), ("C, practitioner", c)):
            times = [_timed(lambda path=path: sync_database(path, PASSWORD))[0] for _ in range(noop_runs)]
            rows.append((f"Team sync: nothing to do (laptop {name})", times, "target at most 0.2 s on the loopback"))
        with connect(admin, server.password) as conn:
            records, size, audit = conn.execute(
                "SELECT (SELECT count(*) FROM team.records), pg_total_relation_size('team.records'), "
                "(SELECT count(*) FROM team.audit)"
            ).fetchone()  # type: ignore[misc]
            database = conn.execute("SELECT pg_database_size('bench')").fetchone()[0]  # type: ignore[index]
        facts = [
            f"team.records: {records:,} records in {size / 1024 / 1024:.1f} MiB with indexes "
            f"({size / records:.0f} bytes a record); team.audit: {audit:,} rows; whole database (with 4 photos) "
            f"{database / 1024 / 1024:.1f} MiB.",
        ]
        return rows, facts
    finally:
        server.stop()


def capacity(records: int) -> list[str]:
    """Fill a team database with ``records`` synthetic visits (through the triggers, as IT) and time what grows.

    Reported, not recorded in the table: the basis of the capacity estimate in docs/team.md.
    """
    server = start_throwaway_server()
    facts = []
    try:
        with connect(parse_address(server.url()), server.password, autocommit=True) as conn:
            conn.execute("CREATE DATABASE big")
        admin = parse_address(server.url("big"))
        init_team(admin, server.password)
        add_user(admin, server.password, username="sam", display_name="Sam", role="coordinator", agency="",
                 user_password=PASSWORD)  # fmt: skip
        with connect(admin, server.password, autocommit=True) as conn:
            started = time.perf_counter()
            for first in range(0, records, 50_000):
                conn.execute(
                    "INSERT INTO team.records (table_name, record_key, assessment_id, data) "
                    "SELECT 'observations', 'v' || n, 'a' || (n / 40), jsonb_build_object('id', 'v' || n, "
                    "'assessment_id', 'a' || (n / 40), 'notes', repeat('Groups by the bandstand. ', 20), "
                    "'start_utc', '2026-03-01T18:00:00Z', 'end_utc', '2026-03-01T19:00:00Z') "
                    "FROM generate_series(%s, %s) AS n",
                    [first, min(first + 50_000, records) - 1],
                )
            took = time.perf_counter() - started
            conn.execute("VACUUM ANALYZE team.records")
            size = conn.execute("SELECT pg_total_relation_size('team.records') + pg_total_relation_size('team.audit')")
            total = size.fetchone()[0]  # type: ignore[index]
        rate = records / took
        size_text = f"{total / 1024 / 1024:.0f} MiB ({total / records:.0f} bytes a visit)"
        facts.append(f"{records:,} visits written through the triggers in {took:.1f} s ({rate:,.0f} a second); "
                     f"records and audit take {size_text}.")  # fmt: skip
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "empty.sqlite3"
            open_store(path).close()
            store = open_store(path)
            from safeguarding.team.state import CURSOR, ROLE, TeamState
            from safeguarding.team.sync import join_team

            join_team(store, parse_address(server.url("big", "sam")))
            TeamState(store.db).set(**{CURSOR: str(records + 10), ROLE: "coordinator"})  # a laptop in step
            store.close()
            times = [_timed(lambda: sync_database(path, PASSWORD))[0] for _ in range(5)]
        facts.append(f"A sync with nothing to do against that server: median {statistics.median(times):.3f} s.")
        return facts
    finally:
        server.stop()


def table_rows(rows: list[Measurement]) -> list[str]:
    """Markdown rows in the format of docs/benchmarks.md."""
    lines = []
    for name, times, note in rows:
        lines.append(f"| {name} | {statistics.median(times):.3f} | {min(times):.3f} | {max(times):.3f} | "
                     f"{len(times)} | {note} |")  # fmt: skip
    return lines


HOW = (
    "- Team sync (`scripts/bench_team.py`): a private PostgreSQL server on this machine (loopback TCP, SCRAM "
    "sign-in, `fsync` off as in the tests), three laptops (A and B coordinators, C a practitioner put on "
    "Brenchley Gardens); each time is a whole `sync_database` call (opening the laptop's file, connecting, "
    "checking the schema, receiving, sending, recording the sync)."
)


def update_report(path: Path, rows: list[Measurement], facts: list[str]) -> None:
    """Replace the team rows (and the team note) of docs/benchmarks.md, keeping everything else."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith(PREFIX)]
    lines = [line for line in lines if not line.startswith(("- Team sync (", "- Team server size:"))]
    end_of_table = max(i for i, line in enumerate(lines) if line.startswith("| ")) + 1
    lines[end_of_table:end_of_table] = table_rows(rows)
    lines += [HOW, *[f"- Team server size: {fact}" for fact in facts]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Measure and print; update docs/benchmarks.md unless ``--no-write``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--capacity", type=int, metavar="N", help="only fill a server with N visits and report")
    args = parser.parse_args(argv)
    if args.capacity:
        print("\n".join(capacity(args.capacity)))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        import os

        os.environ["LAT_DATA_DIR"] = str(Path(folder) / "userdata")
        rows, facts = measure(Path(folder))
    print("\n".join(table_rows(rows)))
    print("\n".join(facts))
    if not args.no_write:
        update_report(OUTPUT, rows, facts)
        print(f"Updated {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
