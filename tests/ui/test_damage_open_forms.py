"""The database closed under open forms (found damaged): Save says so in words, writes nothing, loses no text.

The window closes a damaged database mid-session (``ui.security.damage``) while a dialog
or an editor page may hold typed work. Nothing may call into the closed database (that
was a bug dialog: "Cannot operate on a closed database"), and the typed text stays
on screen or is shown to copy.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from safeguarding.errors import DamagedDatabaseError
from safeguarding.forms import FormLibrary
from tests.ui.conftest import ScriptedInteraction
from tests.ui.durable_helpers import open_visits, seed
from ui.errors import ErrorReporter
from ui.main_window import MainWindow

NAME = "Week Street car park"
NOTE = "Group of six by the bandstand, music playing; an older male arrived at 21:20."
DAMAGE = "window.sqlite3 is damaged: part of the file could not be read (database disk image is malformed)."


def close_as_damaged(qtbot: QtBot, window: MainWindow) -> None:
    """Close the window's database the way damage found mid-session does (no backup to offer)."""
    window.security.database_damaged(DamagedDatabaseError(DAMAGE))
    qtbot.waitUntil(lambda: window.store is None)
    window.security.wait_for_background_work()


def test_new_location_save_after_the_database_closed_says_why_and_keeps_the_text(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    db_path: Path,
    form_library: FormLibrary,
    interaction: ScriptedInteraction,
) -> None:
    seed(db_path, form_library)
    window = make_window()
    window.new_location()
    dialog = window.location_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.name_edit, NAME)
    qtbot.keyClicks(dialog.reason_edit, NOTE)

    close_as_damaged(qtbot, window)
    assert dialog.isVisible()
    assert "cannot be saved" in dialog.message.text()
    [(title, told)] = interaction.infos  # said at once, with the text to copy
    assert title == "Not saved" and DAMAGE in told and NAME in told
    interaction.infos.clear()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    assert interaction.bugs == [] and interaction.errors == []
    assert dialog.isVisible()  # nothing closed, nothing dropped
    assert dialog.name_edit.text() == NAME and dialog.reason_edit.toPlainText() == NOTE
    assert dialog.message.text().startswith(f"Not saved: nothing was written. The database was closed: {DAMAGE}")
    [(title, told)] = interaction.infos
    assert title == "Not saved"
    assert "window.sqlite3 is damaged" in told and "Nothing was written." in told
    assert f"name: {NAME}" in told and f"referral reason: {NOTE}" in told  # the typed text, to copy

    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the old draft keeper is gone now
    qtbot.keyClicks(dialog.source_edit, "Police")  # typing still works, and nothing is written
    interaction.answers.append(True)  # discard it
    dialog.reject()
    assert not dialog.isVisible() and interaction.bugs == []
    assert interaction.asked[-1][0] == "Discard what you typed?"  # never discarded without asking


def test_an_editor_page_closed_with_the_database_shows_its_typed_text(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    db_path: Path,
    form_library: FormLibrary,
    interaction: ScriptedInteraction,
) -> None:
    assessment_id = seed(db_path, form_library)
    window = make_window()
    visits = open_visits(window, assessment_id)
    qtbot.keyClicks(visits.notes_edit, NOTE)

    close_as_damaged(qtbot, window)

    assert interaction.bugs == [] and interaction.errors == []
    assert window.editor is None
    [(title, told)] = interaction.infos
    assert title == "Not saved"
    assert "window.sqlite3 is damaged" in told and NOTE in told
    assert "A visit to Brenchley Gardens:" in told


def test_a_form_not_told_that_uses_the_closed_database_gets_words_not_the_bug_dialog(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    db_path: Path,
    form_library: FormLibrary,
    interaction: ScriptedInteraction,
) -> None:
    seed(db_path, form_library)
    window = make_window()
    store = window.store
    assert store is not None
    reporter = ErrorReporter(interaction, None)
    reporter.closed_under = lambda: window.closed_under
    close_as_damaged(qtbot, window)
    try:
        store.locations.by_name()  # as a dialog holding the old database would
    except Exception as caught:
        error = caught
    reporter.hook(type(error), error, error.__traceback__)
    assert interaction.bugs == []
    [(title, told)] = interaction.errors
    assert title == "Not saved" and DAMAGE in told and "Nothing was written." in told
    window.closed_under = ""  # a database open again: the same error is a bug
    reporter.hook(type(error), error, error.__traceback__)
    assert len(interaction.bugs) == 1
