"""One way to add a menu entry: text, optional shortcut, the slot it runs, and a tip for the status bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget


def add_action(
    parent: QWidget, menu: QMenu, text: str, shortcut: str | None, slot: Callable[..., Any], tip: str
) -> QAction:
    """Add an entry to ``menu`` (owned by ``parent``, usually the main window) and return it.

    Args:
        parent: Owns the action (its shortcut works while this window is active).
        menu: The menu to add it to.
        text: The entry, with ``&`` before its access key.
        shortcut: A key sequence such as ``"Ctrl+Shift+Y"``, or None.
        slot: Called when the entry is chosen.
        tip: Shown in the status bar and as a tooltip.
    """
    action = QAction(text, parent)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.setStatusTip(tip)
    action.setToolTip(tip)
    action.triggered.connect(slot)
    menu.addAction(action)
    return action
