"""Start-up lists the locations before the store opens; nothing can be changed until it has (issue 14)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from safeguarding.forms import FormLibrary
from safeguarding.model import Location
from safeguarding.store import open_store, read_first_list
from tests.ui.conftest import ScriptedInteraction
from ui.main_window import MainWindow
from ui.startup import show_first_list


def test_the_first_list_is_for_looking_until_the_store_is_open(
    qtbot: QtBot, interaction: ScriptedInteraction, db_path: Path, form_library: FormLibrary
) -> None:
    store = open_store(db_path)
    store.locations.add(Location(name="Brenchley Gardens"))
    store.close()
    rows = read_first_list(db_path)
    assert rows is not None
    window = MainWindow(None, form_library, interaction)  # as start-up makes it: no store yet
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    show_first_list(window, rows)
    page = window.locations_page
    assert window.current_page() is page and page.model.rowCount() == 1
    assert page.selected_location_id() == rows[0].location.id
    assert not page.new_button.isEnabled() and not page.edit_button.isEnabled()
    assert not window.new_location_action.isEnabled() and not window.new_assessment_action.isEnabled()
    page.new_location.emit()  # nothing happens without a store
    assert window.location_dialog is None
    store = open_store(db_path)
    try:
        window.set_store(store)
        assert window.current_page() is page and page.model.rowCount() == 1
        assert page.selected_location_id() == rows[0].location.id  # the same row stays chosen
        assert page.new_button.isEnabled() and page.edit_button.isEnabled() and window.new_location_action.isEnabled()
    finally:
        window.store = None
        store.close()
