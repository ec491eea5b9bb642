"""The Observations page: the visits list, a coverage grid and a quick-capture form.

A visit is saved to the database as soon as "Save visit" (or Ctrl+Enter) is
pressed; it does not wait for the assessment's autosave, so a visit entered in
the field is on disk at once. Times are entered in UK local time and stored in
UTC; the time band and weekday/weekend are derived from the times and shown as
the user types.

Quick capture from the keyboard alone: the form's tab order runs date, times,
observers, weather, light, the head-count grid (age band by gender as
observed), activities, guardians, sides and notes; Ctrl+Enter saves from
anywhere in the form and Alt+N ("New visit") starts a new one (Ctrl+N is the
window's New location).

A visit being typed is kept as a draft (:mod:`ui.editing`), and an edit is saved
against the visit as it was shown: another window's changes to other fields are
kept, and the same field changed in both is shown as two versions to choose from.

The visits list sorts by clicking a column header and filters by time band.
The coverage grid shows visits per weekday and time band, and the gaps are
written out in words underneath (for example "No visit at a weekend: Evening").
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRegularExpression, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safeguarding.drafts import excerpt
from safeguarding.errors import SafeguardingError
from safeguarding.evidence.coverage import band_hours, band_names
from safeguarding.forms import FormDefinition
from safeguarding.model import Assessment, GuardianPresence, Location, Observation
from safeguarding.store import Store
from safeguarding.timeutil import from_iso, local_time_exists, utc_to_local
from ui.editing.conflicts import attribute_copier
from ui.editing.keeper import DraftKeeper
from ui.editing.record_form import EditedThroughForm, RecordEditing
from ui.editor.coverage_grid import CoverageGrid
from ui.editor.save_keys import SaveKeys
from ui.editor.visit_form import VisitForm
from ui.interaction import Interaction
from ui.models import ObservationTableModel
from ui.widgets.columns import FITS_WINDOW, VerticalScroll, full_width_choices
from ui.widgets.messages import confirmed, say

VISIT = "visit"
"""The kind of draft of a visit being typed."""
VISIT_FIELDS = {
    "start_utc": "Start",
    "end_utc": "End",
    "observer": "Observers",
    "weather": "Weather",
    "light": "Light",
    "notes": "What was seen",
    "activities": "Activities seen",
    "guardians": "Guardians present",
    "guardian_presence": "Guardians active",
    "counts": "Young people seen",
    "sides": "Evidence for sides",
}
"""A visit's fields in words (as an edit conflict names them)."""
VISIT_TEXTS = frozenset({"observer", "weather", "notes", "activities", "guardians"})
COPY_VISIT_FIELD, SET_VISIT_TEXT = attribute_copier({"start_utc": "start", "end_utc": "end"})

SIZED_FROM_ROWS = 30
"""The columns fit the first this many visits (the dates and times are all as wide), not all of them."""


class ObservationsPage(EditedThroughForm, VisitForm):
    """Visits of one assessment. Emits ``record_saved`` after a save, ``records_changed`` after a delete."""

    records_changed = Signal()
    record_saved = Signal(object)

    def __init__(
        self,
        form: FormDefinition,
        store: Store,
        interaction: Interaction,
        parent: QWidget | None = None,
        *,
        drafts: DraftKeeper | None = None,
        user: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page_observations")
        self._form = form
        self._store = store
        self._interaction = interaction
        self._place = ""
        self.edits: RecordEditing[Observation] = RecordEditing(
            self,
            kind=VISIT,
            fields={key: f"Visit: {words}" for key, words in VISIT_FIELDS.items()},
            texts=VISIT_TEXTS,
            copy_field=COPY_VISIT_FIELD,
            set_text=SET_VISIT_TEXT,
            interaction=interaction,
            drafts=drafts,
            user=user,
            describe=self._value_in_words,
            ignore_when_new=frozenset({"date", "start", "end", "overnight"}),  # a blank form dated now
        )

        layout = QVBoxLayout(self)
        title = QLabel("Observations", self)
        title.setObjectName("pageTitle")
        intro = QLabel(form.observations_help, self)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(title)
        layout.addWidget(intro)

        # Fits the window (see ui.widgets.columns): the list and the form scroll apart,
        # and the form's Save, New and Delete buttons stay in view under it.
        self.setProperty(FITS_WINDOW, True)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        splitter.addWidget(VerticalScroll(self._build_list(), splitter))
        splitter.addWidget(self._build_form())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        for signal in (self.date_edit.changed, self.start_edit.timeChanged, self.end_edit.timeChanged):
            signal.connect(self._update_band)
        self.overnight.toggled.connect(self._update_band)
        self.save_button.clicked.connect(self.save_visit)
        self.new_button.clicked.connect(self.new_visit)
        self.delete_button.clicked.connect(self.delete_visit)
        self.save_keys = SaveKeys(self.form_column, self.save_visit)
        self.clear_form()
        if drafts is not None:
            drafts.watch(self, self.form_box)

    # -- building ----------------------------------------------------------------

    def _build_list(self) -> QWidget:
        panel = QWidget(self)
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        filter_row = QHBoxLayout()
        self.band_filter = QComboBox(panel)
        self.band_filter.setAccessibleName("Show visits in time band")
        self.band_filter.addItem("All time bands", "")
        for band in self._form.time_bands:
            self.band_filter.addItem(f"{band_names(band)} ({band_hours(band)})", band.id)
        # As narrow as 20 characters (the list still opens wide enough to read each band in full).
        self.band_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.band_filter.setMinimumContentsLength(20)
        full_width_choices(self.band_filter)
        filter_label = QLabel("S&how:", panel)
        filter_label.setBuddy(self.band_filter)
        filter_row.addWidget(filter_label)
        filter_row.addWidget(self.band_filter, 1)
        column.addLayout(filter_row)

        self.model = ObservationTableModel(self._form)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(ObservationTableModel.SORT_ROLE)
        self.proxy.setFilterRole(ObservationTableModel.BAND_ROLE)
        self.proxy.setFilterKeyColumn(ObservationTableModel.BAND)
        self.table = QTableView(panel)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Observation visits")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ObservationTableModel.DATE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setResizeContentsPrecision(SIZED_FROM_ROWS)  # sized when the visits are loaded, not at each save
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # What was seen straight after the time band: as the last column it was off to the
        # right of a small screen, behind a sideways scroll.
        header.moveSection(header.visualIndex(ObservationTableModel.NOTES), ObservationTableModel.OBSERVER)
        header.resizeSection(ObservationTableModel.NOTES, 240)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setMinimumHeight(150)
        self.table.selectionModel().currentRowChanged.connect(self._on_row)
        self.band_filter.currentIndexChanged.connect(self._apply_filter)
        column.addWidget(self.table, 1)

        coverage_box = QGroupBox("Coverage: visits by day and time band", panel)
        coverage_layout = QVBoxLayout(coverage_box)
        self.coverage = CoverageGrid(self._form, coverage_box)
        coverage_layout.addWidget(self.coverage)
        column.addWidget(coverage_box)
        return panel

    # -- loading -----------------------------------------------------------------

    def load(self, assessment: Assessment, location: Location | None = None) -> None:
        """Show the assessment's visits and reset the form."""
        self.edits.assessment_id = assessment.id
        self._place = location.name if location is not None else ""
        self._set_visits(assessment.observations)
        self.clear_form()

    def first_editor(self) -> QWidget:
        """The widget to focus when the page opens."""
        return self.date_edit

    def _set_visits(self, visits: list[Observation]) -> None:
        self.model.set_rows(visits)
        for column in range(ObservationTableModel.NOTES):  # the notes column takes the rest of the width
            if column == ObservationTableModel.OBSERVER:
                self.table.setColumnWidth(column, 160)
            else:
                self.table.resizeColumnToContents(column)
        self.coverage.set_visits(visits)

    def _apply_filter(self) -> None:
        band_id = str(self.band_filter.currentData() or "")
        pattern = f"^{re.escape(band_id)}$" if band_id else ""
        self.proxy.setFilterRegularExpression(QRegularExpression(pattern))

    def visible_visits(self) -> list[Observation]:
        """The visits as listed now (sorted and filtered), top to bottom."""
        return [
            self.model.row(self.proxy.mapToSource(self.proxy.index(row, 0)).row())
            for row in range(self.proxy.rowCount())
        ]

    # -- the form ----------------------------------------------------------------

    def new_visit(self) -> None:
        """Clear the form for a new visit, asking first if a visit is typed but not saved.

        The observers are carried over (the same people usually make the next visit too),
        the form is scrolled back to its first field and the date box has the focus.
        """
        observers = self.observer_edit.text()
        if self.ask_before_switching():
            self.clear_form(observers)
            self.form_column.scroll_to_top()
            self.date_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_row(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        chosen = self.model.row(self.proxy.mapToSource(index).row())
        editing = self.edits.editing
        if editing is not None and chosen.id == editing.id:
            return
        if not self.ask_before_switching():
            self._reselect_editing()
            return
        self.show_visit(chosen)

    def _reselect_editing(self) -> None:
        """Put the selection back on the visit being edited (or none), without reloading the form."""
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        try:
            self.table.clearSelection()
            if self.edits.editing is not None:
                row = self.model.row_of(self.edits.editing.id)
                if row is not None:
                    self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
        finally:
            selection.blockSignals(False)

    def unsaved_work(self) -> str:
        """Describe a visit typed but not saved ("" if none; moving only the date or times of a blank form is none)."""
        if not self.edits.unsaved():
            return ""
        if self.edits.editing is None:
            return "The new visit you were entering has not been saved."
        return "Your changes to the visit have not been saved."

    def ask_before_switching(self) -> bool:
        """Before showing another visit: if a visit is unsaved, ask to save it, discard it or stay; True to go on."""
        pending = self.unsaved_work()
        if not pending:
            return True
        answer = self._interaction.choose(self, "Visit not saved", pending, ["Save the visit", "Discard it", "Stay"])
        if answer == 0:
            return self.save_visit()
        return answer == 1

    def save_visit(self) -> bool:
        """Validate and save the visit in the form; return True if saved."""
        try:
            self.date_edit.given()
        except SafeguardingError as error:
            self.date_edit.setFocus()
            return self.edits.fail(str(error))
        visit = self.visit_from_form()
        start, end = self._local_times()
        for moment, which in ((start, self.start_edit), (end, self.end_edit)):
            if not local_time_exists(moment):
                which.setFocus()
                return self.edits.fail(
                    f"There is no {moment:%H:%M} on {moment:%A %d %B %Y} in the UK: the clocks went forward "
                    "an hour that night. Please check the time."
                )
        if visit.end <= visit.start:
            self.end_edit.setFocus()
            return self.edits.fail(
                "The end time must be after the start time. For a visit that went past midnight, "
                "tick 'Ends after midnight'."
            )
        if not visit.notes.strip() and not visit.counts:
            self.notes_edit.setFocus()
            return self.edits.fail("Please write what was seen on the visit, even if it was 'Nobody present'.")
        return self.edits.save()

    # -- what RecordEditing uses ----------------------------------------------------

    def save_form(self) -> bool:
        """Check and save the visit in the form."""
        return self.save_visit()

    def stored_record(self, record_id: str) -> Observation:
        """The visit as stored now."""
        return self._store.assessments.observation(record_id)

    def save_record(self, record: Observation, base: dict[str, object] | None) -> Observation:
        """Save the visit against ``base``."""
        return self._store.assessments.save_observation(self.edits.assessment_id, record, base=base)

    def after_save(self, saved: Observation) -> None:
        """Show the saved visit as stored in its row (the others are not read again) and in the form."""
        self.model.put_row(saved)
        self.coverage.set_visits(self.model.rows())
        self._select_listed(saved.id)
        self.record_saved.emit(saved)
        self.show_visit(saved)
        say(self.message, "Visit saved.", problem=False)

    def say(self, text: str, problem: bool) -> None:
        """Show ``text`` on the form's message line."""
        say(self.message, text, problem=problem)

    def show_record(self, record: Observation) -> None:
        """Fill the form with a stored visit."""
        self.show_visit(record)

    def draft_label(self) -> str:
        """The visit being typed in words."""
        editing = self.edits.editing
        when = f" of {utc_to_local(editing.start):%d/%m/%Y %H:%M}" if editing is not None else ""
        return f"{'changes to the visit' if editing else 'a visit'}{when} to {self._place or 'the location'}"

    def draft_excerpt(self) -> str:
        """The start of what was typed about the visit."""
        return excerpt(self.notes_edit.toPlainText(), self.activities_edit.text(), self.observer_edit.text())

    def _value_in_words(self, key: str, value: object) -> str:
        if value in (None, ""):
            return "(empty)"
        if key in ("start_utc", "end_utc"):
            return f"{utc_to_local(from_iso(str(value))):%a %d/%m/%Y %H:%M}"
        if key == "light":
            return next((choice.label for choice in self._form.light if choice.id == value), str(value))
        if key == "guardian_presence":
            return GuardianPresence(str(value)).label
        return str(value)

    # -- drafts (the form's typing, as an Editable: see EditedThroughForm) ----------------

    def typing_field(self) -> QWidget:
        """The field that takes the focus when the form is shown again."""
        return self.notes_edit

    def restored(self) -> None:
        """A draft was shown: the list's selection goes back on its record."""
        self._reselect_editing()

    def delete_visit(self) -> None:
        """Delete the visit being edited, after confirmation."""
        if self.edits.editing is None:
            return
        visit_id = self.edits.editing.id
        if not confirmed(
            self,
            self._interaction,
            self.message,
            title="Delete visit",
            question="Delete this visit from the assessment?",
            action=lambda: self._store.assessments.delete_observation(visit_id),
        ):
            return
        self._reload()
        self.clear_form()
        say(self.message, "Visit deleted.", problem=False)

    def _reload(self) -> None:
        self._set_visits(self._store.assessments.observations(self.edits.assessment_id))
        self.records_changed.emit()

    def _select_listed(self, visit_id: str) -> None:
        """Select the row of ``visit_id`` without showing it again (the form shows it already)."""
        row = self.model.row_of(visit_id)
        if row is None:
            return
        proxy_index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().blockSignals(True)
        if proxy_index.isValid():
            self.table.selectRow(proxy_index.row())
        self.table.selectionModel().blockSignals(False)
        self.form_box.setTitle("Edit visit")
        self.delete_button.setEnabled(True)
