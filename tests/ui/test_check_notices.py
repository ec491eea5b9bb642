"""Records → Check the audit trail… says the breaks reported before, not a bare "intact" (a tester's finding)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from safeguarding.forms import FormLibrary
from safeguarding.model import Location
from safeguarding.store import open_store
from tests.protection.forgery import forge
from tests.ui.conftest import ScriptedInteraction
from ui.main_window import MainWindow

WindowFactory = Callable[[], MainWindow]


def test_a_check_after_protection_was_put_back_says_what_was_reported_before(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, form_library: FormLibrary, interaction: ScriptedInteraction
) -> None:
    store = open_store(db_path)
    location = store.locations.add(Location(name="Brenchley Gardens"))
    store.close()
    forge(db_path, "UPDATE locations SET name = 'Forged' WHERE id = ?", [location.id], put_back=False)
    window = make_window()  # the app puts the triggers back and says so once
    qtbot.waitUntil(lambda: bool(interaction.errors))
    interaction.errors.clear()
    window.records_menu.check_action.trigger()
    [(title, text)] = interaction.infos[-1:]
    assert title == "Audit trail checked"
    assert "chain is intact now" in text and "1 problem was reported before" in text
    assert "protection was removed" in text
    assert not text.startswith("Audit trail intact")


def test_a_clean_trail_is_still_said_intact(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, interaction: ScriptedInteraction
) -> None:
    store = open_store(db_path)
    store.locations.add(Location(name="Brenchley Gardens"))
    store.close()
    window = make_window()
    window.records_menu.check_action.trigger()
    [(title, text)] = interaction.infos[-1:]
    assert title == "Audit trail checked" and text.startswith("Audit trail intact (last entry ")
