"""A read-only table model of rows of text: the one table model the protection screens use."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from ui.widgets.plain import plain_tip
from ui.widgets.tab_keys import tab_leaves_tables

Index = QModelIndex | QPersistentModelIndex


class TextRowsModel(QAbstractTableModel):
    """Rows of strings under fixed headers; each row may carry a key (e.g. a record id).

    Args:
        headers: Column titles.
    """

    def __init__(self, headers: list[str]) -> None:
        super().__init__()
        self.headers = list(headers)
        self._rows: list[list[str]] = []
        self._keys: list[Any] = []

    def set_rows(self, rows: list[list[str]], keys: list[Any] | None = None) -> None:
        """Replace every row (``keys`` parallel to ``rows``)."""
        self.beginResetModel()
        self._rows = [list(row) for row in rows]
        self._keys = list(keys) if keys is not None else [None] * len(rows)
        self.endResetModel()

    def key(self, row: int) -> Any:
        """The key of ``row``."""
        return self._keys[row]

    def text(self, row: int, column: int) -> str:
        """The text shown in a cell."""
        return self._rows[row][column]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        value = self._rows[index.row()][index.column()]
        return plain_tip(value) if role == Qt.ItemDataRole.ToolTipRole else value

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


def read_only_table(parent: QWidget, model: TextRowsModel, name: str) -> QTableView:
    """A table showing ``model``: read-only, whole rows selected, one line per row, no row numbers.

    Args:
        parent: The dialog it is in.
        model: The rows.
        name: What screen readers announce it as.
    """
    table = QTableView(parent)
    table.setModel(model)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    tab_leaves_tables(table)
    return table
