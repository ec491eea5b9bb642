"""Typing into the window's fields as a user does (ASCII only: qtbot.keyClicks aborts on other text)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ui.widgets.dates import DateField


def type_date(qtbot: QtBot, field: DateField, text: str) -> None:
    """Click into a date field, select what is there and type ``text``, then leave the field (Tab)."""
    field.edit.setFocus()
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, text)
    field.edit.editingFinished.emit()
