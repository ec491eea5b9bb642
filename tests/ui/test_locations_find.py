"""The locations list sorted by a clicked heading and narrowed by the find box (issue 14, 500 locations).

Four locations on a real database file, written through the store on a fixed clock so that
"Last updated" and the ratings do not follow the names: every order below differs from A-Z.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from safeguarding.forms import FormLibrary
from safeguarding.model import Location, Rating, Side
from safeguarding.store import open_store
from tests.conftest import FixedClock
from tests.ui.conftest import ScriptedInteraction
from ui.locations_page import LocationsPage
from ui.main_window import MainWindow
from ui.models import LocationTableModel

PLACES = {  # name: (address, ward, days after the clock's start it was last changed, young people's rating)
    "Brenchley Gardens": ("Station Road", "High Street", 3, Rating.GREEN),
    "Fremlin Walk": ("Earl Street", "Bridge", 1, Rating.RED),
    "Lockmeadow": ("Barker Road", "", 2, Rating.AMBER),
    "Mote Park": ("Willow Way", "Park", 4, None),  # never assessed
}


@pytest.fixture
def window(
    qtbot: QtBot, db_path: Path, clock: FixedClock, form_library: FormLibrary, interaction: ScriptedInteraction
) -> Iterator[MainWindow]:
    """A shown window on the four :data:`PLACES`, written in a shuffled order on the fixed clock."""
    start = clock.now
    store = open_store(db_path, clock)
    for name in ("Lockmeadow", "Mote Park", "Brenchley Gardens", "Fremlin Walk"):
        address, ward, days, rating = PLACES[name]
        clock.now = start + timedelta(days=days)
        location = store.locations.add(Location(name=name, address=address, ward=ward))
        if rating is not None:
            assessment = store.assessments.create(location.id, form_library.current())
            assessment.findings[Side.YOUNG_PEOPLE].rating = rating
            store.assessments.save(assessment)
    opened = MainWindow(store, form_library, interaction)
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitExposed(opened)
    yield opened
    opened.close()


def shown_names(page: LocationsPage) -> list[str]:
    """The Location column from top to bottom, as the table shows it."""
    return [page.model.index(row, LocationTableModel.NAME).data() for row in range(page.model.rowCount())]


def click_heading(qtbot: QtBot, page: LocationsPage, column: int) -> None:
    """Click the heading of ``column`` as a user would."""
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def select(page: LocationsPage, name: str) -> None:
    """Select ``name``'s row in the table as shown."""
    page.table.selectRow(shown_names(page).index(name))


def test_a_clicked_heading_sorts_by_what_the_column_means(qtbot: QtBot, window: MainWindow) -> None:
    page = window.locations_page
    header = page.table.horizontalHeader()
    assert shown_names(page) == ["Brenchley Gardens", "Fremlin Walk", "Lockmeadow", "Mote Park"]  # the store's A-Z

    click_heading(qtbot, page, LocationTableModel.NAME)
    click_heading(qtbot, page, LocationTableModel.NAME)
    assert header.sortIndicatorSection() == LocationTableModel.NAME
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert shown_names(page) == ["Mote Park", "Lockmeadow", "Fremlin Walk", "Brenchley Gardens"]

    click_heading(qtbot, page, LocationTableModel.UPDATED)  # by time, oldest first (the text is dd/mm/yyyy)
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert shown_names(page) == ["Fremlin Walk", "Lockmeadow", "Brenchley Gardens", "Mote Park"]

    click_heading(qtbot, page, LocationTableModel.YOUNG_PEOPLE)  # Red, Amber, Green as the register; none last
    assert shown_names(page) == ["Fremlin Walk", "Lockmeadow", "Brenchley Gardens", "Mote Park"]
    assert [page.model.index(row, LocationTableModel.YOUNG_PEOPLE).data() for row in range(4)] == [
        "Red",
        "Amber",
        "Green",
        "—",
    ]
    click_heading(qtbot, page, LocationTableModel.YOUNG_PEOPLE)  # Green first; never assessed still last
    assert shown_names(page) == ["Brenchley Gardens", "Lockmeadow", "Fremlin Walk", "Mote Park"]

    click_heading(qtbot, page, LocationTableModel.WARD)  # A-Z; no ward last either way
    assert shown_names(page) == ["Fremlin Walk", "Brenchley Gardens", "Mote Park", "Lockmeadow"]
    click_heading(qtbot, page, LocationTableModel.WARD)
    assert shown_names(page) == ["Mote Park", "Brenchley Gardens", "Fremlin Walk", "Lockmeadow"]


def test_sorting_keeps_the_location_selected_and_does_not_fit_the_columns_again(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = window.locations_page
    select(page, "Brenchley Gardens")  # the model's row 0
    fitted: list[bool] = []
    monkeypatch.setattr(page, "fit_columns", lambda: fitted.append(True))

    click_heading(qtbot, page, LocationTableModel.UPDATED)
    click_heading(qtbot, page, LocationTableModel.UPDATED)

    assert shown_names(page) == ["Mote Park", "Brenchley Gardens", "Lockmeadow", "Fremlin Walk"]
    assert page.selected_summary() is not None and page.selected_summary().location.name == "Brenchley Gardens"
    assert page.table.selectionModel().selectedRows()[0].row() == 1
    assert fitted == []  # sized once per load, not per sort

    window.refresh()  # the list read again (e.g. after an edit): still sorted, still on Brenchley Gardens
    assert fitted == [True]
    assert shown_names(page) == ["Mote Park", "Brenchley Gardens", "Lockmeadow", "Fremlin Walk"]
    assert page.selected_summary() is not None and page.selected_summary().location.name == "Brenchley Gardens"


def test_the_find_box_narrows_the_list_and_says_how_many(qtbot: QtBot, window: MainWindow) -> None:
    page = window.locations_page
    assert page.find_box.placeholderText() == "Type part of a name, address or ward"
    assert page.find_count.text() == ""

    qtbot.keyClicks(page.find_box, "ROAD")  # the addresses of two (any case)
    assert shown_names(page) == ["Brenchley Gardens", "Lockmeadow"]
    assert page.find_count.text() == "Showing 2 of 4 locations"

    page.find_box.clear()
    qtbot.keyClicks(page.find_box, "park")  # a name and a ward
    assert shown_names(page) == ["Mote Park"] and page.find_count.text() == "Showing 1 of 4 locations"

    qtbot.keyClicks(page.find_box, " zebra")
    assert shown_names(page) == []
    assert page.find_count.text() == "No location has “park zebra” in its name, address or ward. Esc clears the box."
    assert page.selected_location_id() is None and not page.edit_button.isEnabled()

    qtbot.keyClick(page.find_box, Qt.Key.Key_Escape)
    assert page.find_box.text() == "" and len(shown_names(page)) == 4 and page.find_count.text() == ""
    assert page.selected_location_id() is None  # nothing chosen meanwhile: the details do not jump about


def test_finding_keeps_the_location_looked_at_while_it_is_found(qtbot: QtBot, window: MainWindow) -> None:
    page = window.locations_page
    select(page, "Lockmeadow")
    shown: list[str] = []
    page.selection_changed.connect(shown.append)

    qtbot.keyClicks(page.find_box, "road")  # Brenchley Gardens and Lockmeadow: still on Lockmeadow
    assert page.selected_summary() is not None and page.selected_summary().location.name == "Lockmeadow"
    assert shown == []  # its details were not read again at each key
    assert page.table.selectionModel().selectedRows()[0].row() == 1

    qtbot.keyClicks(page.find_box, " station")  # Brenchley Gardens only: nothing selected, the details say so
    assert page.selected_location_id() is None and shown == [""]
    assert page.details.text() == "Select a location to see its details."


def test_the_row_found_and_sorted_is_the_one_opened_and_edited(
    qtbot: QtBot, window: MainWindow, interaction: ScriptedInteraction
) -> None:
    page = window.locations_page
    click_heading(qtbot, page, LocationTableModel.YOUNG_PEOPLE)  # Fremlin Walk (the model's row 1) on top
    page.table.selectRow(0)
    page.edit_button.click()
    dialog = window.location_dialog
    assert dialog is not None and dialog.location().name == "Fremlin Walk"
    dialog.reject()

    qtbot.keyClicks(page.find_box, "lock")  # Lockmeadow (the model's row 2) alone, in the table's row 0
    qtbot.keyClick(page.find_box, Qt.Key.Key_Down)  # into the list, on its first row
    assert page.table.hasFocus() and page.selected_summary() is not None
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # opens its latest assessment
    assert window.editor is not None and window.current_page() is not page
    assert window.editor.location is not None and window.editor.location.name == "Lockmeadow"

    window.editor.request_close()  # back: still narrowed, sorted, and on Lockmeadow
    assert window.current_page() is page
    assert shown_names(page) == ["Lockmeadow"] and page.find_count.text() == "Showing 1 of 4 locations"
    assert page.selected_summary() is not None and page.selected_summary().location.name == "Lockmeadow"


def test_ctrl_f_puts_the_keyboard_in_the_find_box(qtbot: QtBot, window: MainWindow) -> None:
    page = window.locations_page
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.find_box.hasFocus()
    assert not [
        action
        for action in window.shortcut_actions()
        if action is not page.find_action and action.shortcut() == page.find_action.shortcut()
    ]  # no other action of the window takes Ctrl+F


def test_the_sorted_heading_has_room_for_its_arrow_and_the_others_keep_their_width(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = window.locations_page
    header = page.table.horizontalHeader()
    column = LocationTableModel.YOUNG_PEOPLE  # as wide as its heading: "Young people" beside the arrow was cut
    guardianship = header.sectionSize(LocationTableModel.GUARDIANSHIP)
    assert header.sectionSize(column) < header.sectionSizeHint(column)  # fitted without room for an arrow

    click_heading(qtbot, page, column)

    assert header.sectionSize(column) >= header.sectionSizeHint(column)
    assert header.sectionSize(LocationTableModel.GUARDIANSHIP) == guardianship


def test_the_model_sorted_and_narrowed_passes_qt_model_tester(qtmodeltester, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    model = window.locations_page.model
    qtmodeltester.check(model)  # watches the changes below too
    selection = window.locations_page.table.selectionModel()
    window.locations_page.table.selectRow(2)  # Lockmeadow, in the store's order
    model.sort(LocationTableModel.UPDATED, Qt.SortOrder.DescendingOrder)
    assert model.row(selection.selectedRows()[0].row()).location.name == "Lockmeadow"  # moved with its row
    model.set_words("park")
    assert [model.row(row).location.name for row in range(model.rowCount())] == ["Mote Park"]
    assert model.total() == 4
    model.put_row(model.row(0))
    model.set_words("")
    model.sort(-1, Qt.SortOrder.AscendingOrder)  # back to the store's order
    assert shown_names(window.locations_page) == list(PLACES)


def test_a_location_added_while_the_list_is_narrowed_is_shown(qtbot: QtBot, window: MainWindow) -> None:
    page = window.locations_page
    qtbot.keyClicks(page.find_box, "park")
    assert window.store is not None
    added = window.store.locations.add(Location(name="Whatman Park Lane", ward="Bridge"))
    window.refresh(select=added.id)  # what the location dialog does after saving
    assert shown_names(page) == ["Mote Park", "Whatman Park Lane"]  # found by the words: they stay

    other = window.store.locations.add(Location(name="Jubilee Square"))
    window.refresh(select=other.id)
    assert page.find_box.text() == "" and page.find_count.text() == "" and len(shown_names(page)) == 6
    assert page.selected_location_id() == other.id


def test_numbered_wards_and_names_sort_by_their_numbers(qtbot: QtBot, window: MainWindow) -> None:
    store = window.store
    assert store is not None
    for name, ward in (("Place 10", "Ward 10"), ("Place 9", "Ward 2"), ("Place 100", "Ward 1")):
        store.locations.add(Location(name=name, ward=ward))
    window.refresh()
    page = window.locations_page
    click_heading(qtbot, page, LocationTableModel.WARD)
    numbered = [name for name in shown_names(page) if name.startswith("Place")]
    assert numbered == ["Place 100", "Place 9", "Place 10"]  # Ward 1, Ward 2, Ward 10 (not 1, 10, 2)
    click_heading(qtbot, page, LocationTableModel.NAME)
    assert [name for name in shown_names(page) if name.startswith("Place")] == ["Place 9", "Place 10", "Place 100"]
