"""The Police figures page, File → Import police data… and the Safety mapping page, driven as a user would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from safeguarding.forms import FormLibrary
from safeguarding.model import Location
from safeguarding.safety_mapping.model import MarkKind, SafetyMark
from safeguarding.store import open_store
from tests.crime.police_files import csv_text, map_points, street_rows, write_archive
from tests.maps.conftest import BRENCHLEY
from tests.ui.conftest import ScriptedInteraction
from ui.editor.police_page import PolicePage
from ui.editor.safety_page import SafetyPage
from ui.main_window import MainWindow


def _seed(db_path: Path, form_library: FormLibrary) -> str:
    store = open_store(db_path)
    try:
        location = store.locations.add(Location("Brenchley Gardens", latitude=BRENCHLEY[0], longitude=BRENCHLEY[1]))
        assessment = store.assessments.create(location.id, form_library.current())
        assessment.start_date = date(2026, 3, 10)
        store.assessments.save(assessment)
        store.maps.set_boundary(
            assessment.id, [(51.2781, 0.5185), (51.2782, 0.5205), (51.2770, 0.5207), (51.2769, 0.5187)]
        )
        return assessment.id
    finally:
        store.close()


def test_import_police_data_from_the_menu_and_read_the_figures(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    db_path: Path,
    form_library: FormLibrary,
    interaction: ScriptedInteraction,
    tmp_path: Path,
) -> None:
    assessment_id = _seed(db_path, form_library)
    window = make_window()
    window.open_assessment(assessment_id)
    assert window.editor is not None
    page = window.editor.page("police")
    assert isinstance(page, PolicePage)
    window.editor.show_section("police")
    assert "No police data is held" in page.view.toPlainText()

    points = map_points(BRENCHLEY, 20, 0.0015)
    archive = write_archive(
        tmp_path / "police.zip",
        {f"{m}/{m}-kent-street.csv": csv_text(street_rows(m, 80, points)) for m in ("2025-04", "2025-05")},
    )
    wrong = tmp_path / "notes.csv"
    wrong.write_text("hello\n", encoding="utf-8")
    interaction.open_path_lists.append([archive, wrong])
    window.import_police_data()
    qtbot.waitUntil(lambda: bool(interaction.errors or interaction.infos), timeout=30000)
    title, text = interaction.errors[-1]
    assert title == "Police data: some files not imported"
    assert "2025-04 Kent Police" in text and "Not imported: notes.csv" in text
    text = page.view.toPlainText()
    assert "Kent Police" in text and "Read these figures with care" in text and "Open Government Licence" in text

    page.radius.setValue(500)
    page.apply_button.click()
    store = window.store
    assert store is not None and store.crime.radius(assessment_id) == 500
    assert "within 500 m" in page.view.toPlainText()


def test_sessions_are_recorded_by_role_and_number_and_marks_edited(
    qtbot: QtBot, db_path: Path, form_library: FormLibrary, interaction: ScriptedInteraction
) -> None:
    assessment_id = _seed(db_path, form_library)
    store = open_store(db_path)
    try:
        form = form_library.current()
        page = SafetyPage(form.section("safety_mapping"), store, interaction)
        qtbot.addWidget(page)
        page.load(store.assessments.get(assessment_id), store.locations.by_name()[0])
        page.new_session()
        page.save_session()  # nobody recorded: refused with why
        assert interaction.errors[-1][0] == "Session not saved" and "by role and number" in interaction.errors[-1][1]
        page.held_on.setDate(QDate(2026, 3, 20))
        page.roles[0].setText("Young people, Year 9")
        page.numbers[0].setValue(7)
        page.roles[1].setText("Youth workers")
        page.numbers[1].setValue(2)
        page.facilitator.setText("Youth service")
        page.save_session()
        (session,) = store.safety.sessions(assessment_id)
        assert session.held_on == date(2026, 3, 20) and session.who() == "7 Young people, Year 9; 2 Youth workers"
        store.safety.save_mark(SafetyMark(session.id, MarkKind.UNSAFE, [(51.2775, 0.5196)]))
        page.refresh(session.id)
        page.mark_list.setCurrentRow(0)
        page.mark_label.setText("Bandstand")
        page.save_mark()
        assert store.safety.sessions(assessment_id)[0].marks[0].label == "Bandstand"
        assert "Bandstand" in page.tally_view.toPlainText() and "feels unsafe 1" in page.tally_view.toPlainText()
        interaction.answers = [True]
        page.delete_mark()
        assert store.safety.sessions(assessment_id)[0].marks == []
    finally:
        store.close()


def test_police_page_without_a_place_says_why(
    qtbot: QtBot, db_path: Path, form_library: FormLibrary, interaction: ScriptedInteraction
) -> None:
    store = open_store(db_path)
    try:
        location = store.locations.add(Location("Somewhere unmapped"))
        assessment = store.assessments.create(location.id, form_library.current())
        form = form_library.current()
        page = PolicePage(form.section("police"), store, interaction)
        qtbot.addWidget(page)
        page.load(assessment, location)
        assert "no point on the map and no boundary" in page.view.toPlainText()
    finally:
        store.close()
