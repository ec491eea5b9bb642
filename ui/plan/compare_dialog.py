"""Compare two assessments of the same location side by side: each side's rating then and now."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safeguarding.model import Assessment
from safeguarding.plan.compare import compare_assessments
from safeguarding.plan.rules import assessment_date
from ui.plan.common import uk_date
from ui.ratings import BACKGROUND, rating_text
from ui.theme import ON_PALE
from ui.widgets.tab_keys import tab_leaves_tables


def assessment_title(assessment: Assessment) -> str:
    """An assessment in a list: its date and status."""
    return f"Assessment of {uk_date(assessment_date(assessment))} ({assessment.status.label.lower()})"


class CompareDialog(QDialog):
    """Pick an earlier and a later assessment; the table shows the direction of travel per side."""

    def __init__(
        self, location_name: str, assessments: list[Assessment], later_id: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("compareDialog")
        self.setWindowTitle(f"Compare assessments — {location_name}")
        self.setMinimumWidth(720)
        self.assessments = assessments
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.earlier = QComboBox(self)
        self.earlier.setAccessibleName("Earlier assessment")
        self.later = QComboBox(self)
        self.later.setAccessibleName("Later assessment")
        for assessment in assessments:
            self.earlier.addItem(assessment_title(assessment), assessment.id)
            self.later.addItem(assessment_title(assessment), assessment.id)
        later_index = next((i for i, a in enumerate(assessments) if a.id == later_id), len(assessments) - 1)
        self.later.setCurrentIndex(later_index)
        self.earlier.setCurrentIndex(max(later_index - 1, 0))
        form.addRow("&Earlier (then)", self.earlier)
        form.addRow("&Later (now)", self.later)
        layout.addLayout(form)
        self.table = QTableWidget(0, 4, self)
        self.table.setAccessibleName("Ratings then and now")
        self.table.setHorizontalHeaderLabels(["Side of the triangle", "Then", "Now", "Direction of travel"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        tab_leaves_tables(self.table)
        layout.addWidget(self.table)
        self.note = QLabel("Towards green is better: the place is safer for young people on that side.", self)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.earlier.currentIndexChanged.connect(self.refresh)
        self.later.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Fill the table for the chosen pair."""
        by_id = {a.id: a for a in self.assessments}
        earlier, later = by_id[self.earlier.currentData()], by_id[self.later.currentData()]
        rows = compare_assessments(earlier, later)
        self.table.setRowCount(len(rows))
        for row, comparison in enumerate(rows):
            cells = [
                QTableWidgetItem(comparison.side.label),
                QTableWidgetItem(rating_text(comparison.then)),
                QTableWidgetItem(rating_text(comparison.now)),
                QTableWidgetItem(f"{comparison.direction.arrow} {comparison.direction.label}"),
            ]
            for column, cell in enumerate(cells):
                cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, cell)
            for column, rating in ((1, comparison.then), (2, comparison.now)):
                if rating:
                    cells[column].setBackground(BACKGROUND[rating])
                    cells[column].setForeground(ON_PALE)
