"""Exporting the DCSM report from the window: the PDF is written, or the problem is explained."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import ScriptedInteraction
from ui.main_window import MainWindow
from ui.widgets.folders import documents_folder

WindowFactory = Callable[[], MainWindow]


def test_export_from_the_window_writes_the_report(
    qtbot: QtBot, tmp_path: Path, interaction: ScriptedInteraction
) -> None:
    from pypdf import PdfReader

    from safeguarding.demo import build_demo_database
    from ui.startup import build_window

    window = build_window(build_demo_database(tmp_path / "demo.sqlite3"), demo=True, interaction=interaction)
    qtbot.addWidget(window)
    window.show()
    page = window.locations_page
    row = next(i for i in range(page.model.rowCount()) if page.model.row(i).location.name == "Brenchley Gardens")
    page.table.selectRow(row)
    out = tmp_path / "out" / "Brenchley report"  # no suffix: the app adds .pdf
    out.parent.mkdir()
    interaction.save_paths = [out]
    interaction.choices = [0]  # full copy
    interaction.open_answers = [True]  # "Open the report"
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    written = out.with_suffix(".pdf")
    qtbot.waitUntil(lambda: window.last_export is not None, timeout=20000)
    assert window.last_export == written
    [suggested] = interaction.suggested
    # Issue 16: the Save dialog opened in the app's data folder; it starts in Documents now.
    assert suggested.parent == documents_folder() and suggested.parent != tmp_path
    qtbot.waitUntil(lambda: interaction.opened == [written])
    assert interaction.offered_open == [("Open the report", written)]
    assert re.fullmatch(r"Brenchley Gardens - DCSM report - \d{4}-\d{2}-\d{2}\.pdf", suggested.name)
    assert interaction.infos and "OFFICIAL-SENSITIVE" in interaction.infos[0][1]
    text = "\n".join(p.extract_text() for p in PdfReader(written).pages)
    assert "Brenchley Gardens" in text
    assert text.count("OFFICIAL-SENSITIVE") >= 2 * len(PdfReader(written).pages)


def test_export_to_an_unwritable_place_is_explained(
    qtbot: QtBot, tmp_path: Path, interaction: ScriptedInteraction
) -> None:
    from safeguarding.demo import build_demo_database
    from ui.startup import build_window

    window = build_window(build_demo_database(tmp_path / "demo.sqlite3"), demo=True, interaction=interaction)
    qtbot.addWidget(window)
    window.show()
    interaction.save_paths = [tmp_path / "no such folder" / "report.pdf"]
    interaction.choices = [0]  # full copy
    qtbot.mouseClick(window.locations_page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(interaction.errors), timeout=20000)
    assert interaction.errors[0][0] == "Report not exported"
    assert window.last_export is None
    assert window.isVisible()
