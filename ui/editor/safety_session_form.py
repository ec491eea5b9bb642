"""The Safety mapping page's session form: built, filled from a session, read back into one, and kept as a draft.

A part of :class:`~ui.editor.safety_page.SafetyPage` (its methods, moved out whole so each
module has one job); the page owns the sessions list, the marks and saving.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from safeguarding.safety_mapping.model import Participants, SafetySession
from ui.widgets.dates import type_over_on_click

if TYPE_CHECKING:
    from safeguarding.model import Assessment
    from ui.editing.record_form import RecordEditing

GROUP_ROWS = 3
"""Groups of participants a session form offers (role and number each)."""


class SessionForm(QWidget):
    """The session form of the Safety mapping page: building it, filling it and reading it."""

    if TYPE_CHECKING:  # members of the page, which these methods use
        assessment: Assessment | None
        edits: RecordEditing[SafetySession]

    def _build_form(self) -> QGroupBox:
        """The session form: its date, groups who took part, who ran it, notes, and Save and Delete."""
        editor = QGroupBox("Session", self)
        form = QFormLayout(editor)
        self.held_on = QDateEdit(editor)
        type_over_on_click(self.held_on)
        self.held_on.setCalendarPopup(True)
        self.held_on.setDisplayFormat("d MMM yyyy")
        self.held_on.setAccessibleName("Date of the session")
        form.addRow("Date", self.held_on)
        self.roles: list[QLineEdit] = []
        self.numbers: list[QSpinBox] = []
        for index in range(GROUP_ROWS):
            role = QLineEdit(editor)
            role.setMaxLength(80)
            role.setPlaceholderText("e.g. Young people, Year 9 (a role, never a name)")
            role.setAccessibleName(f"Group {index + 1}: role of those who took part")
            number = QSpinBox(editor)
            number.setRange(0, 500)
            number.setAccessibleName(f"Group {index + 1}: how many took part")
            row = QHBoxLayout()
            row.addWidget(role, 1)
            row.addWidget(number)
            form.addRow(f"Took part ({index + 1})", row)
            self.roles.append(role)
            self.numbers.append(number)
        self.facilitator = QLineEdit(editor)
        self.facilitator.setPlaceholderText("e.g. Youth service (role or agency)")
        self.facilitator.setAccessibleName("Who ran the session, by role or agency")
        self.notes = QPlainTextEdit(editor)
        self.notes.setMaximumHeight(70)
        self.notes.setTabChangesFocus(True)  # Tab moves on (it typed a tab character)
        self.notes.setAccessibleName("Notes on the session (no names)")
        form.addRow("Run by", self.facilitator)
        form.addRow("Notes", self.notes)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("Save session", editor)
        self.delete_button = QPushButton("Delete session…", editor)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        form.addRow(buttons)
        return editor

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
