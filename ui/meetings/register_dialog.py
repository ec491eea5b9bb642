"""The DCSM register in a window: every location, where it stands and what is due; sorted, filtered, printable.

A table model with column constants (:class:`RegisterModel`, one ``set_rows``),
a filter row (words, status, overdue only), click a heading to sort, double-click a
row to open the location's latest assessment, and *Print register…* for a PDF.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safeguarding.meetings.register import (
    RegisterColumn,
    RegisterFilter,
    RegisterRow,
    RegisterStatus,
    filtered,
)
from safeguarding.model import Rating, Side
from safeguarding.timeutil import format_uk_date
from ui.widgets.find_box import FindBox
from ui.widgets.tab_keys import tab_leaves_tables

if TYPE_CHECKING:
    from safeguarding.store import Store

Index = QModelIndex | QPersistentModelIndex
RESIZE_PRECISION = 40
"""Rows looked at to size each column (Qt reads every row otherwise: 0.4 s for 500 locations)."""
COLUMNS = tuple(RegisterColumn)


def rating_word(rating: Rating | None) -> str:
    """A place rating in words ("Not rated" when there is none)."""
    return rating.label if rating is not None else "Not rated"


def ratings_words(row: RegisterRow) -> str:
    """E.g. "Amber / Amber / Amber" (young people, guardianship, environment), with the direction of travel."""
    ratings = row.ratings
    return " / ".join(rating_word(ratings[side]) for side in Side)


def cell_text(row: RegisterRow, column: RegisterColumn) -> str:
    """What a cell of the register says (the printed register says the same)."""
    decision = row.last_decision
    texts = {
        RegisterColumn.NAME: row.name + (f" ({row.ward})" if row.ward else ""),
        RegisterColumn.STATUS: row.status.label,
        RegisterColumn.RATINGS: ratings_words(row),
        RegisterColumn.LEAD: ", ".join(part for part in (row.lead_agency, row.lead_worker) if part),
        RegisterColumn.LAST_DECISION: f"{decision.words} ({format_uk_date(decision.on)})" if decision else "",
        RegisterColumn.NEXT_REVIEW: format_uk_date(row.next_review) if row.next_review else "",
        RegisterColumn.OPEN: str(row.open_actions),
        RegisterColumn.OVERDUE: str(row.overdue_actions),
    }
    return texts[column]


class RegisterModel(QAbstractTableModel):
    """The register's rows for a table view (read-only)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RegisterRow] = []

    def set_rows(self, rows: list[RegisterRow]) -> None:
        """Show ``rows`` in this order."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, number: int) -> RegisterRow:
        """The register row shown at ``number``."""
        return self._rows[number]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default argument)
        """How many rows (none under a parent: a flat table)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """How many columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The cell's text (and tooltips with the rating history)."""
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return cell_text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == RegisterColumn.RATINGS and row.history:
            return "\n".join(
                f"{format_uk_date(at.on)}: "
                + ", ".join(f"{side.label} {rating_word(at.ratings[side]).lower()}" for side in Side)
                for at in row.history
            )
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column headings."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].label
        return None


class RegisterDialog(QDialog):
    """The register window (non-modal).

    Signals:
        open_location(str): open this location's latest assessment (a location id).
        print_requested(): the user asked for the printed register.

    Args:
        store: The open database.
        today: The day overdue is worked out on.
        parent: The main window.
    """

    open_location = Signal(str)
    print_requested = Signal()

    def __init__(self, store: Store, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("DCSM register")
        self.setObjectName("registerDialog")
        self.resize(1100, 560)
        self._store, self._today = store, today
        self.rows: list[RegisterRow] = []
        self.column = RegisterColumn.NAME
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.words = FindBox(None, "Find by name, ward or lead…", self)  # Esc clears it, Down goes to the table
        self.words.setAccessibleName("Find")
        self.status = QComboBox(self)
        self.status.setAccessibleName("Status")
        self.status.addItem("Every status", None)
        for status in RegisterStatus:
            self.status.addItem(status.label, status.value)
        self.overdue = QCheckBox("Overdue actions only", self)
        self.archived = QCheckBox("Show archived", self)
        self.print_button = QPushButton("&Print register…", self)
        for widget in (QLabel("Find:", self), self.words, self.status, self.overdue, self.archived):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        layout.addLayout(bar)
        self.model = RegisterModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("registerTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(RESIZE_PRECISION)  # widths from the first rows: hundreds open at once
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self.sort_by)
        tab_leaves_tables(self.table)
        self.words.view = self.table
        layout.addWidget(self.table, 1)
        self.count = QLabel(self)
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.count)
        self.words.textChanged.connect(lambda _text: self.show_rows())
        self.status.currentIndexChanged.connect(lambda _index: self.show_rows())
        self.overdue.toggled.connect(lambda _on: self.show_rows())
        self.archived.toggled.connect(lambda _on: self.reload())
        self.table.doubleClicked.connect(self._open)
        self.print_button.clicked.connect(self.print_requested)
        self.reload()

    def reload(self) -> None:
        """Read the register again from the database."""
        self.rows = self._store.register.rows(self._today, include_archived=self.archived.isChecked())
        self.show_rows()

    def current_filter(self) -> RegisterFilter:
        """The filter the controls say."""
        status = self.status.currentData()
        return RegisterFilter(
            text=self.words.text(),
            statuses=frozenset({RegisterStatus(status)}) if status else frozenset(),
            overdue_only=self.overdue.isChecked(),
        )

    def shown(self) -> list[RegisterRow]:
        """The rows shown, in order."""
        return filtered(self.rows, self.current_filter(), self.column)

    def show_rows(self) -> None:
        """Filter and sort the rows into the table."""
        rows = self.shown()
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.count.setText(f"{len(rows)} of {len(self.rows)} locations, sorted by {self.column.label.lower()}.")

    def sort_by(self, section: int) -> None:
        """Sort by the clicked column."""
        self.column = COLUMNS[section]
        self.show_rows()

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_location.emit(self.model.row_at(index.row()).location_id)
