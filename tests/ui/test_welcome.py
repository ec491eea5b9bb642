"""First-run welcome and the practitioner profile."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from safeguarding.model import Location
from safeguarding.paths import default_database_path
from safeguarding.profile import Profile, load_profile, profile_path, save_profile
from safeguarding.security.keys import unlock
from safeguarding.store import is_encrypted, open_store
from ui.main_window import MainWindow
from ui.security.dialogs import PassphraseDialog
from ui.startup import first_run_setup
from ui.welcome import WelcomeDialog

WindowFactory = Callable[[], MainWindow]


def test_welcome_needs_a_name_then_saves_the_profile(qtbot: QtBot, private_data_dir: Path) -> None:
    dialog = WelcomeDialog(private_data_dir, None, first_run=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.use_demo, "the demo is the default way to start"
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert "Please give your name" in dialog.message.text()
    assert dialog.isVisible() and load_profile(private_data_dir) is None
    qtbot.keyClicks(dialog.name_edit, "  Sam Example ")
    qtbot.keyClicks(dialog.agency_edit, "Youth Outreach Team")
    qtbot.keyClicks(dialog.role_edit, "Detached youth worker")
    qtbot.mouseClick(dialog.empty_choice, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert not dialog.use_demo
    assert load_profile(private_data_dir) == Profile("Sam Example", "Youth Outreach Team", "Detached youth worker")


def test_damaged_profile_file_is_treated_as_none(private_data_dir: Path) -> None:
    path = profile_path(private_data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json", encoding="utf-8")
    assert load_profile(private_data_dir) is None
    save_profile(Profile("Ann Example (fictional)", "Community Protection"), private_data_dir)
    assert load_profile(private_data_dir) == Profile("Ann Example (fictional)", "Community Protection", "")


def test_new_assessment_takes_assessor_from_profile_and_profile_can_change(
    qtbot: QtBot, make_window: WindowFactory, private_data_dir: Path
) -> None:
    save_profile(Profile("Łukasz Nowak (fictional)", "Youth Outreach Team", "Youth worker"))
    window = make_window()
    window.profile = load_profile()
    store = window.store
    assert store is not None
    location = store.locations.add(Location(name="Brenchley Gardens"))
    window.refresh()
    window.new_assessment(location.id)
    assert window.editor is not None and window.editor.assessment is not None
    assert window.editor.assessment.assessor_name == "Łukasz Nowak (fictional)"
    assert window.editor.assessment.assessor_agency == "Youth Outreach Team"

    window.profile_action.trigger()
    dialog = window.profile_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.name_edit.text() == "Łukasz Nowak (fictional)"
    dialog.agency_edit.setText("County Youth Service")
    dialog.try_accept()
    assert window.profile == Profile("Łukasz Nowak (fictional)", "County Youth Service", "Youth worker")
    assert load_profile() == window.profile


def test_profile_dialog_later_shows_no_start_choice(qtbot: QtBot, private_data_dir: Path) -> None:
    dialog = WelcomeDialog(private_data_dir, Profile("Sam Example (fictional)", "Youth Outreach Team"), first_run=False)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.name_edit.isVisible()
    assert not dialog.demo_choice.isVisible() and not dialog.empty_choice.isVisible()


def test_first_run_with_a_passphrase_hands_back_the_new_key(qtbot: QtBot, private_data_dir: Path) -> None:
    """The empty encrypted database made at first run opens without asking for the passphrase a third time."""
    path = default_database_path()
    passphrase = "lantern orchard pebble sixty 42"
    problems: list[str] = []

    def answer(kind: type[QDialog], fill: Callable[[QDialog], None]) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):  # never leave a modal dialog open: the test would hang
            problems.append(f"expected {kind.__name__}, got {dialog!r}")
            if isinstance(dialog, QDialog):
                dialog.reject()
            return
        fill(dialog)

    def welcome(dialog: QDialog) -> None:
        assert isinstance(dialog, WelcomeDialog)
        dialog.name_edit.setText("Sam Example (fictional)")
        dialog.empty_choice.setChecked(True)
        QTimer.singleShot(0, lambda: answer(PassphraseDialog, protect))
        dialog.try_accept()

    def protect(dialog: QDialog) -> None:
        assert isinstance(dialog, PassphraseDialog)
        dialog.new_edit.setText(passphrase)
        dialog.confirm_edit.setText(passphrase)
        dialog.recovery_check.setChecked(False)
        if not dialog.try_accept():
            problems.append(dialog.message.text())
            dialog.reject()

    QTimer.singleShot(0, lambda: answer(WelcomeDialog, welcome))
    choice = first_run_setup(path, ask=True)
    assert problems == []
    assert choice.demo is False and choice.key is not None
    assert is_encrypted(path)
    store = open_store(path, key=choice.key)  # the key that run() uses instead of asking again
    try:
        assert store.locations.by_name() == []
    finally:
        store.close()
    assert choice.key == unlock(path, passphrase)
