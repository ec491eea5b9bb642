"""The locations list at scale: going back from an assessment reads and measures its location's row only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QHeaderView, QStyledItemDelegate, QStyleOptionViewItem, QWidget
from pytestqt.qtbot import QtBot

from safeguarding.forms import FormLibrary
from safeguarding.model import AssessmentStatus, Location, Rating, Side
from safeguarding.store import open_store
from ui.main_window import MainWindow
from ui.models import LocationTableModel

WindowFactory = Callable[[], MainWindow]


def test_back_to_the_list_reads_the_row_of_the_assessment_left_only(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, form_library: FormLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(db_path)
    try:
        places = [
            store.locations.add(Location(name=name)) for name in ("Brenchley Gardens", "Fremlin Walk", "Lockmeadow")
        ]
        assessment = store.assessments.create(places[1].id, form_library.current())
    finally:
        store.close()
    window = make_window()
    assert window.store is not None and window.editor is not None
    window.open_assessment(assessment.id)
    changed = window.store.assessments.get(assessment.id)  # as another window saves it meanwhile
    changed.findings[Side.GUARDIANSHIP].rating = Rating.RED
    changed.status = AssessmentStatus.COMPLETE
    window.store.assessments.save(changed)
    listed: list[bool] = []
    original = window.store.locations.summaries
    monkeypatch.setattr(window.store.locations, "summaries", lambda *args: listed.append(True) or original(*args))

    window.editor.request_close()

    assert window.current_page() is window.locations_page and listed == []  # the list was not read again
    model = window.locations_page.model
    assert model.rowCount() == 3 and window.locations_page.selected_location_id() == places[1].id
    assert model.index(1, LocationTableModel.GUARDIANSHIP).data() == "Red"
    assert model.index(1, LocationTableModel.STATUS).data() == AssessmentStatus.COMPLETE.label
    assert window.locations_page.assessments.count() == 1  # its details shown


class CountingDelegate(QStyledItemDelegate):
    """The table's usual delegate that counts the cells measured (each ``sizeHint`` asks the model for a value)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.measured = 0

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        self.measured += 1
        return super().sizeHint(option, index)


def _many_places(db_path: Path, form_library: FormLibrary, count: int) -> str:
    """``count`` locations (more than the 50 rows the columns are sized from); the id of one's assessment."""
    store = open_store(db_path)
    try:
        places = [
            store.locations.add(Location(name=f"Place {number:03d}", ward="High Street")) for number in range(count)
        ]
        return store.assessments.create(places[7].id, form_library.current()).id
    finally:
        store.close()


def test_back_to_the_list_measures_only_the_row_put_back(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, form_library: FormLibrary
) -> None:
    """Issue 14: the columns were sized to 50 rows each time the list came back (about 5,300 values at 500)."""
    assessment_id = _many_places(db_path, form_library, 60)
    window = make_window()
    page = window.locations_page
    counting = CountingDelegate(page.table)
    page.table.setItemDelegate(counting)
    window.open_assessment(assessment_id)
    assert window.editor is not None and window.current_page() is window.editor
    counting.measured = 0

    window.editor.request_close()
    QApplication.processEvents()

    assert window.current_page() is page
    sized = [
        column
        for column in range(len(LocationTableModel.HEADERS))
        if page.table.horizontalHeader().sectionResizeMode(column) != QHeaderView.ResizeMode.Stretch
    ]
    assert 0 < counting.measured <= len(sized)  # one value per sized column, the row put back (was 750)


def test_the_columns_follow_a_longer_name_and_larger_text(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, form_library: FormLibrary
) -> None:
    assessment_id = _many_places(db_path, form_library, 60)
    window = make_window()
    store, page = window.store, window.locations_page
    assert store is not None
    header = page.table.horizontalHeader()

    def fits(name: str) -> bool:
        return header.sectionSize(LocationTableModel.NAME) > page.table.fontMetrics().horizontalAdvance(name)

    # Renamed while its assessment is open: the row put back on return widens the column.
    window.open_assessment(assessment_id)
    assessment = store.assessments.get(assessment_id)
    renamed = "The multi-storey car park behind the Royal Star Arcade, Maidstone"
    store.locations.update(replace(store.locations.get(assessment.location_id), name=renamed))
    assert not fits(renamed)
    assert window.editor is not None
    window.editor.request_close()
    assert fits(renamed)
    # Added (the 61st, beyond the 50 rows measured) and the list read again: it is measured too.
    added = store.locations.add(
        Location(name="The Lockmeadow Leisure Complex and its riverside car parks, Barker Road")
    )
    window.refresh(select=added.id)
    assert fits(added.name)
    # Larger text (125%): the columns are sized again for it.
    font = QFont(page.font())
    font.setPointSizeF(font.pointSizeF() * 1.25)
    page.setFont(font)
    assert fits(added.name)
