"""The editor's pages: built from the form, wired to the editor and to each other, and the list that switches them.

A part of :class:`~ui.editor.editor.AssessmentEditor` (its methods, moved out whole). A page
that saves its own records (visits, pins, photos, the plan) tells the editor, which refreshes
its in-memory copy of the assessment that the other pages read.
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QFrame,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)

from safeguarding.errors import SafeguardingError
from safeguarding.forms import FormDefinition
from safeguarding.model import MapPin, Observation
from ui.editor.editor_base import EditorBase
from ui.editor.form_page import FormPage
from ui.editor.registry import PageContext, make_page
from ui.widgets.columns import FITS_WINDOW
from ui.widgets.tab_keys import tab_leaves_tables
from ui.widgets.wheel import scroll_pages_not_boxes


class EditorPages(EditorBase):
    """Building, linking and showing the editor's pages (a part of AssessmentEditor)."""

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
            tab_leaves_tables(page)  # it went round a table's cells for ever
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
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop: it shows no focus (its fields do)
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
