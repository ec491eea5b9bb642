"""Field evidence in the window: quick-capture visits, coverage, photos and consultations."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QDate, QMimeData, QPointF, Qt, QTime, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from safeguarding.forms import FormDefinition
from safeguarding.model import AgeBand, GuardianPresence, Location, ObservedGender, Side
from safeguarding.store import open_store
from safeguarding.timeutil import utc_to_local
from tests.evidence.conftest import sample
from tests.ui.conftest import ScriptedInteraction
from tests.ui.typed import type_date
from ui.editor.consultations_page import ConsultationsPage
from ui.editor.observations_page import ObservationsPage
from ui.editor.photos_page import PhotosPage
from ui.main_window import MainWindow
from ui.models import ObservationTableModel

WindowFactory = Callable[[], MainWindow]
IMPORT_TIMEOUT = 30_000
"""Milliseconds to wait for a photo import's background checks (normally well under a second)."""


def open_new_assessment(window: MainWindow) -> str:
    """Add Brenchley Gardens, start an assessment in the window and return its id."""
    assert window.store is not None
    location = window.store.locations.add(Location(name="Brenchley Gardens", latitude=51.2776, longitude=0.5196))
    window.refresh()
    window.new_assessment(location.id)
    assert window.editor is not None and window.editor.assessment is not None
    return window.editor.assessment.id


def visits_page(window: MainWindow) -> ObservationsPage:
    assert window.editor is not None
    window.editor.show_section("observations")
    page = window.editor.page("observations")
    assert isinstance(page, ObservationsPage)
    return page


def enter_visit(
    page: ObservationsPage, day: QDate, start: QTime, end: QTime, *, overnight: bool = False, notes: str = "Quiet."
) -> None:
    page.clear_form()
    page.date_edit.set_value(day.toPython())
    page.start_edit.setTime(start)
    page.end_edit.setTime(end)
    page.overnight.setChecked(overnight)
    page.notes_edit.setPlainText(notes)


def test_quick_capture_tab_order_and_ctrl_enter(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    assessment_id = open_new_assessment(window)
    page = visits_page(window)
    # The tab chain runs through the form in reading order, the head-count grid row by row.
    chain: list[QWidget] = [page.date_edit.edit]
    while len(chain) < 30:
        chain.append(chain[-1].nextInFocusChain())
    expected = [
        page.date_edit.edit,
        page.start_edit,
        page.end_edit,
        page.overnight,
        page.observer_edit,
        page.weather_edit,
        page.light_combo,
        page.count_edits[(AgeBand.UNDER_11, ObservedGender.MALE)],
        page.count_edits[(AgeBand.UNDER_11, ObservedGender.FEMALE)],
    ]
    positions = [next(i for i, w in enumerate(chain) if w is widget or w.parent() is widget) for widget in expected]
    assert positions == sorted(positions)

    enter_visit(page, QDate(2026, 10, 8), QTime(15, 30), QTime(17, 0), notes="")
    assert page.day_label.text() == "Thursday, weekday"
    qtbot.keyClicks(page.observer_edit, "Sam Example")
    qtbot.keyClicks(page.weather_edit, "Dry")
    spin = page.count_edits[(AgeBand.AGE_14_15, ObservedGender.MALE)]
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "6")
    page.count_edits[(AgeBand.ADULTS, ObservedGender.UNCLEAR)].setValue(2)
    assert page.total_label.text() == "Total: 6 young people, 2 adults"
    qtbot.keyClicks(page.activities_edit, "Music at the bandstand")
    qtbot.keyClicks(page.guardians_edit, "Park warden")
    page.presence_combo.setCurrentIndex(page.presence_combo.findData(GuardianPresence.ACTIVE.value))
    qtbot.keyClick(page.side_checks[Side.GUARDIANSHIP], Qt.Key.Key_Space)
    qtbot.keyClicks(page.notes_edit, "Group of about eight by the bandstand.")
    qtbot.keyClick(page.notes_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.message.text() == "Visit saved.")
    assert window.store is not None
    (saved,) = window.store.assessments.observations(assessment_id)
    assert saved.counts == {(AgeBand.AGE_14_15, ObservedGender.MALE): 6, (AgeBand.ADULTS, ObservedGender.UNCLEAR): 2}
    assert saved.sides == {Side.GUARDIANSHIP} and saved.guardian_presence is GuardianPresence.ACTIVE
    assert saved.notes == "Group of about eight by the bandstand."  # Ctrl+Enter did not add a line
    assert page.model.index(0, ObservationTableModel.YOUNG_PEOPLE).data() == "6"


def test_visits_sort_filter_and_coverage_gaps(qtbot: QtBot, make_window: WindowFactory, form: FormDefinition) -> None:
    window = make_window()
    open_new_assessment(window)
    page = visits_page(window)
    for day, start, end in (
        (QDate(2026, 10, 9), QTime(18, 30), QTime(20, 0)),  # Friday evening
        (QDate(2026, 10, 5), QTime(15, 30), QTime(17, 0)),  # Monday after school
        (QDate(2026, 10, 10), QTime(13, 0), QTime(14, 0)),  # Saturday daytime
    ):
        enter_visit(page, day, start, end)
        assert page.save_visit()
    dates = [utc_to_local(v.start).day for v in page.visible_visits()]
    assert dates == [5, 9, 10]
    page.table.sortByColumn(ObservationTableModel.DATE, Qt.SortOrder.DescendingOrder)
    assert [utc_to_local(v.start).day for v in page.visible_visits()] == [10, 9, 5]
    page.band_filter.setCurrentIndex(page.band_filter.findData("evening"))
    assert [utc_to_local(v.start).day for v in page.visible_visits()] == [9]
    page.band_filter.setCurrentIndex(0)
    assert len(page.visible_visits()) == 3
    grid = page.coverage.table
    friday, evening = 4, [b.id for b in form.time_bands].index("evening")
    assert grid.item(evening, friday).text() == "1"
    assert grid.item(evening, 5).text() == ""
    gaps = page.coverage.gaps.text()
    assert "No visit at a weekend:" in gaps and "Evening (18:00–21:00)" in gaps.split("No visit at a weekend:")[1]
    assert page.coverage.summary.text().startswith("3 visits: 2 on weekdays and 1 at weekends.")


def test_clock_change_visits_keep_their_times_through_the_window(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path
) -> None:
    window = make_window()
    assessment_id = open_new_assessment(window)
    page = visits_page(window)
    enter_visit(page, QDate(2025, 3, 30), QTime(0, 30), QTime(3, 0))
    assert page.save_visit()
    enter_visit(page, QDate(2025, 10, 26), QTime(1, 30), QTime(3, 0))
    assert page.save_visit()
    window.close()
    for cycle in range(5):
        reopened = make_window()
        reopened.open_assessment(assessment_id)
        page = visits_page(reopened)
        shown = []
        for row in range(page.model.rowCount()):
            page.show_visit(page.model.row(row))
            shown.append((str(page.date_edit.given()), page.start_edit.time().toString("HH:mm")))
            assert page.save_visit(), cycle  # saved again from what the form shows
        assert shown == [("2025-03-30", "00:30"), ("2025-10-26", "01:30")], cycle
        reopened.close()
    store = open_store(db_path)
    try:
        starts = [v.start.isoformat() for v in store.assessments.observations(assessment_id)]
    finally:
        store.close()
    assert starts == ["2025-03-30T00:30:00+00:00", "2025-10-26T00:30:00+00:00"]


def photos_page(window: MainWindow) -> PhotosPage:
    assert window.editor is not None
    window.editor.show_section("photos")
    page = window.editor.page("photos")
    assert isinstance(page, PhotosPage)
    return page


def test_photos_added_by_picker_and_drop_with_bad_files_explained(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction, tmp_path: Path
) -> None:
    window = make_window()
    assessment_id = open_new_assessment(window)
    page = photos_page(window)
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    renamed = tmp_path / "minutes.jpg"
    renamed.write_bytes(b"Minutes of the meeting, not a picture.\n" * 10)
    interaction.open_path_lists.append(
        [
            sample("jpg_orientation_portrait_6.jpg"),
            sample("jpg_corrupted.jpg"),
            empty,
            renamed,
            sample("jpg_gps_DSCN0010.jpg"),
        ]
    )
    with qtbot.waitSignal(page.import_finished, timeout=IMPORT_TIMEOUT):
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    message = page.message.text()
    assert message.startswith("Added 2 photos.")
    assert "jpg_corrupted.jpg is damaged" in message and "empty.jpg is empty" in message
    assert "minutes.jpg is not a photo" in message
    assert "Check photo 2: its GPS position is more than 1 km" in message
    assert page.list.count() == 2
    # The GPS photo (selected, last added) shows the camera position and a warning.
    assert page.list.currentRow() == 1
    assert "43.46745, 11.88513" in page.gps.text()
    assert "km from the location" in page.gps_warning.text()

    # Drag and drop the iPhone HEIC onto the page.
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample("heic_IMG_5195.HEIC")))])
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    with qtbot.waitSignal(page.import_finished, timeout=IMPORT_TIMEOUT):
        page.dropEvent(drop)
    assert page.list.count() == 3
    assert page.message.text() == "Added 1 photo.\nCheck photo 3: its GPS position is more than 1 km from the location."

    # Describe photo 1: caption, visit-less, side.
    page.list.setCurrentRow(0)
    assert page.preview.pixmap().height() > page.preview.pixmap().width()  # portrait shown upright
    page.caption_edit.setText("Unlit path by the museum")
    page.caption_edit.editingFinished.emit()
    page.side_combo.setCurrentIndex(page.side_combo.findData(Side.ENVIRONMENT.value))
    page.side_combo.activated.emit(page.side_combo.currentIndex())
    assert window.store is not None
    stored = window.store.photos.of_assessment(assessment_id)
    assert stored[0].caption == "Unlit path by the museum" and stored[0].side is Side.ENVIRONMENT
    assert page.list.item(0).text() == "Photo 1: Unlit path by the museum"

    # Export a copy of the GPS photo: upright JPEG without EXIF or GPS.
    page.list.setCurrentRow(1)
    target = tmp_path / "copy.jpg"
    interaction.save_paths.append(target)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    data = target.read_bytes()
    assert b"Exif" not in data and b"NIKON" not in data
    assert not Image.open(io.BytesIO(data)).getexif()

    # The same photo again is refused, naming its number; the rest are untouched.
    interaction.open_path_lists.append([sample("jpg_gps_DSCN0010.jpg")])
    with qtbot.waitSignal(page.import_finished, timeout=IMPORT_TIMEOUT):
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert "jpg_gps_DSCN0010.jpg is already in the assessment, as photo 2" in page.message.text()
    assert page.list.count() == 3

    # Remove photo 1; the others are renumbered.
    interaction.answers.append(True)
    page.list.setCurrentRow(0)
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert page.list.count() == 2 and page.list.item(0).text().startswith("Photo 1")


def many_photos() -> list[Path]:
    """Enough files that the background checks are still running when the test acts (about a second).

    A function, not a constant: :func:`sample` skips the test (fails it in CI) when the shared
    photos are missing, which must happen inside a test, not while the module is collected.
    """
    return [sample(name) for name in ("jpg_gps_DSCN0010.jpg", "jpg_gps_DSCN0021.jpg", "jpg_mobile_jolla.jpg")] * 12


def test_photo_import_runs_off_the_gui_thread_and_cancel_adds_nothing(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction
) -> None:
    window = make_window()
    assessment_id = open_new_assessment(window)
    page = photos_page(window)
    interaction.open_path_lists.append(many_photos())
    with qtbot.waitSignal(page.import_finished, timeout=IMPORT_TIMEOUT) as finished:
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
        # The click returned while the photos are still being checked: the window is not frozen.
        assert page.message.text() == f"Checking {len(many_photos())} photos…"
        dialog = page.findChild(QProgressDialog)
        assert dialog is not None and dialog.windowTitle() == "Adding photos"
        cancel = dialog.findChild(QPushButton)
        assert cancel is not None and cancel.text() == "Cancel"
        cancel.click()
    assert finished.args == [[]]
    assert page.message.text() == "Adding photos was cancelled: no photo was added."
    assert window.store is not None and window.store.photos.of_assessment(assessment_id) == []

    # Started again and left to finish: each distinct photo is added once; the repeats are named.
    interaction.open_path_lists.append(many_photos())
    with qtbot.waitSignal(page.import_finished, timeout=IMPORT_TIMEOUT) as finished:
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert len(finished.args[0]) == 3 and page.list.count() == 3
    assert page.message.text().startswith("Added 3 photos.\nNot added:\n")
    assert "jpg_gps_DSCN0010.jpg is already in the assessment, as photo 1" in page.message.text()
    assert page.message.text().endswith(
        "\nCheck photos 1 and 2: their GPS positions are more than 1 km from the location."
    )


def test_storing_many_photos_shows_progress_and_stop_keeps_those_saved(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    assessment_id = open_new_assessment(window)
    page = photos_page(window)
    names = ["jpg_gps_DSCN0010.jpg", "jpg_gps_DSCN0021.jpg", "jpg_mobile_jolla.jpg"]
    names += ["jpg_orientation_landscape_3.jpg", "jpg_orientation_portrait_6.jpg"]
    shown: list[str] = []
    make_progress = page._saving_progress

    def stop_at_the_third(count: int) -> QProgressDialog:
        dialog = make_progress(count)
        set_value = dialog.setValue

        def value(number: int) -> None:
            shown.append(dialog.labelText())
            set_value(number)
            if number == 2:
                dialog.cancel()  # as the Stop button does, while photo 3 is about to be saved

        dialog.setValue = value  # type: ignore[method-assign]
        return dialog

    monkeypatch.setattr(page, "_saving_progress", stop_at_the_third)
    interaction.open_path_lists.append([sample(name) for name in names])
    with qtbot.waitSignal(page.import_finished, timeout=IMPORT_TIMEOUT) as finished:
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert shown == [f"Saving photo {n} of 5: {names[n - 1]}" for n in (1, 2, 3)]
    assert [photo.original_name for photo in finished.args[0]] == names[:2]
    assert [p.original_name for p in window.store.photos.of_assessment(assessment_id)] == names[:2]  # type: ignore[union-attr]
    assert page.message.text().startswith("Added 2 photos.\nNot added:\nStopped: the last 3 photos were not added.")


def test_leaving_during_a_photo_import_asks_and_stopping_stores_nothing(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction
) -> None:
    window = make_window()
    assessment_id = open_new_assessment(window)
    page = photos_page(window)
    assert window.editor is not None and window.store is not None
    interaction.open_path_lists.append(many_photos())
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    task = page._import_task
    assert task is not None

    # A second import while the first runs is refused with a message.
    interaction.open_path_lists.append([sample("heic_IMG_5195.HEIC")])
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.message.text().startswith("Photos are still being added.")

    interaction.choices.append(1)  # "Stay"
    window.editor.request_close()
    assert window.current_page() is window.editor and not task.done.is_set()

    interaction.choices.append(0)  # "Stop adding them"
    with qtbot.waitSignal(page.import_finished, timeout=IMPORT_TIMEOUT):
        window.editor.request_close()
    assert window.current_page() is window.locations_page
    assert task.done.is_set()
    QApplication.processEvents()  # the task's own (late) signal, posted before done was set: it stores nothing
    assert window.store.photos.of_assessment(assessment_id) == []
    assert page.message.text() == "Adding photos was stopped: no photo was added."


def test_an_import_that_ends_while_the_leave_question_is_open_is_reported_truthfully(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    assessment_id = open_new_assessment(window)
    page = photos_page(window)
    assert window.editor is not None and window.store is not None

    def answer_after_the_import_ends(parent: object, title: str, text: str, options: list[str]) -> int:
        # A real question runs its own event loop: the import's result arrives while it is open.
        qtbot.waitUntil(lambda: page._import_task is None, timeout=IMPORT_TIMEOUT)
        return options.index("Stop adding them")

    monkeypatch.setattr(interaction, "choose", answer_after_the_import_ends)
    interaction.open_path_lists.append(many_photos())
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    window.editor.request_close()
    assert window.current_page() is window.locations_page
    assert len(window.store.photos.of_assessment(assessment_id)) == 3
    assert page.message.text().startswith("Added 3 photos.")


def test_consultations_saved_with_ctrl_enter_and_refused_without_who(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    assessment_id = open_new_assessment(window)
    assert window.editor is not None
    window.editor.show_section("consultations")
    page = window.editor.page("consultations")
    assert isinstance(page, ConsultationsPage)
    assert not page.save_consultation()
    assert "who was consulted" in page.message.text()
    qtbot.keyClicks(page.consulted_edit, "Year 9 pupils, a local school")
    page.method_combo.setCurrentIndex(0)
    assert page.method_combo.currentText() == "Safety mapping session"
    assert not page.mapping_note.isHidden()
    type_date(qtbot, page.date_edit, "14/10/2026")
    page.people_spin.setValue(24)
    page.said_edit.setPlainText("The bandstand felt unsafe after dark.")
    page.side_checks[Side.YOUNG_PEOPLE].setChecked(True)
    qtbot.keyClick(page.said_edit, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.message.text() == "Consultation saved.")
    assert window.store is not None
    (saved,) = window.store.consultations.of_assessment(assessment_id)
    assert saved.people == 24 and saved.sides == {Side.YOUNG_PEOPLE}
    assert page.model.rowCount() == 1
    page.method_combo.setCurrentIndex(page.method_combo.findText("Meeting"))
    assert page.mapping_note.isHidden()
    assert QApplication.instance() is not None
    assert window.editor.assessment is not None and len(window.editor.assessment.consultations) == 1


def test_observation_table_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, make_window: WindowFactory
) -> None:
    window = make_window()
    open_new_assessment(window)
    page = visits_page(window)
    enter_visit(page, QDate(2026, 10, 9), QTime(18, 30), QTime(20, 0))
    assert page.save_visit()
    assert datetime(2026, 10, 9).weekday() == 4
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)


def test_a_photos_proposed_pin_is_accepted_onto_the_map(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction
) -> None:
    """Issue 16: a photo's proposed pin had no "accept" button."""
    from ui.editor.map_page import MapPage

    window = make_window()
    assert window.store is not None
    square = window.store.locations.add(
        Location(name="Piazza (sample photo's place)", latitude=43.4672, longitude=11.8855)
    )
    window.refresh()
    window.new_assessment(square.id)
    page = photos_page(window)
    interaction.open_path_lists.append([sample("jpg_gps_DSCN0010.jpg")])
    with qtbot.waitSignal(page.import_finished, timeout=IMPORT_TIMEOUT):
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.gps.text().startswith("Proposed pin at 43.46745, 11.88513") and "m from the location" in page.gps.text()
    assert page.accept_pin_button.isEnabled()
    qtbot.mouseClick(page.accept_pin_button, Qt.MouseButton.LeftButton)
    editor = window.editor
    assert editor is not None
    map_page = editor.page("map")
    assert isinstance(map_page, MapPage) and editor.current_page() is map_page
    assert (map_page.latitude.text(), map_page.longitude.text()) == ("43.467448", "11.885127")
    assert "Choose the pin's category" in map_page.status.text()
    map_page.category.setCurrentIndex(map_page.category.findData("shelter"))
    map_page.add_at_typed_coordinates()
    store = window.store
    assert store is not None and map_page.assessment is not None
    pins = store.maps.pins(map_page.assessment.id)
    assert [(round(pin.latitude, 5), round(pin.longitude, 5), pin.category) for pin in pins] == [
        (43.46745, 11.88513, "shelter")
    ]
