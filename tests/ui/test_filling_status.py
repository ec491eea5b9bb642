"""The one-record forms: showing another record says nothing is unsaved; typing still says so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from safeguarding.demo import build_demo_database
from ui.editing.keeper import DraftKeeper
from ui.editor.consultations_page import ConsultationsPage
from ui.editor.editor import AssessmentEditor
from ui.editor.map_page import MapPage
from ui.editor.safety_page import SafetyPage
from ui.main_window import MainWindow

WindowFactory = Callable[..., MainWindow]


def _demo(make_window: WindowFactory, tmp_path: Path) -> tuple[MainWindow, AssessmentEditor, DraftKeeper]:
    window = make_window(build_demo_database(tmp_path / "demo.sqlite3"))
    store = window.store
    assert store is not None
    (location,) = store.locations.find_by_name("Brenchley Gardens")
    assessment = store.assessments.latest_for_location(location.id)
    assert assessment is not None and len(assessment.consultations) >= 2 and len(assessment.pins) >= 2
    window.open_assessment(assessment.id, offer=False)
    assert window.editor is not None and window.drafts is not None
    return window, window.editor, window.drafts


def _choose_each_then_type(
    qtbot: QtBot, window: MainWindow, choices: list[Callable[[], object]], field: QLineEdit, says: str
) -> None:
    """Make each choice (another record shown): never "Not saved", no draft; then one typed character says so."""
    editor, keeper, store = window.editor, window.drafts, window.store
    assert editor is not None and keeper is not None and store is not None
    written: list[int] = []
    keeper.written.connect(written.append)
    seen: list[str] = []
    keeper.state_changed.connect(lambda: seen.append(editor.save_state.text()))
    keeper.flush()
    for choose in choices:
        shown = choose()
        assert shown is not None  # a record is in the form
        assert not editor.save_state.text().startswith("Not saved"), editor.save_state.text()
        keeper.flush()  # as when the tester paused on each record
    assert written == [] and store.drafts.every() == []
    assert not any(text.startswith("Not saved") for text in seen), seen
    qtbot.keyClicks(field, "x")
    assert editor.save_state.text().startswith(says), editor.save_state.text()


def test_choosing_consultations_never_says_not_saved(qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> None:
    """Selecting consultations in turn (and a new one) shows them; only typing is unsaved."""
    window, editor, _ = _demo(make_window, tmp_path)
    editor.show_section("consultations")
    page = editor.page("consultations")
    assert isinstance(page, ConsultationsPage)

    def select(row: int) -> Callable[[], object]:
        def choose() -> object:
            page.table.selectRow(row)
            assert page.edits.editing is not None and page.edits.editing.id == page.model.row(row).id
            return page.edits.editing

        return choose

    def new() -> object:
        page.new_consultation()
        return page.form_box.title()

    rows = page.model.rowCount()
    choices = [select(row) for row in range(rows)] + [new, select(0), select(rows - 1)]
    _choose_each_then_type(qtbot, window, choices, page.consulted_edit, "Not saved yet: changes to a consultation")


def test_choosing_map_pins_never_says_not_saved(qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> None:
    """Selecting pins in the list in turn (the map itself never shown) shows them; only typing is unsaved."""
    window, editor, _ = _demo(make_window, tmp_path)
    page = editor.page("map")
    assert isinstance(page, MapPage) and page.assessment is not None
    pins = list(page.assessment.pins)

    def select(pin_id: str) -> Callable[[], object]:
        def choose() -> object:
            page.select_pin(pin_id)
            assert page.edits.editing is not None and page.edits.editing.id == pin_id
            return page.edits.editing

        return choose

    choices = [select(pin.id) for pin in pins] + [select(pins[0].id)]
    _choose_each_then_type(qtbot, window, choices, page.label, "Not saved yet: changes to the pin")


def test_choosing_safety_mapping_sessions_never_says_not_saved(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """The session list, a new session and the session again: only typing is unsaved."""
    window, editor, _ = _demo(make_window, tmp_path)
    editor.show_section("safety_mapping")
    page = editor.page("safety_mapping")
    assert isinstance(page, SafetyPage) and page.sessions

    def select() -> object:
        page.session_list.setCurrentRow(0)
        assert page.edits.editing is not None and page.edits.editing.id == page.sessions[0].id
        return page.edits.editing

    def new() -> object:
        page.new_session()
        assert page.edits.editing is None
        return page.session_list.currentRow()

    _choose_each_then_type(qtbot, window, [new, select, new, select], page.facilitator, "Not saved yet: changes to a")
