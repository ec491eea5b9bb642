"""The "What needs attention" dialog: overdue actions and DCSM reviews due, across all locations.

Double-click (or Enter on) a row to open its assessment. "What" stretches; the other
columns are sized to their text (:func:`ui.widgets.table_columns.fit_columns`), measured on
at most :data:`MEASURED_ROWS` rows, and a cell too long for its column has its whole text
as a tooltip.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safeguarding.plan.attention import AttentionItem
from ui.models import Index, RecordTableModel
from ui.plan.common import uk_date
from ui.widgets.plain import plain_tip
from ui.widgets.table_columns import fit_columns

MEASURED_ROWS = 20
"""The most rows read to size a column: the list may hold thousands of overdue actions (issue 14:
the dialog must show within 30 ms at 2,000 actions), so columns are never sized by reading every row."""


class AttentionModel(RecordTableModel[AttentionItem]):
    """The rows of "What needs attention": location, what, owner, due date, when (texts made when shown)."""

    HEADERS = ("Location", "What", "Owner", "Due", "When")
    WHAT = 1

    def record_id(self, record: AttentionItem) -> str:
        """An item has no id of its own: its assessment and what it is say which it is."""
        return f"{record.where.assessment_id} {record.kind} {record.what}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text of a cell shortened to fit its column
            return plain_tip(self._text(index))
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        return self._text(index)

    def _text(self, index: Index) -> str:
        """The text shown in the cell at ``index``."""
        item = self._rows[index.row()]
        column = index.column()
        if column == 0:
            return item.where.location_name
        if column == 1:
            return f"{item.kind.label}: {item.what}"
        if column == 2:
            return item.owner
        if column == 3:
            return uk_date(item.due)
        return item.when_text


class _Table(QTableView):
    enter_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter_pressed.emit()
            return
        super().keyPressEvent(event)


class AttentionDialog(QDialog):
    """Lists what needs attention; emits ``open_assessment(id)`` when a row is chosen.

    One dialog is kept and shown again with new items (:meth:`set_items`): building it
    again each time cost more than reading the items (issue 14).
    """

    open_assessment = Signal(str)
    open_item = Signal(object)
    """The chosen :class:`AttentionItem` (after ``open_assessment``): the window shows it in the assessment."""

    def __init__(self, items: list[AttentionItem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attentionDialog")
        self.setWindowTitle("What needs attention")
        self.setMinimumSize(860, 360)
        # Wide enough that a column's share of it (COLUMN_SHARE) holds "27 November 2026" at 125% text,
        # and within a 1366×698 window (a 1366×768 laptop screen).
        self.resize(1120, 520)
        self.items: list[AttentionItem] = []
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = AttentionModel()
        self.table = _Table(self)
        rows = self.table.verticalHeader()
        rows.hide()  # before the model: a shown row header would ask the model for each row's heading
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # one height for every row: none is measured
        self.table.setModel(self.model)
        self.table.setAccessibleName("What needs attention")
        self.table.horizontalHeader().setResizeContentsPrecision(MEASURED_ROWS)  # sized on a few rows, not all
        self.columns = fit_columns(self.table, AttentionModel.WHAT)  # dates and "N days overdue" in full, one line
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_button = buttons.addButton("&Open assessment", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.open_button.clicked.connect(self.open_selected)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.table.enter_pressed.connect(self.open_selected)
        layout.addWidget(buttons)
        self.set_items(items)

    def set_items(self, items: list[AttentionItem]) -> None:
        """List ``items`` (in place of any listed before), the first selected, scrolled to the top."""
        self.items = items
        self.summary.setText(
            "Overdue actions and DCSM reviews due in the next four weeks, across all locations. "
            "Double-click a row (or press Enter) to open its assessment."
            if items
            else "Nothing needs attention: no action is overdue and no DCSM review is due in the next four weeks."
        )
        self.model.set_rows(items)
        self.columns.refit()
        if items:
            self.table.selectRow(0)
        self.table.scrollToTop()
        self.open_button.setEnabled(bool(items))

    def open_selected(self) -> None:
        """Open the assessment of the selected row."""
        index: QModelIndex = self.table.currentIndex()
        if index.isValid():
            self.open_row(index.row())

    def open_row(self, row: int) -> None:
        """Open the assessment of ``row`` and close the dialog."""
        self.open_assessment.emit(self.items[row].where.assessment_id)
        self.open_item.emit(self.items[row])
        self.accept()
