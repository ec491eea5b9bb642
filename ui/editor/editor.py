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
"""

from __future__ import annotations

import contextlib
from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from safeguarding.drafts import Draft, excerpt
from safeguarding.errors import SafeguardingError
from safeguarding.forms import FormDefinition
from safeguarding.model import Assessment, AssessmentStatus, Location, MapPin, Observation
from safeguarding.store import EditConflictError, Store, editable_values
from safeguarding.timeutil import format_uk_date, utc_now, utc_to_local
from ui.editing.conflicts import resolve
from ui.editing.keeper import DraftKeeper
from ui.editor.form_page import FormPage
from ui.editor.registry import AssessmentPage, PageContext, make_page
from ui.interaction import Interaction
from ui.protection.name_marks import NameMarks
from ui.theme import message_style
from ui.widgets.columns import FITS_WINDOW
from ui.widgets.fields import DateEditor, MultilineEditor, TextEditor
from ui.widgets.plain import shown_text
from ui.widgets.wheel import scroll_pages_not_boxes

AUTOSAVE_DELAY_MS = 1500
WRITE_UP = "assessment"
"""The kind of draft of an assessment's write-up (its form pages)."""


class AssessmentEditor(QWidget):
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

    closed = Signal()
    export_requested = Signal(str)
    saved = Signal()
    said = Signal(str)
    """A sentence for the status bar (e.g. that the start date now follows the first visit)."""

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

    def _build_pages(self, form: FormDefinition) -> None:
        self.nav.clear()
        while (widget := self.stack.widget(0)) is not None:
            self.stack.removeWidget(widget)
            widget.deleteLater()
        for page in self.pages:
            if self.keeper is not None and hasattr(page, "drafts"):
                self.keeper.unregister(page)  # type: ignore[arg-type]
        self.pages = []
        context = PageContext(form, self._store, self._interaction, self.keeper, self.user)
        for section in form.sections:
            page = make_page(section, context, self)
            if hasattr(page, "changed"):
                page.changed.connect(self.mark_changed)
            if hasattr(page, "records_changed"):
                page.records_changed.connect(self._on_records_changed)
            if hasattr(page, "record_saved"):
                page.record_saved.connect(self._on_record_saved)
            page.setProperty("form_key", form.digest)
            self.pages.append(page)
            if isinstance(page, FormPage) and "status" in page.editors:
                page.editors["status"].changed.connect(self._on_status_chosen)
            self.stack.addWidget(self._scrollable(page))
            scroll_pages_not_boxes(page)  # the wheel scrolls the page until a box is clicked into
            number = len(self.pages)
            self.nav.addItem(f"{number}. {section.short_title}")
            self.nav.item(number - 1).setToolTip(section.title)
        self._link_pages()
        # As wide as the longest section name, so none is cut off with larger text.
        needed = self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 8
        self.nav.setMaximumWidth(max(210, needed))
        self.nav.setMinimumWidth(min(needed, 320))
        if self.read_only:
            self.set_read_only(True)

    def _link_pages(self) -> None:
        """Connect pages that hand work to each other: a photo's proposed pin goes to the map."""
        maps = [page for page in self.pages if hasattr(page, "propose_pin")]
        for page in self.pages:
            if maps and hasattr(page, "pin_proposed"):
                map_page = maps[0]

                def to_map(latitude: float, longitude: float, accuracy: object, map_page: QWidget = map_page) -> None:
                    self.show_page(map_page)
                    map_page.propose_pin(latitude, longitude, accuracy)  # type: ignore[attr-defined]

                page.pin_proposed.connect(to_map)

    def _scrollable(self, page: QWidget) -> QWidget:
        """Put a page that does not scroll itself in a scroll area, so large text never cuts it off.

        A page with the :data:`~ui.widgets.columns.FITS_WINDOW` property scrolls in parts
        (its form's buttons stay in view) and is shown as it is.
        """
        if isinstance(page, QScrollArea) or page.property(FITS_WINDOW):
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
        self.show_page(self.page(section_id))

    def show_page(self, page: QWidget) -> None:
        """Switch to ``page`` (one of :attr:`pages`)."""
        self.nav.setCurrentRow(self.pages.index(page))

    def _on_page(self, row: int) -> None:
        if row < 0:
            return
        if self.dirty:
            self.save()
        self.stack.setCurrentIndex(row)
        self._show_side_ratings()

    def _start_at_first_visit(self) -> None:
        """Move the start date back to the first visit when a visit is recorded before it (issue 16).

        A new assessment starts today; its visits are often entered afterwards, dated earlier.
        The form says the start date is "usually the first observation visit", so it follows
        the earliest visit while it is still the default (the day the assessment was started)
        and the user has not typed one (a chosen start date is kept).
        The write-up is saved at once with the new date, which the status bar states.
        """
        overview = self._form_page_with("start_date")
        if self.assessment is None or overview is None or self.read_only or not self.assessment.observations:
            return
        if "start_date" in overview.touched and not self._start_follows_visits:
            return  # typed by the user
        first = min(utc_to_local(visit.start).date() for visit in self.assessment.observations)
        start = _typed_date(overview, "start_date")
        if start is not None and start <= first:
            return
        created = utc_to_local(self.assessment.created_at).date() if self.assessment.created_at else None
        if start is not None and start != created and not self._start_follows_visits:
            return  # not the day it was started: a start date someone chose
        overview.set_field("start_date", first)
        self._start_follows_visits = True
        self.save()  # at once, as the visit itself was: nothing is left waiting for the autosave
        self.said.emit(
            f"The assessment's start date is now {format_uk_date(first)}, the day of its first visit "
            "(change it on the Overview page if it should be another day)."
        )

    def _show_side_ratings(self) -> None:
        """Show the sides' ratings, as chosen on their pages, on the Summary page (issue 16)."""
        sides = [page for page in self.form_pages() if page.section.side is not None]
        for page in self.form_pages():
            page.show_ratings([(side.section.short_title, side.rating()) for side in sides])

    def set_read_only(self, read_only: bool) -> None:
        """Show the assessment without letting anything be changed (the database is open read-only).

        Text stays selectable and scrollable; every other editing control is disabled.
        """
        self.read_only = read_only
        for page in self.pages:
            for widget in page.findChildren(QWidget):
                if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                    widget.setReadOnly(read_only)
                elif isinstance(widget, (QAbstractButton, QComboBox, QAbstractSpinBox)):
                    widget.setEnabled(not read_only)

    # -- the write-up --------------------------------------------------------------

    def form_pages(self) -> list[FormPage]:
        """The pages of the write-up (overview, the three sides, summary)."""
        return [page for page in self.pages if isinstance(page, FormPage)]

    def typed_values(self) -> dict[str, Any]:
        """What the user changed in the write-up pages since it was loaded or saved, by key, as typed."""
        values: dict[str, Any] = {}
        for page in self.form_pages():
            values.update(page.touched_values())
        return values

    def show_stored_write_up(self, values: dict[str, Any], *, also: frozenset[str] = frozenset()) -> None:
        """Show stored values in the fields the user has not changed (and in ``also``), without marking them."""
        self._loading = True
        try:
            for page in self.form_pages():
                page.show_stored(values, also=also)
        finally:
            self._loading = False

    def _changed_keys(self) -> list[str]:
        """The write-up fields whose value differs from the base (a typed date not yet a date counts)."""
        typed = self.typed_values()
        if not typed or self.assessment is None:
            return []
        try:
            for page in self.form_pages():
                page.apply(self.assessment)
        except SafeguardingError:
            return list(typed)
        now = editable_values(self.assessment)
        return [key for key in typed if now.get(key) != self.base.get(key)]

    def _page_of(self, key: str) -> tuple[FormPage, str] | None:
        for page in self.form_pages():
            field_id = page.field_of(key)
            if field_id is not None:
                return page, field_id
        return None

    def field_label(self, key: str) -> str:
        """A write-up field in words, e.g. ``"Guardianship: Concerns"``."""
        found = self._page_of(key)
        if found is None:
            return key.replace("_", " ").capitalize()
        page, field_id = found
        return f"{page.section.short_title}: {page.editors[field_id].field.label}"

    def _value_in_words(self, key: str, value: Any) -> str:
        found = self._page_of(key)
        return found[0].describe_value(found[1], value) if found else str(value)

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
        self.problem = "Still a draft: a complete assessment needs its end date."
        self._show_state()
        self.problem = ""

    # -- saving ------------------------------------------------------------------

    def mark_changed(self) -> None:
        """Note an edit, (re)start the autosave timer and have its draft kept."""
        if self._loading or self.read_only:
            return
        self.dirty = True
        self.timer.start()
        if self.keeper is not None:
            self.keeper.touched()
        else:
            self._show_state()

    def save(self) -> bool:
        """Save the write-up now through the domain; return True if nothing of it is left unsaved.

        When another window saved one of the same fields, the user chooses between the
        two versions; deciding later leaves the work unsaved (on screen and in its draft).
        """
        self.timer.stop()
        if self.assessment is None or not self.dirty or self.read_only:
            return True
        for _attempt in range(3):  # a third window saving the same field again at that moment asks again
            try:
                for page in self.pages:
                    if hasattr(page, "apply"):
                        page.apply(self.assessment)  # refuses a typed date that is not a date
                fresh = self._store.assessments.save(self.assessment, base=self.base)
            except EditConflictError as error:
                if not self._resolve(error):
                    return False
                continue
            except SafeguardingError as error:
                return self._failed(str(error))
            self._take_stored(fresh)
            self.dirty = False
            self.problem = ""
            self._show_title()
            self._show_state()
            if self.keeper is not None:
                self.keeper.flush()  # its draft is removed at once
            self.saved.emit()
            return True
        return self._failed("The same fields keep being changed in another window. Try again in a moment.")

    def _failed(self, reason: str) -> bool:
        self.problem = reason
        self._show_state()
        return False

    def _take_stored(self, fresh: Assessment) -> None:
        """After a save: the stored write-up is the base; other windows' changes show in untouched fields."""
        assert self.assessment is not None
        stored = editable_values(fresh)
        for page in self.form_pages():
            page.touched.clear()  # saved: nothing of it is to be written again
        self.show_stored_write_up(stored)
        self.base = stored
        self.assessment.updated_at, self.assessment.revision = fresh.updated_at, fresh.revision
        self._adopt_write_up(fresh)

    def _adopt_write_up(self, fresh: Assessment) -> None:
        """Make the in-memory assessment's own fields and findings those of ``fresh`` (its records are kept)."""
        assert self.assessment is not None
        for name in (
            "status",
            "assessor_name",
            "assessor_agency",
            "start_date",
            "end_date",
            "scope_boundary",
            "scope_times",
            "analysis",
            "recommendation",
            "findings",
            "updated_at",
            "revision",
        ):
            setattr(self.assessment, name, getattr(fresh, name))

    def _resolve(self, error: EditConflictError) -> bool:
        """Ask which version of each conflicting field to keep; show the merged write-up. False: decide later."""
        assert self.assessment is not None
        resolution = resolve(
            self,
            self._interaction,
            error,
            label=self.field_label,
            shown=self._value_in_words,
            is_text=self._is_text,
            me=self.user,
        )
        if resolution is None:
            self.problem = f"{error} Press Ctrl+S to choose."
            self._show_state()
            return False
        try:
            fresh = self._store.assessments.get(self.assessment.id)
        except SafeguardingError as failure:
            return self._failed(str(failure))
        stored = editable_values(fresh)
        self._adopt_write_up(fresh)
        self.base = stored  # the next save compares with the write-up as stored now
        theirs = frozenset(resolution.theirs)
        self.show_stored_write_up(stored, also=theirs)  # theirs where chosen, and their other changes
        for key, text in resolution.texts.items():
            found = self._page_of(key)
            if found is not None:
                found[0].set_field(found[1], text)  # the merged text is the user's change now
        return True

    def _is_text(self, key: str) -> bool:
        found = self._page_of(key)
        return found is not None and isinstance(found[0].editors[found[1]], (TextEditor, MultilineEditor))

    def _show_title(self) -> None:
        if self.assessment is not None and self.location is not None:
            status = self.assessment.status.label
            self.title.setText(f"<b>{escape(shown_text(self.location.name, 80))}</b> — assessment ({status})")

    def _show_state(self) -> None:
        """The status line: "All changes saved" only when no form holds unsaved work; else what, and why.

        It is two lines high whatever it says (the whole text in its tooltip), so the page
        below never moves while the user works (a keyboard trial saw a 4-line message push
        the page down and cut off the rating help).
        """
        text, style = self._state_words()
        self.save_state.setStyleSheet(style)
        self.save_state.setText(text)
        self.save_state.setToolTip(text)

    def _state_words(self) -> tuple[str, str]:
        """What the status line says, and its style sheet."""
        if self.read_only:
            return "Read-only: nothing can be changed in this window.", message_style()
        if self.problem:
            return f"Not saved: {self.problem}", message_style()
        unsaved = self.keeper.summary() if self.keeper is not None else ""
        if unsaved or self.dirty:
            return unsaved or "Unsaved changes…", message_style() if self.keeper and self.keeper.problem else ""
        if self.assessment is not None and self.assessment.updated_at is not None:
            when = utc_to_local(self.assessment.updated_at).strftime("%H:%M:%S")
            return f"All changes saved ({when})", ""
        return "All changes saved", ""

    def _mark_names(self) -> None:
        """Underline the registered people's names in the fields (see :mod:`ui.protection.name_marks`)."""
        if self.assessment is not None:
            loading, self._loading = self._loading, True  # new underlines are not an edit (Qt says "text changed")
            try:
                with contextlib.suppress(SafeguardingError):  # only the marks would be missing
                    self.name_marks.set_people(self._store.people.for_redaction(self.assessment.id))
            finally:
                self._loading = loading

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
            self._start_at_first_visit()
            for page in self.pages:  # plan pages show each other's records (weights, actions, reviews)
                if page is not self.sender() and hasattr(page, "refresh") and hasattr(page, "plan"):
                    page.refresh(fresh.plan)
            self.assessment.updated_at = fresh.updated_at
            self._show_state()  # the time of the last save includes visits, photos and pins
        if self.keeper is not None:
            self.keeper.flush()  # the draft of what was just saved is removed at once
        self.saved.emit()

    def _on_record_saved(self, record: object) -> None:
        """A page saved one visit or pin and shows it: put it in the in-memory assessment, read nothing again."""
        if self.assessment is not None and isinstance(record, (Observation, MapPin)):
            held: list[Any] = self.assessment.observations if isinstance(record, Observation) else self.assessment.pins
            place = next((number for number, kept in enumerate(held) if kept.id == record.id), None)
            if place is None:
                held.append(record)
            else:
                held[place] = record
            if isinstance(record, Observation):
                held.sort(key=lambda visit: visit.start)  # visits in time order, as the store gives them
            if record.updated_at is not None and (
                self.assessment.updated_at is None or record.updated_at > self.assessment.updated_at
            ):
                self.assessment.updated_at = record.updated_at
            if isinstance(record, Observation):
                self._start_at_first_visit()
            self._show_state()
        if self.keeper is not None:
            self.keeper.flush()  # the draft of what was just saved is removed at once
        self.saved.emit()

    # -- drafts (the write-up as an Editable) ----------------------------------------

    def drafts(self) -> list[Draft]:
        """The write-up's unsaved work as a draft: what was typed (even a date not finished), against the base."""
        if self.assessment is None or self.location is None or not self.dirty:
            return []
        changed = self._changed_keys()
        if not changed:
            return []
        typed = self.typed_values()
        found = [self._page_of(key) for key in changed]
        sections = list(dict.fromkeys(place[0].section.short_title for place in found if place is not None))
        what = " and ".join([", ".join(sections[:-1]), sections[-1]] if len(sections) > 1 else sections)
        return [
            Draft(
                key=f"{WRITE_UP}:{self.assessment.id}",
                kind=WRITE_UP,
                record_id=self.assessment.id,
                assessment_id=self.assessment.id,
                label=f"the {what} of the assessment of {self.location.name}",
                payload=typed,
                base=dict(self.base),
                excerpt=excerpt(*(str(typed[key]) for key in changed if isinstance(typed[key], str))),
            )
        ]

    def save_unsaved(self) -> str | None:
        """Save the write-up; None if saved, else why not."""
        return None if self.save() else (self.problem or "it could not be saved")

    def discard_unsaved(self) -> None:
        """Show the write-up as stored again (the user chose to discard the changes)."""
        self.timer.stop()
        touched = frozenset(self.typed_values())
        self.show_stored_write_up(self.base, also=touched)
        self.dirty = False
        self.problem = ""
        self._show_state()

    def restore_draft(self, draft: Draft) -> bool:
        """Show a restored draft: of the write-up here, of other work on the page that keeps it.

        The restored work is unsaved; it is saved through the normal, conflict-safe path
        against the base it was typed on.
        """
        if self.assessment is None or draft.assessment_id != self.assessment.id:
            return False
        if draft.kind != WRITE_UP:
            for page in self.pages:
                if hasattr(page, "restore_draft") and page.restore_draft(draft):
                    self.show_page(page)
                    if hasattr(page, "reveal"):
                        page.reveal()  # the restored typing in view, the focus in it
                    return True
            return False
        self._loading = True
        try:
            for page in self.form_pages():
                page.restore_touched(draft.payload)
        finally:
            self._loading = False
        self.base = dict(draft.base or self.base)
        first = next(iter(draft.payload), None)
        found = self._page_of(first) if first else None
        if found is not None:
            self.show_page(found[0])
        self.dirty = True
        self.timer.stop()  # saved when the user goes on, not behind their back
        if self.keeper is not None:
            self.keeper.touched()
        self._show_state()
        return True

    def reveal(self) -> None:
        """Show the first write-up page with unsaved changes."""
        changed = self._changed_keys()
        found = self._page_of(changed[0]) if changed else None
        if found is not None:
            self.show_page(found[0])

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


def _typed_date(page: FormPage, field_id: str) -> date | None:
    """The date typed in a date field of ``page`` (None: empty, not a date yet, or no such field)."""
    editor = page.editors.get(field_id)
    return editor.edit.parsed() if isinstance(editor, DateEditor) else None
