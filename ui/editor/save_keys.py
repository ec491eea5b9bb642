"""Ctrl+Enter saves a form: the keys of the Observations and Consultations pages' forms.

Moved out whole from :mod:`ui.editor.observations_page` (which still imports it from here).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget


class SaveKeys(QObject):
    """Calls ``save`` when Ctrl+Enter (or Ctrl+Return) is pressed in any field of a form.

    An event filter on each field rather than a window shortcut, so the keys work
    in a multi-line text field too and do not depend on which window is active.
    """

    def __init__(self, container: QWidget, save: Callable[[], object]) -> None:
        super().__init__(container)
        self._save = save
        for widget in [container, *container.findChildren(QWidget)]:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._save()
                return True
        return False
