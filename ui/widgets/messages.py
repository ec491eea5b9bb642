"""One way to show a page's status line: a problem in red, a confirmation in green (words in both)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

PROBLEM = "errorText"
CONFIRMATION = "okText"


def message_label(parent: QWidget) -> QLabel:
    """A word-wrapped, plain-text status line (styled by ``ui.app.STYLE``)."""
    label = QLabel(parent)
    label.setObjectName(PROBLEM)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def say(label: QLabel, text: str, *, problem: bool) -> None:
    """Show ``text`` as a problem (red) or a confirmation (green), restyling the label at once."""
    label.setText(text)
    label.setObjectName(PROBLEM if problem else CONFIRMATION)
    label.style().unpolish(label)
    label.style().polish(label)
