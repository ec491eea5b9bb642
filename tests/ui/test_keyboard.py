"""Keyboard-only use: a new location and an observation visit without touching the mouse."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.editor.observations_page import ObservationsPage
from ui.main_window import MainWindow

WindowFactory = Callable[[], MainWindow]


def _type(qtbot: QtBot, text: str) -> None:
    """Type ASCII text into whatever has keyboard focus."""
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    qtbot.keyClicks(widget, text)


def _key(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    qtbot.keyClick(widget, key, modifier)


def test_new_location_and_visit_by_keyboard_only(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    with qtbot.waitActive(window):
        window.activateWindow()
    window.locations_page.new_button.setFocus()
    store = window.store
    assert store is not None

    # Ctrl+N opens the new-location dialog with the name box focused.
    _key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.location_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert QApplication.focusWidget() is dialog.name_edit
    _type(qtbot, "Brenchley Gardens")
    _key(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "St Faith's Street")  # address
    _key(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "High Street")  # ward
    _key(qtbot, Qt.Key.Key_Return)  # the Save button is the dialog's default
    qtbot.waitUntil(lambda: not dialog.isVisible())
    saved = store.locations.by_name()
    assert [(loc.name, loc.address, loc.ward) for loc in saved] == [
        ("Brenchley Gardens", "St Faith's Street", "High Street")
    ]

    # Ctrl+Shift+N starts an assessment of the selected location; the section list has focus.
    if QApplication.activeWindow() is not window:  # the platform hands focus back after a dialog
        with qtbot.waitActive(window):
            window.activateWindow()
    assert window.locations_page.selected_location_id() == saved[0].id  # the new location is selected
    _key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    editor = window.editor
    assert editor is not None and window.current_page() is editor
    assert QApplication.focusWidget() is editor.nav
    _key(qtbot, Qt.Key.Key_Down)  # 2. People (for redaction)
    _key(qtbot, Qt.Key.Key_Down)  # 3. Observations
    visits = editor.page("observations")
    assert isinstance(visits, ObservationsPage)
    assert editor.current_page() is visits

    # Into the visit form with the "What was seen" mnemonic (Alt+S); save with Ctrl+Return.
    _key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is visits.notes_edit
    _type(qtbot, "Six young people by the bandstand; no adults present.")
    _key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor.assessment is not None
    stored = store.assessments.observations(editor.assessment.id)
    assert len(stored) == 1 and stored[0].notes.startswith("Six young people")

    # Alt+Left goes back to the list.
    _key(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_page() is window.locations_page
