"""The practitioner's path through the window, driven with pytest-qt.

Create a location, start an assessment, add a visit, write up and rate a side,
save, close the window, reopen it on the same file and find everything there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QComboBox, QDialogButtonBox
from pytestqt.qtbot import QtBot

from safeguarding.errors import StorageError
from safeguarding.model import AssessmentStatus, Location, Rating, Side
from safeguarding.store import open_store
from safeguarding.timeutil import format_uk_date, utc_to_local
from tests.ui.conftest import ScriptedInteraction
from tests.ui.typed import type_date
from ui.editor.form_page import FormPage
from ui.editor.observations_page import ObservationsPage
from ui.main_window import MainWindow
from ui.models import LocationTableModel
from ui.widgets.fields import MultilineEditor, RatingEditor

WindowFactory = Callable[[], MainWindow]


def _create_location(qtbot: QtBot, window: MainWindow, name: str, lat: str = "51.2776", lon: str = "0.5196") -> None:
    window.new_location_action.trigger()
    dialog = window.location_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.name_edit, name)
    qtbot.keyClicks(dialog.ward_edit, "High Street")
    qtbot.keyClicks(dialog.district_edit, "Maidstone")
    qtbot.keyClicks(dialog.latitude_edit, lat)
    qtbot.keyClicks(dialog.longitude_edit, lon)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def test_create_location_appears_in_list(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    _create_location(qtbot, window, "Brenchley Gardens")
    assert window.location_dialog is not None
    qtbot.waitUntil(lambda: not window.location_dialog.isVisible())  # type: ignore[union-attr]
    model = window.locations_page.model
    assert model.rowCount() == 1
    assert model.index(0, LocationTableModel.NAME).data() == "Brenchley Gardens"
    assert model.index(0, LocationTableModel.WARD).data() == "High Street"
    assert model.index(0, LocationTableModel.STATUS).data() == "Not assessed"
    assert window.locations_page.selected_location_id() == model.row(0).location.id


@pytest.mark.parametrize(
    ("name", "lat", "message"),
    [
        ("", "51.2", "Please give the location a name."),
        ("Somewhere", "95", "Latitude must be between -90 and 90"),
        ("Somewhere", "north", "Latitude must be a number"),
    ],
)
def test_bad_location_input_is_explained_and_nothing_saved(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction, name: str, lat: str, message: str
) -> None:
    window = make_window()
    _create_location(qtbot, window, name, lat=lat)
    dialog = window.location_dialog
    assert dialog is not None
    assert dialog.isVisible(), "the dialog must stay open so nothing typed is lost"
    assert message in dialog.message.text()
    assert dialog.latitude_edit.text() == lat
    assert window.store is not None and window.store.locations.by_name() == []
    interaction.choices = [1]  # closing the window with it still typed asks: discard it
    window.close()
    assert interaction.asked[-1][0] == "Not saved" and message in interaction.asked[-1][1]


def test_full_assessment_round_trip_through_the_window(qtbot: QtBot, make_window: WindowFactory, db_path: Path) -> None:
    window = make_window()
    _create_location(qtbot, window, "North Week Street")
    qtbot.waitUntil(lambda: window.locations_page.model.rowCount() == 1)

    qtbot.mouseClick(window.locations_page.new_assessment_button, Qt.MouseButton.LeftButton)
    editor = window.editor
    assert editor is not None and window.current_page() is editor
    assert editor.assessment is not None
    assessment_id = editor.assessment.id

    # Overview: type the assessor's name.
    editor.show_section("overview")
    overview = editor.page("overview")
    assert isinstance(overview, FormPage)
    qtbot.keyClicks(overview.editors["assessor_name"].focus_widget(), "Sam Example")

    # Observations: add a visit after school.
    editor.show_section("observations")
    visits = editor.page("observations")
    assert isinstance(visits, ObservationsPage)
    type_date(qtbot, visits.date_edit, "14/3/2025")
    visits.start_edit.setTime(QTime(15, 30))
    visits.end_edit.setTime(QTime(17, 0))
    assert visits.band_label.text() == "After school (lost hours)"
    qtbot.keyClicks(visits.observer_edit, "Sam Example")
    visits.notes_edit.setPlainText("About eight aged 14-15 by the shelter; Łukasz from the café spoke to them.")
    qtbot.mouseClick(visits.save_button, Qt.MouseButton.LeftButton)
    assert visits.message.text() == "Visit saved."
    assert visits.model.rowCount() == 1

    # Guardianship: strengths and a red rating.
    editor.show_section("guardianship")
    side = editor.page("guardianship")
    assert isinstance(side, FormPage)
    strengths = side.editors["strengths"]
    assert isinstance(strengths, MultilineEditor)
    qtbot.keyClicks(strengths.edit, "Cafe staff know the young people by sight.")
    rating = side.editors["rating"]
    assert isinstance(rating, RatingEditor)
    qtbot.mouseClick(rating.buttons[Rating.RED], Qt.MouseButton.LeftButton)
    assert editor.dirty

    # Save with Ctrl+S, go back, and close the window.
    window.save_action.trigger()
    assert not editor.dirty
    assert editor.save_state.text().startswith("All changes saved")
    window.close()

    reopened = make_window()
    model = reopened.locations_page.model
    assert model.index(0, LocationTableModel.GUARDIANSHIP).data() == "Red"
    assert model.index(0, LocationTableModel.YOUNG_PEOPLE).data() == "Not rated"
    assert model.index(0, LocationTableModel.STATUS).data() == "Draft"
    reopened.open_assessment(assessment_id)
    editor = reopened.editor
    assert editor is not None
    overview = editor.page("overview")
    assert isinstance(overview, FormPage)
    assert overview.editors["assessor_name"].value() == "Sam Example"
    side = editor.page("guardianship")
    assert isinstance(side, FormPage)
    assert side.editors["strengths"].value() == "Cafe staff know the young people by sight."
    assert side.editors["rating"].value() == Rating.RED
    visits = editor.page("observations")
    assert isinstance(visits, ObservationsPage)
    assert visits.model.rowCount() == 1
    saved = visits.model.row(0)
    assert utc_to_local(saved.start) == datetime(2025, 3, 14, 15, 30)
    assert "Łukasz" in saved.notes


def test_edits_autosave_without_pressing_save(qtbot: QtBot, make_window: WindowFactory, db_path: Path) -> None:
    window = make_window()
    store = window.store
    assert store is not None
    location = store.locations.add(Location(name="Brenchley Gardens"))
    window.refresh()
    window.new_assessment(location.id)
    editor = window.editor
    assert editor is not None and editor.assessment is not None
    editor.show_section("summary")
    summary = editor.page("summary")
    assert isinstance(summary, FormPage)
    qtbot.keyClicks(summary.editors["analysis"].focus_widget(), "Harm peaks after school.")
    assert editor.dirty and editor.timer.isActive()
    qtbot.waitUntil(lambda: not editor.dirty, timeout=5000)
    stored = store.assessments.get(editor.assessment.id)
    assert stored.analysis == "Harm peaks after school."


def test_failed_save_keeps_edits_and_asks_before_closing(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    store = window.store
    assert store is not None
    location = store.locations.add(Location(name="Brenchley Gardens"))
    window.refresh()
    window.new_assessment(location.id)
    editor = window.editor
    assert editor is not None
    summary = editor.page("summary")
    assert isinstance(summary, FormPage)
    qtbot.keyClicks(summary.editors["recommendation"].focus_widget(), "Agree a safety plan.")

    def disk_full(_assessment: object, **_base: object) -> None:
        raise StorageError("The disk is full, so the change could not be saved. Free some space and try again.")

    monkeypatch.setattr(store.assessments, "save", disk_full)
    interaction.choices = [2]  # "Stay" (the others: keep it as a draft for later, discard it)
    window.close()
    assert window.isVisible(), "the window must stay open when the user chooses to stay"
    assert interaction.asked[0][0] == "Not saved" and "disk is full" in interaction.asked[0][1]
    assert "disk is full" in editor.save_state.text()
    assert summary.editors["recommendation"].value() == "Agree a safety plan."
    monkeypatch.undo()
    assert editor.save()
    window.close()
    assert not window.isVisible()


def test_archive_hides_and_restore_shows(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction
) -> None:
    window = make_window()
    store = window.store
    assert store is not None
    location = store.locations.add(Location(name="Brenchley Gardens"))
    window.refresh(select=location.id)
    interaction.answers = [True]
    qtbot.mouseClick(window.locations_page.archive_button, Qt.MouseButton.LeftButton)
    assert window.locations_page.model.rowCount() == 0
    window.locations_page.show_archived.setChecked(True)
    assert window.locations_page.model.index(0, 0).data() == "Brenchley Gardens (archived)"
    window.locations_page.table.selectRow(0)
    qtbot.mouseClick(window.locations_page.archive_button, Qt.MouseButton.LeftButton)
    assert not store.locations.get(location.id).archived


def test_edit_location_keeps_id_and_changes_fields(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    store = window.store
    assert store is not None
    location = store.locations.add(Location(name="Brenchley Gardens", ward="High Street"))
    window.refresh(select=location.id)
    qtbot.mouseClick(window.locations_page.edit_button, Qt.MouseButton.LeftButton)
    dialog = window.location_dialog
    assert dialog is not None and dialog.name_edit.text() == "Brenchley Gardens"
    dialog.ward_edit.clear()
    qtbot.keyClicks(dialog.ward_edit, "Fant")
    dialog.try_save()
    assert store.locations.get(location.id).ward == "Fant"
    assert len(store.locations.by_name()) == 1


def test_status_complete_asks_for_the_end_date_and_shows_in_list(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction
) -> None:
    window = make_window()
    store = window.store
    assert store is not None
    location = store.locations.add(Location(name="Brenchley Gardens"))
    window.refresh()
    window.new_assessment(location.id)
    editor = window.editor
    assert editor is not None and editor.assessment is not None
    summary = editor.page("summary")
    assert isinstance(summary, FormPage)
    combo = summary.editors["status"].focus_widget()
    assert isinstance(combo, QComboBox)
    start = editor.assessment.start_date
    assert start is not None
    # Cancelled: it stays a draft, and says why.
    interaction.dates.append(None)
    combo.setCurrentIndex(combo.findData("complete"))
    assert interaction.asked[-1][0] == "Mark the assessment complete"
    assert combo.currentData() == "draft"
    assert "needs its end date" in editor.save_state.text()
    # A date before the start is refused in words; then the day it was finished is taken.
    interaction.dates += [start - timedelta(days=3), start]
    combo.setCurrentIndex(combo.findData("complete"))
    assert interaction.date_problems == [f"The end date must not be before the start date ({format_uk_date(start)})."]
    overview = editor.page("overview")
    assert isinstance(overview, FormPage)
    assert overview.editors["end_date"].value() == start
    qtbot.mouseClick(editor.back_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.locations_page
    assert window.locations_page.model.index(0, LocationTableModel.STATUS).data() == AssessmentStatus.COMPLETE.label
    saved = store.assessments.latest_for_location(location.id)
    assert saved is not None and (saved.status, saved.end_date) == (AssessmentStatus.COMPLETE, start)


def test_not_a_database_keeps_the_app_running(
    qtbot: QtBot, tmp_path: Path, form_library: object, interaction: ScriptedInteraction
) -> None:
    from ui.startup import build_window

    bogus = tmp_path / "notes.sqlite3"
    bogus.write_text("these are my notes, not a database", encoding="utf-8")
    window = build_window(bogus, demo=False, interaction=interaction)
    qtbot.addWidget(window)
    window.show()
    assert window.store is None
    assert "not a SQLite file" in window.empty.text()
    assert bogus.read_text(encoding="utf-8") == "these are my notes, not a database"
    # The user can then open a good database from the File menu.
    good = tmp_path / "good.sqlite3"
    open_store(good).close()
    interaction.open_paths = [good]
    window.open_db_action.trigger()
    assert window.store is not None and window.current_page() is window.locations_page


def test_location_model_passes_qt_model_tester(qtmodeltester, store) -> None:  # type: ignore[no-untyped-def]
    store.locations.add(Location(name="Brenchley Gardens", ward="High Street"))
    store.locations.add(Location(name="North Week Street"))
    model = LocationTableModel()
    model.set_rows(store.locations.summaries())
    qtmodeltester.check(model)
    assert model.rowCount() == 2


def test_rating_shown_in_words_and_side_sections_from_form(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    store = window.store
    assert store is not None
    location = store.locations.add(Location(name="Brenchley Gardens"))
    window.refresh()
    window.new_assessment(location.id)
    editor = window.editor
    assert editor is not None
    for side in Side:
        page = editor.page(side.value)
        assert isinstance(page, FormPage)
        section = editor.form.side_section(side) if editor.form else None
        assert section is not None and section.prompts
        rating = page.editors["rating"]
        assert isinstance(rating, RatingEditor)
        texts = [button.text() for button in rating.buttons.values()]
        assert texts == ["■ Red", "■ Amber", "■ Green", "Not rated"]
        assert rating.value() is None


def test_demo_database_is_marked_on_screen_every_time_it_opens(
    qtbot: QtBot, tmp_path: Path, interaction: ScriptedInteraction
) -> None:
    from safeguarding.demo import build_demo_database
    from ui.startup import build_window

    demo = build_demo_database(tmp_path / "demo.sqlite3")
    window = build_window(demo, demo=False, interaction=interaction)
    qtbot.addWidget(window)
    window.show()
    assert window.demo_label.isVisible()
    assert "DEMO" in window.windowTitle()
    plain = tmp_path / "plain.sqlite3"
    open_store(plain).close()
    other = build_window(plain, demo=False, interaction=interaction)
    qtbot.addWidget(other)
    other.show()
    assert not other.demo_label.isVisible()
    assert "DEMO" not in other.windowTitle()


def test_referral_date_is_optional_and_never_1900(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    _create_location(qtbot, window, "Brenchley Gardens")
    store = window.store
    assert store is not None
    saved = store.locations.by_name()[0]
    assert saved.referral_date is None
    window.edit_location(saved.id)
    dialog = window.location_dialog
    assert dialog is not None
    assert dialog.referral_date_edit.text() == ""  # not set: the box is empty
    qtbot.mouseClick(dialog.referral_date_edit.edit, Qt.MouseButton.LeftButton)
    type_date(qtbot, dialog.referral_date_edit, "22 Sep 2026")
    assert dialog.referral_date_edit.words.text() == "Tuesday 22 September 2026"
    dialog.try_save()
    assert store.locations.get(saved.id).referral_date == datetime(2026, 9, 22).date()


def test_future_referral_date_is_refused(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    window.new_location_action.trigger()
    dialog = window.location_dialog
    assert dialog is not None
    dialog.name_edit.setText("Brenchley Gardens")
    dialog.referral_date_edit.set_value(date.today() + timedelta(days=30))
    dialog.try_save()
    assert "is in the future" in dialog.message.text()
    assert dialog.isVisible()
    # Fixing the field clears nothing typed; typing in a box clears the old message.
    qtbot.keyClicks(dialog.name_edit, " (north)")
    assert dialog.message.text() == ""
    dialog.referral_date_edit.set_value(None)
    dialog.try_save()  # saved: the window closes without a question
    assert not dialog.isVisible()
    assert window.store is not None and [loc.name for loc in window.store.locations.by_name()] == [
        "Brenchley Gardens (north)"
    ]


def test_heading_follows_the_status_and_a_long_save_error_wraps(
    qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch, interaction: ScriptedInteraction
) -> None:
    window = make_window()
    store = window.store
    assert store is not None
    location = store.locations.add(Location(name="Brenchley Gardens"))
    window.refresh()
    window.new_assessment(location.id)
    editor = window.editor
    assert editor is not None
    assert "(Draft)" in editor.title.text()
    summary = editor.page("summary")
    assert isinstance(summary, FormPage)
    interaction.dates.append(utc_to_local(datetime.now(UTC)).date())  # asked for the end date
    summary.editors["status"].set_value("complete")
    summary.editors["status"].changed.emit()
    assert editor.save()
    assert "(Complete)" in editor.title.text()
    width = window.width()

    def disk_full(_assessment: object, **_base: object) -> None:
        raise StorageError("The disk is full, so the change could not be saved. Free some space and try again.")

    monkeypatch.setattr(store.assessments, "save", disk_full)
    summary.editors["analysis"].set_value("x")
    summary.editors["analysis"].changed.emit()
    assert not editor.save()
    assert "disk is full" in editor.save_state.text()
    assert editor.save_state.wordWrap() and editor.save_state.maximumWidth() <= 420
    assert window.width() == width
    monkeypatch.undo()
    assert editor.save()


def test_second_assessment_is_never_started_by_accident(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction
) -> None:
    window = make_window()
    store = window.store
    assert store is not None
    location = store.locations.add(Location(name="Brenchley Gardens"))
    window.refresh(select=location.id)
    window.new_assessment(location.id)
    first = window.editor.assessment if window.editor else None
    assert first is not None
    first.findings[Side.GUARDIANSHIP].strengths = "Café staff know the young people."
    first.findings[Side.GUARDIANSHIP].rating = Rating.RED
    store.assessments.save(first)
    window.editor.request_close()  # type: ignore[union-attr]

    interaction.choices = [2]  # Cancel
    window.new_assessment(location.id)
    assert len(store.assessments.for_location(location.id)) == 1
    assert "already has an assessment" in interaction.asked[-1][1]

    interaction.choices = [0]  # Start a reassessment
    window.new_assessment(location.id)
    assessments = store.assessments.for_location(location.id)
    assert len(assessments) == 2
    carried = assessments[-1]
    assert "Café staff know the young people." in carried.findings[Side.GUARDIANSHIP].strengths
    assert carried.findings[Side.GUARDIANSHIP].rating is None  # ratings are made afresh
    window.editor.request_close()  # type: ignore[union-attr]

    interaction.choices = [1]  # Start a blank assessment
    window.new_assessment(location.id)
    assessments = store.assessments.for_location(location.id)
    assert len(assessments) == 3 and assessments[-1].findings[Side.GUARDIANSHIP].strengths == ""


def test_deleted_assessment_leaves_list_and_reports(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction
) -> None:
    window = make_window()
    store = window.store
    assert store is not None
    location = store.locations.add(Location(name="Brenchley Gardens"))
    assessment = store.assessments.create(location.id, window.forms.current())
    window.refresh(select=location.id)
    page = window.locations_page
    assert page.selected_assessment_id() == assessment.id
    interaction.answers = [False]
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert store.assessments.latest_for_location(location.id) is not None
    interaction.answers = [True]
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert store.assessments.latest_for_location(location.id) is None
    assert page.assessments.count() == 0
    assert page.model.index(0, LocationTableModel.STATUS).data() == "Not assessed"
    # Still in the file until the retention rule purges it.
    assert store.db.execute("SELECT count(*) FROM assessments WHERE id = ?", [assessment.id]).fetchone()[0] == 1


def test_every_record_table_model_passes_qt_model_tester(qtmodeltester, store, form) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC
    from datetime import datetime as dt

    from safeguarding.model import Observation
    from ui.editor.consultations_page import ConsultationTableModel
    from ui.models import ObservationTableModel

    visits = ObservationTableModel(form)
    visits.set_rows(
        [
            Observation(start=dt(2026, 10, 9, 14, 30, tzinfo=UTC), end=dt(2026, 10, 9, 16, 0, tzinfo=UTC), notes="A"),
            Observation(start=dt(2026, 10, 10, 20, 0, tzinfo=UTC), end=dt(2026, 10, 10, 22, 0, tzinfo=UTC)),
        ]
    )
    qtmodeltester.check(visits)
    assert visits.row_of(visits.row(1).id) == 1
    consultations = ConsultationTableModel()
    consultations.set_rows([])
    qtmodeltester.check(consultations)
    assert consultations.rowCount() == 0 and consultations.columnCount() == len(consultations.HEADERS)
