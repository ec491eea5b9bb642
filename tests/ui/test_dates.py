"""Dates are typed into date fields (click and type), read back in words, and odd dates are asked about or refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QPoint, Qt, QTime
from pytestqt.qtbot import QtBot

from safeguarding.forms import FormLibrary
from safeguarding.model import Location, Side
from safeguarding.store import open_store
from tests.ui.conftest import ScriptedInteraction
from tests.ui.test_evidence import open_new_assessment, visits_page
from tests.ui.typed import type_date
from ui.editor.consultations_page import ConsultationsPage
from ui.editor.observations_page import ObservationsPage
from ui.editor.plan_page import PlanPage
from ui.main_window import MainWindow
from ui.widgets.dates import DateField

WindowFactory = Callable[[], MainWindow]


def test_a_date_is_typed_and_read_back_in_words(qtbot: QtBot) -> None:
    field = DateField("Due date")
    qtbot.addWidget(field)
    assert field.value() is None and field.words.text() == "Not set."
    type_date(qtbot, field, "7 dec 26")
    assert field.value() == date(2026, 12, 7)
    assert field.text() == "07/12/2026"  # shown one way once typing ends
    assert field.words.text() == "Monday 7 December 2026"
    qtbot.keyClick(field.edit, Qt.Key.Key_Up)
    assert field.value() == date(2026, 12, 8)
    qtbot.keyClick(field.edit, Qt.Key.Key_PageDown)
    assert field.value() == date(2026, 11, 8)


def test_text_that_is_not_a_date_stays_as_typed_and_says_why(qtbot: QtBot) -> None:
    field = DateField("Due date")
    qtbot.addWidget(field)
    changes: list[None] = []
    field.changed.connect(lambda: changes.append(None))
    type_date(qtbot, field, "31/2/2027")
    assert field.text() == "31/2/2027"  # never silently turned into another date
    assert field.words.text() == "“31/2/2027” is not a date: February 2027 has 28 days."
    assert field.problem() == field.words.text()
    assert field.parsed() is None
    assert len(changes) == len("31/2/2027")
    type_date(qtbot, field, "7/12")
    assert "has no year" in field.words.text()


def test_the_calendar_sets_the_date_and_an_empty_required_date_is_refused(qtbot: QtBot) -> None:
    field = DateField("Meeting date", required=True)
    qtbot.addWidget(field)
    assert "Please give the meeting date" in field.problem()
    with qtbot.waitSignal(field.changed):
        field.calendar.clicked.emit(QDate(2026, 12, 14))
    assert field.given() == date(2026, 12, 14)


def _window_with_a_place(
    make_window: WindowFactory, db_path: Path, form_library: FormLibrary
) -> tuple[MainWindow, str]:
    """Brenchley Gardens, referred on 1 February 2026, with an assessment open in the window."""
    store = open_store(db_path)
    try:
        place = store.locations.add(Location(name="Brenchley Gardens", referral_date=date(2026, 2, 1)))
        assessment = store.assessments.create(place.id, form_library.current(), start_date=date(2026, 3, 1))
        store.plan.add_goal(assessment.id, Side.ENVIRONMENT, "The museum path is lit after dark.")
    finally:
        store.close()
    window = make_window()
    window.open_assessment(assessment.id)
    assert window.editor is not None
    return window, assessment.id


def _visits(window: MainWindow) -> ObservationsPage:
    assert window.editor is not None
    window.editor.show_section("observations")
    visits = window.editor.page("observations")
    assert isinstance(visits, ObservationsPage)
    return visits


def test_a_visit_in_1752_is_refused_in_words(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, form_library: FormLibrary
) -> None:
    visits = _visits(_window_with_a_place(make_window, db_path, form_library)[0])
    type_date(qtbot, visits.date_edit, "14/9/1752")
    assert visits.band_label.text() == "— (type the date of the visit)"
    visits.notes_edit.setPlainText("Quiet.")
    assert not visits.save_visit()
    assert visits.message.text() == (
        "The visit date 14 September 1752 is before 2000, which cannot be right for this record. Please check the year."
    )
    assert visits.model.rowCount() == 0
    type_date(qtbot, visits.date_edit, "14/10/2026")
    assert visits.save_visit()
    assert visits.model.rowCount() == 1


def test_a_consultation_before_the_referral_is_asked_about(
    qtbot: QtBot,
    make_window: WindowFactory,
    db_path: Path,
    form_library: FormLibrary,
    interaction: ScriptedInteraction,
) -> None:
    window, _ = _window_with_a_place(make_window, db_path, form_library)
    assert window.editor is not None
    window.editor.show_section("consultations")
    page = window.editor.page("consultations")
    assert isinstance(page, ConsultationsPage)
    qtbot.keyClicks(page.consulted_edit, "Manager, fast-food restaurant")
    type_date(qtbot, page.date_edit, "10/1/2026")
    interaction.answers.append(False)
    assert not page.save_consultation()
    assert interaction.asked[-1] == (
        "Consultation before the referral",
        "The consultation on 10 January 2026 is before Brenchley Gardens was referred (1 February 2026). "
        "Is the date right? Save it anyway if it is earlier evidence.",
    )
    assert page.model.rowCount() == 0 and "change the date" in page.message.text()
    interaction.answers.append(True)
    assert page.save_consultation()
    assert page.model.rowCount() == 1
    assert page.save_consultation()  # saved again unchanged: not asked twice
    assert interaction.answers == []


def test_a_due_date_more_than_a_year_away_is_asked_about(
    qtbot: QtBot,
    make_window: WindowFactory,
    db_path: Path,
    form_library: FormLibrary,
    interaction: ScriptedInteraction,
) -> None:
    window, assessment_id = _window_with_a_place(make_window, db_path, form_library)
    assert window.editor is not None and window.store is not None
    window.editor.show_section("plan")
    page = window.editor.page("plan")
    assert isinstance(page, PlanPage)
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    qtbot.mouseClick(page.add_action_button, Qt.MouseButton.LeftButton)
    dialog = page.action_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.description, "Lighting on the museum path")
    dialog.agency.setCurrentIndex(1)
    far = date.today() + timedelta(days=400)
    type_date(qtbot, dialog.due, far.strftime("%d/%m/%y"))  # a two-digit year, read as 20YY
    interaction.answers.append(False)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert interaction.asked[-1][0] == "Due date more than a year away"
    assert "Is the year right?" in interaction.asked[-1][1]
    near = date.today() + timedelta(days=60)
    type_date(qtbot, dialog.due, near.strftime("%d %b %Y"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [action.due_date for action in window.store.plan.load(assessment_id).actions()] == [near]


def test_showing_a_visit_on_another_day_at_the_same_times_updates_the_day(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, form_library: FormLibrary
) -> None:
    visits = _visits(_window_with_a_place(make_window, db_path, form_library)[0])
    for typed in ("5/10/2026", "10/10/2026"):  # a Monday, then a Saturday, both 16:00-17:00
        visits.new_visit()
        type_date(qtbot, visits.date_edit, typed)
        visits.start_edit.setTime(QTime(16, 0))
        visits.end_edit.setTime(QTime(17, 0))
        visits.notes_edit.setPlainText("Quiet.")
        assert visits.save_visit()
    visits.table.selectRow(0)
    assert visits.day_label.text() == "Monday, weekday"
    visits.table.selectRow(1)
    assert visits.day_label.text() == "Saturday, weekend"
    assert visits.band_label.text() == "Weekend afternoon"


def test_one_click_in_a_date_box_then_typing_replaces_the_date(qtbot: QtBot, make_window: WindowFactory) -> None:
    """Issue 16: clicking a date box and typing did nothing, and a typed date became another date."""
    visits = _visits_page(qtbot, make_window)
    field = visits.date_edit
    field.set_value(date(2027, 12, 8))
    visits.observer_edit.setFocus()
    qtbot.mouseClick(field.edit, Qt.MouseButton.LeftButton, pos=QPoint(field.edit.width() // 2, 5))
    assert field.edit.hasFocus() and field.edit.selectedText() == "08/12/2027"
    qtbot.keyClicks(field.edit, "15/1/2027")
    field.edit.editingFinished.emit()
    assert field.value() == date(2027, 1, 15)
    # A second click places the cursor, as in any text box.
    qtbot.mouseClick(field.edit, Qt.MouseButton.LeftButton, pos=QPoint(3, 5))
    assert not field.edit.hasSelectedText()


def _visits_page(qtbot: QtBot, make_window: WindowFactory) -> ObservationsPage:
    window = make_window()
    open_new_assessment(window)
    visits = visits_page(window)
    with qtbot.waitActive(window):
        window.activateWindow()
    return visits


def test_one_click_in_a_visit_time_then_typing_replaces_that_part(qtbot: QtBot, make_window: WindowFactory) -> None:
    """Issue 16: each part of a time had to be double-clicked before typing did anything."""
    visits = _visits_page(qtbot, make_window)
    visits.start_edit.setTime(QTime(14, 0))
    visits.observer_edit.setFocus()
    line = visits.start_edit.lineEdit()
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton, pos=QPoint(4, line.height() // 2))
    qtbot.waitUntil(line.hasSelectedText)
    qtbot.keyClicks(visits.start_edit, "1830")
    assert visits.start_edit.time() == QTime(18, 30)
