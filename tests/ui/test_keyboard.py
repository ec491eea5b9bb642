"""Keyboard-only use: a new location and an observation visit without touching the mouse; every Tab stop shown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from safeguarding.demo import build_demo_database
from safeguarding.forms import FormLibrary
from safeguarding.store import open_store
from tests.ui.conftest import ScriptedInteraction
from tests.ui.test_small_screen import CLIENT
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


ACTIONABLE = (
    QAbstractButton,
    QLineEdit,
    QAbstractSpinBox,
    QComboBox,
    QAbstractItemView,
    QPlainTextEdit,
    QTextEdit,
    QTabBar,
)
"""What a Tab stop may be: something a user presses, types into or moves through, drawn with its focus."""

PRESSES_PER_PAGE = 400
"""Tab presses allowed before a page's walk gives up (a table is walked cell by cell)."""


def _in_a_web_view(widget: QWidget) -> bool:
    """Whether ``widget`` is the map's web view or its inner part (the page inside draws its own focus)."""
    parent: QWidget | None = widget
    while parent is not None:
        if parent.inherits("QWebEngineView"):
            return True
        parent = parent.parentWidget()
    return False


def _tab_stops(qtbot: QtBot, nav: QWidget, page: str) -> list[tuple[QWidget, str]]:
    """Press Tab from the section list until the focus is back on it.

    Returns every widget that had the focus, in order, each with what was wrong with it
    at that moment ("" when it was shown, enabled and a control: see :func:`_fault`).
    """
    nav.setFocus()
    assert QApplication.focusWidget() is nav
    stops: list[tuple[QWidget, str]] = []
    for _ in range(PRESSES_PER_PAGE):
        before = QApplication.focusWidget()
        if before is not None and _in_a_web_view(before):
            # Tab inside the map goes to the web page (Chromium, answering later, off this thread);
            # its last control hands the focus on, as here.
            before.focusNextChild()
        else:
            _key(qtbot, Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        assert widget is not None, f"Tab after {stops[-1:]} left nothing with the focus"
        if widget is nav:
            return stops
        if not stops or stops[-1][0] is not widget:
            stops.append((widget, _fault(widget)))
    where = [f"{type(widget).__name__} '{widget.accessibleName()}' {fault}" for widget, fault in stops[-3:]]
    raise AssertionError(f"{page}: Tab never came back to the section list; it went round {where}")


def _fault(widget: QWidget) -> str:
    name = f"{type(widget).__name__} '{widget.accessibleName() or widget.objectName()}'"
    if not widget.isVisible():
        return f"{name} has the focus but is hidden"
    if not widget.isEnabled():
        return f"{name} has the focus but is disabled"
    if widget.visibleRegion().isEmpty():
        return f"{name} has the focus but is scrolled or cut out of view"
    if not isinstance(widget, ACTIONABLE) and not _in_a_web_view(widget):
        return f"{name} has the focus but shows none (nothing to press or type into)"
    return ""


def test_every_tab_stop_of_the_editor_shows_its_focus(
    qtbot: QtBot, tmp_path: Path, form_library: FormLibrary, interaction: ScriptedInteraction
) -> None:
    """A keyboard tester's fault: Tab from the section list stopped on a page's scroll area, showing nothing.

    On every page of the demo assessment at 1366×698, each Tab stop from the section list
    round to it again must be shown, enabled and something a user can act on.
    """
    window = MainWindow(open_store(build_demo_database(tmp_path / "demo.sqlite3")), form_library, interaction)
    qtbot.addWidget(window)
    window.resize(CLIENT)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitActive(window):
        window.activateWindow()
    try:
        store = window.store
        assert store is not None
        (location,) = store.locations.find_by_name("Brenchley Gardens")
        assessment = store.assessments.latest_for_location(location.id)
        assert assessment is not None
        window.open_assessment(assessment.id, offer=False)
        editor = window.editor
        assert editor is not None
        faults: list[str] = []
        for page in editor.pages:
            editor.show_page(page)
            for _ in range(3):  # the page's layout settles (its widgets placed) before the walk
                QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
                QApplication.processEvents()
            stops = _tab_stops(qtbot, editor.nav, page.objectName())
            assert editor.back_button in [widget for widget, _ in stops]  # the walk went round the whole window
            faults += [f"{page.objectName()}: {fault}" for _, fault in stops if fault]
        assert faults == [], "\n".join(faults)
    finally:
        window.team.wait_for_sync()


def test_tab_leaves_the_tables_of_dialogs(
    qtbot: QtBot, tmp_path: Path, form_library: FormLibrary, interaction: ScriptedInteraction
) -> None:
    """A keyboard tester's fault: Tab in a dialog's table went round its cells for ever.

    In the DCSM review of Brenchley Gardens' open actions, Tab from the agencies list goes
    through every action's status and note boxes, on to the decision and the buttons, and
    back round to the agencies list; in the comparison of ratings it goes past the table too.
    """
    from ui.editor.reviews_page import ReviewsPage

    window = MainWindow(open_store(build_demo_database(tmp_path / "demo.sqlite3")), form_library, interaction)
    qtbot.addWidget(window)
    window.show()
    try:
        store = window.store
        assert store is not None
        (location,) = store.locations.find_by_name("Brenchley Gardens")
        assessment = store.assessments.latest_for_location(location.id)
        assert assessment is not None
        window.open_assessment(assessment.id, offer=False)
        assert window.editor is not None
        reviews = window.editor.page("reviews")
        assert isinstance(reviews, ReviewsPage)
        window.editor.show_page(reviews)
        reviews.new_review()
        review = reviews.review_dialog
        assert review is not None and review.status_boxes, "the demo has open actions to review"
        with qtbot.waitActive(review):
            review.activateWindow()
        stops = [widget for widget, _ in _tab_stops(qtbot, review.present, "review dialog")]
        assert all(box in stops for box in review.status_boxes) and all(note in stops for note in review.notes)
        assert review.decision in stops and review.save_button in stops
        review.reject()

        reviews.compare()
        compare = reviews.compare_dialog
        assert compare is not None
        with qtbot.waitActive(compare):
            compare.activateWindow()
        stops = [widget for widget, _ in _tab_stops(qtbot, compare.earlier, "compare dialog")]
        assert compare.table in stops and stops[-1] is not compare.table  # Tab went on past the table
        compare.reject()
    finally:
        window.team.wait_for_sync()
