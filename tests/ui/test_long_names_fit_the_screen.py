"""A 5,000-character location name from an older database never makes a window wider than the screen;
a new name is limited to 200 characters, said as it is typed and on saving."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from safeguarding.errors import ValidationError
from safeguarding.forms import FormDefinition
from safeguarding.model import Location
from safeguarding.store import locations as locations_store
from safeguarding.store import open_store
from safeguarding.validation import NAME_LIMIT
from ui.location_dialog import LocationDialog
from ui.main_window import MainWindow
from ui.protection.sharing_details import SharingDetailsDialog
from ui.search.search_dialog import SearchDialog

SCREEN_WIDTH = 1366
LONG_NAME = "ODDTEXT " + "A" * 2500 + "中" * 2500


def _old_database(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database holding a location whose 5,000-character name was saved before the limit existed."""
    with monkeypatch.context() as before_the_limit:
        before_the_limit.setattr(locations_store, "validate_location", lambda *args, **kwargs: None)
        store = open_store(path)
        store.locations.add(Location(name=LONG_NAME))
        store.close()


def test_windows_stay_within_the_screen_with_a_5000_character_name(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    db_path: Path,
    form: FormDefinition,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _old_database(db_path, monkeypatch)
    window = make_window()
    page = window.locations_page
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: "ODDTEXT" in page.details.text())
    assert window.minimumSizeHint().width() <= SCREEN_WIDTH
    assert window.sizeHint().width() <= SCREEN_WIDTH
    assert window.store is not None
    sharing = SharingDetailsDialog(f"The full DCSM report of {LONG_NAME} (PDF).", None, window)
    qtbot.addWidget(sharing)
    assert sharing.sizeHint().width() <= SCREEN_WIDTH and sharing.minimumSizeHint().width() <= SCREEN_WIDTH
    search = SearchDialog(window.store, form.time_bands, window)
    qtbot.addWidget(search)
    assert search.sizeHint().width() <= SCREEN_WIDTH and search.minimumSizeHint().width() <= SCREEN_WIDTH
    # The record keeps the name exactly.
    assert window.store.locations.by_name()[0].name == LONG_NAME


def test_a_new_name_is_limited_with_a_plain_message(qtbot: QtBot, tmp_path: Path) -> None:
    store = open_store(tmp_path / "limit.sqlite3")
    try:
        with pytest.raises(ValidationError, match="shorten the location's name to 200 characters"):
            store.locations.add(Location(name="B" * (NAME_LIMIT + 1)))
        assert store.locations.add(Location(name="B" * NAME_LIMIT)).name == "B" * NAME_LIMIT
    finally:
        store.close()
    dialog = LocationDialog(None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name_edit, "C" * (NAME_LIMIT + 1))
    assert f"{NAME_LIMIT + 1:,} characters" in dialog.message.text()
    assert len(dialog.name_edit.text()) == NAME_LIMIT + 1  # nothing typed is cut
