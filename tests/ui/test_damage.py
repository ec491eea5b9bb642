"""Damage found after the database was opened: the window closes it, says so and offers the latest good backup.

Each database is a real one made by the app, with junk written over one page once
it had a backup (:mod:`tests.store.damaging`). No bug dialog may appear.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from safeguarding.forms import FormLibrary
from safeguarding.model import Location
from safeguarding.security import keys
from safeguarding.security.keys import Key, ScryptCost, create_keyfile
from safeguarding.store import is_damage, list_backups, open_store
from tests.store.conftest import file_hash
from tests.store.damaging import damage_table
from tests.ui.conftest import ScriptedInteraction
from ui.errors import ErrorReporter
from ui.main_window import MainWindow

NAMES = ["Brenchley Gardens", "North Week Street"]


@pytest.fixture
def made(db_path: Path, form_library: FormLibrary) -> Callable[[Key | None], str]:
    """Make the database at ``db_path`` with an on-start backup; return the id of its assessment.

    The assessment is of the second location in the list: the window selects the
    first, so it reads the assessment only when it is opened.
    """

    def make(key: Key | None) -> str:
        store = open_store(db_path, key=key)
        _, second = (store.locations.add(Location(name=name)) for name in NAMES)
        assessment = store.assessments.create(second.id, form_library.current())
        store.backups.take_detached("on-start")
        store.close()
        return assessment.id

    return make


@pytest.fixture
def open_window(
    qtbot: QtBot, interaction: ScriptedInteraction, db_path: Path, form_library: FormLibrary
) -> Iterator[Callable[[Key | None], MainWindow]]:
    """Open a shown window on ``db_path`` (with its key); its database is closed after the test."""
    windows: list[MainWindow] = []

    def make(key: Key | None) -> MainWindow:
        window = MainWindow(open_store(db_path, key=key), form_library, interaction)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.security.wait_for_background_work()
        if window.store is not None:
            window.store.close()
            window.store = None


def names(window: MainWindow) -> list[str]:
    assert window.store is not None
    return sorted(location.name for location in window.store.locations.by_name())


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_damaged_list_offers_the_backup_and_restores_it_keeping_the_damaged_file(
    qtbot: QtBot,
    encrypted: bool,
    db_path: Path,
    made: Callable[[Key | None], str],
    open_window: Callable[[Key | None], MainWindow],
    interaction: ScriptedInteraction,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = None
    if encrypted:
        monkeypatch.setattr(keys, "DEFAULT_COST", ScryptCost(n=2**10, r=8, p=1))  # a cheap passphrase slot
        db_path.parent.mkdir(parents=True, exist_ok=True)
        key = create_keyfile(db_path, "tulip harbour lantern seven")
    made(key)
    damage_table(db_path, "locations", key)
    damaged = file_hash(db_path)
    interaction.answers.append(True)  # restore the backup

    window = open_window(key)  # the list cannot be read
    first = window.store
    qtbot.waitUntil(lambda: window.store is not None and window.store is not first, timeout=10000)
    qtbot.waitUntil(lambda: bool(interaction.infos))

    [(title, question)] = interaction.asked
    assert title == "Database damaged"
    assert "window.sqlite3 is damaged: part of the file could not be read (database disk image is malformed)" in (
        question
    )
    assert "The damaged file is kept beside it (renamed), never deleted." in question
    assert names(window) == NAMES
    assert window.locations_page.table.model().rowCount() == len(NAMES)
    [aside] = db_path.parent.glob("window.sqlite3.damaged-*")
    assert file_hash(aside) == damaged  # kept as it was
    [(title, told)] = interaction.infos
    assert title == "Backup restored" and aside.name in told
    assert interaction.bugs == [] and interaction.errors == []


def test_not_now_leaves_the_damaged_file_closed_and_says_so(
    qtbot: QtBot,
    db_path: Path,
    made: Callable[[Key | None], str],
    open_window: Callable[[Key | None], MainWindow],
    interaction: ScriptedInteraction,
) -> None:
    made(None)
    damage_table(db_path, "locations")
    damaged = file_hash(db_path)
    interaction.answers.append(False)  # not now

    window = open_window(None)
    qtbot.waitUntil(lambda: "can be restored" in window.empty.text())
    assert window.store is None and window.current_page() is window.empty
    text = window.empty.text()
    assert text.startswith("window.sqlite3 is damaged: part of the file could not be read")
    assert "It has been closed, so nothing more is written to it." in text
    assert not window.new_location_action.isEnabled()
    assert file_hash(db_path) == damaged
    assert [b.reason for b in list_backups(db_path)] == ["on-start"]
    assert interaction.bugs == []


def test_damage_met_when_opening_an_assessment_offers_the_backup(
    qtbot: QtBot,
    db_path: Path,
    made: Callable[[Key | None], str],
    open_window: Callable[[Key | None], MainWindow],
    interaction: ScriptedInteraction,
) -> None:
    assessment_id = made(None)
    damage_table(db_path, "consultations")  # read only when the assessment is
    window = open_window(None)
    assert window.locations_page.table.model().rowCount() == len(NAMES)  # the list still reads
    QApplication.processEvents()  # a damaged read would have closed the database by now
    assert window.store is not None and interaction.asked == []
    interaction.answers.append(False)

    window.open_assessment(assessment_id)
    qtbot.waitUntil(lambda: bool(interaction.asked))
    assert interaction.asked[0][0] == "Database damaged"
    assert window.current_page() is window.empty and window.store is None
    assert interaction.bugs == [] and interaction.errors == []


def test_on_start_backup_checks_the_file_first_and_never_copies_damage(
    qtbot: QtBot,
    db_path: Path,
    made: Callable[[Key | None], str],
    open_window: Callable[[Key | None], MainWindow],
    interaction: ScriptedInteraction,
) -> None:
    made(None)
    damage_table(db_path, "consultations")  # the list reads well: only the check finds it
    window = open_window(None)
    QApplication.processEvents()  # a damaged read would have closed the database by now
    assert window.store is not None and interaction.asked == []
    interaction.answers.append(True)

    task = window.security.backup_scheduler.back_up("on-start")
    assert task is not None
    qtbot.waitUntil(lambda: bool(interaction.infos), timeout=10000)

    assert interaction.asked[0][0] == "Database damaged"
    assert "is damaged: the check before the backup found a problem (Tree " in interaction.asked[0][1]
    assert "no backup was made; the earlier backups are kept" in interaction.asked[0][1]
    assert [b.reason for b in list_backups(db_path)] == ["on-start"]  # the good one only, still there
    assert list(db_path.parent.glob("window.sqlite3.damaged-*"))
    assert names(window) == NAMES
    assert interaction.bugs == []


def test_damage_nobody_expected_goes_to_the_offer_not_the_bug_dialog(
    db_path: Path, made: Callable[[Key | None], str], interaction: ScriptedInteraction
) -> None:
    made(None)
    damage_table(db_path, "locations")
    store = open_store(db_path)
    try:
        store.locations.by_name()
    except Exception as caught:  # the raw database error, as a slot nobody guarded would raise it
        error = caught
    store.close()
    assert is_damage(error)
    offered: list[BaseException] = []
    reporter = ErrorReporter(interaction, None)
    reporter.damaged = offered.append
    reporter.hook(type(error), error, error.__traceback__)
    assert offered == [error] and interaction.bugs == []
    reporter.hook(ValueError, ValueError("a bug"), None)
    assert len(interaction.bugs) == 1  # anything else is still a bug


def test_damage_met_opening_an_assessment_still_lets_the_database_close(
    qtbot: QtBot,
    db_path: Path,
    form_library: FormLibrary,
    open_window: Callable[[Key | None], MainWindow],
    interaction: ScriptedInteraction,
) -> None:
    store = open_store(db_path)
    first = store.locations.add(Location(name=NAMES[0]))
    made = [store.assessments.create(first.id, form_library.current()) for _ in range(2)]
    store.backups.take_detached("on-start")
    store.close()
    damage_table(db_path, "consultations")
    interaction.answers.append(True)

    window = open_window(None)
    assert interaction.asked == []  # the list and the location's details read no consultations
    window.open_assessment(made[-1].id)  # opening reads them: the damage is met there
    qtbot.waitUntil(lambda: bool(interaction.infos), timeout=10000)
    assert interaction.asked[0][0] == "Database damaged"
    assert names(window) == [NAMES[0]]
    assert list(db_path.parent.glob("window.sqlite3.damaged-*"))
    assert interaction.bugs == [] and interaction.errors == []


def test_damage_nobody_guarded_still_lets_the_database_close_though_the_error_is_kept(
    qtbot: QtBot,
    db_path: Path,
    form_library: FormLibrary,
    open_window: Callable[[Key | None], MainWindow],
    interaction: ScriptedInteraction,
) -> None:
    store = open_store(db_path)
    _, second = (store.locations.add(Location(name=name)) for name in NAMES)
    for _ in range(2):
        store.assessments.create(second.id, form_library.current())
    store.backups.take_detached("on-start")
    store.close()
    damage_table(db_path, "consultations")
    window = open_window(None)
    QApplication.processEvents()
    assert window.store is not None and interaction.asked == []
    reporter = ErrorReporter(interaction, None)  # keeps every error it reports, tracebacks and all
    reporter.damaged = window.security.database_damaged
    interaction.answers.append(True)

    try:
        window.store.assessments.for_location(second.id)  # stops part-way, its loop's statement open
    except Exception as error:
        reporter.hook(type(error), error, error.__traceback__)
    qtbot.waitUntil(lambda: bool(interaction.infos), timeout=10000)
    assert interaction.asked[0][0] == "Database damaged"
    assert names(window) == NAMES
    assert interaction.bugs == [] and len(reporter.reported) == 1
