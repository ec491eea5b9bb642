"""Every export's Save dialog starts where the last export went (kept between sessions), else in Documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import ScriptedInteraction
from ui.widgets import folders


def test_the_first_export_starts_in_documents_and_the_next_where_the_last_went(tmp_path: Path) -> None:
    interaction = ScriptedInteraction()
    papers = tmp_path / "DCSM papers"
    papers.mkdir()
    interaction.save_paths = [papers / "first.pdf", papers / "second.csv"]
    assert interaction.save_export(None, "Save", "first.pdf", "PDF files (*.pdf)") == papers / "first.pdf"
    assert interaction.save_export(None, "Save", "second.csv", "CSV files (*.csv)") == papers / "second.csv"
    assert interaction.suggested == [folders.documents_folder() / "first.pdf", papers / "second.csv"]


def test_a_cancelled_save_remembers_nothing(tmp_path: Path) -> None:
    interaction = ScriptedInteraction()
    interaction.save_paths = [None]
    assert interaction.save_export(None, "Save", "report.pdf", "PDF files (*.pdf)") is None
    assert folders.export_folder() == folders.documents_folder()


def test_a_folder_that_is_gone_or_a_damaged_file_falls_back_to_documents(
    tmp_path: Path, private_data_dir: Path
) -> None:
    stick = tmp_path / "USB stick"
    stick.mkdir()
    folders.remember_export_folder(stick)
    assert folders.export_folder() == stick.resolve()
    stick.rmdir()  # the stick was taken out
    assert folders.export_folder() == folders.documents_folder()
    (private_data_dir / folders.FOLDERS_FILE).write_text("{not json", encoding="utf-8")
    assert folders.export_folder() == folders.documents_folder()


def test_the_remembered_folder_is_kept_owner_only(tmp_path: Path, private_data_dir: Path) -> None:
    folders.remember_export_folder(tmp_path)
    kept = private_data_dir / folders.FOLDERS_FILE
    assert kept.stat().st_mode & 0o077 == 0


def test_a_read_only_data_folder_does_not_stop_an_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAT_DATA_DIR", str(tmp_path / "file" / "below"))
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    folders.remember_export_folder(tmp_path)  # cannot be kept: let go
    assert folders.export_folder() == folders.documents_folder()


def test_the_report_then_the_action_plan_start_where_the_report_went(
    qtbot: QtBot, tmp_path: Path, interaction: ScriptedInteraction
) -> None:
    from safeguarding.demo import build_demo_database
    from ui.startup import build_window

    window = build_window(build_demo_database(tmp_path / "demo.sqlite3"), demo=True, interaction=interaction)
    qtbot.addWidget(window)
    window.show()
    page = window.locations_page
    row = next(i for i in range(page.model.rowCount()) if page.model.row(i).location.name == "Brenchley Gardens")
    page.table.selectRow(row)
    meeting = tmp_path / "March meeting"
    meeting.mkdir()
    interaction.save_paths = [meeting / "report.pdf"]
    interaction.choices = [0]  # full copy
    interaction.open_answers = [False]
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.last_export is not None, timeout=20000)
    assert interaction.suggested[0].parent == folders.documents_folder()
    assert folders.export_folder() == meeting.resolve()
    # A later session: a new window on the same laptop starts the next export there too.
    from ui.plan.export import export_action_plan

    store = window.store
    assert store is not None
    assessment = store.assessments.for_location(page.model.row(row).location.id, records=False)[0]
    interaction.save_paths = [None]
    export_action_plan(window, store, interaction, assessment.id)
    assert interaction.suggested[-1].parent == meeting.resolve()
