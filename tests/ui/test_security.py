"""Encryption in the window: lock and unlock (unsaved edits survive), idle lock, passphrase dialogs,
growing delay, backups and restore, encrypting an open plain database, a damaged database at start."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from safeguarding.forms import FormLibrary
from safeguarding.model import Location
from safeguarding.security import keys
from safeguarding.security.keys import Key, ScryptCost, create_keyfile, unlock
from safeguarding.security.throttle import UnlockThrottle
from safeguarding.store import is_encrypted, list_backups, open_store
from ui.editor.observations_page import ObservationsPage
from ui.main_window import MainWindow
from ui.security.dialogs import LOST_WARNING, PassphraseDialog, UnlockDialog

PASSPHRASE = "tulip harbour lantern seven"
EncryptedWindow = Callable[[], MainWindow]


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "DEFAULT_COST", ScryptCost(n=2**10, r=8, p=1))


@pytest.fixture
def enc_db(tmp_path: Path) -> tuple[Path, Key]:
    path = tmp_path / "enc.sqlite3"
    key = create_keyfile(path, PASSPHRASE)
    store = open_store(path, key=key)
    store.locations.add(Location(name="Brenchley Gardens"))
    store.close()
    return path, key


@pytest.fixture
def enc_window(
    qtbot: QtBot, interaction: object, enc_db: tuple[Path, Key], form_library: FormLibrary
) -> Iterator[EncryptedWindow]:
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        path, key = enc_db
        window = MainWindow(open_store(path, key=key), form_library, interaction)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.security.idle_lock.watch_activity()
        windows.append(window)
        return window

    yield make
    for window in windows:
        if window.store is not None:
            window.store.close()
            window.store = None


def _visible_texts(window: MainWindow) -> str:
    from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit

    texts = [w.text() for w in window.findChildren(QLabel) if w.isVisible()]
    texts += [w.text() for w in window.findChildren(QLineEdit) if w.isVisible()]
    texts += [w.toPlainText() for w in window.findChildren(QPlainTextEdit) if w.isVisible()]
    return "\n".join(texts)


def test_lock_hides_everything_and_unlock_brings_back_unsaved_edits(
    qtbot: QtBot, enc_window: EncryptedWindow, interaction: object
) -> None:
    window = enc_window()
    store = window.store
    assert store is not None and store.opened.encrypted
    location = store.locations.by_name()[0]
    window.new_assessment(location.id)
    editor = window.editor
    assert editor is not None
    editor.show_section("observations")
    visits = editor.page("observations")
    assert isinstance(visits, ObservationsPage)
    visits.notes_edit.setPlainText("Typed, not yet saved: six by the bandstand.")

    security = window.security
    assert security.lock_action.shortcut().toString() == "Ctrl+L"
    security.lock_action.trigger()
    assert security.idle_lock.locked and security.idle_lock.lock_screen is not None
    assert window.stack.currentWidget() is security.idle_lock.lock_screen
    assert not window.menuBar().isEnabled()
    assert "bandstand" not in _visible_texts(window) and "Brenchley" not in _visible_texts(window)
    # What was typed went to disk (inside the encrypted database) before the screen locked.
    assert [draft.payload["notes"] for draft in store.drafts.every()] == ["Typed, not yet saved: six by the bandstand."]
    assert not window.new_location_action.isEnabled()

    panel = security.idle_lock.lock_screen.panel
    panel.passphrase_edit.setText("wrong passphrase entirely")
    assert panel.try_unlock() is None
    assert "not right" in panel.message.text() and security.idle_lock.locked
    panel.passphrase_edit.setText(PASSPHRASE)
    assert panel.try_unlock() is not None
    assert not security.idle_lock.locked
    assert window.stack.currentWidget() is editor
    assert window.menuBar().isEnabled() and window.new_location_action.isEnabled()
    assert visits.notes_edit.toPlainText() == "Typed, not yet saved: six by the bandstand."
    interaction.choices.append(1)  # type: ignore[attr-defined]  # closing at the end: discard the typed visit


def test_idle_time_locks_and_is_configurable(
    qtbot: QtBot, enc_window: EncryptedWindow, interaction: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = enc_window()
    security = window.security
    assert security.idle_lock.idle_timer.isActive() and security.idle_lock.idle_timer.interval() == 10 * 60 * 1000
    interaction.choices.append(0)  # type: ignore[attr-defined]  # "5 minutes"
    security.choose_idle()
    assert security.idle_lock.idle_timer.interval() == 5 * 60 * 1000
    assert window.store is not None and window.store.meta.get("lock_idle_minutes") == "5"
    timer = security.idle_lock.idle_timer
    restarts: list[int] = []
    start = timer.start

    def restarted() -> None:  # the idle time starts again (counted: no test of how much time is left)
        restarts.append(timer.interval())
        start()

    monkeypatch.setattr(timer, "start", restarted)
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Down)  # input reaches the window: activity
    assert restarts and set(restarts) == {5 * 60 * 1000} and timer.isActive()
    timer.timeout.emit()  # time passes without use
    assert security.idle_lock.locked


def test_plain_database_cannot_be_locked_but_can_be_encrypted(
    qtbot: QtBot, make_window: Callable[[], MainWindow], interaction: object, db_path: Path, tmp_path: Path
) -> None:
    window = make_window()
    assert window.store is not None
    window.store.locations.add(Location(name="North Week Street"))
    security = window.security
    assert not security.lock_action.isEnabled() and security.encrypt_action.isEnabled()
    security.idle_lock.lock()
    assert not security.idle_lock.locked

    security.encrypt_current()
    dialog = security.dialog
    assert isinstance(dialog, PassphraseDialog)
    dialog.new_edit.setText(PASSPHRASE)
    dialog.confirm_edit.setText(PASSPHRASE)
    interaction.save_paths.append(tmp_path / "recovery.txt")  # type: ignore[attr-defined]
    interaction.answers.append(True)  # type: ignore[attr-defined]
    assert dialog.try_accept()
    qtbot.waitUntil(lambda: window.store is not None and window.store.opened.encrypted)
    assert is_encrypted(db_path)
    assert b"North Week Street" not in db_path.read_bytes()
    assert "Recovery key:" in (tmp_path / "recovery.txt").read_text(encoding="utf-8")
    assert [loc.name for loc in window.store.locations.by_name()] == ["North Week Street"]
    assert security.lock_action.isEnabled() and not security.encrypt_action.isEnabled()


def test_passphrase_dialog_shows_strength_refuses_weak_and_mismatched(
    qtbot: QtBot, interaction: object, tmp_path: Path
) -> None:
    dialog = PassphraseDialog(tmp_path / "new.sqlite3", interaction)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    assert LOST_WARNING in dialog.warning.text() and "nobody can recover" in dialog.warning.text()
    qtbot.keyClicks(dialog.new_edit, "password1")
    assert dialog.strength_label.text().startswith("Strength: very weak.")
    dialog.confirm_edit.setText("password1")
    assert not dialog.try_accept() and "too easy to guess" in dialog.message.text()
    dialog.new_edit.setText(PASSPHRASE)
    assert "strong" in dialog.strength_label.text()
    assert not dialog.try_accept() and "different" in dialog.message.text()
    dialog.confirm_edit.setText(PASSPHRASE)
    interaction.save_paths.append(None)  # type: ignore[attr-defined]  # recovery file cancelled
    assert not dialog.try_accept() and "recovery key" in dialog.message.text()
    dialog.recovery_check.setChecked(False)
    assert dialog.try_accept() and dialog.passphrase == PASSPHRASE and dialog.recovery_path is None


def test_change_passphrase_in_the_window(qtbot: QtBot, enc_window: EncryptedWindow, enc_db: tuple[Path, Key]) -> None:
    window = enc_window()
    window.security.change_passphrase()
    dialog = window.security.dialog
    assert isinstance(dialog, PassphraseDialog)
    dialog.current_edit.setText("not it at all, sorry")
    dialog.new_edit.setText("copper kettle meadow nine")
    dialog.confirm_edit.setText("copper kettle meadow nine")
    assert not dialog.try_accept() and "current passphrase is not right" in dialog.message.text()
    dialog.current_edit.setText(PASSPHRASE)
    dialog.new_edit.setText("copper kettle meadow nine")
    dialog.confirm_edit.setText("copper kettle meadow nine")
    assert dialog.try_accept()
    assert unlock(enc_db[0], "copper kettle meadow nine") == enc_db[1]


def test_unlock_dialog_delay_grows_after_wrong_passphrases(qtbot: QtBot, enc_db: tuple[Path, Key]) -> None:
    now = [0.0]
    throttle = UnlockThrottle(lambda: now[0])
    dialog = UnlockDialog(enc_db[0], throttle)
    qtbot.addWidget(dialog)
    dialog.show()
    panel = dialog.panel
    for _ in range(3):
        panel.passphrase_edit.setText("wrong guess number")
        panel.try_unlock()
    assert "Wait 1 second before" in panel.message.text()
    assert not panel.unlock_button.isEnabled() and panel.unlock_button.text() == "Wait 1 s"
    panel.passphrase_edit.setText(PASSPHRASE)
    assert panel.try_unlock() is None  # still waiting: not even checked
    now[0] += 1.5
    qtbot.waitUntil(panel.unlock_button.isEnabled)
    assert "Wait" not in panel.message.text() and panel.message.text().endswith("You can try again now.")
    panel.passphrase_edit.setText(PASSPHRASE)
    assert panel.try_unlock() == enc_db[1]
    assert dialog.key == enc_db[1] and dialog.result() == UnlockDialog.DialogCode.Accepted
    assert throttle.failures == 0


def test_backups_dialog_lists_and_restores(qtbot: QtBot, enc_window: EncryptedWindow, interaction: object) -> None:
    window = enc_window()
    store = window.store
    assert store is not None
    window.security.show_backups()
    dialog = window.security.dialog
    from ui.security.backups_dialog import BackupsDialog

    assert isinstance(dialog, BackupsDialog)
    assert dialog.table.rowCount() == 0 and not dialog.restore_button.isEnabled()
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)  # runs in the background
    assert not dialog.backup_button.isEnabled() and dialog.backup_status.text() == "Backing up…"
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert dialog.backup_button.isEnabled() and dialog.backup_status.text().startswith("Backup made at ")
    assert dialog.table.item(0, 2).text() == "1 location, 0 assessments"
    assert dialog.table.item(0, 1).text() == "Made by you" and dialog.table.item(0, 3).text() == "Yes"
    store.locations.add(Location(name="Added after the backup"))
    interaction.answers.append(True)  # type: ignore[attr-defined]
    assert dialog.restore_selected()  # started: the database is closed while it runs
    qtbot.waitUntil(lambda: window.store is not None and window.store is not store)
    assert window.store is not None
    assert window.statusBar().currentMessage().startswith("Backup restored.")
    assert [loc.name for loc in window.store.locations.by_name()] == ["Brenchley Gardens"]
    reasons = {b.reason for b in list_backups(window.store.path)}
    assert reasons == {"manual", "before-restore"}  # the state before the restore is kept


def test_damaged_database_at_start_offers_the_latest_good_backup(
    qtbot: QtBot, enc_db: tuple[Path, Key], interaction: object
) -> None:
    from ui.startup import build_window

    path, key = enc_db
    store = open_store(path, key=key)
    store.backups.take("on-start")
    store.close()
    data = bytearray(path.read_bytes())
    data[0:64] = b"\0" * 64
    path.write_bytes(bytes(data))
    interaction.answers.append(True)  # type: ignore[attr-defined]
    window = build_window(path, demo=False, interaction=interaction, key=key)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    assert "damaged" in interaction.asked[0][1]  # type: ignore[attr-defined]
    assert window.store is not None
    assert [loc.name for loc in window.store.locations.by_name()] == ["Brenchley Gardens"]
    assert list(path.parent.glob("enc.sqlite3.damaged-*"))
    window.store.close()
    window.store = None
    assert QApplication.instance() is not None


def test_new_recovery_key_needs_the_current_passphrase(
    qtbot: QtBot,
    enc_window: EncryptedWindow,
    enc_db: tuple[Path, Key],
    interaction: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from safeguarding.security.keys import unlock_with_recovery_key
    from ui.widgets import folders

    stick = tmp_path / "USB stick"
    monkeypatch.setattr(folders, "removable_drives", lambda: [stick])
    window = enc_window()
    path, key = enc_db
    interaction.secrets = ["not the passphrase"]  # type: ignore[attr-defined]
    window.security.recovery_action.trigger()
    assert interaction.errors[-1] == (  # type: ignore[attr-defined]
        "Recovery key not saved",
        "That is not the passphrase of this database.",
    )
    target = tmp_path / "away" / "recovery.txt"
    target.parent.mkdir()
    interaction.secrets = [PASSPHRASE]  # type: ignore[attr-defined]
    interaction.save_paths = [target]  # type: ignore[attr-defined]
    window.security.recovery_action.trigger()
    text = target.read_text(encoding="utf-8")
    recovery = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Recovery key:"))
    assert unlock_with_recovery_key(path, recovery) == key
    # Issue 16: the Save dialog opened in the home folder, though the key is to be kept off the laptop.
    assert interaction.suggested[-1].parent == stick  # type: ignore[attr-defined]


def test_work_ending_while_locked_tells_only_after_unlock_and_locking_still_works(
    qtbot: QtBot, enc_window: EncryptedWindow, interaction: object, tmp_path: Path
) -> None:
    window = enc_window()
    store = window.store
    assert store is not None
    location = store.locations.by_name()[0]
    assessment = store.assessments.create(location.id, window.forms.current())
    progress_window = QDialog(window)  # stands for a progress window whose work ends while locked
    progress_window.show()
    interaction.choices.append(0)  # type: ignore[attr-defined]  # the full copy
    interaction.save_paths.append(tmp_path / "Brenchley Gardens - DCSM report.pdf")  # type: ignore[attr-defined]
    window.export_assessment(assessment.id)
    assert window.export_task is not None
    security = window.security
    security.idle_lock.lock()
    assert security.idle_lock.locked and not progress_window.isVisible()
    progress_window.deleteLater()
    qtbot.waitUntil(lambda: window.export_task is None, timeout=30_000)
    qtbot.waitUntil(lambda: not shiboken6.isValid(progress_window))
    assert (tmp_path / "Brenchley Gardens - DCSM report.pdf").is_file()
    # Nothing about the report appears over the lock screen: its file name carries the location's name.
    assert interaction.infos == []  # type: ignore[attr-defined]
    assert "Brenchley" not in window.statusBar().currentMessage()

    assert security.idle_lock.lock_screen is not None
    panel = security.idle_lock.lock_screen.panel
    panel.passphrase_edit.setText(PASSPHRASE)
    assert panel.try_unlock() is not None
    assert not security.idle_lock.locked
    assert [title for title, _ in interaction.infos] == ["Report exported"]  # type: ignore[attr-defined]
    assert "Brenchley Gardens - DCSM report.pdf" in window.statusBar().currentMessage()
    security.idle_lock.lock()  # locking still works after the window that went away
    assert security.idle_lock.locked


def test_the_unlock_wait_survives_closing_the_app(qtbot: QtBot, enc_db: tuple[Path, Key]) -> None:
    wall, mono = [1_000.0], [0.0]
    first = UnlockDialog(enc_db[0], UnlockThrottle(lambda: mono[0], lambda: wall[0]))
    qtbot.addWidget(first)
    for _ in range(4):
        first.panel.passphrase_edit.setText("wrong guess number")
        first.panel.try_unlock()
        mono[0] += 5  # each wait is over before the next try
    first.close()
    # The app starts again: a new throttle, a new monotonic clock; the wait (2 s) is taken up from the file.
    second = UnlockDialog(enc_db[0], UnlockThrottle(lambda: 50.0, lambda: wall[0] + 0.5))
    qtbot.addWidget(second)
    assert not second.panel.unlock_button.isEnabled() and second.panel.unlock_button.text() == "Wait 2 s"
    second.panel.passphrase_edit.setText(PASSPHRASE)
    assert second.panel.try_unlock() is None


def test_the_lock_screen_opens_with_the_recovery_key_and_asks_for_a_new_passphrase(
    qtbot: QtBot, enc_window: EncryptedWindow, enc_db: tuple[Path, Key]
) -> None:
    """Issue 16: the lock screen had no recovery-key route (the start-up unlock window had one)."""
    from safeguarding.security.keys import set_recovery_key

    path, key = enc_db
    recovery = set_recovery_key(path, key)
    window = enc_window()
    security = window.security
    security.lock_action.trigger()
    assert security.idle_lock.lock_screen is not None
    panel = security.idle_lock.lock_screen.panel
    assert panel.recovery_check.isVisibleTo(security.idle_lock.lock_screen)
    panel.recovery_check.setChecked(True)
    panel.passphrase_edit.setText(recovery)
    assert panel.try_unlock() == key
    assert not security.idle_lock.locked
    dialog = security.dialog
    assert isinstance(dialog, PassphraseDialog) and dialog.isVisible()
    assert dialog.current_edit.isHidden()  # the forgotten passphrase is not asked for
    dialog.new_edit.setText("copper kettle meadow nine")
    dialog.confirm_edit.setText("copper kettle meadow nine")
    assert dialog.try_accept()
    assert unlock(path, "copper kettle meadow nine") == key


def test_the_passphrase_check_knows_the_places_in_the_database(
    qtbot: QtBot, enc_window: EncryptedWindow, enc_db: tuple[Path, Key]
) -> None:
    """Issue 16: "maidstone2026" was rated strong; the places the user works in are guessed first."""
    window = enc_window()
    assert "brenchley" in window.security.known_words()
    window.security.change_passphrase()
    dialog = window.security.dialog
    assert isinstance(dialog, PassphraseDialog)
    dialog.current_edit.setText(PASSPHRASE)
    dialog.new_edit.setText("Brenchley2026!")
    dialog.confirm_edit.setText("Brenchley2026!")
    assert not dialog.try_accept() and "a word from your own work" in dialog.message.text()
