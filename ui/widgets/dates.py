"""An optional date: a tick box to say whether the date is known, and the date itself.

Qt's QDateEdit cannot be empty; using a sentinel date (such as 1900) made the
calendar open in 1900 and typed dates land there. Here the date box is only
enabled when ticked, and ticking it starts at today's date.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget


class OptionalDateEdit(QWidget):
    """A date that may be "not set". Emits ``changed`` on any change by the user.

    Args:
        label: What the date is (used for accessible names), e.g. "Referral date".
    """

    changed = Signal()

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.known = QCheckBox("Set", self)
        self.known.setAccessibleName(f"{label} is known")
        self.known.setToolTip(f"Tick to enter the {label.lower()}; leave unticked if it is not known yet.")
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("dd/MM/yyyy")
        self.edit.setMinimumDate(QDate(2000, 1, 1))
        self.edit.setMaximumDate(QDate(2100, 12, 31))
        self.edit.setDate(QDate.currentDate())
        self.edit.setEnabled(False)
        self.edit.setAccessibleName(label)
        layout.addWidget(self.known)
        layout.addWidget(self.edit)
        layout.addStretch(1)
        self._loading = False
        self.known.toggled.connect(self._on_known)
        self.edit.dateChanged.connect(self._on_date)

    def _on_known(self, known: bool) -> None:
        self.edit.setEnabled(known)
        if known and not self._loading:
            self.edit.setFocus()
        if not self._loading:
            self.changed.emit()

    def _on_date(self) -> None:
        if not self._loading:
            self.changed.emit()

    def value(self) -> date | None:
        """The date, or None when not set."""
        if not self.known.isChecked():
            return None
        qdate = self.edit.date()
        return date(qdate.year(), qdate.month(), qdate.day())

    def set_value(self, value: date | None) -> None:
        """Show ``value`` (None = not set) without emitting ``changed``."""
        self._loading = True
        try:
            self.known.setChecked(value is not None)
            self.edit.setEnabled(value is not None)
            self.edit.setDate(QDate(value.year, value.month, value.day) if value else QDate.currentDate())
        finally:
            self._loading = False

    def set_help(self, text: str) -> None:
        """Show ``text`` as the tooltip and screen-reader description of both parts."""
        for widget in (self.edit, self.known):
            widget.setToolTip(text)
            widget.setAccessibleDescription(text)
