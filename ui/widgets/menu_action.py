"""One way to make a window's action or menu entry: text, optional shortcut, the slot it runs, and a tip."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

Shortcut = QKeySequence | QKeySequence.StandardKey | str | None
"""A key sequence such as ``"Ctrl+Shift+Y"``, a platform's standard key (``QKeySequence.StandardKey.Open``), or None."""


def make_action(parent: QWidget, text: str, shortcut: Shortcut, slot: Callable[..., Any], tip: str) -> QAction:
    """Return a new action owned by ``parent`` (usually the main window), not yet in any menu.

    Args:
        parent: Owns the action (its shortcut works while this window is active).
        text: The entry, with ``&`` before its access key.
        shortcut: The keys that run it, or None.
        slot: Called when the action is triggered.
        tip: Shown in the status bar and as a tooltip.
    """
    action = QAction(text, parent)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.setStatusTip(tip)
    action.setToolTip(tip)
    action.triggered.connect(slot)
    return action


def add_action(
    parent: QWidget, menu: QMenu, text: str, shortcut: Shortcut, slot: Callable[..., Any], tip: str
) -> QAction:
    """Make an action as :func:`make_action` does, add it to the end of ``menu``, and return it."""
    action = make_action(parent, text, shortcut, slot, tip)
    menu.addAction(action)
    return action
