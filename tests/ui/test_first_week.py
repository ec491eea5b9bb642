"""Issue 16, a practitioner's first week: small things that were missing or surprised a new user."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from safeguarding.model import Rating
from tests.ui.test_evidence import open_new_assessment
from ui.editor.form_page import FormPage
from ui.main_window import MainWindow

WindowFactory = Callable[[], MainWindow]


def _new_assessment(window: MainWindow) -> None:
    open_new_assessment(window)


def test_the_summary_page_shows_the_three_ratings(qtbot: QtBot, make_window: WindowFactory) -> None:
    """The Summary page did not show the sides' ratings: the user had to leave it to see them."""
    window = make_window()
    _new_assessment(window)
    editor = window.editor
    assert editor is not None
    summary = editor.page("summary")
    assert isinstance(summary, FormPage) and summary.side_ratings is not None
    assert summary.side_ratings.text() == (
        "Ratings of the three sides: Young people: not rated yet; Guardianship: not rated yet; "
        "Community and environment: not rated yet."
    )
    guardianship = editor.page("guardianship")
    assert isinstance(guardianship, FormPage)
    guardianship.editors["rating"].set_value(Rating.AMBER)
    editor.show_section("summary")
    assert "Guardianship: Amber;" in summary.side_ratings.text()


def test_the_empty_list_says_what_to_do_first(qtbot: QtBot, make_window: WindowFactory) -> None:
    """The empty list said nothing about what to do first."""
    window = make_window()
    window.refresh()
    steps = window.locations_page.first_steps
    assert steps.isVisible() and steps.text().startswith("No locations yet. To begin:")
    assert "New location… (Ctrl+N)" in steps.text() and "(F1)" in steps.text()
    _new_assessment(window)
    window.refresh()
    assert steps.isHidden()


def test_without_a_profile_changes_are_recorded_under_the_computer_account(
    qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Started with --db and no profile, every change was audited as "Who: Not recorded"."""
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "sam.example")
    window = make_window()
    assert window.profile is None
    line = window.path_label.full_text()
    assert "No profile is set, so changes are recorded as sam.example (computer account" in line
    assert "File → Your profile" in line
    _new_assessment(window)
    store = window.store
    assert store is not None
    who = {entry.actor for entry in store.audit.entries("locations")}
    assert who == {"sam.example (computer account; no profile set)"}


def test_the_start_date_follows_the_first_visit(qtbot: QtBot, make_window: WindowFactory) -> None:
    """A new assessment's start date was today, not the day of its first visit."""
    from datetime import date

    from PySide6.QtCore import QTime

    from ui.editor.observations_page import ObservationsPage

    window = make_window()
    _new_assessment(window)
    editor = window.editor
    assert editor is not None and editor.assessment is not None
    visits = editor.page("observations")
    assert isinstance(visits, ObservationsPage)
    editor.show_page(visits)
    visits.date_edit.set_value(date(2026, 11, 13))
    visits.start_edit.setTime(QTime(19, 0))
    visits.end_edit.setTime(QTime(21, 30))
    visits.notes_edit.setPlainText("Eight on the bandstand steps.")
    assert visits.save_visit()
    overview = editor.page("overview")
    assert isinstance(overview, FormPage)
    assert overview.editors["start_date"].value() == date(2026, 11, 13)
    assert "start date is now 13 November 2026" in window.statusBar().currentMessage()
    assert editor.save()
    store = window.store
    assert store is not None
    assert store.assessments.get(editor.assessment.id).start_date == date(2026, 11, 13)
    # A start date the user chose is kept, after the assessment is opened again.
    overview.set_field("start_date", date(2026, 11, 20))
    assert editor.save()
    window.open_assessment(editor.assessment.id, offer=False)
    editor.show_page(visits)
    visits.new_visit()
    visits.date_edit.set_value(date(2026, 11, 10))
    visits.notes_edit.setPlainText("Quiet.")
    assert visits.save_visit()
    assert overview.editors["start_date"].value() == date(2026, 11, 20)


def _wheel(qtbot: QtBot, widget: QWidget) -> None:
    """Turn the mouse wheel one notch down over ``widget``."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_the_wheel_scrolls_the_page_not_the_box_under_the_pointer(qtbot: QtBot, make_window: WindowFactory) -> None:
    """The mouse wheel was trapped in large text boxes, and counts under the pointer changed by themselves."""
    from ui.editor.observations_page import ObservationsPage

    window = make_window()
    window.resize(1366, 698)
    _new_assessment(window)
    editor = window.editor
    assert editor is not None
    visits = editor.page("observations")
    assert isinstance(visits, ObservationsPage)
    editor.show_page(visits)
    bar = visits.form_column.scroller.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    visits.notes_edit.setPlainText("\n".join(f"Line {n} of a long note." for n in range(80)))
    count = next(iter(visits.count_edits.values()))
    visits.observer_edit.setFocus()
    _wheel(qtbot, visits.notes_edit.viewport())
    assert bar.value() > 0 and visits.notes_edit.verticalScrollBar().value() == 0  # the page moved, not the note
    moved = bar.value()
    _wheel(qtbot, count.lineEdit())
    assert count.value() == 0 and bar.value() > moved  # the count kept its value; the page went on scrolling
    # Clicked into, the note takes the wheel.
    visits.notes_edit.setFocus()
    qtbot.waitUntil(visits.notes_edit.hasFocus)
    _wheel(qtbot, visits.notes_edit.viewport())
    assert visits.notes_edit.verticalScrollBar().value() > 0


def test_the_save_status_line_keeps_its_height(qtbot: QtBot, make_window: WindowFactory) -> None:
    """A keyboard trial: a long "Not saved yet…" grew to four lines and pushed the page down."""
    window = make_window()
    _new_assessment(window)
    editor = window.editor
    assert editor is not None
    label = editor.save_state
    before = label.height()
    editor.problem = "the disk is full. " * 20
    editor._show_state()
    QApplication.processEvents()
    assert label.height() == before
    assert label.toolTip() == label.text() and label.text().startswith("Not saved: the disk is full.")
