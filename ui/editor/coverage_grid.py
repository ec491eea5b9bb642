"""The Observations page's coverage grid: visits per weekday and time band, and the gaps in words.

Moved out whole from :mod:`ui.editor.observations_page` (which still imports it from here).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safeguarding.evidence.coverage import DAY_NAMES, band_hours, band_names, coverage
from safeguarding.forms import FormDefinition
from safeguarding.model import Observation
from ui.theme import ON_PALE

COVERED = QColor("#CDE8D0")
NOT_COVERED = QColor("#F6DADA")


class CoverageGrid(QWidget):
    """Visits per weekday (columns Mon..Sun) and time band (rows), with the gaps in words."""

    def __init__(self, form: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._form = form
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(len(form.time_bands), len(DAY_NAMES), self)
        self.table.setObjectName("coverageGrid")
        self.table.setAccessibleName("Visits by day and time band")
        self.table.setHorizontalHeaderLabels(list(DAY_NAMES))
        # Row labels are the weekday names (short, so all seven days fit); hours and weekend names
        # are in the tooltips and in the gap sentences below the grid.
        # Short row names ("Late night", not "Late night (night-time economy)") keep the grid narrow
        # enough for a small screen; the full names are in the tooltips and the gap sentences.
        self.table.setVerticalHeaderLabels([band.label.split(" (")[0] for band in form.time_bands])
        for row, band in enumerate(form.time_bands):
            header_item = self.table.verticalHeaderItem(row)
            if header_item is not None:
                header_item.setToolTip(f"{band.label}: {band_names(band)} ({band_hours(band)})")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(30)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.gaps = QLabel(self)
        self.gaps.setObjectName("coverageGaps")
        self.gaps.setWordWrap(True)
        self.gaps.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(self.gaps)

    def set_visits(self, visits: list[Observation]) -> None:
        """Show the coverage of ``visits`` (the cells are made once and then only rewritten)."""
        cover = coverage(visits, self._form.time_bands)
        for row, band in enumerate(self._form.time_bands):
            for day in range(7):
                count = cover.count(day, band.id)
                item = self.table.item(row, day)
                if item is None:
                    item = QTableWidgetItem()
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    item.setForeground(ON_PALE)  # readable on the pale cells in any theme
                    self.table.setItem(row, day, item)
                item.setText(str(count) if count else "")
                item.setBackground(QBrush(COVERED if count else NOT_COVERED))
                weekend = day >= 5
                name = band.label_for(weekend)
                item.setToolTip(f"{DAY_NAMES[day]}, {name}: {count} visit{'s' if count != 1 else ''}")
        self.table.resizeRowsToContents()
        frame = 2 * self.table.frameWidth()
        self.table.setFixedHeight(self.table.horizontalHeader().height() + self.table.verticalHeader().length() + frame)
        # Never narrower than all seven days: the page scrolls instead of hiding the weekend.
        self.table.setMinimumWidth(self.table.verticalHeader().sizeHint().width() + 7 * 34 + frame)
        self.summary.setText(cover.summary())
        gaps = cover.gap_sentences()
        self.gaps.setText("\n".join(gaps) if gaps else "Every time band has a visit on weekdays and at weekends.")
