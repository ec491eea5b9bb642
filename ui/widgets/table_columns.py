"""Columns of a list that fit its width: one column stretches, the others are sized to their text, up to a share.

A keyboard tester's fault: on a 1366×768 laptop (the window 1366×698 inside), and more so
at 125% text, the Plan page's action list had fixed column widths and its Status column ran
off the right edge, to be found only by scrolling sideways. With :func:`fit_columns` the
main column (an action's description) stretches into whatever room is left; every other
column is as wide as its text, but never more than :data:`COLUMN_SHARE` of the list's
width, so the columns always fit. Text too long for its column is shortened with "…" on
one line (the caller gives each cell its whole text as a tooltip): by the view's own delegate
when the view does not wrap, by :class:`OneLineDelegate` when the main column wraps.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTreeView,
)

COLUMN_SHARE = 0.16
"""The most of the list's width one sized-to-text column may take (four such leave the main column 36%)."""

PADDING = 12
"""Pixels added to a column's text width (the cell's margins)."""


class OneLineDelegate(QStyledItemDelegate):
    """Draws a cell's text on one line, shortened with "…" at the end when it does not fit (never wrapped)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        """The usual options, without word wrap (the view's wrap is for its main column)."""
        super().initStyleOption(option, index)
        option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText


class ColumnFitter(QObject):
    """Keeps the columns of ``view`` fitting its width (see :func:`fit_columns`); :meth:`refit` after loading."""

    def __init__(self, view: QTreeView | QTableView, stretch: int, wrap: bool) -> None:
        super().__init__(view)
        self.view = view
        self.stretch = stretch
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        view.setWordWrap(wrap)
        if (
            wrap
        ):  # the main column wraps: the others still keep to one line (unwrapped, the view's own C++ delegate does)
            delegate = OneLineDelegate(view)
            for column in self.others():
                view.setItemDelegateForColumn(column, delegate)
        view.viewport().installEventFilter(self)

    def header(self) -> QHeaderView:
        """The view's column header."""
        return self.view.header() if isinstance(self.view, QTreeView) else self.view.horizontalHeader()

    def others(self) -> list[int]:
        """The columns sized to their text (every column but the stretching one)."""
        model = self.view.model()
        count = model.columnCount() if model is not None else 0
        return [column for column in range(count) if column != self.stretch]

    def refit(self) -> None:
        """Size every other column to its text (header and rows), at most :data:`COLUMN_SHARE` of the width."""
        header = self.header()
        most = max(header.minimumSectionSize(), int(self.view.viewport().width() * COLUMN_SHARE))
        for column in self.others():
            if header.isSectionHidden(column):
                continue
            wanted = max(self.view.sizeHintForColumn(column), header.sectionSizeHint(column)) + PADDING
            header.resizeSection(column, min(wanted, most))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Fit the columns again when the list's width changes."""
        if event.type() == QEvent.Type.Resize:
            self.refit()
        return False


def fit_columns(view: QAbstractItemView, stretch: int = 0, *, wrap: bool = False) -> ColumnFitter:
    """Make ``view``'s columns fit its width: column ``stretch`` takes the room left, the others their text's width.

    Args:
        view: A tree or table with its model set (its columns are counted now).
        stretch: The column that stretches (the main text).
        wrap: The view wraps text (the main column's long text on several lines); the other columns
            still keep to one line. False: no cell wraps.

    Returns:
        The fitter: call its ``refit()`` after the rows change.

    Raises:
        TypeError: if ``view`` is neither a tree nor a table (it has no column header).
    """
    if not isinstance(view, (QTreeView, QTableView)):
        raise TypeError(f"{type(view).__name__} has no column header to fit")
    return ColumnFitter(view, stretch, wrap)
