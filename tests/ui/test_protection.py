"""Data protection in the window: people for redaction, a redacted export, history, retention."""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from safeguarding.forms import FormLibrary
from safeguarding.model import Location, Person
from safeguarding.plan.records import Decision, Review
from safeguarding.protection.redaction import check_names
from safeguarding.store import open_store
from tests.reports.pdfread import read_pdf
from tests.ui.conftest import ScriptedInteraction
from ui.editor.people_page import PeoplePage
from ui.main_window import MainWindow

WindowFactory = Callable[[], MainWindow]


def _seed(db_path: Path, form_library: FormLibrary) -> str:
    store = open_store(db_path)
    try:
        location = store.locations.add(Location(name="Brenchley Gardens", latitude=51.2776, longitude=0.5196))
        assessment = store.assessments.create(location.id, form_library.current(), assessor_name="Sam Example")
        assessment.analysis = "Zoë Green and Łukasz are approached by Ахмед after school."
        store.assessments.save(assessment)
        return assessment.id
    finally:
        store.close()


def _open(window: MainWindow, assessment_id: str) -> None:
    window.open_assessment(assessment_id)
    assert window.editor is not None and window.current_page() is window.editor


def test_people_page_records_names_and_pseudonyms(
    qtbot: QtBot,
    make_window: WindowFactory,
    db_path: Path,
    form_library: FormLibrary,
    interaction: ScriptedInteraction,
) -> None:
    assessment_id = _seed(db_path, form_library)
    window = make_window()
    _open(window, assessment_id)
    editor = window.editor
    assert editor is not None
    editor.show_section("people")
    page = editor.page("people")
    assert isinstance(page, PeoplePage)
    assert "only place real names belong" in page.warning.text()
    assert page.pseudonym_edit.text() == "Young person A"  # suggested
    for name in ("Zoë Green", "Łukasz Nowak"):
        page.name_edit.setText(name)  # non-ASCII: set directly (keyClicks would abort)
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert window.store is not None
    people = window.store.people.of_assessment(assessment_id)
    assert [(p.real_name, p.pseudonym) for p in people] == [
        ("Zoë Green", "Young person A"),
        ("Łukasz Nowak", "Young person B"),
    ]
    # A pseudonym used twice is refused with a message; nothing is saved.
    page.name_edit.setText("Ахмед")
    page.pseudonym_edit.setText("young person a")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "already the pseudonym" in page.message.text()
    assert len(window.store.people.of_assessment(assessment_id)) == 2
    # Closing with the refused person still typed asks (never discards silently), by pseudonym, never by name.
    interaction.choices = [1]  # discard it
    window.close()
    title, text = interaction.asked[-1]
    assert title == "Not saved" and "A person recorded for redaction" in text and "Ахмед" not in text


def test_redacted_export_previews_replacements_and_prints_no_name(
    qtbot: QtBot,
    make_window: WindowFactory,
    db_path: Path,
    form_library: FormLibrary,
    interaction: ScriptedInteraction,
    tmp_path: Path,
) -> None:
    assessment_id = _seed(db_path, form_library)
    window = make_window()
    assert window.store is not None
    for real, pseudo in (("Zoë Green", "Young person A"), ("Łukasz Nowak", "Young person B"), ("Ахмед", "Adult X")):
        window.store.people.save(Person(assessment_id, real, pseudo))
    _open(window, assessment_id)
    out = tmp_path / "redacted.pdf"
    interaction.choices = [1]  # redacted
    interaction.checklist_answers = [lambda rows, ticks: ticks]  # export after the preview, as proposed
    interaction.save_paths = [out]
    window.export_action.trigger()
    qtbot.waitUntil(lambda: window.last_export is not None, timeout=20000)
    title, headers, rows, ticks = interaction.checklists[0]
    assert "what will be replaced" in title and headers[:3] == ["Replace", "Written as", "Printed as"]
    assert rows[0][:3] == ["Zoë Green", "Young person A", "Analysis"] and all(ticks)
    assert any(row[0] == "Łukasz" for row in rows) and any(row[0] == "Ахмед" for row in rows)
    text = unicodedata.normalize("NFKC", read_pdf(out).text)
    assert "REDACTED copy for multi-agency papers" in text
    assert "Young person A" in text and "Adult X" in text
    assert not check_names(window.store.people.of_assessment(assessment_id), text)
    assert "Zoë" not in text and "Łukasz" not in text and "Ахмед" not in text


def test_cancelling_the_preview_writes_nothing(
    make_window: WindowFactory, db_path: Path, form_library: FormLibrary, interaction: ScriptedInteraction
) -> None:
    assessment_id = _seed(db_path, form_library)
    window = make_window()
    _open(window, assessment_id)
    interaction.choices = [1]
    interaction.checklist_answers = [lambda rows, ticks: None]
    window.export_action.trigger()
    assert window.export_task is None and window.last_export is None
    assert "No people are recorded" in interaction.asked[-1][1]


def test_doubtful_names_are_asked_and_the_answers_are_remembered(
    qtbot: QtBot,
    make_window: WindowFactory,
    db_path: Path,
    form_library: FormLibrary,
    interaction: ScriptedInteraction,
    tmp_path: Path,
) -> None:
    assessment_id = _seed(db_path, form_library)
    window = make_window()
    store = window.store
    assert store is not None
    assessment = store.assessments.get(assessment_id)
    assessment.analysis = "We will return. Will said GREEN was there. WE WILL RETURN in May."
    store.assessments.save(assessment)
    store.people.save(Person(assessment_id, "Will Green", "Young person A"))
    _open(window, assessment_id)

    def answer(rows: list[list[str]], ticks: list[bool]) -> list[bool]:
        # The user keeps "WILL" in "WE WILL RETURN" and accepts the rest.
        return [row[0] != "WILL" for row in rows]

    interaction.choices = [1]
    interaction.checklist_answers = [answer]
    interaction.save_paths = [tmp_path / "first.pdf"]
    window.export_action.trigger()
    qtbot.waitUntil(lambda: window.last_export is not None, timeout=20000)
    _, _, rows, ticks = interaction.checklists[0]
    asked = {(row[0], row[4]) for row in rows}
    assert asked == {
        ("Will", "at the start of a sentence"),
        ("GREEN", "written in capitals"),
        ("WILL", "written in capitals"),
    }
    text = unicodedata.normalize("NFKC", read_pdf(tmp_path / "first.pdf").text)
    assert "We will return. Young person A said Young person A was there. WE WILL RETURN in May." in text
    assert len(store.redaction_decisions.for_assessment(assessment_id)) == 3

    # The second export shows the same rows with the remembered answers and keeps them.
    window.last_export = None
    interaction.choices = [1]
    interaction.checklist_answers = [lambda rows, ticks: ticks]
    interaction.save_paths = [tmp_path / "second.pdf"]
    window.export_action.trigger()
    qtbot.waitUntil(lambda: window.last_export is not None, timeout=20000)
    _, _, rows, ticks = interaction.checklists[1]
    assert dict(zip((row[0] for row in rows), ticks, strict=True)) == {"Will": True, "GREEN": True, "WILL": False}
    assert all("answered before" in row[4] for row in rows)
    assert "WE WILL RETURN in May." in unicodedata.normalize("NFKC", read_pdf(tmp_path / "second.pdf").text)


def test_history_shows_changes_and_exports_csv(
    qtbot: QtBot,
    make_window: WindowFactory,
    db_path: Path,
    form_library: FormLibrary,
    interaction: ScriptedInteraction,
    tmp_path: Path,
) -> None:
    assessment_id = _seed(db_path, form_library)
    window = make_window()
    _open(window, assessment_id)
    window.records_menu.history_action.trigger()
    dialog = window.records_menu.history_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    whats = {dialog.model.text(row, 2) for row in range(dialog.model.rowCount())}
    assert {"Assessment added", "Assessment changed", "Location added"} <= whats
    fields = {dialog.model.text(row, 4): dialog.model.text(row, 6) for row in range(dialog.model.rowCount())}
    assert fields["Analysis"].startswith("Zoë Green")
    out = tmp_path / "history.csv"
    interaction.save_paths = [out]
    assert dialog.export_csv() == out
    with out.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0][:3] == ["When (UK time)", "Who", "What"]
    assert len(rows) == dialog.model.rowCount() + 3  # the header, the history, a blank row, the trail's check
    assert rows[-1][2] == "Audit trail check" and rows[-1][6].startswith("Audit trail intact (last entry ")
    (logged,) = window.store.sharing.entries(assessment_id)  # type: ignore[union-attr]
    assert (logged.kind, logged.file_name, logged.redacted) == ("history", "history.csv", False)


def test_retention_lists_due_and_deletes_after_confirmation(
    qtbot: QtBot,
    make_window: WindowFactory,
    db_path: Path,
    form_library: FormLibrary,
    interaction: ScriptedInteraction,
) -> None:
    assessment_id = _seed(db_path, form_library)
    store = open_store(db_path)
    review = store.plan.save_review(Review(assessment_id=assessment_id, meeting_date=date(2015, 5, 1)))
    review.decision = Decision.CLOSE
    store.plan.finalise_review(review)
    store.close()
    window = make_window()
    window.records_menu.retention_action.trigger()
    dialog = window.records_menu.retention_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.model.rowCount() == 0 and "No retention period" in dialog.summary.text()
    dialog.years.setValue(6)
    qtbot.mouseClick(dialog.save_rule_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 1 and dialog.model.text(0, 0) == "Brenchley Gardens"
    interaction.answers = [False]
    assert dialog.delete_due() is False
    assert "Brenchley Gardens" in interaction.asked[-1][1] and "Backups" in interaction.asked[-1][1]
    assert window.store is not None and window.store.assessments.get(assessment_id)
    interaction.answers = [True]
    assert dialog.delete_due() is True
    assert dialog.model.rowCount() == 0
    assert window.store.db.execute("SELECT count(*) FROM assessments").fetchone()[0] == 0
    assert [e.record_id for e in window.store.audit.entries(action="purge")] == [assessment_id]


def test_registered_names_are_marked_while_typing(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, form_library: FormLibrary
) -> None:
    from PySide6.QtWidgets import QPlainTextEdit

    assessment_id = _seed(db_path, form_library)
    window = make_window()
    assert window.store is not None
    window.store.people.save(Person(assessment_id, "Liam O'Brien", "Young person A"))
    _open(window, assessment_id)
    editor = window.editor
    assert editor is not None
    editor.show_section("summary")
    field = next(edit for edit in editor.page("summary").findChildren(QPlainTextEdit) if edit.isVisible())
    field.setPlainText("Seen with o\u2019brien\u2019s brother; we will return.")  # a phone's curly apostrophe
    marks = editor.name_marks
    layout = field.document().firstBlock().layout()
    ranges = [(r.start, r.length) for r in layout.formats() if r.format.underlineStyle() != 0]
    assert ranges == [(10, 7)]  # "o’brien", not the possessive ending, not "will"
    cursor = field.textCursor()
    cursor.setPosition(12)
    point = field.cursorRect(cursor).center()
    assert marks.tip_at(field, point) == "Registered name: will be printed as Young person A in redacted copies."
    assert marks.tip_at(field, field.cursorRect(field.document().find("return")).center()) == ""
    # A person added on the People page is marked at once; the People page's own fields never are.
    editor.show_section("people")
    page = editor.page("people")
    assert isinstance(page, PeoplePage)
    page.name_edit.setText("Will Young")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    field.setPlainText("Will was there.")
    formats = field.document().firstBlock().layout().formats()
    assert [(r.start, r.length) for r in formats if r.format.underlineStyle() != 0] == [(0, 4)]
    assert not any(edit in marks.editors for edit in page.findChildren(QPlainTextEdit))


def test_history_says_a_record_changed_outside_the_app_and_never_shows_the_change_as_entered(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, form_library: FormLibrary
) -> None:
    from safeguarding.protection.history import ALTERED_WORDS
    from safeguarding.store.audit_schema import wanted_triggers
    from ui.protection.history_dialog import CHANGED_OUTSIDE

    assessment_id = _seed(db_path, form_library)
    store = open_store(db_path)  # the tester's forgery: past the update trigger, which is then put back
    store.db.execute('DROP TRIGGER "audit_assessments_update"')
    store.db.execute("UPDATE assessments SET analysis = 'Nothing of concern.' WHERE id = ?", [assessment_id])
    store.db.execute(wanted_triggers(store.db)["audit_assessments_update"])
    store.close()
    window = make_window()
    _open(window, assessment_id)
    window.records_menu.history_action.trigger()
    dialog = window.records_menu.history_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    rows = [[dialog.model.text(row, column) for column in range(7)] for row in range(dialog.model.rowCount())]
    assert not any("Nothing of concern." in cell for row in rows for cell in row)
    analysis = [row for row in rows if row[4] == "Analysis"]
    assert analysis and analysis[-1][2] == "Assessment changed" and analysis[-1][6] == ALTERED_WORDS
    assert analysis[-1][5] == ""  # what it replaced: nothing, sealed in the entry
    assert CHANGED_OUTSIDE in dialog.trail.text() and dialog.trail.objectName() == "errorText"


def test_exported_history_ends_with_the_windows_words_and_never_intact_when_a_record_was_changed(
    qtbot: QtBot,
    make_window: WindowFactory,
    db_path: Path,
    form_library: FormLibrary,
    interaction: ScriptedInteraction,
    tmp_path: Path,
) -> None:
    from tests.protection.forgery import forge

    assessment_id = _seed(db_path, form_library)
    forge(db_path, "UPDATE assessments SET analysis = 'Nothing of concern.' WHERE id = ?", [assessment_id])
    window = make_window()
    _open(window, assessment_id)
    window.records_menu.history_action.trigger()
    dialog = window.records_menu.history_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    said = dialog.trail.text().splitlines()[0]
    assert said.startswith("Audit trail: the chain is intact now (last entry ")
    assert said.endswith("; 1 record in this history was changed outside this app.")
    out = tmp_path / "history.csv"
    interaction.save_paths = [out]
    assert dialog.export_csv() == out
    with out.open(encoding="utf-8-sig", newline="") as stream:
        ending = [row[6] for row in csv.reader(stream) if len(row) > 2 and row[2] == "Audit trail check"]
    assert ending == [said]  # one source of words: the window's status line is the file's ending


def test_history_says_a_record_removed_outside_the_app_and_names_the_record(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, form_library: FormLibrary
) -> None:
    from safeguarding.protection.history import OUTSIDE_AFTER_WORDS
    from tests.protection.forgery import forge
    from ui.protection.history_dialog import CHANGED_OUTSIDE

    assessment_id = _seed(db_path, form_library)
    store = open_store(db_path)
    person = store.people.save(Person(assessment_id, "Zoë Green", "Young person A"))
    store.close()
    forge(db_path, "DELETE FROM people WHERE id = ?", [person.id])  # the tester's forgery: no delete entry
    window = make_window()
    _open(window, assessment_id)
    window.records_menu.history_action.trigger()
    dialog = window.records_menu.history_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    rows = [[dialog.model.text(row, column) for column in range(7)] for row in range(dialog.model.rowCount())]
    removed = [row for row in rows if row[2] == "Person (for redaction) removed outside this app"]
    assert [(row[3], row[6]) for row in removed] == [(f"record {person.id[:8]}", OUTSIDE_AFTER_WORDS["removed"])]
    assert CHANGED_OUTSIDE in dialog.trail.text() and dialog.trail.objectName() == "errorText"
