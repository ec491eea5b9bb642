"""The assessment editor: pages in a list on the left, autosave, drafts, and export.

Edits of the write-up (overview, the three sides, summary) are kept in memory
and saved through the domain 1.5 s after the last change, when the user changes
page, presses Ctrl+S, goes back to the list or closes the window. Only the
fields the user changed are written (:class:`~ui.editor.form_page.FormPage`), and a
save passes the write-up as it was loaded (the base): a field another window
saved meanwhile is never overwritten. When both changed the same field, the user
sees both versions and chooses (:mod:`ui.editing.conflicts`); another window's
other changes appear in the fields. What is typed is also kept as a draft within
a couple of seconds (:mod:`ui.editing.keeper`), so a crash loses nothing.

If a save fails, the message stays on screen and the edits stay in memory;
leaving saves every form's work or asks (:meth:`DraftKeeper.settle`), never
discards. The status line says "All changes saved" only when no form of the
window holds unsaved work.

The editor is built from parts, one job each: its pages (:mod:`ui.editor.editor_pages`),
saving the write-up and the status line (:mod:`ui.editor.editor_saving`), the write-up's
drafts (:mod:`ui.editor.editor_drafts`) and its dates (:mod:`ui.editor.editor_dates`);
:mod:`ui.editor.editor_base` declares what they share.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from safeguarding.forms import FormDefinition
from safeguarding.model import Assessment, Location
from safeguarding.store import Store, editable_values
from ui.editing.keeper import DraftKeeper
from ui.editor.editor_dates import WriteUpDates
from ui.editor.editor_drafts import WriteUpDrafts
from ui.editor.editor_pages import EditorPages
from ui.editor.editor_saving import WriteUpSaving
from ui.editor.registry import AssessmentPage
from ui.interaction import Interaction
from ui.protection.name_marks import NameMarks
from ui.theme import message_style
from ui.widgets.plain import shown_text

AUTOSAVE_DELAY_MS = 1500


class AssessmentEditor(EditorPages, WriteUpSaving, WriteUpDrafts, WriteUpDates):
    """Edits one assessment. Signals: ``closed`` (back to the list), ``export_requested``, ``saved``.

    Args:
        store: The open database.
        interaction: Asks the user (tests script it).
        parent: The main window.
        drafts: The window's draft keeper (None: no drafts are kept, as in some tests).
        user: The user's name, shown as who typed this window's version in a conflict.

    Attributes:
        base: The write-up's stored values as the pages showed them when loaded or last
            saved (what a save compares with the database).
        problem: Why the last save failed ("" after a save that worked).
    """

    def __init__(
        self,
        store: Store,
        interaction: Interaction,
        parent: QWidget | None = None,
        *,
        drafts: DraftKeeper | None = None,
        user: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("assessmentEditor")
        self._store = store
        self._interaction = interaction
        self.keeper = drafts
        self.user = user
        self.assessment: Assessment | None = None
        self.location: Location | None = None
        self.form: FormDefinition | None = None
        self.base: dict[str, Any] = {}
        self.problem = ""
        self.read_only = False
        self._start_follows_visits = False  # the start date was moved to the first visit (see _start_at_first_visit)
        self.dirty = False
        self._loading = False
        self.pages: list[QWidget] = []
        self.name_marks = NameMarks(self)  # registered names underlined while typing

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_DELAY_MS)
        self.timer.timeout.connect(self.save)

        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.back_button = QPushButton("← Back to locations", self)
        self.back_button.setAccessibleName("Back to locations")
        self.title = QLabel(self)
        self.title.setObjectName("editorTitle")
        self.save_state = QLabel(self)
        self.save_state.setObjectName("saveState")
        self.save_state.setAccessibleName("Save status")
        self.save_state.setWordWrap(True)
        self.save_state.setMaximumWidth(420)
        self.save_state.setFixedHeight(self.save_state.fontMetrics().lineSpacing() * 2 + 2)  # see _show_state
        self.save_state.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.export_button = QPushButton("Export DCSM report…", self)
        header.addWidget(self.back_button)
        header.addWidget(self.title, 1)
        header.addWidget(self.save_state)
        header.addWidget(self.export_button)
        layout.addLayout(header)
        self.form_notice = QLabel(self)
        self.form_notice.setObjectName("formNotice")
        self.form_notice.setAccessibleName("About the form")
        self.form_notice.setWordWrap(True)
        self.form_notice.setTextFormat(Qt.TextFormat.PlainText)
        self.form_notice.setStyleSheet(message_style(bold=False))
        self.form_notice.hide()
        layout.addWidget(self.form_notice)

        body = QHBoxLayout()
        self.nav = QListWidget(self)
        self.nav.setAccessibleName("Assessment sections")
        self.nav.setMaximumWidth(210)
        self.stack = QStackedWidget(self)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        layout.addLayout(body, 1)

        self.back_button.clicked.connect(self.request_close)
        self.export_button.clicked.connect(self._on_export)
        self.nav.currentRowChanged.connect(self._on_page)
        if drafts is not None:
            drafts.register(self)
            drafts.state_changed.connect(self._show_state)

    # -- opening -----------------------------------------------------------------

    def open(self, assessment: Assessment, location: Location, form: FormDefinition) -> None:
        """Show ``assessment`` of ``location`` written with ``form`` (the version it records)."""
        self._loading = True
        self.assessment, self.location, self.form = assessment, location, form
        if not self.pages or self.pages[0].property("form_key") != form.digest:
            self._build_pages(form)
            self.name_marks.attach(self.pages)
        self._mark_names()
        for page in self.pages:
            assert isinstance(page, AssessmentPage)  # every page the registry makes has load()
            page.load(assessment, location)
        self._loading = False
        self.dirty = False
        self.problem = ""
        self.base = editable_values(assessment)
        self._start_follows_visits = False
        self._show_title()
        self._show_state()
        self._show_side_ratings()
        self.nav.setCurrentRow(0)

    def show_form_notice(self, text: str) -> None:
        """Show ``text`` above the pages (why the form shown is not the assessment's own); "" hides it."""
        self.form_notice.setText(text)
        self.form_notice.setVisible(bool(text))

    def _show_title(self) -> None:
        if self.assessment is not None and self.location is not None:
            status = self.assessment.status.label
            self.title.setText(f"<b>{escape(shown_text(self.location.name, 80))}</b> — assessment ({status})")

    # -- leaving -------------------------------------------------------------------

    def confirm_leave(self) -> bool:
        """Save every form's work before leaving; for work that cannot be saved, ask. Return True to leave.

        A page still busy (photos being checked) is asked first, through its
        ``resolve_unsaved_work()``. Without a draft keeper, a failed write-up save asks
        whether to leave and lose it.
        """
        for page in self.pages:
            if hasattr(page, "resolve_unsaved_work") and not page.resolve_unsaved_work():
                self.show_page(page)
                return False
        if self.read_only:
            return True
        if self.keeper is not None:
            return self.keeper.settle(self.window(), self._interaction)
        if self.save():
            return True
        return self._interaction.confirm(
            self,
            "Changes not saved",
            f"{self.save_state.text()}\n\nLeave anyway and lose the changes made since the last save?",
            yes="Leave and lose changes",
            no="Stay",
        )

    def request_close(self) -> None:
        """Go back to the locations list, saving first."""
        if self.confirm_leave():
            self.assessment = None
            self.dirty = False
            self.closed.emit()

    def _on_export(self) -> None:
        if self.assessment is not None and self.save():
            self.export_requested.emit(self.assessment.id)
