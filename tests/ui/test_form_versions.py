"""An answer never changes because the form changed: opened with its form version missing, every answer survives edits.

The assessment was written with a local form (version 2) before forms were kept
in the database; the laptop now has only version 3, which dropped the option
"partial", the field "local_note" and the light "dusk".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from safeguarding.forms import FormLibrary
from safeguarding.model import Location, Observation, Person, Rating, Side
from safeguarding.store import open_store
from tests.local_forms import local_form_text, newer_form_text, write_forms
from tests.ui.conftest import ScriptedInteraction
from ui.editor.form_page import FormPage
from ui.editor.observations_page import ObservationsPage
from ui.main_window import MainWindow

ANSWERS = {
    "lighting": "partial",
    "last_audit": "2026-12-07",
    "local_note": "Gate times, as the partnership asked:\r\nlocked 21:00  \r\n",
}
STRENGTHS = "CCTV covers the bandstand.\r\nThe café overlooks the gate.  "


@pytest.fixture
def old_assessment(db_path: Path, tmp_path: Path) -> tuple[str, str, str]:
    """Written with version 2, nothing kept: (assessment id, visit id, the raw answers JSON)."""
    local = FormLibrary.load(write_forms(tmp_path / "local", local_form_text())).current()
    store = open_store(db_path)
    try:
        place = store.locations.add(Location(name="Brenchley Gardens"))
        assessment = store.assessments.create(place.id, dataclasses.replace(local, text=""))
        environment = assessment.findings[Side.ENVIRONMENT]
        environment.answers.update(ANSWERS)
        environment.strengths = STRENGTHS
        assessment.findings[Side.YOUNG_PEOPLE].answers["youth_offer"] = "Youth Hub, Tuesdays"
        store.assessments.save(assessment)
        start = datetime(2026, 10, 14, 16, 30, tzinfo=UTC)
        visit = store.assessments.save_observation(
            assessment.id,
            Observation(start=start, end=start + timedelta(hours=1), light="dusk", weather="Drizzle", notes="Quiet."),
        )
        raw = store.db.execute("SELECT answers FROM side_findings WHERE side = 'environment'").fetchone()[0]
    finally:
        store.close()
    return assessment.id, visit.id, raw


@pytest.fixture
def upgraded_window(
    qtbot: QtBot, interaction: ScriptedInteraction, db_path: Path, tmp_path: Path
) -> Iterator[MainWindow]:
    """The window on a laptop whose forms folder now holds version 3 only."""
    newer = FormLibrary.load(write_forms(tmp_path / "newer", newer_form_text()))
    window = MainWindow(open_store(db_path), newer, interaction)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    if window.store is not None:
        window.store.close()


def _page(window: MainWindow, section_id: str) -> FormPage:
    assert window.editor is not None
    window.editor.show_section(section_id)
    page = window.editor.page(section_id)
    assert isinstance(page, FormPage)
    return page


def test_edits_elsewhere_keep_every_answer_byte_for_byte(
    qtbot: QtBot, upgraded_window: MainWindow, old_assessment: tuple[str, str, str], db_path: Path
) -> None:
    assessment_id, visit_id, raw_before = old_assessment
    window = upgraded_window
    window.open_assessment(assessment_id)
    editor = window.editor
    assert editor is not None
    assert editor.form_notice.isVisible()
    assert "written with version 2" in editor.form_notice.text()

    # The answer whose option is gone shows as it was, marked.
    environment = _page(window, "environment")
    lighting = environment.editors["lighting"].focus_widget()
    assert isinstance(lighting, QComboBox)
    assert lighting.currentText() == "partial (no longer in the form)"
    # The answer to a field the form no longer has is shown, read-only, and kept.
    assert environment.kept_answers.isVisibleTo(environment)
    assert "local_note (no longer in the form): Gate times" in environment.kept_answers.text()

    # Edits elsewhere: another side, the same page's concerns and rating, and the visit's notes.
    qtbot.keyClicks(_page(window, "guardianship").editors["strengths"].focus_widget(), "Park staff until 17:30.")
    environment = _page(window, "environment")
    qtbot.keyClicks(environment.editors["concerns"].focus_widget(), "The museum path is unlit.")
    environment.editors["rating"].set_value(Rating.RED)
    environment.editors["rating"].changed.emit()
    assert editor.save()
    editor.show_section("observations")
    visits = editor.page("observations")
    assert isinstance(visits, ObservationsPage)
    visits.table.selectRow(0)  # the one visit, as a click on it
    assert visits.edits.editing is not None and visits.edits.editing.id == visit_id
    assert visits.light_combo.currentText() == "dusk (no longer in the form)"
    qtbot.keyClick(visits.notes_edit, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(visits.notes_edit, " Two adults by the gate.")
    assert visits.save_visit()
    qtbot.mouseClick(editor.back_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.locations_page

    store = open_store(db_path)
    try:
        saved = store.assessments.get(assessment_id)
        raw_after = store.db.execute("SELECT answers FROM side_findings WHERE side = 'environment'").fetchone()[0]
    finally:
        store.close()
    assert raw_after == raw_before
    assert saved.findings[Side.ENVIRONMENT].answers == ANSWERS
    assert saved.findings[Side.ENVIRONMENT].strengths == STRENGTHS
    assert saved.findings[Side.YOUNG_PEOPLE].answers == {"youth_offer": "Youth Hub, Tuesdays"}
    assert saved.findings[Side.ENVIRONMENT].concerns == "The museum path is unlit."
    assert saved.findings[Side.ENVIRONMENT].rating is Rating.RED
    assert saved.findings[Side.GUARDIANSHIP].strengths == "Park staff until 17:30."
    visit = next(v for v in saved.observations if v.id == visit_id)
    assert (visit.light, visit.weather, visit.notes) == ("dusk", "Drizzle", "Quiet. Two adults by the gate.")


def test_the_kept_answer_changes_only_when_the_user_picks_another(
    qtbot: QtBot, upgraded_window: MainWindow, old_assessment: tuple[str, str, str], db_path: Path
) -> None:
    assessment_id = old_assessment[0]
    upgraded_window.open_assessment(assessment_id)
    editor = upgraded_window.editor
    assert editor is not None
    environment = _page(upgraded_window, "environment")
    lighting = environment.editors["lighting"].focus_widget()
    assert isinstance(lighting, QComboBox)
    assert [lighting.itemText(i) for i in range(lighting.count())] == [
        "No lighting",
        "Fully lit",
        "partial (no longer in the form)",
    ]
    lighting.setCurrentIndex(lighting.findData("full"))
    audit = environment.editors["last_audit"]
    audit.set_value(date(2027, 1, 12))
    audit.changed.emit()
    assert editor.save()
    store = open_store(db_path)
    try:
        answers = store.assessments.get(assessment_id).findings[Side.ENVIRONMENT].answers
    finally:
        store.close()
    assert answers == {**ANSWERS, "lighting": "full", "last_audit": "2027-01-12"}


def test_redrawing_the_name_marks_is_not_an_edit(
    qtbot: QtBot, make_window: Callable[[], MainWindow], db_path: Path, form_library: FormLibrary
) -> None:
    # The redaction's highlighter redraws the fields when a page saves its records; Qt reports that as a
    # text change. A field nobody typed in must stay as stored (here: Windows line ends, trailing spaces).
    store = open_store(db_path)
    try:
        place = store.locations.add(Location(name="Brenchley Gardens"))
        assessment = store.assessments.create(place.id, form_library.current())
        assessment.findings[Side.ENVIRONMENT].strengths = "Zoë Green knows the staff.\r\nStaff until 17:30.  "
        store.assessments.save(assessment)
        store.people.save(Person(assessment_id=assessment.id, real_name="Zoë Green", pseudonym="Young person A"))
    finally:
        store.close()
    window = make_window()
    window.open_assessment(assessment.id)
    editor = window.editor
    assert editor is not None
    environment = _page(window, "environment")
    editor._on_records_changed()  # as after a visit is saved: the marks are redrawn
    assert environment.touched == set() and not editor.dirty
    qtbot.keyClicks(_page(window, "guardianship").editors["strengths"].focus_widget(), "Park staff.")
    assert editor.save()
    assert window.store is not None
    saved = window.store.assessments.get(assessment.id).findings[Side.ENVIRONMENT].strengths
    assert saved == "Zoë Green knows the staff.\r\nStaff until 17:30.  "
