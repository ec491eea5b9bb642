"""Columns that fit a small screen: a part that scrolls up and down, and a form whose buttons stay in view.

On a 1366×768 laptop (the window about 1366×698 inside) with larger text, a page of a
list beside a form is taller than the window. Rather than the whole page scrolling, with
the form's Save button below the fold, a page that *fits the window* (see
:attr:`FITS_WINDOW`) puts each tall part in a :class:`VerticalScroll` and keeps a form's
buttons in a row under it (:func:`form_with_buttons`).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLayout, QScrollArea, QVBoxLayout, QWidget

FITS_WINDOW = "fitsWindow"
"""Property (bool) of an editor page that scrolls in parts itself: the editor does not wrap it in a scroll area."""

SHOWN_WITHOUT_SCROLLING = 120
"""Pixels of a scrolling column that are always shown, however small the window (a few fields)."""


class VerticalScroll(QScrollArea):
    """Shows ``widget`` full width, scrolling it up and down only.

    Never narrower than the widget needs (its minimum size hint plus the scroll bar),
    so nothing is ever cut off at the right or needs sideways scrolling; as short as
    :data:`SHOWN_WITHOUT_SCROLLING` pixels, so it never makes the window taller than
    the screen.
    """

    def __init__(self, widget: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop: it shows no focus (its fields do)
        self.setWidget(widget)

    def _needed_width(self, inner: QSize) -> int:
        return inner.width() + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()

    def minimumSizeHint(self) -> QSize:
        """As wide as the widget's minimum (with the scroll bar); a few fields high."""
        widget = self.widget()
        if widget is None:
            return super().minimumSizeHint()
        inner = widget.minimumSizeHint()
        return QSize(self._needed_width(inner), min(inner.height(), SHOWN_WITHOUT_SCROLLING))

    def sizeHint(self) -> QSize:
        """The widget's own size hint (with the scroll bar)."""
        widget = self.widget()
        if widget is None:
            return super().sizeHint()
        inner = widget.sizeHint().expandedTo(widget.minimumSizeHint())
        return QSize(self._needed_width(inner), inner.height() + 2 * self.frameWidth())


class FormColumn(QWidget):
    """A form scrolling up and down (:attr:`scroller`) above a part always in view (see :func:`form_with_buttons`)."""

    def __init__(self, form: QWidget, bottom: list[QWidget | QLayout], parent: QWidget) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.scroller = VerticalScroll(form, self)
        layout.addWidget(self.scroller, 1)
        for part in bottom:
            if isinstance(part, QLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part)

    def scroll_to_top(self) -> None:
        """Show the form's first fields (as when a new record is started)."""
        self.scroller.verticalScrollBar().setValue(0)


def form_with_buttons(form: QWidget, bottom: list[QWidget | QLayout], parent: QWidget) -> FormColumn:
    """A column: ``form`` scrolling up and down, and ``bottom`` (a message, a row of buttons) always in view under it.

    Args:
        form: The fields (often a group box); reparented into the scrolling part.
        bottom: Widgets or layouts shown under the form in order, never scrolled away.
        parent: The column's parent.
    """
    return FormColumn(form, bottom, parent)


def button_row(*buttons: QWidget, right: tuple[QWidget, ...] = ()) -> QHBoxLayout:
    """A row of ``buttons`` on the left and ``right`` (e.g. Delete) on the right."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    for button in right:
        row.addWidget(button)
    return row


def full_width_choices(combo: QComboBox) -> None:
    """Let ``combo``'s list open as wide as its longest choice, and show the chosen text in full as a tooltip.

    Issue 16: in a narrow column (the pin form, an action's owner) long choices were cut off,
    in the box and in its list. The box stays as wide as its column; its list is not.

    The widest choice is measured again whole when the choices are reset, or when one was
    removed or changed, or the list's font changed, since the last measure; choices added
    otherwise are measured alone (issue 14: the Map page's visit box filled one visit at a
    time measured every earlier visit again, 80,000 measures for 400 visits).
    """
    widest = 0
    measured_with = ""
    stale = True

    def text_width(first: int, last: int) -> int:
        metrics = combo.view().fontMetrics()
        return max((metrics.horizontalAdvance(combo.itemText(row)) for row in range(first, last + 1)), default=0)

    def set_width() -> None:
        view = combo.view()
        icon = combo.iconSize().width() + 8
        view.setMinimumWidth(widest + icon + view.verticalScrollBar().sizeHint().width() + 16)

    def widen_all() -> None:
        nonlocal widest, measured_with, stale
        widest = text_width(0, combo.count() - 1)
        measured_with = combo.view().font().key()
        stale = False
        set_width()

    def widen_added(_parent: object, first: int, last: int) -> None:
        nonlocal widest
        if stale or measured_with != combo.view().font().key():
            widen_all()
            return
        widest = max(widest, text_width(first, last))
        set_width()

    def forget() -> None:
        nonlocal stale
        stale = True

    def tip() -> None:
        combo.setToolTip(combo.currentText())

    widen_all()
    tip()
    model = combo.model()
    model.rowsInserted.connect(widen_added)
    model.modelReset.connect(widen_all)
    model.rowsRemoved.connect(forget)
    model.dataChanged.connect(forget)
    model.layoutChanged.connect(forget)
    combo.currentIndexChanged.connect(tip)
