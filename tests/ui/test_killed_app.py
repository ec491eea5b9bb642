"""A real app process killed with SIGKILL while a practitioner types: the next start offers the work back.

The child (:mod:`tests.ui.typing_child`) is the real window, started as the app
starts it, typing key by key. Once its draft is on disk it is killed (``kill -9``:
no clean-up runs). The next window is told the last app did not close properly
(its instance lock is stale), offers the work in words, and restores every character.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from safeguarding.forms import FormLibrary
from tests.ui.conftest import ScriptedInteraction
from tests.ui.test_durable_editing import seed
from ui.editor.form_page import FormPage
from ui.editor.observations_page import ObservationsPage
from ui.main_window import MainWindow
from ui.startup import build_window

ROOT = Path(__file__).resolve().parents[2]
TYPED = (
    "Six young people by the bandstand from 21:05, music from a speaker, two on bikes circling the path. "
    "An older male in a grey car parked on St Faith's Street at 21:20 and three of them went over to it. "
    "No staff in the museum garden after 21:00; the lights on the west path were out again."
)


def kill_while_typing(db_path: Path, assessment_id: str, field: str) -> None:
    """Start the app, let it type ``TYPED`` into ``field``, wait for its draft, then SIGKILL it."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.typing_child", str(db_path), assessment_id, field, TYPED],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    if line.strip() != "DRAFT":
        child.kill()
        _, errors = child.communicate(timeout=30)
        pytest.fail(f"the app did not keep a draft: {line!r} {errors[-2000:]}")
    os.kill(child.pid, signal.SIGKILL)
    child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL


def next_start(qtbot: QtBot, db_path: Path, interaction: ScriptedInteraction) -> MainWindow:
    interaction.choices = [0]  # restore it
    window = build_window(db_path, demo=False, interaction=interaction)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(interaction.asked), timeout=5000)
    return window


@pytest.mark.parametrize("field", ["visit", "analysis"])
def test_work_typed_before_a_kill_is_offered_and_restored_at_the_next_start(
    qtbot: QtBot, interaction: ScriptedInteraction, db_path: Path, form_library: FormLibrary, field: str
) -> None:
    assessment_id = seed(db_path, form_library)
    kill_while_typing(db_path, assessment_id, field)

    window = next_start(qtbot, db_path, interaction)
    try:
        assert window.hold is not None and window.hold.stale is not None and window.hold.stale.name == "Sam Patel"
        title, text = interaction.asked[0]
        assert title == "Unsaved work found"
        what = "A visit to Brenchley Gardens" if field == "visit" else "The Summary of the assessment of Brenchley"
        assert text.startswith(f"{what}")
        assert " you were writing at " in text and "(‘Six young people by the bandstand from 21:05" in text
        editor = window.editor
        assert editor is not None and window.current_page() is editor
        if field == "visit":
            visits = editor.page("observations")
            assert isinstance(visits, ObservationsPage)
            assert visits.notes_edit.toPlainText() == TYPED and visits.unsaved_work()
            assert visits.save_visit()
        else:
            summary = editor.page("summary")
            assert isinstance(summary, FormPage) and editor.current_page() is summary
            assert summary.editors["analysis"].value() == TYPED and editor.dirty
            assert editor.save()
        assert window.store is not None and window.store.drafts.every() == []
    finally:
        window.close()
        if window.store is not None:
            window.store.close()
            window.store = None
