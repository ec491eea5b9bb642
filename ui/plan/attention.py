"""The "What needs attention" dialog: overdue actions and DCSM reviews due, across all locations.

Double-click (or Enter on) a row to open its assessment.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safeguarding.plan.attention import AttentionItem
from ui.plan.common import uk_date


class _Table(QTableWidget):
    enter_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter_pressed.emit()
            return
        super().keyPressEvent(event)


class AttentionDialog(QDialog):
    """Lists what needs attention; emits ``open_assessment(id)`` when a row is chosen."""

    open_assessment = Signal(str)
    open_item = Signal(object)
    """The chosen :class:`AttentionItem` (after ``open_assessment``): the window shows it in the assessment."""

    HEADERS = ("Location", "What", "Owner", "Due", "When")

    def __init__(self, items: list[AttentionItem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attentionDialog")
        self.setWindowTitle("What needs attention")
        self.setMinimumSize(860, 360)
        self.items = items
        layout = QVBoxLayout(self)
        summary = QLabel(
            "Overdue actions and DCSM reviews due in the next four weeks, across all locations. "
            "Double-click a row (or press Enter) to open its assessment."
            if items
            else "Nothing needs attention: no action is overdue and no DCSM review is due in the next four weeks.",
            self,
        )
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.table = _Table(len(items), len(self.HEADERS), self)
        self.table.setAccessibleName("What needs attention")
        self.table.setHorizontalHeaderLabels(list(self.HEADERS))
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, item in enumerate(items):
            values = (
                item.where.location_name,
                f"{item.kind.label}: {item.what}",
                item.owner,
                uk_date(item.due),
                item.when_text,
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        if items:
            self.table.selectRow(0)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_button = buttons.addButton("&Open assessment", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setEnabled(bool(items))
        buttons.rejected.connect(self.reject)
        self.open_button.clicked.connect(self.open_selected)
        self.table.cellDoubleClicked.connect(lambda row, _column: self.open_row(row))
        self.table.enter_pressed.connect(self.open_selected)
        layout.addWidget(buttons)

    def open_selected(self) -> None:
        """Open the assessment of the selected row."""
        row = self.table.currentRow()
        if row >= 0:
            self.open_row(row)

    def open_row(self, row: int) -> None:
        """Open the assessment of ``row`` and close the dialog."""
        self.open_assessment.emit(self.items[row].where.assessment_id)
        self.open_item.emit(self.items[row])
        self.accept()
