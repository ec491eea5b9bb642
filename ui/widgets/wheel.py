"""The mouse wheel scrolls the page, not the box the pointer happens to pass over.

Issue 16: scrolling a long form with the wheel stopped whenever the pointer crossed a
large text box (the wheel scrolled the box's text instead), and a count or a choice under
the pointer changed by itself. Here a text box, number box or drop-down list takes the
wheel only once it has the focus (after a click or Tab); before that the wheel scrolls the
page around it, as a reader expects.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QPlainTextEdit,
    QScrollArea,
    QTextEdit,
    QWidget,
)

TAKERS = (QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit)
"""Widgets that would take the wheel for themselves."""


def _taker(widget: QWidget) -> QWidget | None:
    """The wheel-taking box ``widget`` is, or is a part of (a text box's viewport, a number box's text)."""
    for candidate in (widget, widget.parentWidget()):
        if isinstance(candidate, TAKERS):
            return candidate
    return None


def _page_scroll(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


class WheelToPage(QObject):
    """Event filter: a wheel turned over an unfocused box scrolls the nearest scroll area around it instead."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget):
            return False
        box = _taker(watched)
        if box is None:
            return False
        proxy = box.focusProxy()
        if box.hasFocus() or (proxy is not None and proxy.hasFocus()):
            return False
        area = _page_scroll(box)
        if area is None:
            return isinstance(box, (QAbstractSpinBox, QComboBox))  # no page to scroll: at least change nothing
        QApplication.sendEvent(area.verticalScrollBar(), event)
        return True


def scroll_pages_not_boxes(root: QWidget) -> WheelToPage:
    """Make every box under ``root`` leave the wheel to the page until it has the focus; returns the filter."""
    wheel = WheelToPage(root)
    for widget in root.findChildren(QWidget):
        if isinstance(widget, TAKERS):
            widget.installEventFilter(wheel)
            if isinstance(widget, QAbstractScrollArea):
                widget.viewport().installEventFilter(wheel)
            for part in widget.findChildren(QWidget):  # a number box's text, a combo box's text
                part.installEventFilter(wheel)
    return wheel
