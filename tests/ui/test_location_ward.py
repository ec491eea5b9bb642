"""The locations page's details say the ward once: "Fant Ward, Maidstone", never "Fant Ward ward" (tester's report)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from safeguarding.model import Location
from safeguarding.store import open_store
from ui.main_window import MainWindow


def test_details_do_not_repeat_ward(qtbot: QtBot, make_window: Callable[..., MainWindow], db_path: Path) -> None:
    store = open_store(db_path)
    store.locations.add(Location(name="Fant Lane play area", ward="Fant Ward", district="Maidstone"))
    store.close()
    window = make_window()
    page = window.locations_page
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: "Fant Lane play area" in page.details.text())
    assert "Fant Ward, Maidstone" in page.details.text()
    assert "Ward ward" not in page.details.text()
