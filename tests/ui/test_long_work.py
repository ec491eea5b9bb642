"""Backups, encryption and restore run off the GUI thread: the window keeps working during a backup and
waits for it before closing; encryption and restore show a progress dialog whose Cancel changes nothing."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from safeguarding.errors import StorageError
from safeguarding.forms import FormLibrary
from safeguarding.model import Location
from safeguarding.security import keys
from safeguarding.security.keys import Key, ScryptCost, create_keyfile, keyfile_path
from safeguarding.store import is_encrypted, list_backups, open_store
from safeguarding.store.backups import StoreBackups
from safeguarding.workflows import encrypt, restore
from tests.ui.conftest import ScriptedInteraction
from ui.main_window import MainWindow
from ui.security.backups_dialog import BackupsDialog
from ui.security.dialogs import PassphraseDialog

PASSPHRASE = "tulip harbour lantern seven"
WindowFactory = Callable[[], MainWindow]


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "DEFAULT_COST", ScryptCost(n=2**10, r=8, p=1))


class Gate:
    """Holds work on a worker thread at a chosen point until the test lets it go (never longer than 10 s)."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.open = threading.Event()
        self.threads: list[int] = []

    def wait_here(self) -> None:
        """Called by the work: say it got here, then wait (only the first time)."""
        if self.reached.is_set():
            return
        self.threads.append(threading.get_ident())
        self.reached.set()
        assert self.open.wait(10), "the test never let the work go on"

    def hold(self, owner: object, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """Make ``owner.name`` (a function or method) stop here before it runs."""
        real = getattr(owner, name)

        def held(*args: object, **kwargs: object) -> object:
            self.wait_here()
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, held)


@pytest.fixture
def gate() -> Iterator[Gate]:
    gate = Gate()
    yield gate
    gate.open.set()  # never leave a worker waiting


@pytest.fixture
def enc_window(
    qtbot: QtBot, interaction: ScriptedInteraction, tmp_path: Path, form_library: FormLibrary
) -> Iterator[tuple[MainWindow, Key]]:
    path = tmp_path / "enc.sqlite3"
    key = create_keyfile(path, PASSPHRASE)
    window = MainWindow(open_store(path, key=key), form_library, interaction)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window, key
    if window.store is not None:
        window.store.close()
        window.store = None


def _progress_dialog(qtbot: QtBot, window: MainWindow) -> QProgressDialog:
    def shown() -> QProgressDialog | None:
        return next((d for d in window.findChildren(QProgressDialog) if d.isVisible()), None)

    qtbot.waitUntil(lambda: shown() is not None)
    dialog = shown()
    assert dialog is not None and dialog.isModal()
    return dialog


def _click_cancel(qtbot: QtBot, dialog: QProgressDialog) -> None:
    button = dialog.findChild(QPushButton)
    assert button is not None and button.text() == "Cancel" and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _names(window: MainWindow) -> list[str]:
    assert window.store is not None
    return [location.name for location in window.store.locations.by_name()]


def test_automatic_backup_runs_in_the_background_and_lands_in_the_list_and_status_bar(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, gate: Gate, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    store = window.store
    assert store is not None
    store.locations.add(Location(name="Brenchley Gardens"))
    gate.hold(StoreBackups, "take_detached", monkeypatch)
    security = window.security
    security.show_backups()
    dialog = security.dialog
    assert isinstance(dialog, BackupsDialog) and dialog.table.rowCount() == 0

    task = security.backup_scheduler.back_up("periodic")
    assert task is not None and gate.reached.wait(10)
    assert gate.threads[0] != threading.get_ident()  # not the GUI thread
    assert security.backup_scheduler.back_up("on-start") is None  # one automatic backup at a time
    store.locations.add(Location(name="North Week Street"))  # the window keeps working and saving
    gate.open.set()
    qtbot.waitUntil(lambda: not security.backup_scheduler.running)
    assert window.statusBar().currentMessage().startswith("Backup made at ")
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)  # the open list shows it
    [backup] = list_backups(db_path)
    assert backup.reason == "periodic" and dialog.table.item(0, 1).text() == "Automatic (while working)"


def test_automatic_backup_problem_is_shown_in_the_status_bar(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()

    def disk_full(self: StoreBackups, reason: str) -> Path:
        raise StorageError("The disk is full.")

    monkeypatch.setattr(StoreBackups, "take_detached", disk_full)
    assert window.security.backup_scheduler.back_up("on-start") is not None
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Backup not made: The disk is full.")
    assert interaction.errors == [] and not window.security.backup_scheduler.running


def test_back_up_now_problem_is_explained_and_the_button_comes_back(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()

    def disk_full(self: StoreBackups, reason: str) -> Path:
        raise StorageError("The disk is full.")

    monkeypatch.setattr(StoreBackups, "take_detached", disk_full)
    window.security.show_backups()
    dialog = window.security.dialog
    assert isinstance(dialog, BackupsDialog)
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert dialog.backup_status.text() == "Backing up…" and not dialog.backup_button.isEnabled()
    qtbot.waitUntil(dialog.backup_button.isEnabled)
    assert interaction.errors == [("Backup not made", "The disk is full.")]
    assert dialog.backup_status.text() == "" and dialog.table.rowCount() == 0


def test_closing_the_window_waits_for_a_running_backup_before_closing_the_database(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, gate: Gate, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    store = window.store
    assert store is not None
    events: list[str] = []
    take = StoreBackups.take_detached

    def take_and_tell(self: StoreBackups, reason: str) -> Path:
        gate.wait_here()
        path = take(self, reason)
        events.append("backup made")
        return path

    monkeypatch.setattr(StoreBackups, "take_detached", take_and_tell)
    close = store.close
    monkeypatch.setattr(store, "close", lambda: (events.append("database closed"), close())[1])
    assert window.security.backup_scheduler.back_up("periodic") is not None
    assert gate.reached.wait(10)
    gate.open.set()  # the backup goes on while the window closes
    window.close()
    assert events == ["backup made", "database closed"]
    assert window.store is None and [b.reason for b in list_backups(db_path)] == ["periodic"]


def test_encryption_runs_behind_a_progress_dialog_and_cancel_changes_nothing(
    qtbot: QtBot,
    make_window: WindowFactory,
    interaction: ScriptedInteraction,
    db_path: Path,
    tmp_path: Path,
    gate: Gate,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window()
    assert window.store is not None
    window.store.locations.add(Location(name="North Week Street"))
    gate.hold(encrypt, "_export_encrypted", monkeypatch)
    security = window.security
    security.encrypt_current()
    dialog = security.dialog
    assert isinstance(dialog, PassphraseDialog)
    dialog.new_edit.setText(PASSPHRASE)
    dialog.confirm_edit.setText(PASSPHRASE)
    recovery = tmp_path / "recovery.txt"
    interaction.save_paths.append(recovery)
    assert dialog.try_accept()

    progress = _progress_dialog(qtbot, window)
    assert gate.reached.wait(10)
    on_disk = db_path.read_bytes()  # closed by the window; the conversion is under way
    assert window.store is None and window.empty.text().startswith("Encrypting…")
    _click_cancel(qtbot, progress)
    gate.open.set()
    qtbot.waitUntil(lambda: window.store is not None)
    assert window.statusBar().currentMessage() == "Encryption cancelled: the database was not changed."
    assert not window.store.opened.encrypted and _names(window) == ["North Week Street"]
    assert db_path.read_bytes() == on_disk and not is_encrypted(db_path)
    assert not keyfile_path(db_path).exists() and not recovery.exists()  # a recovery key for nothing is removed
    assert sorted(p.name for p in db_path.parent.iterdir() if p.name.startswith(".")) == []
    assert security.encrypt_action.isEnabled() and interaction.errors == []


def test_restore_runs_behind_a_progress_dialog_and_cancel_changes_nothing(
    qtbot: QtBot, enc_window: tuple[MainWindow, Key], gate: Gate, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, key = enc_window
    store = window.store
    assert store is not None
    store.locations.add(Location(name="Brenchley Gardens"))
    store.backups.take("manual")
    store.locations.add(Location(name="North Week Street"))
    [backup] = list_backups(store.path)
    gate.hold(restore, "check_backup", monkeypatch)

    assert window.security.database_work.restore(backup)
    progress = _progress_dialog(qtbot, window)
    assert gate.reached.wait(10)
    assert window.store is None and window.empty.text().startswith("Restoring…")
    _click_cancel(qtbot, progress)
    gate.open.set()
    qtbot.waitUntil(lambda: window.store is not None)
    assert window.statusBar().currentMessage() == "Restore cancelled: the database was not changed."
    assert window.store.opened.key == key and _names(window) == ["Brenchley Gardens", "North Week Street"]
    assert [b.reason for b in list_backups(store.path)] == ["manual"]  # no "before-restore" copy left


def test_restore_waits_for_a_running_backup_then_restores(
    qtbot: QtBot, enc_window: tuple[MainWindow, Key], gate: Gate, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _ = enc_window
    store = window.store
    assert store is not None
    store.locations.add(Location(name="Brenchley Gardens"))
    store.backups.take("manual")
    store.locations.add(Location(name="North Week Street"))
    [backup] = list_backups(store.path)
    gate.hold(StoreBackups, "take_detached", monkeypatch)
    assert window.security.backup_scheduler.back_up("periodic") is not None
    assert gate.reached.wait(10)

    assert window.security.database_work.restore(backup)
    waiting = _progress_dialog(qtbot, window)
    assert waiting.labelText() == "Finishing the backup that is being taken…"
    assert window.store is store  # not closed while the backup reads it
    gate.open.set()
    qtbot.waitUntil(lambda: window.store is not None and window.store is not store)
    assert _names(window) == ["Brenchley Gardens"]
    assert window.statusBar().currentMessage().startswith("Backup restored.")
    assert sorted(b.reason for b in list_backups(store.path)) == ["before-restore", "manual", "periodic"]
