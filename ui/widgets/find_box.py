"""A find box over a list: typing narrows the list, Escape clears the box, Down arrow moves into the list.

Issue 14 (a tester with 500 locations): the list could only be scrolled. The box
filters as it is typed into (the owner connects ``textChanged``); Escape empties it
(an empty box lets Escape through, so a dialog still closes on it); Down arrow puts
the keyboard in the list, on its first row when none is chosen yet, so Enter opens
what was found.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QWidget


class FindBox(QLineEdit):
    """A one-line box that filters ``view`` (the owner filters; this box only handles the keys).

    Used by the main window's locations list and the DCSM register.

    Args:
        view: The list or table the box narrows; Down arrow moves the focus into it. None if the
            view is made after the box (then set :attr:`view`).
        placeholder: What the empty box says, e.g. "Type part of a name, address or ward".
        parent: The widget holding the box.
    """

    def __init__(self, view: QAbstractItemView | None, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape clears a box with text in it; Down arrow moves into the list (its first row if none is chosen)."""
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            event.accept()
            return
        view = self.view
        if view is not None and event.key() == Qt.Key.Key_Down and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            model = view.model()
            if model is not None and model.rowCount() > 0:
                view.setFocus(Qt.FocusReason.TabFocusReason)
                selection = view.selectionModel()
                if selection is not None and not selection.hasSelection():
                    view.setCurrentIndex(model.index(0, 0))
                event.accept()
                return
        super().keyPressEvent(event)
