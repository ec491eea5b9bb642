"""Yes/no questions default to the safe answer (a keyboard-only trial lost a visit to a default "Yes")."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from ui.interaction import Interaction


def test_the_default_and_escape_answer_is_no(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    box, yes_button = Interaction.question_box(parent, "Delete visit", "Delete this visit?", yes="Delete", no="Keep")
    qtbot.addWidget(box)
    default, escape = box.defaultButton(), box.escapeButton()
    assert default is not None and default.text() == "Keep"
    assert escape is not None and escape.text() == "Keep"
    assert yes_button.text() == "Delete" and yes_button is not default
    assert box.icon() == QMessageBox.Icon.Question
