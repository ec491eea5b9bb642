"""Build a large database through the app's own repositories and measure the audit trail's share of the file.

Usage::

    .venv/bin/python scripts/audit_share.py                 # 500 locations, 50,000 visits; updates docs/benchmarks.md
    .venv/bin/python scripts/audit_share.py --scale 0.1 --no-write    # a tenth of that, print only
    .venv/bin/python scripts/audit_share.py --keep big.sqlite3        # keep the database built

What is built (seeded, so the same every run), at ``--scale 1``: 500 locations with 4
assessments each (2,000), 25 visits per assessment (50,000) with notes of 200-800
characters, 2-4 head counts and 1-2 side tags, the three side write-ups of each assessment
written and then revised once, 5 map pins per assessment (10,000), one safety goal with
one action per assessment (2,000), and one visit in ten edited once afterwards (its notes
and a head count changed), as a practitioner would. Everything goes through
:func:`safeguarding.store.open_store` and the repositories, so the audit triggers run as
in the app (``synchronous`` is off while building: the build is thrown away).

The share is measured on a compacted copy (``VACUUM``): the file size with the trail,
then without it (the trail's table and indexes dropped, then ``VACUUM`` again). Not a test.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from safeguarding.forms import FormLibrary  # noqa: E402
from safeguarding.model import AgeBand, Location, MapPin, Observation, ObservedGender, Rating, Side  # noqa: E402
from safeguarding.plan.records import Action  # noqa: E402
from safeguarding.store import open_store  # noqa: E402
from safeguarding.store.database import connect  # noqa: E402
from safeguarding.store.dberrors import Connection  # noqa: E402

OUTPUT = ROOT / "docs" / "benchmarks.md"
START_MARK = "<!-- audit-share:start -->"
END_MARK = "<!-- audit-share:end -->"
_SAMPLE = (
    "young people gathered near the bandstand after school while the warden walked the path by the river "
    "two adults watched from the bench the cafe closed early and the lights by the gate were out again "
    "a group moved towards the station when the patrol arrived staff at the shop said it is busier on "
    "fridays the underpass felt unsafe and nobody was there to notice what happened"
)
WORDS = _SAMPLE.split()


@dataclass(frozen=True)
class Share:
    """The file with and without the audit trail (bytes), and the number of trail entries."""

    with_trail: int
    without_trail: int
    entries: int

    @property
    def trail(self) -> int:
        """Bytes the trail takes."""
        return self.with_trail - self.without_trail

    @property
    def fraction(self) -> float:
        """The trail's share of the file (0-1)."""
        return self.trail / self.with_trail if self.with_trail else 0.0


def _text(rng: random.Random, low: int, high: int) -> str:
    size = rng.randint(low, high)
    words: list[str] = []
    while sum(len(word) + 1 for word in words) < size:
        words.append(rng.choice(WORDS))
    return " ".join(words).capitalize() + "."


def _counts(rng: random.Random) -> dict[tuple[AgeBand, ObservedGender], int]:
    cells = rng.sample([(band, gender) for band in AgeBand for gender in ObservedGender], rng.randint(2, 4))
    return {cell: rng.randint(1, 12) for cell in cells}


def build(path: Path, scale: float = 1.0, seed: int = 2026) -> dict[str, int]:
    """Build the database at ``path`` (see the module docstring); return what was made."""
    rng = random.Random(seed)
    form = FormLibrary.load().current()
    store = open_store(path)
    store.db.execute("PRAGMA synchronous = OFF")
    store.audit.set_actor("Sam Practitioner")
    agency = store.plan.agencies()[0]
    made = {"locations": 0, "assessments": 0, "visits": 0, "pins": 0, "actions": 0}
    start = datetime(2024, 1, 8, 15, 0, tzinfo=UTC)
    for number in range(max(1, round(500 * scale))):
        location = store.locations.add(
            Location(
                name=f"Place {number:04d}",
                address=f"{number} High Street",
                latitude=51.25 + rng.random() / 20,
                longitude=0.5 + rng.random() / 20,
                referral_reason=_text(rng, 80, 200),
                referral_date=date(2024, 1, 1) + timedelta(days=number % 300),
            )
        )
        made["locations"] += 1
        for _ in range(4):
            assessment = store.assessments.create(location.id, form, assessor_name="Sam Practitioner")
            made["assessments"] += 1
            for side in Side:
                finding = assessment.findings[side]
                finding.strengths, finding.concerns = _text(rng, 150, 400), _text(rng, 150, 400)
                finding.rating = rng.choice(list(Rating))
            store.assessments.save(assessment)
            for side in Side:  # revised once, as write-ups are
                assessment.findings[side].evidence = _text(rng, 150, 400)
            store.assessments.save(assessment)
            visits = []
            for _ in range(25):
                begin = start + timedelta(days=rng.randint(0, 700), hours=rng.randint(0, 8))
                visit = Observation(
                    start=begin,
                    end=begin + timedelta(minutes=rng.choice((30, 45, 60, 90))),
                    observer="Sam Practitioner",
                    weather=rng.choice(("Dry", "Rain", "Cold, dry", "Warm")),
                    notes=_text(rng, 200, 800),
                    counts=_counts(rng),
                    sides=set(rng.sample(list(Side), rng.randint(1, 2))),
                )
                visits.append(store.assessments.save_observation(assessment.id, visit))
                made["visits"] += 1
            for visit in visits[::10]:  # one visit in ten is corrected later
                visit.notes += " " + _text(rng, 40, 120)
                cell = next(iter(visit.counts))
                visit.counts[cell] += 1
                store.assessments.save_observation(assessment.id, visit)
            for _ in range(5):
                store.maps.save_pin(
                    assessment.id,
                    MapPin(
                        location.latitude + rng.random() / 1000,  # type: ignore[operator]
                        location.longitude + rng.random() / 1000,  # type: ignore[operator]
                        rng.choice(("cctv", "entrance", "gathering", "unlit")),
                        label=_text(rng, 10, 30),
                        notes=_text(rng, 40, 160),
                    ),
                )
                made["pins"] += 1
            goal = store.plan.add_goal(assessment.id, Side.GUARDIANSHIP, _text(rng, 40, 100))
            store.plan.add_action(
                Action(goal_id=goal.id, description=_text(rng, 40, 120), agency_id=agency.id, lead="J. Doe")
            )
            made["actions"] += 1
    store.close()
    return made


def measure(path: Path) -> Share:
    """The trail's share of a compacted copy of ``path`` (the database is not changed)."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "copy.sqlite3"
        shutil.copyfile(path, copy)
        conn = connect(copy)
        try:
            conn.execute("PRAGMA journal_mode = DELETE")  # sizes are read from the file itself
            entries = int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])
            conn.execute("VACUUM")
            with_trail = copy.stat().st_size
            _drop_trail(conn)
            conn.execute("VACUUM")
            without_trail = copy.stat().st_size
        finally:
            conn.close()
    return Share(with_trail, without_trail, entries)


def _drop_trail(conn: Connection) -> None:
    """Drop the audit trail's table and its guards from an open copy (never the user's database)."""
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
    ).fetchall():
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.execute("DROP TABLE audit_log")
    conn.commit()


def _compacted(source: Path, target: Path, *, trail: bool) -> None:
    """A compacted copy of ``source`` at ``target``, with or without the audit trail (its table and guards)."""
    shutil.copyfile(source, target)
    conn = connect(target)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        if not trail:
            _drop_trail(conn)
        conn.execute("VACUUM")
    finally:
        conn.close()


FROM_ANCHOR = "backup, the trail checked from its anchor (most backups)"
DAILY_WHOLE = "backup, the trail checked whole (once a day)"
BARE = "backup, data without the trail"


def backup_times(path: Path, runs: int = 3) -> dict[str, float]:
    """Median seconds of an automatic backup (``take_backup_from_file``: the file's quick check, the trail's
    check, the copy) of the database, both ways the trail is checked before it, and of the same data without the
    trail (both compacted), in turns; of opening the database with its anchor beside it (the opening check from
    the anchor on); and of checking the whole trail alone.

    The backups are taken 30 minutes apart on an injected clock, as the window takes them, so that most check the
    trail from its anchor on (:data:`FROM_ANCHOR`: the last whole check is recent); each run also moves the clock
    a day on to time the daily whole check (:data:`DAILY_WHOLE`). The manifest of each says which check ran.
    """
    import json
    import statistics

    from safeguarding.store.audit_anchor import WHOLE_CHECK_EVERY
    from safeguarding.store.audit_chain import verify_chain
    from safeguarding.store.backups import take_backup_from_file
    from safeguarding.store.database import manifest_path

    now = [datetime.now(UTC)]

    def clock() -> datetime:
        return now[0]

    def backup(database: Path, step: timedelta) -> tuple[float, str]:
        now[0] += step
        began = time.perf_counter()
        copy = take_backup_from_file(database, "periodic", None, clock)
        seconds = time.perf_counter() - began
        audit = json.loads(manifest_path(copy).read_text(encoding="utf-8")).get("audit", {})
        return seconds, str(audit.get("checked", ""))

    times: dict[str, list[float]] = {FROM_ANCHOR: [], DAILY_WHOLE: [], BARE: [], "open": []}
    half_hour = timedelta(minutes=30)
    with tempfile.TemporaryDirectory() as folder:
        whole, bare = Path(folder) / "whole" / "db.sqlite3", Path(folder) / "bare" / "db.sqlite3"
        whole.parent.mkdir()
        bare.parent.mkdir()
        _compacted(path, whole, trail=True)
        _compacted(path, bare, trail=False)
        backup(whole, half_hour)  # no anchor yet: checked whole, and anchored
        for _ in range(runs):
            seconds, checked = backup(whole, half_hour)
            assert checked.startswith("from entry "), checked
            times[FROM_ANCHOR].append(seconds)
            seconds, checked = backup(whole, WHOLE_CHECK_EVERY)
            assert checked == "whole", checked
            times[DAILY_WHOLE].append(seconds)
            times[BARE].append(backup(bare, half_hour)[0])
            began = time.perf_counter()
            store = open_store(whole)
            times["open"].append(time.perf_counter() - began)
            began = time.perf_counter()
            assert verify_chain(store.db).intact
            times.setdefault("the trail checked whole", []).append(time.perf_counter() - began)
            store.close()
    return {name: statistics.median(values) for name, values in times.items()}


def check_times(path: Path, runs: int = 3) -> dict[str, float]:
    """Median seconds: the whole trail checked (its seals, guards and triggers), and the database opened
    with and without an anchor (without one, the whole trail is checked while opening)."""
    import statistics

    from safeguarding.store.audit_anchor import anchor_path
    from safeguarding.store.audit_chain import verify_chain

    times: dict[str, list[float]] = {"whole check": [], "open, anchor beside it": [], "open, no anchor": []}
    for _ in range(runs):
        anchor_path(path).unlink(missing_ok=True)
        began = time.perf_counter()
        store = open_store(path)
        times["open, no anchor"].append(time.perf_counter() - began)
        store.close()
        began = time.perf_counter()
        store = open_store(path)
        times["open, anchor beside it"].append(time.perf_counter() - began)
        began = time.perf_counter()
        report = verify_chain(store.db)
        times["whole check"].append(time.perf_counter() - began)
        store.close()
        assert report.intact, report.lines()
    return {name: statistics.median(values) for name, values in times.items()}


def section(share: Share, made: dict[str, int], seconds: float, previous: str, times: dict[str, float]) -> str:
    """The markdown section for docs/benchmarks.md (``previous``: the earlier figures, kept as "before")."""
    mib = 1024 * 1024
    lines = [
        START_MARK,
        "## Audit trail share of the file",
        "",
        "Written by `scripts/audit_share.py` (not part of `make bench`: it builds a large database, "
        f"{seconds:.0f} s here). Built through the repositories, seeded: "
        + ", ".join(f"{count:,} {what}" for what, count in made.items())
        + "; write-ups revised once, one visit in ten corrected. Sizes after `VACUUM`.",
        "",
        "| | file (MiB) | trail (MiB) | trail share | trail entries | bytes per entry |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    if previous:
        lines.append(previous)
    lines.append(
        f"| {datetime.now(UTC):%Y-%m-%d} this version | {share.with_trail / mib:.1f} | {share.trail / mib:.1f} | "
        f"{share.fraction:.0%} | {share.entries:,} | {share.trail / max(1, share.entries):.0f} |"
    )
    if times:
        lines += [
            "",
            f"Checking the sealed trail of {share.entries:,} entries (medians of 3, seconds): "
            + "; ".join(f"{name} {value:.2f}" for name, value in times.items())
            + ". A trail of up to 20,000 entries is checked whole at every opening and backup; a longer one from "
            "its anchor on, a backup checking it whole once a day.",
        ]
    lines += ["", END_MARK]
    return "\n".join(lines)


def write_section(text: str) -> None:
    """Put ``text`` in docs/benchmarks.md in place of the earlier section (or at the end)."""
    current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
    if START_MARK in current and END_MARK in current:
        before, rest = current.split(START_MARK, 1)
        after = rest.split(END_MARK, 1)[1]
        OUTPUT.write_text(before + text + after, encoding="utf-8")
    else:
        OUTPUT.write_text(current.rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Build, measure, print, and (unless ``--no-write``) record the figures in docs/benchmarks.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size (default 1)")
    parser.add_argument("--keep", type=Path, help="keep the database built at this path")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--before", default="", help="a table row of earlier figures to keep above the new one")
    parser.add_argument("--times", action="store_true", help="also time checking the trail and opening the database")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        import os

        os.environ["LAT_DATA_DIR"] = str(Path(folder) / "userdata")
        path = Path(folder) / "big.sqlite3"
        began = time.perf_counter()
        made = build(path, args.scale)
        seconds = time.perf_counter() - began
        share = measure(path)
        times = check_times(path) if args.times else {}
        if args.keep:
            shutil.copyfile(path, args.keep)
    text = section(share, made, seconds, args.before, times)
    print(text)
    if not args.no_write:
        write_section(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
