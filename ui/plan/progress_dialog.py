"""The progress dialog: dated progress on an action, optionally with a new status.

Opened with ``open()`` (never a blocking ``exec()``), so tests fill it and press
its buttons. Saving goes through the plan repository; a refusal is shown inside the
dialog and nothing typed is lost. It offers its fields as stored values
(``values()`` / ``set_values()``) for its draft and for choosing between two
versions (:mod:`ui.editing.dialog_form`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QPlainTextEdit, QWidget

from safeguarding.plan.records import Action, ActionStatus
from ui.plan.common import FormDialog
from ui.widgets.dates import DateField, show_date, stored_date


class ProgressDialog(FormDialog):
    """Record dated progress on an action, optionally with a new status."""

    def __init__(
        self, action: Action, save: Callable[[str, ActionStatus, date], None], parent: QWidget | None = None
    ) -> None:
        super().__init__("Record progress", parent, save_text="Record")
        self.setObjectName("progressDialog")
        form = QFormLayout()
        what = QLabel(action.description, self)
        what.setWordWrap(True)
        what.setTextFormat(Qt.TextFormat.PlainText)
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName("Progress note")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(90)
        self.status = QComboBox(self)
        self.status.setAccessibleName("Status")
        for status in ActionStatus:
            self.status.addItem(status.label, status.value)
        self.status.setCurrentIndex(list(ActionStatus).index(action.status))
        self.on = DateField("Date of the progress", self)
        self.on.set_value(date.today())
        form.addRow("Action", what)
        form.addRow("&What happened", self.note)
        form.addRow("&Status", self.status)
        form.addRow("&Date", self.on)
        self.body.addLayout(form)
        self.finish_layout()
        self.set_save(lambda: save(self.note.toPlainText().strip(), self.chosen_status(), self.chosen_date()))

    def chosen_status(self) -> ActionStatus:
        """The status chosen."""
        return ActionStatus(self.status.currentData())

    def values(self) -> dict[str, Any]:
        """The progress as entered (a draft's payload)."""
        return {
            "note": self.note.toPlainText(),
            "status": self.chosen_status().value,
            "on": stored_date(self.on),
        }

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Show a draft's payload."""
        self.note.setPlainText(str(values.get("note", "")))
        self.status.setCurrentIndex(max(self.status.findData(values.get("status")), 0))
        show_date(self.on, values.get("on") or date.today().isoformat())

    def chosen_date(self) -> date:
        """The date of the progress (today if not set)."""
        return self.on.value() or date.today()
