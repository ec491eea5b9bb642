"""Details found by a newcomer's try-out: stray widgets, Tab in multi-line boxes, clashing shortcuts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from safeguarding.plan.records import Action
from tests.ui.conftest import ScriptedInteraction
from ui.plan.action_dialog import ActionDialog
from ui.security.dialogs import PassphraseDialog


def test_new_passphrase_dialog_has_no_hidden_current_box_taking_the_focus(
    qtbot: QtBot, interaction: ScriptedInteraction, tmp_path: Path
) -> None:
    dialog = PassphraseDialog(tmp_path / "new.sqlite3", interaction)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    assert not dialog.current_edit.isVisible()
    assert QApplication.focusWidget() is not dialog.current_edit


def test_new_action_dialog_shows_no_history_box(qtbot: QtBot, interaction: ScriptedInteraction) -> None:
    dialog = ActionDialog(
        [],
        lambda action, note: None,
        interaction,
        Action(goal_id="g", description=""),
        is_new=True,
        assessment_start=date(2026, 9, 14),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.history.isVisible()


def test_tab_leaves_the_people_pages_multi_line_boxes(qtbot: QtBot, make_window) -> None:  # type: ignore[no-untyped-def]
    from safeguarding.model import Location
    from ui.editor.people_page import PeoplePage

    window = make_window()
    store = window.store
    location = store.locations.add(Location(name="Brenchley Gardens"))
    window.refresh()
    window.new_assessment(location.id)
    page = next(p for p in window.editor.pages if isinstance(p, PeoplePage))
    assert page.other_edit.tabChangesFocus() and page.notes_edit.tabChangesFocus()


def test_new_visit_has_its_own_key_not_the_windows_ctrl_n(qtbot: QtBot, make_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QKeySequence, QShortcut

    from safeguarding.model import Location
    from ui.editor.observations_page import ObservationsPage

    window = make_window()
    store = window.store
    location = store.locations.add(Location(name="Brenchley Gardens"))
    window.refresh()
    window.new_assessment(location.id)
    page = window.editor.page("observations")
    assert isinstance(page, ObservationsPage)
    assert page.new_button.text() == "&New visit"
    keys = [shortcut.key() for shortcut in page.findChildren(QShortcut)]
    assert QKeySequence("Ctrl+N") not in keys


def test_a_plan_dialog_opens_with_its_first_field_focused(qtbot: QtBot, interaction: ScriptedInteraction) -> None:
    """A keyboard-only trial: Add action opened on Save, so the first Tab went to Cancel."""
    dialog = ActionDialog(
        [],
        lambda action, note: None,
        interaction,
        Action(goal_id="g", description=""),
        is_new=True,
        assessment_start=date(2026, 9, 14),
    )
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    focused = QApplication.focusWidget()
    first = dialog.first_field()
    assert first is not None and focused is first
    assert not dialog.buttons.isAncestorOf(focused)
