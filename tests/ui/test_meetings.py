"""The DCSM in the window, as a coordinator runs it: the register, the December meeting, finalising, papers, search."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QTableWidgetItem
from pytestqt.qtbot import QtBot

from safeguarding.demo import build_demo_database
from safeguarding.meetings.records import MeetingStatus
from safeguarding.meetings.register import RegisterColumn
from safeguarding.plan.records import Decision
from safeguarding.store import open_store
from tests.reports.pdfread import read_pdf
from tests.ui.conftest import ScriptedInteraction
from ui.main_window import MainWindow
from ui.meetings.meeting_dialog import MeetingDialog

DECEMBER = date(2026, 12, 17)


def _demo_window(make_window: Callable[..., MainWindow], db_path: Path) -> MainWindow:
    build_demo_database(db_path, overwrite=True)
    return make_window()


def _choose(combo: QComboBox, data: str) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def _record_the_meeting(dialog: MeetingDialog) -> None:
    """Type what a coordinator records at the December meeting: who came, and each item."""
    dialog.chair.setText("Dr A. Mensah (fictional)")
    dialog.add_person_button.click()
    dialog.people.setItem(0, 0, QTableWidgetItem("Dr A. Mensah (fictional)"))
    dialog.people.setItem(0, 1, QTableWidgetItem("Children's Social Care"))
    dialog.people.setItem(0, 2, QTableWidgetItem("Chair"))
    dialog.add_person_button.click()
    dialog.people.setItem(1, 0, QTableWidgetItem("L. Brooks (fictional)"))
    dialog.people.setItem(1, 1, QTableWidgetItem("Schools"))
    apologies = dialog.people.cellWidget(1, 3)
    assert isinstance(apologies, QComboBox)
    _choose(apologies, "apologies")
    editor = dialog.item_editor
    dialog.agenda.setCurrentRow(0)  # Brenchley Gardens
    assert editor.item is not None and editor.item.location_name == "Brenchley Gardens"
    assert editor.updates.rowCount() == 5  # each open action, to update
    editor.discussion.setPlainText("Lamps still out; the council will chase the contractor.")
    _choose(editor.decision, Decision.CONTINUE.value)
    editor.next_review.set_value(date(2027, 1, 21))
    editor.updates.setItem(0, 3, QTableWidgetItem("Patrols now three afternoons a week."))
    editor.add_action_button.click()
    editor.new_actions.setItem(0, 0, QTableWidgetItem("Chase the lighting contractor weekly"))
    agency = editor.new_actions.cellWidget(0, 1)
    assert isinstance(agency, QComboBox)
    agency.setCurrentIndex(agency.findText("Borough council community protection"))
    editor.new_actions.setItem(0, 2, QTableWidgetItem("H. Achebe (fictional)"))
    editor.new_actions.setItem(0, 3, QTableWidgetItem("8/1/2027"))
    dialog.agenda.setCurrentRow(1)  # Maidstone East station forecourt: no assessment yet
    assert editor.item is not None and editor.item.assessment_id is None
    assert not editor.add_action_button.isEnabled()
    editor.discussion.setPlainText("Two visits found nothing of concern.")
    _choose(editor.decision, Decision.CLOSE.value)
    dialog.agenda.setCurrentRow(2)  # North Week Street
    _choose(editor.decision, Decision.ESCALATE.value)
    assert editor.route.isEnabled()
    editor.route.setText("the MACE panel")
    dialog.agenda.setCurrentRow(0)  # moving between items keeps what was typed


def test_a_coordinator_runs_the_december_meeting(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    db_path: Path,
    interaction: ScriptedInteraction,
    tmp_path: Path,
) -> None:
    window = _demo_window(make_window, db_path)
    window.meetings_menu.meetings_action.trigger()
    dialog = window.meetings_menu.meeting_dialog
    assert dialog is not None and dialog.meeting is not None
    assert dialog.meeting.meeting_date == DECEMBER and not dialog.meeting.is_final  # the latest meeting first
    assert [dialog.agenda.item(row).text().split(" (")[0] for row in range(dialog.agenda.count())] == [
        "1. Brenchley Gardens",
        "2. Maidstone East station forecourt",
        "3. North Week Street",
    ]
    _record_the_meeting(dialog)
    dialog.save_button.click()
    assert interaction.errors == []
    interaction.answers = [True]  # "Finalise the DCSM of 17 December 2026?"
    dialog.finalise_button.click()
    assert interaction.errors == [] and "Finalise the DCSM of 17 December 2026?" in interaction.asked[-1][1]
    store = window.store
    assert store is not None
    meeting = store.meetings.on_date(DECEMBER)
    assert meeting.status == MeetingStatus.FINAL
    brenchley, station, north = meeting.items
    assert brenchley.review is not None and brenchley.review.is_final
    assert brenchley.review.notes == "Lamps still out; the council will chase the contractor."
    assert brenchley.review.items[0].note == "Patrols now three afternoons a week."
    assert brenchley.new_actions[0].action_id is not None and brenchley.new_actions[0].due_date == date(2027, 1, 8)
    assert station.decision == Decision.CLOSE and north.decision_in_words == "Escalate to the MACE panel"
    assert store.meetings.snapshot(meeting.id, str(brenchley.assessment_id)) is not None
    # Finalised: read-only, and the minutes can be printed.
    assert not dialog.save_button.isEnabled() and dialog.item_editor.discussion.isReadOnly()
    assert dialog.minutes_button.isEnabled()
    interaction.choices = [0, 1]  # the full pack, then the redacted minutes
    interaction.save_paths = [tmp_path / "pack.pdf", tmp_path / "minutes.pdf"]
    dialog.pack_button.click()
    qtbot.waitUntil(lambda: dialog.papers.task is None and dialog.papers.last_written is not None, timeout=30000)
    dialog.minutes_button.click()
    qtbot.waitUntil(lambda: dialog.papers.last_written == tmp_path / "minutes.pdf", timeout=30000)
    pack = read_pdf(tmp_path / "pack.pdf").text
    assert "DCSM meeting pack" in pack and "Finalised: what the meeting saw" in pack
    minutes = read_pdf(tmp_path / "minutes.pdf").text
    assert "REDACTED copy" in minutes and "Escalate to the MACE panel" in minutes
    assert "Chase the lighting contractor weekly" in minutes
    # Both papers were asked for whom and why, and are in the sharing log.
    assert [what for what, _ in interaction.sharing_asked] == [
        "The full DCSM meeting pack of the DCSM of 17 December 2026.",
        "The redacted DCSM minutes of the DCSM of 17 December 2026.",
    ]
    assert [(e.kind, e.redacted) for e in store.sharing.entries()][:2] == [
        ("meeting_minutes", True),
        ("meeting_pack", False),
    ]


def test_a_wrong_date_is_said_and_nothing_is_lost(
    make_window: Callable[..., MainWindow], db_path: Path, interaction: ScriptedInteraction
) -> None:
    window = _demo_window(make_window, db_path)
    window.meetings_menu.show_meetings()
    dialog = window.meetings_menu.meeting_dialog
    assert dialog is not None
    dialog.agenda.setCurrentRow(0)
    editor = dialog.item_editor
    editor.discussion.setPlainText("Typed before the mistake.")
    editor.add_action_button.click()
    editor.new_actions.setItem(0, 0, QTableWidgetItem("Something agreed"))
    editor.new_actions.setItem(0, 3, QTableWidgetItem("31/2/2027"))
    dialog.save_button.click()
    assert interaction.errors and "New action 1" in interaction.errors[-1][1]
    assert editor.discussion.toPlainText() == "Typed before the mistake."  # still there to correct
    # Closing the window cannot save it: the user is asked, and keeps it as a draft for later.
    interaction.choices.append(0)
    window.close()
    assert "New action 1" in interaction.asked[-1][1] and "could not be saved" in interaction.asked[-1][1]
    store = open_store(db_path)
    try:
        (draft,) = store.drafts.every()
    finally:
        store.close()
    assert draft.kind == "meeting" and "Brenchley Gardens (item 1)" in draft.label
    assert draft.excerpt == "Typed before the mistake."


def test_register_window_filters_sorts_and_opens(make_window: Callable[..., MainWindow], db_path: Path) -> None:
    window = _demo_window(make_window, db_path)
    window.meetings_menu.register_action.trigger()
    dialog = window.meetings_menu.register_dialog
    assert dialog is not None
    assert dialog.model.rowCount() == 3
    dialog.words.setText("week")
    assert [row.name for row in dialog.shown()] == ["North Week Street"]
    QTest.keyClick(dialog.words, Qt.Key.Key_Escape)  # the find box shared with the locations list: Esc clears it
    assert dialog.words.text() == "" and dialog.model.rowCount() == 3 and dialog.isVisible()
    dialog.sort_by(list(RegisterColumn).index(RegisterColumn.OVERDUE))
    assert dialog.model.row_at(0).overdue_actions >= dialog.model.row_at(2).overdue_actions
    brenchley = next(row for row in dialog.rows if row.name == "Brenchley Gardens")
    dialog.open_location.emit(brenchley.location_id)
    editor = window.editor
    assert editor is not None and window.current_page() is editor
    assert "Changed since the DCSM of 19 November 2026: the plan." in editor.form_notice.text()


def test_search_opens_a_visit_where_it_is(make_window: Callable[..., MainWindow], db_path: Path) -> None:
    window = _demo_window(make_window, db_path)
    window.meetings_menu.search_action.trigger()
    dialog = window.meetings_menu.search_dialog
    assert dialog is not None
    dialog.words.setText("takeaways")
    dialog.record_type.setCurrentIndex(dialog.record_type.findData("visit"))
    dialog.run_search()
    assert dialog.results and all(result.record_type == "visit" for result in dialog.results)
    assert "found" in dialog.status.text()
    dialog.list.itemActivated.emit(dialog.list.item(0))
    editor = window.editor
    assert editor is not None and window.current_page() is editor
    assert editor.current_page().objectName() == "page_observations"
