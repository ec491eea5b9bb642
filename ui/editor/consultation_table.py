"""The Consultations page's list: an assessment's consultations, one a row (moved out of consultations_page)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from safeguarding.evidence.details import sides_text
from safeguarding.model import Consultation
from ui.models import RecordTableModel
from ui.widgets.plain import plain_tip

Index = QModelIndex | QPersistentModelIndex


class ConsultationTableModel(RecordTableModel[Consultation]):
    """An assessment's consultations in date order."""

    DATE, METHOD, CONSULTED, PEOPLE, SIDES, SAID = range(6)
    HEADERS = ("Date", "How", "Who was consulted", "People", "Sides", "What they said")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text of a cell shortened to fit its column
            return plain_tip(item.said if column == self.SAID else self._text(item, column))
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        return None

    def _text(self, item: Consultation, column: int) -> str:
        """What ``column`` shows of ``item`` ("What they said": its first line, at most 120 characters)."""
        if column == self.DATE:
            return item.held_on.strftime("%a %d/%m/%Y")
        if column == self.METHOD:
            return item.method.label
        if column == self.CONSULTED:
            return item.consulted
        if column == self.PEOPLE:
            return "" if item.people is None else str(item.people)
        if column == self.SIDES:
            return sides_text(item.sides)
        first = item.said.strip().splitlines()[0] if item.said.strip() else ""
        return first[:120]
