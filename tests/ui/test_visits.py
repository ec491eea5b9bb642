"""Visits entered in the window: refused when impossible, never lost without asking."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QTime
from pytestqt.qtbot import QtBot

from safeguarding.model import Location, Observation
from safeguarding.store import open_store
from tests.ui.conftest import ScriptedInteraction
from tests.ui.typed import type_date
from ui.editor.observations_page import ObservationsPage
from ui.main_window import MainWindow

WindowFactory = Callable[[], MainWindow]


def test_visit_ending_before_it_starts_is_refused(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    store = window.store
    assert store is not None
    location = store.locations.add(Location(name="Brenchley Gardens"))
    window.refresh()
    window.new_assessment(location.id)
    editor = window.editor
    assert editor is not None and editor.assessment is not None
    visits = editor.page("observations")
    assert isinstance(visits, ObservationsPage)
    visits.start_edit.setTime(QTime(18, 0))
    visits.end_edit.setTime(QTime(17, 0))
    visits.overnight.setChecked(False)
    assert "end time must be after" in visits.band_label.text()
    assert not visits.save_visit()
    assert "end time must be after the start time" in visits.message.text()
    assert store.assessments.observations(editor.assessment.id) == []
    # The same times across midnight are a valid late-night visit.
    visits.start_edit.setTime(QTime(22, 0))
    visits.end_edit.setTime(QTime(1, 0))
    visits.overnight.setChecked(True)
    visits.notes_edit.setPlainText("Nobody present after 23:00.")
    assert visits.band_label.text() == "Late night (night-time economy)"
    assert visits.save_visit()
    assert len(store.assessments.observations(editor.assessment.id)) == 1


def _editor_on_visits(make_window: WindowFactory) -> tuple[MainWindow, ObservationsPage, str]:
    window = make_window()
    store = window.store
    assert store is not None
    location = store.locations.add(Location(name="Brenchley Gardens"))
    window.refresh()
    window.new_assessment(location.id)
    assert window.editor is not None and window.editor.assessment is not None
    window.editor.show_section("observations")
    visits = window.editor.page("observations")
    assert isinstance(visits, ObservationsPage)
    return window, visits, window.editor.assessment.id


def test_a_typed_visit_is_saved_when_the_window_closes(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction
) -> None:
    window, visits, assessment_id = _editor_on_visits(make_window)
    store = window.store
    assert store is not None
    path = store.path
    qtbot.keyClicks(visits.observer_edit, "Sam Example")
    visits.notes_edit.setPlainText("Six young people by the bandstand.")
    window.close()
    assert interaction.asked == [] and not window.isVisible()
    reopened = open_store(path)
    try:
        (visit,) = reopened.assessments.observations(assessment_id)
        assert visit.notes == "Six young people by the bandstand." and visit.observer == "Sam Example"
        assert reopened.drafts.every() == []  # saved: no draft is left behind
    finally:
        reopened.close()


@pytest.mark.parametrize(("choice", "stays", "drafts"), [(2, True, 0), (0, False, 1), (1, False, 0)])
def test_a_visit_that_cannot_be_saved_is_never_lost_without_asking(
    qtbot: QtBot,
    make_window: WindowFactory,
    interaction: ScriptedInteraction,
    choice: int,
    stays: bool,
    drafts: int,
) -> None:
    window, visits, assessment_id = _editor_on_visits(make_window)
    store = window.store
    assert store is not None
    path = store.path
    qtbot.keyClicks(visits.observer_edit, "Sam Example")  # but nothing about what was seen: refused
    interaction.choices = [choice]  # 0 keep it as a draft for later, 1 discard it, 2 stay
    window.close()
    title, text = interaction.asked[-1]
    assert title == "Not saved" and text.startswith("A visit to Brenchley Gardens could not be saved")
    assert "Please write what was seen" in text
    assert window.isVisible() is stays
    if stays:
        assert visits.observer_edit.text() == "Sam Example"
        assert window.current_page() is window.editor
        visits.clear_form()  # so closing at the end of the test asks nothing
        return
    reopened = open_store(path)
    try:
        assert reopened.assessments.observations(assessment_id) == []
        kept = reopened.drafts.every()
        assert len(kept) == drafts
        if drafts:
            assert kept[0].payload["observer"] == "Sam Example" and kept[0].label == "a visit to Brenchley Gardens"
    finally:
        reopened.close()


def test_moving_to_another_visit_asks_about_unsaved_changes(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction
) -> None:
    _window, visits, _assessment_id = _editor_on_visits(make_window)
    visits.notes_edit.setPlainText("First visit.")
    assert visits.save_visit()
    visits.new_visit()
    visits.notes_edit.setPlainText("Second visit, typed but not saved.")
    interaction.choices = [2]  # stay
    visits.new_visit()
    assert visits.notes_edit.toPlainText() == "Second visit, typed but not saved."
    interaction.choices = [1]  # discard
    visits.new_visit()
    assert visits.notes_edit.toPlainText() == ""
    # A blank form whose times were moved is not "unsaved work".
    visits.start_edit.setTime(QTime(9, 0))
    assert visits.unsaved_work() == ""


def test_time_skipped_by_the_clock_change_is_refused(qtbot: QtBot, make_window: WindowFactory) -> None:
    window, visits, assessment_id = _editor_on_visits(make_window)
    type_date(qtbot, visits.date_edit, "29 March 2026")
    visits.start_edit.setTime(QTime(1, 15))
    visits.end_edit.setTime(QTime(1, 45))
    visits.notes_edit.setPlainText("Quiet.")
    assert not visits.save_visit()
    assert "There is no 01:15 on Sunday 29 March 2026" in visits.message.text()
    assert window.store is not None and window.store.assessments.observations(assessment_id) == []
    visits.clear_form()


def test_an_empty_visit_is_refused_and_saved_message_is_not_an_error(qtbot: QtBot, make_window: WindowFactory) -> None:
    _window, visits, _assessment_id = _editor_on_visits(make_window)
    assert not visits.save_visit()
    assert "Please write what was seen" in visits.message.text()
    assert visits.message.objectName() == "errorText"
    visits.notes_edit.setPlainText("Nobody present.")
    assert visits.save_visit()
    assert visits.message.objectName() == "okText"
    assert visits.light_combo.itemText(0) == "Not recorded"


def test_times_mnemonic_reaches_the_start_time(qtbot: QtBot, make_window: WindowFactory) -> None:
    _window, visits, _assessment_id = _editor_on_visits(make_window)
    from PySide6.QtWidgets import QLabel

    label = next(w for w in visits.findChildren(QLabel) if w.text() == "Ti&mes")
    assert label.buddy() is visits.start_edit


def test_saving_a_visit_changes_its_row_only_and_the_list_stays_sorted(
    qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, visits, assessment_id = _editor_on_visits(make_window)
    store = window.store
    editor = window.editor
    assert store is not None and editor is not None and editor.assessment is not None
    start = datetime(2026, 11, 2, 16, 0, tzinfo=UTC)
    for day in (3, 1, 2):  # saved out of date order
        store.assessments.save_observation(
            assessment_id, Observation(start=start + timedelta(days=day), end=start + timedelta(days=day, hours=1),
                                       notes=f"Visit on day {day}.")
        )  # fmt: skip
    window.open_assessment(assessment_id)
    editor.show_section("observations")
    assert [visit.notes for visit in visits.visible_visits()] == [
        "Visit on day 1.",
        "Visit on day 2.",
        "Visit on day 3.",
    ]
    reads: list[str] = []
    for name in ("get", "observations"):
        original = getattr(store.assessments, name)
        monkeypatch.setattr(
            store.assessments,
            name,
            lambda *args, _name=name, _original=original: reads.append(_name) or _original(*args),
        )
    resets: list[bool] = []
    changed: list[tuple[int, int]] = []
    visits.model.modelReset.connect(lambda: resets.append(True))
    visits.model.dataChanged.connect(lambda first, last: changed.append((first.row(), last.row())))

    visits.table.selectRow(0)  # day 1, moved to the end of the list by its new date
    visits.date_edit.set_value(date(2026, 11, 9))
    visits.notes_edit.setPlainText("Visit on day 1, moved to day 7.")
    assert visits.save_visit()

    assert reads == [] and resets == []  # neither the assessment nor its visits were read again
    assert len(changed) == 1 and changed[0][0] == changed[0][1]  # one row changed
    assert [visit.notes for visit in visits.visible_visits()] == [
        "Visit on day 2.",
        "Visit on day 3.",
        "Visit on day 1, moved to day 7.",
    ]
    assert visits.table.currentIndex().row() == 2  # the saved visit stays selected where it moved
    held = [visit.notes for visit in editor.assessment.observations]  # the editor's copy follows, in time order
    assert held == [visit.notes for visit in store.assessments.observations(assessment_id)]
    assert visits.coverage.summary.text().startswith("3 visits")

    reads.clear()  # the check above read them
    visits.new_visit()
    visits.notes_edit.setPlainText("A fourth visit.")
    assert visits.save_visit()
    assert visits.model.rowCount() == 4 and len(editor.assessment.observations) == 4
    assert reads == [] and resets == []


def test_new_visit_starts_at_the_top_with_the_observers_carried_over(qtbot: QtBot, make_window: WindowFactory) -> None:
    """Issue 16: after Alt+N the form stayed scrolled down and the observers had to be typed again."""
    window, visits, assessment_id = _editor_on_visits(make_window)
    window.resize(1366, 698)
    qtbot.keyClicks(visits.observer_edit, "Sam Example, Jo Example")
    visits.notes_edit.setPlainText("Quiet; two adults walking dogs.")
    assert visits.save_visit()
    bar = visits.form_column.scroller.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # the form is taller than its column at this size
    bar.setValue(bar.maximum())
    visits.new_button.click()
    assert bar.value() == 0
    assert visits.observer_edit.text() == "Sam Example, Jo Example"
    assert visits.notes_edit.toPlainText() == "" and visits.form_box.title() == "New visit"
    assert not visits.edits.unsaved()  # the carried names alone are not unsaved work
    store = window.store
    assert store is not None
    assert len(store.assessments.observations(assessment_id)) == 1
