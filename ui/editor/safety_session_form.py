"""The Safety mapping page's session form: filled from a session, read back into one, and kept as a draft.

A part of :class:`~ui.editor.safety_page.SafetyPage` (its methods, moved out whole so each
module has one job); the page builds the form and owns the sessions list and saving.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget

from safeguarding.safety_mapping.model import Participants, SafetySession

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDateEdit, QLineEdit, QPlainTextEdit, QSpinBox

    from safeguarding.model import Assessment
    from ui.editing.record_form import RecordEditing

GROUP_ROWS = 3
"""Groups of participants a session form offers (role and number each)."""


class SessionForm(QWidget):
    """The session form of the Safety mapping page: filling it and reading it."""

    if TYPE_CHECKING:  # members of the page, which these methods use
        assessment: Assessment | None
        edits: RecordEditing[SafetySession]
        held_on: QDateEdit
        roles: list[QLineEdit]
        numbers: list[QSpinBox]
        facilitator: QLineEdit
        notes: QPlainTextEdit

    def fill(self, session: SafetySession | None) -> None:
        """Show a session's values in the session form (an empty form for None)."""
        day = session.held_on if session else date.today()
        self.held_on.setDate(QDate(day.year, day.month, day.day))
        groups = session.participants if session else []
        for index in range(GROUP_ROWS):
            self.roles[index].setText(groups[index].role if index < len(groups) else "")
            self.numbers[index].setValue(groups[index].number if index < len(groups) else 0)
        self.facilitator.setText(session.facilitator if session else "")
        self.notes.setPlainText(session.notes if session else "")

    def record_from_form(self, record_id: str) -> SafetySession:
        """The session as the form holds it, with id ``record_id``."""
        assert self.assessment is not None
        day = self.held_on.date()
        groups = [
            Participants(role.text().strip(), number.value())
            for role, number in zip(self.roles, self.numbers, strict=True)
            if role.text().strip() or number.value()
        ]
        session = SafetySession(
            self.assessment.id,
            date(day.year(), day.month(), day.day()),
            groups,
            self.facilitator.text(),
            self.notes.toPlainText(),
        )
        session.id = record_id
        if self.edits.editing is not None:
            session.created_at = self.edits.editing.created_at
        return session

    def form_state(self) -> dict[str, Any]:
        """What the session form holds, as JSON values (a draft's payload)."""
        return {
            "held_on": self.held_on.date().toString("yyyy-MM-dd"),
            "groups": [[role.text(), number.value()] for role, number in zip(self.roles, self.numbers, strict=True)],
            "facilitator": self.facilitator.text(),
            "notes": self.notes.toPlainText(),
        }

    def set_form_state(self, state: dict[str, Any]) -> None:
        """Show a draft's payload in the session form."""
        self.held_on.setDate(QDate.fromString(str(state.get("held_on", "")), "yyyy-MM-dd"))
        groups = state.get("groups", [])
        for index in range(GROUP_ROWS):
            role, number = groups[index] if index < len(groups) else ("", 0)
            self.roles[index].setText(str(role))
            self.numbers[index].setValue(int(number))
        self.facilitator.setText(str(state.get("facilitator", "")))
        self.notes.setPlainText(str(state.get("notes", "")))
