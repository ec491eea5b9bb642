"""A one-line label that shortens its text in the middle to fit, with the whole text as its tooltip.

Issue 16: the database's path in the status bar is as long as the folders it sits in; at
125% text a long one made the window wider than a 1366-pixel screen. This label never asks
for more room than a few characters; it shows as much of the text as fits, keeping both
ends ("Database: C:\\Users\\…\\assessments.sqlite3 (encrypted)").
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidingLabel(QLabel):
    """A label whose text is shortened in the middle ("…") to its width; :meth:`full_text` is the whole text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._tip = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def full_text(self) -> str:
        """The whole text, as set."""
        return self._full

    def set_full_text(self, text: str, tip: str = "") -> None:
        """Show ``text`` (shortened to fit); the tooltip is the whole text, then ``tip`` if given."""
        self._full, self._tip = text, tip
        self.setToolTip("\n\n".join(part for part in (text, tip) if part))
        self._fit()

    def _fit(self) -> None:
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, max(self.width(), 40)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Shorten the text again for the new width."""
        super().resizeEvent(event)
        self._fit()

    def sizeHint(self) -> QSize:
        """The whole text's size: it is shown in full when there is room."""
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 8, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        """A few characters: the label never makes its window wider."""
        return QSize(40, super().minimumSizeHint().height())
