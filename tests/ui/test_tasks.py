"""Long work runs off the GUI thread, reports progress, and can be cancelled."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from safeguarding.demo import build_demo_database
from safeguarding.forms import FormLibrary
from safeguarding.progress import OperationCancelled, Progress
from safeguarding.reports import export_assessment_report
from safeguarding.store import open_store
from ui.tasks import Task


def test_task_runs_off_the_gui_thread_and_reports_progress(qtbot: QtBot) -> None:
    threads: list[int] = []

    def work(progress: Progress) -> str:
        threads.append(threading.get_ident())
        for step in range(5):
            progress(step / 4, f"step {step}")
        return "done"

    task = Task(work)
    seen: list[tuple[float, str]] = []
    task.signals.progress.connect(lambda fraction, message: seen.append((fraction, message)))
    with qtbot.waitSignal(task.signals.succeeded, timeout=10000) as blocker:
        task.start()
    assert blocker.args == ["done"]
    assert threads and threads[0] != threading.get_ident()
    qtbot.waitUntil(lambda: len(seen) == 5)
    assert seen[0] == (0.0, "step 0") and seen[-1] == (1.0, "step 4")


def test_cancelled_task_stops_at_its_next_progress_report(qtbot: QtBot) -> None:
    started = threading.Event()
    release = threading.Event()
    steps: list[int] = []

    def work(progress: Progress) -> None:
        started.set()
        release.wait(10)
        for step in range(100):
            progress(step / 100, "working")
            steps.append(step)

    task = Task(work)
    with qtbot.waitSignal(task.signals.cancelled, timeout=10000):
        task.start()
        assert started.wait(10)
        task.cancel()
        release.set()
    assert steps == []


def test_failure_is_delivered_to_the_gui_thread(qtbot: QtBot) -> None:
    def work(progress: Progress) -> None:
        raise ValueError("broken")

    task = Task(work)
    with qtbot.waitSignal(task.signals.failed, timeout=10000) as blocker:
        task.start()
    assert isinstance(blocker.args[0], ValueError)


def test_cancelling_an_export_leaves_no_file_behind(tmp_path: Path) -> None:
    store = open_store(build_demo_database(tmp_path / "demo.sqlite3"))
    try:
        location = store.locations.find_by_name("Brenchley Gardens")[0]
        assessment = store.assessments.latest_for_location(location.id)
    finally:
        store.close()
    assert assessment is not None
    form = FormLibrary.load().get(assessment.form_id, assessment.form_version)
    out = tmp_path / "reports" / "report.pdf"
    out.parent.mkdir()

    def cancel_while_saving(fraction: float, message: str) -> None:
        if fraction >= 0.9:
            raise OperationCancelled()

    with pytest.raises(OperationCancelled):
        export_assessment_report(location, assessment, form, out, progress=cancel_while_saving)
    assert list(out.parent.iterdir()) == []
