"""Soak the window in one process: 20,000 characters typed, "What needs attention" opened 20 times (not a test).

Usage::

    make soak        # or: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/soak.py [--no-write]

In one process, on a seeded 500-location database built through the product's own
repositories (:mod:`scripts.scale_data`):

1. the window opens an assessment and 20,000 characters are typed as key events into
   a write-up field (the Summary's analysis), in bursts of 100, with the event loop
   running between bursts as it does between real keystrokes (drafts are written,
   the autosave runs); each burst's time per keystroke is recorded, and the
   reference counts of ``None`` and ``True`` before and after (a faulty Qt binding
   lowers them on every call until Python aborts);
2. "What needs attention" is opened and closed 20 times;
3. for comparison, the same keystrokes into a bare text box with nothing connected;
4. two writer processes make 1,000 saves each on one database (refused and lost saves
   are counted).

The results, with the Python, PySide6 and Qt versions, replace the "Soak" section
of docs/benchmarks.md (``make bench`` keeps that section).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OUTPUT = ROOT / "docs" / "benchmarks.md"
SOAK_HEADING = "## Soak"
START_MARK = "<!-- soak:start -->"
END_MARK = "<!-- soak:end -->"
TEXT = "Six young people by the bandstand, music playing; an older male arrived at 21:20. "


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def rss_mib() -> float:
    """This process's resident memory now, in MiB (Linux), else its peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _first_last(per_burst: list[float]) -> str:
    """Median ms per keystroke over the first and the last 20 bursts (2,000 characters each)."""
    return f"{statistics.median(per_burst[:20]):.3f} / {statistics.median(per_burst[-20:]):.3f} ms"


def type_text(app: object, widget: object, total: int) -> tuple[list[float], list[float]]:
    """Type ``total`` characters into ``widget`` in bursts of 100; return ms per keystroke and ms between bursts."""
    from PySide6.QtTest import QTest

    per_key: list[float] = []
    between: list[float] = []
    typed = 0
    while typed < total:
        chunk = (TEXT * 2)[: min(100, total - typed)]
        started = time.perf_counter()
        QTest.keyClicks(widget, chunk)
        per_key.append((time.perf_counter() - started) * 1000 / len(chunk))
        started = time.perf_counter()
        app.processEvents()  # type: ignore[attr-defined]
        between.append((time.perf_counter() - started) * 1000)
        typed += len(chunk)
    return per_key, between


def soak(
    folder: Path, chars: int, openings: int, locations: int, built: Path | None = None
) -> tuple[list[tuple[str, str]], list[str]]:
    """Run the soak (on a copy of ``built``, made by scripts/scale_data.py, if given); return rows and notes."""
    import PySide6
    from PySide6.QtCore import QEvent, qVersion
    from PySide6.QtWidgets import QPlainTextEdit

    from safeguarding.forms import FormLibrary
    from safeguarding.profile import Profile
    from safeguarding.store import open_store
    from scripts.scale_data import build_scale_database, copy_database
    from ui.editor.form_page import FormPage
    from ui.interaction import Interaction
    from ui.main_window import MainWindow
    from ui.startup import create_application

    rows: list[tuple[str, str]] = [
        ("Python", platform.python_version()),
        ("PySide6 / Qt", f"{PySide6.__version__} / {qVersion()}"),
        ("Qt platform", os.environ["QT_QPA_PLATFORM"]),
    ]
    notes: list[str] = []
    database = folder / "scale.sqlite3"
    if built is not None:
        copy_database(built, database)
        notes.append(f"The database was built before by scripts/scale_data.py ({built.name}), not in this run.")
    else:
        started = time.perf_counter()
        build_scale_database(database, locations)
        seconds = time.perf_counter() - started
        rows.append((f"Build {locations} locations (through the repositories)", f"{seconds:.1f} s"))

    app = create_application([])
    window = MainWindow(open_store(database), FormLibrary.load(), Interaction(), profile=Profile("Soak Tester"))
    window.show()
    app.processEvents()
    store, keeper = window.store, window.drafts
    assert store is not None and keeper is not None
    first = store.locations.summaries()[0]
    assert first.latest_assessment_id is not None
    window.open_assessment(first.latest_assessment_id)
    editor = window.editor
    assert editor is not None
    editor.show_section("summary")
    summary = editor.page("summary")
    assert isinstance(summary, FormPage)
    field = summary.editors["analysis"].focus_widget()
    field.setFocus()
    summary.editors["analysis"].set_value("")
    written = [0]
    keeper.written.connect(lambda count: written.__setitem__(0, written[0] + count))
    memory_before = rss_mib()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    started = time.perf_counter()
    per_key, between = type_text(app, field, chars)
    typing_seconds = time.perf_counter() - started
    none_after, true_after = sys.getrefcount(None), sys.getrefcount(True)
    app.processEvents()
    started = time.perf_counter()
    keeper.touched()
    keeper.flush()
    last_flush = (time.perf_counter() - started) * 1000
    length = len(summary.editors["analysis"].value())
    rows += [
        (f"Keystrokes into the Summary's analysis ({chars:,} characters, bursts of 100)", f"{typing_seconds:.1f} s"),
        (
            "Time per keystroke (median / 95th percentile / worst burst)",
            f"{statistics.median(per_key):.3f} / {percentile(per_key, 0.95):.3f} / {max(per_key):.3f} ms",
        ),
        (
            "Event loop between bursts (drafts, autosave) median / worst",
            f"{statistics.median(between):.2f} / {max(between):.1f} ms",
        ),
        ("Drafts written while typing", f"{written[0]}"),
        (f"Writing the draft of {length:,} characters (one flush)", f"{last_flush:.1f} ms"),
        ("Characters in the field afterwards", f"{length:,} (typed {chars:,})"),
        (
            "Reference count drift of None / True over the typing",
            f"{none_after - none_before:+d} / {true_after - true_before:+d}",
        ),
        ("Resident memory before / after typing", f"{memory_before:.0f} / {rss_mib():.0f} MiB"),
    ]
    if length != chars:
        notes.append(f"The field holds {length} characters, not the {chars} typed.")

    attention: list[float] = []
    memory: list[float] = []
    for _ in range(openings):
        started = time.perf_counter()
        window.plan_menu.show_attention()
        app.processEvents()
        attention.append((time.perf_counter() - started) * 1000)
        dialog = window.plan_menu.attention_dialog
        count = dialog.model.rowCount() if dialog is not None else 0
        if dialog is not None:
            dialog.close()  # as the user closes it; the next opening lets it go
        app.processEvents()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # what returning to the event loop does
        memory.append(rss_mib())
    rows.append(
        (
            f'"What needs attention" opened {openings} times ({count} rows) median / worst',
            f"{statistics.median(attention):.0f} / {max(attention):.0f} ms",
        )
    )
    rows.append(
        (
            "Resident memory after the 1st / 2nd / last opening",
            f"{memory[0]:.0f} / {memory[min(1, len(memory) - 1)]:.0f} / {memory[-1]:.0f} MiB",
        )
    )

    keeper_of_editor, editor.keeper = editor.keeper, None  # the same field without drafts, for comparison
    summary.editors["analysis"].set_value("")
    without, _ = type_text(app, field, chars)
    editor.keeper = keeper_of_editor
    bare = QPlainTextEdit()
    bare.show()
    bare_key, _ = type_text(app, bare, chars)
    bare.close()
    rows.append(
        (
            "Median per keystroke, first / last 2,000 characters: the window's field with drafts",
            _first_last(per_key),
        )
    )
    rows.append(("… the same field with no draft keeper", _first_last(without)))
    rows.append(("… a bare text box, nothing connected", _first_last(bare_key)))
    editor.save()
    window.close()
    app.processEvents()
    return rows, notes


def two_writers(folder: Path, saves: int) -> tuple[str, str]:
    """Two processes saving ``saves`` times each on one database: how many were refused, how many lost."""
    from safeguarding.forms import FormLibrary
    from safeguarding.model import Location
    from safeguarding.store import open_store

    path = folder / "writers.sqlite3"
    store = open_store(path)
    location = store.locations.add(Location(name="Brenchley Gardens"))
    assessment = store.assessments.create(location.id, FormLibrary.load().current())
    store.close()
    started = time.perf_counter()
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.store.writer_child", str(path), assessment.id, tag, str(saves)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for tag in ("A", "B")
    ]
    refused = sum(int(child.communicate(timeout=900)[0].split()[-1]) for child in children)
    seconds = time.perf_counter() - started
    store = open_store(path)
    try:
        found = {visit.observer for visit in store.assessments.observations(assessment.id)}
    finally:
        store.close()
    expected = {f"{tag} {number}" for tag in ("A", "B") for number in range(0, saves, 2)}
    lost = len(expected - found)
    return (
        f"Two writer processes, {saves:,} saves each (visits and the analysis)",
        f"{refused} refused, {lost} lost, {seconds:.1f} s",
    )


def write_section(rows: list[tuple[str, str]], notes: list[str]) -> None:
    """Put the Soak section in docs/benchmarks.md in place of the earlier one (or at the end)."""
    section = "\n".join(
        [
            START_MARK,
            SOAK_HEADING,
            "",
            f"Written by `scripts/soak.py` (`make soak`), {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, in one process.",
            "",
            "| | |",
            "|---|---|",
            *[f"| {name} | {value} |" for name, value in rows],
            "",
            "- Typing: key events (`QTest.keyClicks`) into the window's own field, 100 at a time, the event loop",
            "  running between bursts; drafts are written at most every 1.5 s while typing goes on (a throttle),",
            "  the write-up's autosave waits for a pause. Time per keystroke includes every slot the edit triggers.",
            "- The text typed is one paragraph: Qt lays out the whole paragraph at each keystroke, so a bare text",
            "  box slows as it grows too; what the app adds is the difference between the three rows.",
            "- Reference counts: PySide6 6.12.0 on Python 3.11 lowers them at each call until Python aborts; a",
            "  rise is objects still alive (the timings kept), not that bug.",
            '- "What needs attention": the Plan menu\'s dialog, built from the whole database each time.',
            *[f"- {note}" for note in notes],
            "",
            END_MARK,
        ]
    )
    from scripts.benchmark import replace_section

    replace_section(OUTPUT, START_MARK, END_MARK, section)


def main(argv: list[str] | None = None) -> int:
    """Run the soak, print the results and (unless ``--no-write``) record them in docs/benchmarks.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=20_000)
    parser.add_argument("--attention", type=int, default=20)
    parser.add_argument("--locations", type=int, default=500)
    parser.add_argument("--saves", type=int, default=1000, help="saves per writer process (default 1000)")
    parser.add_argument("--db", type=Path, help="a database built before by scripts/scale_data.py (copied)")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["LAT_DATA_DIR"] = str(Path(folder) / "userdata")
        rows, notes = soak(Path(folder), args.chars, args.attention, args.locations, args.db)
        rows.append(two_writers(Path(folder), args.saves))
    for name, value in rows:
        print(f"{name}: {value}")
    for note in notes:
        print(f"Note: {note}")
    if not args.no_write:
        write_section(rows, notes)
        print(f"Wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
