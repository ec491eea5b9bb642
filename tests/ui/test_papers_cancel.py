"""A chair who opens Print by mistake can back out: Cancel on "Which copy?" writes nothing and logs nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from safeguarding.demo import build_demo_database
from tests.ui.conftest import ScriptedInteraction
from ui.main_window import MainWindow
from ui.meetings.papers import COPIES

CANCEL = COPIES.index("Cancel")


def test_cancel_is_the_last_answer_so_escape_chooses_it() -> None:
    # Interaction.choose makes the last option the default and Escape button.
    assert COPIES[-1] == "Cancel" and len(COPIES) == 3


def test_cancel_on_which_copy_writes_no_pack_and_logs_nothing(
    make_window: Callable[..., MainWindow], db_path: Path, interaction: ScriptedInteraction, tmp_path: Path
) -> None:
    build_demo_database(db_path, overwrite=True)
    window = make_window()
    store = window.store
    assert store is not None
    logged = len(store.sharing.entries())
    window.meetings_menu.meetings_action.trigger()
    dialog = window.meetings_menu.meeting_dialog
    assert dialog is not None and dialog.meeting is not None
    before = set(tmp_path.rglob("*"))
    interaction.choices = [CANCEL]
    dialog.pack_button.click()
    assert interaction.asked[-1] == ("Print meeting pack", "Which copy do you want?")
    assert interaction.choices == []  # the question was asked and answered Cancel
    assert dialog.papers.task is None and dialog.papers.last_written is None
    assert interaction.suggested == [] and interaction.sharing_asked == []  # no save dialog, no sharing question
    assert set(tmp_path.rglob("*")) == before
    assert len(store.sharing.entries()) == logged
    assert interaction.errors == []


def test_cancel_on_which_copy_writes_no_tracker_and_logs_nothing(
    make_window: Callable[..., MainWindow], db_path: Path, interaction: ScriptedInteraction, tmp_path: Path
) -> None:
    build_demo_database(db_path, overwrite=True)
    window = make_window()
    store = window.store
    assert store is not None
    logged = len(store.sharing.entries())
    before = set(tmp_path.rglob("*"))
    interaction.choices = [CANCEL]
    window.meetings_menu.tracker_action.trigger()
    assert interaction.asked[-1] == ("Export action tracker (CSV)", "Which copy do you want?")
    assert interaction.choices == [] and interaction.suggested == [] and interaction.sharing_asked == []
    assert set(tmp_path.rglob("*")) == before
    assert len(store.sharing.entries()) == logged
    assert interaction.errors == []
