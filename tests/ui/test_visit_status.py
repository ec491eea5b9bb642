"""The visits list: moving between visits says nothing is unsaved; the Time column sorts by time of day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from safeguarding.demo import build_demo_database
from safeguarding.forms import FormLibrary
from safeguarding.model import Observation
from safeguarding.store import open_store
from tests.ui.durable_helpers import open_visits, seed
from ui.editor.observations_page import ObservationsPage
from ui.main_window import MainWindow
from ui.models import ObservationTableModel

WindowFactory = Callable[..., MainWindow]


def _demo_visits(make_window: WindowFactory, tmp_path: Path) -> tuple[MainWindow, ObservationsPage]:
    window = make_window(build_demo_database(tmp_path / "demo.sqlite3"))
    store = window.store
    assert store is not None
    (location,) = store.locations.find_by_name("Brenchley Gardens")
    assessment = store.assessments.latest_for_location(location.id)
    assert assessment is not None and len(assessment.observations) >= 3, "the demo has visits"
    window.open_assessment(assessment.id, offer=False)
    assert window.editor is not None
    window.editor.show_section("observations")
    page = window.editor.page("observations")
    assert isinstance(page, ObservationsPage)
    return window, page


def test_moving_between_visits_and_filtering_never_says_not_saved(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """A tester's fault: Up/Down in the visits list, or the "Show:" filter, said "Not saved yet" for 1.5 s."""
    window, visits = _demo_visits(make_window, tmp_path)
    editor, keeper, store = window.editor, window.drafts, window.store
    assert editor is not None and keeper is not None and store is not None
    written: list[int] = []
    keeper.written.connect(written.append)
    seen: list[str] = []
    keeper.state_changed.connect(lambda: seen.append(editor.save_state.text()))
    keeper.flush()  # the tester looked at the page for a while first
    visits.table.setFocus()
    visits.table.selectRow(0)
    assert visits.edits.editing is not None
    assert not editor.save_state.text().startswith("Not saved"), editor.save_state.text()
    for _ in range(visits.proxy.rowCount() - 1):
        shown = visits.edits.editing
        qtbot.keyClick(visits.table, Qt.Key.Key_Down)
        assert visits.edits.editing is not shown  # another visit is in the form
        assert not editor.save_state.text().startswith("Not saved"), editor.save_state.text()
        keeper.flush()  # as when the tester paused on each visit
    qtbot.keyClick(visits.table, Qt.Key.Key_Up)
    assert not editor.save_state.text().startswith("Not saved"), editor.save_state.text()
    for index in range(1, visits.band_filter.count()):  # the filter hides the visit shown: another is shown
        visits.band_filter.setCurrentIndex(index)
        assert not editor.save_state.text().startswith("Not saved"), editor.save_state.text()
        keeper.flush()
    visits.band_filter.setCurrentIndex(0)
    keeper.flush()
    assert written == [] and store.drafts.every() == []
    assert not any(text.startswith("Not saved") for text in seen), seen
    # Typing a character still says so at once.
    qtbot.keyClicks(visits.notes_edit, "x")
    assert editor.save_state.text().startswith("Not saved yet: changes to the visit of"), editor.save_state.text()
    visits.discard_unsaved()
    keeper.flush()
    assert editor.save_state.text().startswith("All changes saved"), editor.save_state.text()


def test_the_time_column_sorts_by_time_of_day_then_by_date(
    make_window: WindowFactory, db_path: Path, form_library: FormLibrary
) -> None:
    """A tester's fault: sorting by "Time" sorted by date and time, the same as "Date"."""
    assessment_id = seed(db_path, form_library)
    store = open_store(db_path)
    try:
        for day, hour, notes in ((1, 21, "Evening"), (2, 9, "Morning"), (3, 15, "Afternoon"), (4, 9, "Later morning")):
            start = datetime(2026, 12, day, hour, 30, tzinfo=UTC)  # December: UK time is UTC
            store.assessments.save_observation(
                assessment_id, Observation(start=start, end=start + timedelta(hours=1), notes=notes)
            )
    finally:
        store.close()
    visits = open_visits(make_window(), assessment_id)
    visits.table.sortByColumn(ObservationTableModel.DATE, Qt.SortOrder.AscendingOrder)
    assert [visit.notes for visit in visits.visible_visits()] == ["Evening", "Morning", "Afternoon", "Later morning"]
    visits.table.sortByColumn(ObservationTableModel.TIME, Qt.SortOrder.AscendingOrder)
    assert [visit.notes for visit in visits.visible_visits()] == ["Morning", "Later morning", "Afternoon", "Evening"]
    visits.table.sortByColumn(ObservationTableModel.TIME, Qt.SortOrder.DescendingOrder)
    assert [visit.notes for visit in visits.visible_visits()] == ["Evening", "Afternoon", "Later morning", "Morning"]
