"""The assessment editor: pages in a list on the left, autosave, and export.

Edits are kept in memory and saved through the domain 1.5 s after the last
change, when the user changes page, presses Ctrl+S, goes back to the list or
closes the window. If a save fails the message stays on screen, the edits stay
in memory, and leaving asks before anything is discarded.
"""

from __future__ import annotations

import contextlib
from datetime import date
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from safeguarding.errors import SafeguardingError
from safeguarding.forms import FormDefinition
from safeguarding.model import Assessment, AssessmentStatus, Location
from safeguarding.store import Store
from safeguarding.timeutil import format_uk_date, utc_now, utc_to_local
from ui.editor.form_page import FormPage
from ui.editor.registry import AssessmentPage, PageContext, make_page
from ui.interaction import Interaction
from ui.protection.name_marks import NameMarks
from ui.theme import message_style
from ui.widgets.fields import DateEditor

AUTOSAVE_DELAY_MS = 1500


class AssessmentEditor(QWidget):
    """Edits one assessment. Signals: ``closed`` (back to the list), ``export_requested``, ``saved``."""

    closed = Signal()
    export_requested = Signal(str)
    saved = Signal()

    def __init__(self, store: Store, interaction: Interaction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assessmentEditor")
        self._store = store
        self._interaction = interaction
        self.assessment: Assessment | None = None
        self.location: Location | None = None
        self.form: FormDefinition | None = None
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
        self._show_title()
        self._show_saved()
        self.nav.setCurrentRow(0)

    def show_form_notice(self, text: str) -> None:
        """Show ``text`` above the pages (why the form shown is not the assessment's own); "" hides it."""
        self.form_notice.setText(text)
        self.form_notice.setVisible(bool(text))

    def _build_pages(self, form: FormDefinition) -> None:
        self.nav.clear()
        while (widget := self.stack.widget(0)) is not None:
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.pages = []
        context = PageContext(form, self._store, self._interaction)
        for section in form.sections:
            page = make_page(section, context, self)
            if hasattr(page, "changed"):
                page.changed.connect(self.mark_changed)
            if hasattr(page, "records_changed"):
                page.records_changed.connect(self._on_records_changed)
            page.setProperty("form_key", form.digest)
            self.pages.append(page)
            if isinstance(page, FormPage) and "status" in page.editors:
                page.editors["status"].changed.connect(self._on_status_chosen)
            self.stack.addWidget(self._scrollable(page))
            number = len(self.pages)
            self.nav.addItem(f"{number}. {section.short_title}")
            self.nav.item(number - 1).setToolTip(section.title)

    def _scrollable(self, page: QWidget) -> QWidget:
        """Put a page that does not scroll itself in a scroll area, so large text never cuts it off."""
        if isinstance(page, QScrollArea):
            return page
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(page)
        return area

    def current_page(self) -> QWidget:
        """The page shown now (inside its scroll area, if it has one)."""
        return self.pages[self.stack.currentIndex()]

    def page(self, section_id: str) -> QWidget:
        """Return the page of section ``section_id`` (e.g. ``"guardianship"``)."""
        for page in self.pages:
            if page.objectName() == f"page_{section_id}":
                return page
        raise KeyError(section_id)

    def show_section(self, section_id: str) -> None:
        """Switch to the page of ``section_id``."""
        self.nav.setCurrentRow(self.pages.index(self.page(section_id)))

    def _on_page(self, row: int) -> None:
        if row < 0:
            return
        if self.dirty:
            self.save()
        self.stack.setCurrentIndex(row)

    # -- completing ----------------------------------------------------------------

    def _form_page_with(self, field_id: str) -> FormPage | None:
        return next((p for p in self.pages if isinstance(p, FormPage) and field_id in p.editors), None)

    def _on_status_chosen(self) -> None:
        """Marking the assessment Complete asks for its end date when none is set.

        The date goes into the Overview's end date (saved with the assessment);
        cancelling keeps the assessment a draft. Autosave waits while asking.
        """
        summary, overview = self._form_page_with("status"), self._form_page_with("end_date")
        if summary is None or overview is None or self.assessment is None:
            return
        status = summary.editors["status"]
        if status.value() != AssessmentStatus.COMPLETE.value or _typed_date(overview, "end_date") is not None:
            return
        self.timer.stop()
        start = _typed_date(overview, "start_date") or self.assessment.start_date
        today = utc_to_local(utc_now()).date()

        def check(end: date) -> str:
            if start is not None and end < start:
                return f"The end date must not be before the start date ({format_uk_date(start)})."
            return ""

        chosen = self._interaction.ask_date(
            self,
            "Mark the assessment complete",
            "A complete assessment needs its end date: the day the write-up was finished. "
            "It is printed on the report's cover.",
            label="End date",
            suggested=today if not check(today) else start,
            check=check,
            yes="Mark complete",
        )
        if chosen is not None:
            overview.set_field("end_date", chosen)
            self.mark_changed()
            return
        status.set_value(AssessmentStatus.DRAFT.value)
        self.mark_changed()
        self.save_state.setText("Still a draft: a complete assessment needs its end date.")

    # -- saving ------------------------------------------------------------------

    def mark_changed(self) -> None:
        """Note an edit and (re)start the autosave timer."""
        if self._loading:
            return
        self.dirty = True
        self.save_state.setText("Unsaved changes…")
        self.save_state.setStyleSheet("")
        self.timer.start()

    def save(self) -> bool:
        """Save the edits now through the domain; return True if nothing is left unsaved."""
        self.timer.stop()
        if self.assessment is None:
            return True
        if not self.dirty:
            return True
        try:
            for page in self.pages:
                if hasattr(page, "apply"):
                    page.apply(self.assessment)  # refuses a typed date that is not a date
            self._store.assessments.save(self.assessment)
        except SafeguardingError as error:
            self.save_state.setText(f"Not saved: {error}")
            self.save_state.setStyleSheet(message_style())
            return False
        self.dirty = False
        self._show_title()
        self._show_saved()
        self.saved.emit()
        return True

    def _show_title(self) -> None:
        if self.assessment is not None and self.location is not None:
            status = self.assessment.status.label
            self.title.setText(f"<b>{escape(self.location.name)}</b> — assessment ({status})")

    def _show_saved(self) -> None:
        self.save_state.setStyleSheet("")
        if self.assessment is not None and self.assessment.updated_at is not None:
            when = utc_to_local(self.assessment.updated_at).strftime("%H:%M:%S")
            self.save_state.setText(f"All changes saved ({when})")
        else:
            self.save_state.setText("All changes saved")

    def _mark_names(self) -> None:
        """Underline the registered people's names in the fields (see :mod:`ui.protection.name_marks`)."""
        if self.assessment is not None:
            with contextlib.suppress(SafeguardingError):  # only the marks would be missing
                self.name_marks.set_people(self._store.people.for_redaction(self.assessment.id))

    def _on_records_changed(self) -> None:
        """A page saved its own records: refresh the in-memory copies the pages read."""
        self._mark_names()  # the People page may have changed who is registered
        if self.assessment is not None:
            fresh = self._store.assessments.get(self.assessment.id)
            self.assessment.observations = fresh.observations
            self.assessment.pins, self.assessment.boundary = fresh.pins, fresh.boundary
            self.assessment.photos = fresh.photos
            self.assessment.consultations = fresh.consultations
            self.assessment.plan = fresh.plan
            for page in self.pages:  # plan pages show each other's records (weights, actions, reviews)
                if page is not self.sender() and hasattr(page, "refresh") and hasattr(page, "plan"):
                    page.refresh(fresh.plan)
            self.assessment.updated_at = fresh.updated_at
            if not self.dirty:
                self._show_saved()  # the time of the last save includes visits, photos and pins
        self.saved.emit()

    def confirm_leave(self) -> bool:
        """Save before leaving; if that fails, ask whether to discard. Return True to leave.

        A page holding work that is not saved yet (a visit typed but not saved)
        is asked first, through its ``resolve_unsaved_work()``.
        """
        for page in self.pages:
            if hasattr(page, "resolve_unsaved_work") and not page.resolve_unsaved_work():
                self.stack.setCurrentIndex(self.pages.index(page))
                self.nav.setCurrentRow(self.pages.index(page))
                return False
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
            self.closed.emit()

    def _on_export(self) -> None:
        if self.assessment is not None and self.save():
            self.export_requested.emit(self.assessment.id)


def _typed_date(page: FormPage, field_id: str) -> date | None:
    """The date typed in a date field of ``page`` (None: empty, not a date yet, or no such field)."""
    editor = page.editors.get(field_id)
    return editor.edit.parsed() if isinstance(editor, DateEditor) else None
