"""The window says when a printed DCSM paper shows "[emoji]" or "[character not printable]", and where.

A coordinator prints the December pack with an emoji and a letter no report font has
("𓀀", an Egyptian hieroglyph) in what the chair is asked to decide, then the register
with the same in a location's ward; the "saved" message says how many and where.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from safeguarding.demo import build_demo_database
from safeguarding.reports.glyphs import EMOJI_PLACEHOLDER, UNPRINTABLE_PLACEHOLDER
from safeguarding.store import open_store
from tests.reports.pdfread import read_pdf
from tests.ui.conftest import ScriptedInteraction
from ui.main_window import MainWindow

DECEMBER = date(2026, 12, 17)
BOTH = "😀 𓀀"
PRINTED = f"{EMOJI_PLACEHOLDER} {UNPRINTABLE_PLACEHOLDER}"


def _demo_with_emoji(db_path: Path) -> None:
    """The demo, with the emoji and the hieroglyph in item 1's decision sought and North Week Street's ward."""
    build_demo_database(db_path, overwrite=True)
    store = open_store(db_path)
    try:
        meeting = store.meetings.on_date(DECEMBER)
        meeting.items[0].decision_sought = f"Agree the next steps {BOTH}"
        store.meetings.save(meeting)
        north = next(location for location in store.locations.by_name() if location.name == "North Week Street")
        north.ward = f"High Street {BOTH}"
        store.locations.update(north)
    finally:
        store.close()


def test_the_saved_message_says_what_could_not_be_printed(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    db_path: Path,
    interaction: ScriptedInteraction,
    tmp_path: Path,
) -> None:
    _demo_with_emoji(db_path)
    window = make_window()
    window.meetings_menu.meetings_action.trigger()
    dialog = window.meetings_menu.meeting_dialog
    assert dialog is not None and dialog.meeting is not None and dialog.meeting.meeting_date == DECEMBER
    interaction.choices = [0]  # the full copy
    interaction.save_paths = [tmp_path / "pack.pdf"]
    dialog.pack_button.click()
    qtbot.waitUntil(lambda: dialog.papers.task is None and dialog.papers.last_written is not None, timeout=30000)
    assert interaction.errors == []
    assert f"Agree the next steps {PRINTED}" in read_pdf(tmp_path / "pack.pdf").text
    title, text = interaction.infos[-1]
    assert title == "Print meeting pack" and "It is marked OFFICIAL-SENSITIVE" in text
    assert "6 characters could not be printed" in text
    assert (
        "2 in the agenda, item 1 (Brenchley Gardens); 2 in the front sheet of item 1 (Brenchley Gardens); "
        "2 in the front sheet of item 3 (North Week Street)."  # its ward
    ) in text
    assert "kept exactly as typed" in text

    window.meetings_menu.register_action.trigger()
    register = window.meetings_menu.register_dialog
    assert register is not None
    interaction.save_paths = [tmp_path / "register.pdf"]
    register.print_button.click()
    writer = window.meetings_menu.papers
    assert writer is not None
    qtbot.waitUntil(lambda: writer.task is None and writer.last_written is not None, timeout=30000)
    assert interaction.errors == []
    assert f"North Week Street (High Street {PRINTED})" in read_pdf(tmp_path / "register.pdf").text
    title, text = interaction.infos[-1]
    assert title == "Print register"
    assert "2 characters could not be printed" in text and "2 in the register row of North Week Street." in text


def test_a_paper_that_prints_everything_adds_no_note(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    db_path: Path,
    interaction: ScriptedInteraction,
    tmp_path: Path,
) -> None:
    build_demo_database(db_path, overwrite=True)
    window = make_window()
    window.meetings_menu.register_action.trigger()
    register = window.meetings_menu.register_dialog
    assert register is not None
    interaction.save_paths = [tmp_path / "register.pdf"]
    register.print_button.click()
    writer = window.meetings_menu.papers
    assert writer is not None
    qtbot.waitUntil(lambda: writer.task is None and writer.last_written is not None, timeout=30000)
    title, text = interaction.infos[-1]
    assert title == "Print register" and text.endswith("approved channels.")
    assert "could not be printed" not in text
