"""The Safety mapping page: sessions with young people, who took part (by role and number), and their marks.

A session is saved with its date, the groups who took part (a role such as
"Young people, Year 9" and how many; never names), who ran it and notes. Marks
are placed on the Map page ("Add safety-mapping marks"); here each can be given
a label and notes, or deleted. Below, the marks of every session are tallied by
place, as in the report.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from safeguarding.errors import SafeguardingError
from safeguarding.forms import Section
from safeguarding.model import Assessment, Location
from safeguarding.safety_mapping.model import MarkKind, Participants, SafetyMark, SafetySession
from safeguarding.safety_mapping.tally import sessions_words, tally
from safeguarding.store import Store
from safeguarding.timeutil import format_uk_date
from ui.editor.page_header import add_page_header
from ui.interaction import Interaction

GROUP_ROWS = 3
"""Groups of participants a session form offers (role and number each)."""


class SafetyPage(QWidget):
    """Safety-mapping sessions of the assessment. Emits ``records_changed`` after a save or delete."""

    records_changed = Signal()

    def __init__(self, section: Section, store: Store, interaction: Interaction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"page_{section.id}")
        self._store = store
        self._interaction = interaction
        self.assessment: Assessment | None = None
        self.sessions: list[SafetySession] = []
        layout = QVBoxLayout(self)
        add_page_header(self, section, layout)
        columns = QHBoxLayout()
        layout.addLayout(columns, 1)

        left = QVBoxLayout()
        self.session_list = QListWidget(self)
        self.session_list.setAccessibleName("Safety-mapping sessions")
        left.addWidget(QLabel("<b>Sessions</b>", self))
        left.addWidget(self.session_list, 1)
        self.new_button = QPushButton("New session", self)
        left.addWidget(self.new_button)
        columns.addLayout(left, 1)

        editor = QGroupBox("Session", self)
        form = QFormLayout(editor)
        self.held_on = QDateEdit(editor)
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
        self.notes.setAccessibleName("Notes on the session (no names)")
        form.addRow("Run by", self.facilitator)
        form.addRow("Notes", self.notes)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("Save session", editor)
        self.delete_button = QPushButton("Delete session…", editor)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        form.addRow(buttons)
        columns.addWidget(editor, 2)

        marks_box = QGroupBox("Marks of this session (place them on the Map page)", self)
        marks_layout = QVBoxLayout(marks_box)
        self.mark_list = QListWidget(marks_box)
        self.mark_list.setAccessibleName("Marks of the session")
        marks_layout.addWidget(self.mark_list, 1)
        mark_form = QFormLayout()
        self.mark_kind = QComboBox(marks_box)
        for kind in MarkKind:
            self.mark_kind.addItem(kind.label, kind.value)
        self.mark_label = QLineEdit(marks_box)
        self.mark_label.setMaxLength(200)
        self.mark_label.setPlaceholderText("e.g. Bandstand")
        self.mark_notes = QLineEdit(marks_box)
        self.mark_notes.setPlaceholderText("What was said about it (no names)")
        mark_form.addRow("Kind", self.mark_kind)
        mark_form.addRow("Label", self.mark_label)
        mark_form.addRow("Notes", self.mark_notes)
        marks_layout.addLayout(mark_form)
        mark_buttons = QHBoxLayout()
        self.save_mark_button = QPushButton("Save mark", marks_box)
        self.delete_mark_button = QPushButton("Delete mark…", marks_box)
        mark_buttons.addWidget(self.save_mark_button)
        mark_buttons.addWidget(self.delete_mark_button)
        marks_layout.addLayout(mark_buttons)
        columns.addWidget(marks_box, 2)

        self.tally_view = QTextBrowser(self)
        self.tally_view.setAccessibleName("Marks tallied by place across sessions")
        self.tally_view.setMaximumHeight(180)
        layout.addWidget(QLabel("<b>Across sessions</b>", self))
        layout.addWidget(self.tally_view)

        self.session_list.currentRowChanged.connect(self._show_session)
        self.mark_list.currentRowChanged.connect(self._show_mark)
        self.new_button.clicked.connect(self.new_session)
        self.save_button.clicked.connect(self.save_session)
        self.delete_button.clicked.connect(self.delete_session)
        self.save_mark_button.clicked.connect(self.save_mark)
        self.delete_mark_button.clicked.connect(self.delete_mark)

    # -- loading -----------------------------------------------------------------------

    def load(self, assessment: Assessment, location: Location) -> None:
        """Show the assessment's sessions."""
        self.assessment = assessment
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        """Read the sessions again when shown: marks may have been added on the Map page."""
        super().showEvent(event)
        self.refresh(self.current_session_id())

    def current_session_id(self) -> str | None:
        """The id of the session selected, or ``None`` for a new one."""
        row = self.session_list.currentRow()
        return self.sessions[row].id if 0 <= row < len(self.sessions) else None

    def refresh(self, select: str | None = None) -> None:
        """List the sessions again (selecting ``select``, else the latest) and redo the tally."""
        if self.assessment is None:
            return
        self.sessions = self._store.safety.sessions(self.assessment.id)
        self.session_list.blockSignals(True)
        self.session_list.clear()
        for number, session in enumerate(self.sessions, start=1):
            self.session_list.addItem(
                QListWidgetItem(
                    f"{number}. {format_uk_date(session.held_on)}: {session.who()} ({len(session.marks)} marks)"
                )
            )
        self.session_list.blockSignals(False)
        ids = [s.id for s in self.sessions]
        row = ids.index(select) if select in ids else len(ids) - 1
        self.session_list.setCurrentRow(row)
        self._show_session(row)
        self.tally_view.setHtml(self._tally_html())

    def _tally_html(self) -> str:
        counted = tally(self.sessions)
        if not counted.places and not counted.routes:
            return "<p>No marks yet.</p>"
        rows = [
            f"<tr><td>{html.escape(p.label or 'Unnamed place')}</td><td>{html.escape(p.describe())}</td>"
            f"<td>{sessions_words(p.sessions)}</td></tr>"
            for p in counted.places
        ]
        routes = [
            f"<li>{html.escape(r.label or 'Route taken')} (session {r.session}, about {r.length_m:,.0f} m)</li>"
            for r in counted.routes
        ]
        table = (
            '<table border="1" cellspacing="0" cellpadding="3"><tr><th>Place</th><th>Marks</th><th>Marked in</th></tr>'
        )
        return table + "".join(rows) + "</table>" + (f"<p>Routes:</p><ul>{''.join(routes)}</ul>" if routes else "")

    def _session(self) -> SafetySession | None:
        row = self.session_list.currentRow()
        return self.sessions[row] if 0 <= row < len(self.sessions) else None

    def _show_session(self, row: int) -> None:
        session = self.sessions[row] if 0 <= row < len(self.sessions) else None
        day = session.held_on if session else date.today()
        self.held_on.setDate(QDate(day.year, day.month, day.day))
        groups = session.participants if session else []
        for index in range(GROUP_ROWS):
            self.roles[index].setText(groups[index].role if index < len(groups) else "")
            self.numbers[index].setValue(groups[index].number if index < len(groups) else 0)
        self.facilitator.setText(session.facilitator if session else "")
        self.notes.setPlainText(session.notes if session else "")
        self.delete_button.setEnabled(session is not None)
        self.mark_list.clear()
        for mark in session.marks if session else []:
            where = f"{mark.points[0][0]:.5f}, {mark.points[0][1]:.5f}"
            self.mark_list.addItem(f"{MarkKind(mark.kind).label}: {mark.label or 'no label'} ({where})")
        self._show_mark(self.mark_list.currentRow())

    def _mark(self) -> SafetyMark | None:
        session = self._session()
        row = self.mark_list.currentRow()
        return session.marks[row] if session and 0 <= row < len(session.marks) else None

    def _show_mark(self, _row: int) -> None:
        mark = self._mark()
        self.mark_kind.setCurrentIndex(max(0, self.mark_kind.findData(MarkKind(mark.kind).value if mark else "safe")))
        self.mark_label.setText(mark.label if mark else "")
        self.mark_notes.setText(mark.notes if mark else "")
        for widget in (self.save_mark_button, self.delete_mark_button):
            widget.setEnabled(mark is not None)

    # -- saving ------------------------------------------------------------------------

    def new_session(self) -> None:
        """Clear the form for a new session."""
        self.session_list.setCurrentRow(-1)
        self._show_session(-1)
        self.roles[0].setFocus()

    def save_session(self) -> None:
        """Save the session in the form (new or edited)."""
        if self.assessment is None:
            return
        current = self._session()
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
        if current is not None:
            session.id, session.created_at = current.id, current.created_at
        try:
            saved = self._store.safety.save_session(session)
        except SafeguardingError as error:
            self._interaction.error(self, "Session not saved", str(error))
            return
        self.records_changed.emit()
        self.refresh(saved.id)

    def delete_session(self) -> None:
        """Delete the selected session and its marks (after confirmation)."""
        session = self._session()
        if session is None:
            return
        if not self._interaction.confirm(
            self,
            "Delete session",
            f"Delete the session of {format_uk_date(session.held_on)} and its marks?",
            yes="Delete",
        ):
            return
        try:
            self._store.safety.delete_session(session.id)
        except SafeguardingError as error:
            self._interaction.error(self, "Session not deleted", str(error))
            return
        self.records_changed.emit()
        self.refresh()

    def save_mark(self) -> None:
        """Save the selected mark's kind, label and notes."""
        mark = self._mark()
        session = self._session()
        if mark is None or session is None:
            return
        kind = MarkKind(self.mark_kind.currentData())
        if (kind == MarkKind.ROUTE) != (mark.kind == MarkKind.ROUTE):
            self._interaction.error(self, "Mark not saved", "A place cannot become a route, nor a route a place.")
            return
        edited = SafetyMark(
            mark.session_id,
            kind,
            mark.points,
            self.mark_label.text(),
            self.mark_notes.text(),
            id=mark.id,
            created_at=mark.created_at,
        )
        row = self.mark_list.currentRow()
        try:
            self._store.safety.save_mark(edited)
        except SafeguardingError as error:
            self._interaction.error(self, "Mark not saved", str(error))
            return
        self.records_changed.emit()
        self.refresh(session.id)
        self.mark_list.setCurrentRow(row)

    def delete_mark(self) -> None:
        """Delete the selected mark (after confirmation)."""
        mark = self._mark()
        session = self._session()
        if mark is None or session is None:
            return
        if not self._interaction.confirm(self, "Delete mark", "Delete this mark?", yes="Delete"):
            return
        try:
            self._store.safety.delete_mark(mark.id)
        except SafeguardingError as error:
            self._interaction.error(self, "Mark not deleted", str(error))
            return
        self.records_changed.emit()
        self.refresh(session.id)
