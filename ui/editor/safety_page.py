"""The Safety mapping page: sessions with young people, who took part (by role and number), and their marks.

A session is saved with its date, the groups who took part (a role such as
"Young people, Year 9" and how many; never names), who ran it and notes. Marks
are placed on the Map page ("Add safety-mapping marks"); here each can be given
a label and notes, or deleted. Below, the marks of every session are tallied by
place, as in the report. A session or a mark being typed is kept as a draft, and
a save never overwrites another window's change without asking
(:mod:`ui.editing.record_form`).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from safeguarding.drafts import Draft, excerpt
from safeguarding.errors import NotFoundError, SafeguardingError
from safeguarding.forms import Section
from safeguarding.model import Assessment, Location
from safeguarding.safety_mapping.model import MarkKind, SafetySession
from safeguarding.safety_mapping.tally import sessions_words, tally
from safeguarding.store import Store
from safeguarding.timeutil import format_uk_date
from ui.editing.conflicts import attribute_copier
from ui.editing.record_form import RecordEditing
from ui.editor.page_header import add_page_header
from ui.editor.safety_mark_editing import SafetyMarkEditing
from ui.editor.safety_session_form import SessionForm
from ui.interaction import Interaction

if TYPE_CHECKING:
    from ui.editing.keeper import DraftKeeper

SESSION, MARK = "safety_session", "safety_mark"
"""The kinds of draft of a safety-mapping session, and of a mark's label and notes."""
SESSION_FIELDS = {"held_on": "Date", "participants": "Who took part", "facilitator": "Run by", "notes": "Notes"}


class SafetyPage(SessionForm, SafetyMarkEditing):
    """Safety-mapping sessions of the assessment. Emits ``records_changed`` after a save or delete."""

    records_changed = Signal()

    def __init__(
        self,
        section: Section,
        store: Store,
        interaction: Interaction,
        parent: QWidget | None = None,
        *,
        drafts: DraftKeeper | None = None,
        user: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"page_{section.id}")
        self._store = store
        self._interaction = interaction
        self._user = user
        self.assessment: Assessment | None = None
        self.location: Location | None = None
        self.sessions: list[SafetySession] = []
        copy_field, set_text = attribute_copier()
        self.edits: RecordEditing[SafetySession] = RecordEditing(
            self,
            kind=SESSION,
            fields={key: f"Safety-mapping session: {words}" for key, words in SESSION_FIELDS.items()},
            texts=frozenset({"facilitator", "notes"}),
            copy_field=copy_field,
            set_text=set_text,
            interaction=interaction,
            drafts=drafts,
            user=user,
            ignore_when_new=frozenset({"held_on"}),  # a blank form dated today
        )
        self.mark_base: dict[str, Any] | None = None  # the mark shown, as stored (the base of its next save)
        self.mark_problem = ""  # why the mark could not be saved
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

        editor = self._build_form()
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

        self.session_list.currentRowChanged.connect(self._on_session_row)
        self.mark_list.currentRowChanged.connect(self._show_mark)
        self.new_button.clicked.connect(self.new_session)
        self.save_button.clicked.connect(self.save_session)
        self.delete_button.clicked.connect(self.delete_session)
        self.save_mark_button.clicked.connect(self.save_mark)
        self.delete_mark_button.clicked.connect(self.delete_mark)
        self.edits.cleared()
        if drafts is not None:
            drafts.watch(self, editor, marks_box)

    # -- loading -----------------------------------------------------------------------

    def load(self, assessment: Assessment, location: Location) -> None:
        """Show the assessment's sessions."""
        self.assessment, self.location = assessment, location
        self.edits.assessment_id = assessment.id
        self.edits.cleared()  # a session being typed in another assessment is not this one's
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        """Read the sessions again when shown: marks may have been added on the Map page (typing is kept)."""
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
        typing = self.edits.unsaved() or self._mark_typed()
        if typing:  # what is being typed stays: only the list and the tally are read again
            select = self.edits.record_id if self.edits.editing is not None else None
        row = ids.index(select) if select in ids else (-1 if typing else len(ids) - 1)
        self.session_list.blockSignals(True)
        self.session_list.setCurrentRow(row)
        self.session_list.blockSignals(False)
        if not typing:
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

    def _on_session_row(self, row: int) -> None:
        chosen = self.sessions[row] if 0 <= row < len(self.sessions) else None
        editing = self.edits.editing
        if chosen is not None and editing is not None and chosen.id == editing.id:
            return
        if not self.edits.ask_before_switching(
            "Session not saved", "The safety-mapping session you were entering has not been saved."
        ):
            self._select_session(editing.id if editing is not None else None)
            return
        self._show_session(row)

    def _select_session(self, session_id: str | None) -> None:
        ids = [s.id for s in self.sessions]
        self.session_list.blockSignals(True)
        self.session_list.setCurrentRow(ids.index(session_id) if session_id in ids else -1)
        self.session_list.blockSignals(False)

    def _show_session(self, row: int) -> None:
        with self.edits.filling():  # filling it is no edit
            session = self.sessions[row] if 0 <= row < len(self.sessions) else None
            self.fill(session)
            self.delete_button.setEnabled(session is not None)
            self.mark_list.clear()
            for mark in session.marks if session else []:
                where = f"{mark.points[0][0]:.5f}, {mark.points[0][1]:.5f}"
                self.mark_list.addItem(f"{MarkKind(mark.kind).label}: {mark.label or 'no label'} ({where})")
            self._show_mark(self.mark_list.currentRow())
            if session is None:
                self.edits.cleared()
            else:
                self.edits.shown(session)

    # -- saving ------------------------------------------------------------------------

    def new_session(self) -> None:
        """Clear the form for a new session (asking first if one is typed but not saved)."""
        if not self.edits.ask_before_switching(
            "Session not saved", "The safety-mapping session you were entering has not been saved."
        ):
            return
        self._select_session(None)
        self._show_session(-1)
        self.roles[0].setFocus()

    def save_session(self) -> bool:
        """Save the session in the form (new or edited); True if saved."""
        if self.assessment is None:
            return True
        return self.edits.save()

    # -- what RecordEditing uses ----------------------------------------------------

    def save_form(self) -> bool:
        """Save the session in the form."""
        return self.save_session()

    def stored_record(self, record_id: str) -> SafetySession:
        """The session as stored now."""
        assert self.assessment is not None
        found = next((s for s in self._store.safety.sessions(self.assessment.id) if s.id == record_id), None)
        if found is None:
            raise NotFoundError(
                "That safety-mapping session no longer exists: it may have been deleted in another window."
            )
        return found

    def save_record(self, record: SafetySession, base: dict[str, Any] | None) -> SafetySession:
        """Save the session against ``base``."""
        return self._store.safety.save_session(record, base=base)

    def after_save(self, saved: SafetySession) -> None:
        """List the saved session and show it as stored."""
        self.records_changed.emit()
        self.edits.shown(saved)  # saved: the list is read again with this session selected
        self.refresh(saved.id)

    def say(self, text: str, problem: bool) -> None:
        """A session that cannot be saved is explained in a message."""
        if problem:
            self._interaction.error(self, "Session not saved", text)

    def show_record(self, record: SafetySession) -> None:
        """Select and show a stored session."""
        self._select_session(record.id)
        ids = [s.id for s in self.sessions]
        self._show_session(ids.index(record.id) if record.id in ids else -1)
        if record.id not in ids:
            with self.edits.filling():  # filling it is no edit
                self.fill(record)
                self.edits.shown(record)

    def clear_form(self) -> None:
        """An empty form for a new session."""
        self._select_session(None)
        self._show_session(-1)

    def draft_label(self) -> str:
        """The session being typed in words."""
        what = "changes to a safety-mapping session" if self.edits.editing else "a safety-mapping session"
        place = self.location.name if self.location is not None else "the location"
        return f"{what} at {place}"

    def draft_excerpt(self) -> str:
        """The start of what was typed."""
        return excerpt(self.notes.toPlainText(), self.facilitator.text(), self.roles[0].text())

    # -- drafts (a session and a mark being typed, as an Editable) ---------------------------

    def drafts(self) -> list[Draft]:
        """The session and the mark being typed, as drafts."""
        found = self.edits.drafts()
        mark = self._mark()
        if mark is not None and self._mark_typed() and self.assessment is not None:
            place = self.location.name if self.location is not None else "the location"
            found.append(
                Draft(
                    key=f"{MARK}:{mark.id}",
                    kind=MARK,
                    record_id=mark.id,
                    assessment_id=self.assessment.id,
                    label=f"changes to a safety-mapping mark at {place}",
                    payload={
                        "kind": str(self.mark_kind.currentData()),
                        "label": self.mark_label.text(),
                        "notes": self.mark_notes.text(),
                        "session_id": mark.session_id,
                    },
                    base=self.mark_base,
                    excerpt=excerpt(self.mark_notes.text(), self.mark_label.text()),
                )
            )
        return found

    def save_unsaved(self) -> str | None:
        """Save the session and the mark being typed; None if saved, else why not."""
        if self.edits.unsaved() and (problem := self.edits.save_unsaved()) is not None:
            return problem
        if self._mark_typed() and not self.save_mark():
            return self.mark_problem or "the mark could not be saved"
        return None

    def discard_unsaved(self) -> None:
        """Show the session and the mark as saved again."""
        self.edits.discard_unsaved()
        self._show_mark(self.mark_list.currentRow())

    def restore_draft(self, draft: Draft) -> bool:
        """Show a session or mark draft, unsaved."""
        if draft.kind == MARK:
            session_id = str(draft.payload.get("session_id", ""))
            self.refresh(session_id)
            session = self._session()
            row = next((i for i, m in enumerate(session.marks if session else []) if m.id == draft.record_id), -1)
            if row < 0:
                return False
            self.mark_list.setCurrentRow(row)
            self.mark_kind.setCurrentIndex(max(0, self.mark_kind.findData(draft.payload.get("kind"))))
            self.mark_label.setText(str(draft.payload.get("label", "")))
            self.mark_notes.setText(str(draft.payload.get("notes", "")))
            self.mark_base = draft.base
            return True
        return self.edits.restore_draft(draft)

    def reveal(self) -> None:
        """Show this page."""
        self.edits.reveal()

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
