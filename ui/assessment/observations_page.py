"""The Observations page: the list of visits and a form to add or edit one.

A visit is saved to the database as soon as "Save visit" is pressed (it does
not wait for the assessment's autosave), so a visit entered in the field is on
disk at once. Times are entered in UK local time and stored in UTC; the time
band is derived from the times and shown as the user types.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from safeguarding.errors import SafeguardingError
from safeguarding.forms import FormDefinition
from safeguarding.model import Assessment, Location, Observation
from safeguarding.store import Store
from safeguarding.timebands import band_label
from safeguarding.timeutil import local_to_utc, utc_now, utc_to_local
from ui.interaction import Interaction
from ui.models import ObservationTableModel


class ObservationsPage(QWidget):
    """Visits of one assessment. Emits ``records_changed`` after a save or delete."""

    records_changed = Signal()

    def __init__(
        self, form: FormDefinition, store: Store, interaction: Interaction, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page_observations")
        self._form = form
        self._store = store
        self._interaction = interaction
        self._assessment_id = ""
        self._editing: Observation | None = None

        layout = QVBoxLayout(self)
        title = QLabel("Observations", self)
        title.setObjectName("pageTitle")
        intro = QLabel(form.observations_help, self)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(title)
        layout.addWidget(intro)

        self.model = ObservationTableModel(form)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Observation visits")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ObservationTableModel.OBSERVER, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(ObservationTableModel.OBSERVER, 220)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setMinimumHeight(150)
        self.table.selectionModel().currentRowChanged.connect(self._on_row)
        layout.addWidget(self.table, 2)

        self.form_box = QGroupBox("New visit", self)
        grid = QFormLayout(self.form_box)
        self.date_edit = QDateEdit(self.form_box)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd dd/MM/yyyy")
        self.start_edit = QTimeEdit(self.form_box)
        self.start_edit.setDisplayFormat("HH:mm")
        self.end_edit = QTimeEdit(self.form_box)
        self.end_edit.setDisplayFormat("HH:mm")
        self.overnight = QCheckBox("Ends after midnight", self.form_box)
        times = QHBoxLayout()
        times.addWidget(self.start_edit)
        times.addWidget(QLabel("to", self.form_box))
        times.addWidget(self.end_edit)
        times.addWidget(self.overnight)
        times.addStretch(1)
        self.band_label = QLabel(self.form_box)
        self.band_label.setObjectName("bandLabel")
        self.observer_edit = QLineEdit(self.form_box)
        self.weather_edit = QLineEdit(self.form_box)
        self.weather_edit.setPlaceholderText("For example: dry and cold, light rain")
        self.light_combo = QComboBox(self.form_box)
        for choice in form.light:
            self.light_combo.addItem(choice.label, choice.id)
        self.notes_edit = QPlainTextEdit(self.form_box)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setPlaceholderText(
            "Numbers and approximate ages of young people, activities, adults and guardians present, "
            "environmental details. No names of young people."
        )
        self.notes_edit.setMinimumHeight(90)
        self.message = QLabel(self.form_box)
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        for label, widget, help_text in (
            ("Date", self.date_edit, "The day of the visit (UK date)."),
            ("Start time", self.start_edit, "When the visit started, UK local time."),
            ("End time", self.end_edit, "When the visit ended, UK local time."),
            ("Observer(s)", self.observer_edit, "Who carried out the visit. Practitioners only."),
            ("Weather", self.weather_edit, "The weather during the visit."),
            ("Light", self.light_combo, "The light conditions during the visit."),
            ("What was seen", self.notes_edit, "What was seen, with no names of young people."),
        ):
            widget.setAccessibleName(label)
            widget.setAccessibleDescription(help_text)
            widget.setToolTip(help_text)
        self.overnight.setAccessibleDescription("Tick when the visit finished after midnight, on the next day.")
        grid.addRow("&Date", self.date_edit)
        grid.addRow("Ti&mes", times)
        grid.addRow("Time band", self.band_label)
        grid.addRow("O&bserver(s)", self.observer_edit)
        grid.addRow("&Weather", self.weather_edit)
        grid.addRow("&Light", self.light_combo)
        grid.addRow("What was &seen", self.notes_edit)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("Save visit", self.form_box)
        self.save_button.setDefault(True)
        self.new_button = QPushButton("Clear form for a new visit", self.form_box)
        self.delete_button = QPushButton("Delete visit", self.form_box)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        grid.addRow(self.message)
        grid.addRow(buttons)
        layout.addWidget(self.form_box, 3)

        for signal in (self.date_edit.dateChanged, self.start_edit.timeChanged, self.end_edit.timeChanged):
            signal.connect(self._update_band)
        self.overnight.toggled.connect(self._update_band)
        self.save_button.clicked.connect(self.save_visit)
        self.new_button.clicked.connect(self.clear_form)
        self.delete_button.clicked.connect(self.delete_visit)
        self.clear_form()

    # -- loading -----------------------------------------------------------------

    def load(self, assessment: Assessment, location: Location | None = None) -> None:
        """Show the assessment's visits and reset the form."""
        self._assessment_id = assessment.id
        self.model.set_rows(assessment.observations)
        self.clear_form()

    def first_editor(self) -> QWidget:
        """The widget to focus when the page opens."""
        return self.date_edit

    # -- the form ----------------------------------------------------------------

    def clear_form(self) -> None:
        """Empty the form for a new visit, dated now (UK local)."""
        self._editing = None
        now = utc_to_local(utc_now())
        self.date_edit.setDate(QDate(now.year, now.month, now.day))
        self.start_edit.setTime(QTime(now.hour, 0))
        self.end_edit.setTime(QTime((now.hour + 1) % 24, 0))
        self.overnight.setChecked(now.hour == 23)
        self.observer_edit.clear()
        self.weather_edit.clear()
        self.light_combo.setCurrentIndex(0)
        self.notes_edit.clear()
        self.message.clear()
        self.form_box.setTitle("New visit")
        self.delete_button.setEnabled(False)
        self.table.clearSelection()
        self._update_band()

    def _on_row(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        self.show_visit(self.model.row(index.row()))

    def show_visit(self, visit: Observation) -> None:
        """Fill the form with ``visit`` for editing."""
        self._editing = visit
        start, end = utc_to_local(visit.start), utc_to_local(visit.end)
        self.date_edit.setDate(QDate(start.year, start.month, start.day))
        self.start_edit.setTime(QTime(start.hour, start.minute))
        self.end_edit.setTime(QTime(end.hour, end.minute))
        self.overnight.setChecked(end.date() > start.date())
        self.observer_edit.setText(visit.observer)
        self.weather_edit.setText(visit.weather)
        self.light_combo.setCurrentIndex(max(self.light_combo.findData(visit.light), 0))
        self.notes_edit.setPlainText(visit.notes)
        self.message.clear()
        self.form_box.setTitle("Edit visit")
        self.delete_button.setEnabled(True)

    def _local_times(self) -> tuple[datetime, datetime]:
        qdate, qstart, qend = self.date_edit.date(), self.start_edit.time(), self.end_edit.time()
        start = datetime(qdate.year(), qdate.month(), qdate.day(), qstart.hour(), qstart.minute())
        end = datetime(qdate.year(), qdate.month(), qdate.day(), qend.hour(), qend.minute())
        if self.overnight.isChecked():
            end += timedelta(days=1)
        return start, end

    def _update_band(self) -> None:
        start, end = self._local_times()
        if end <= start:
            self.band_label.setText("— (the end time must be after the start time)")
            return
        probe = Observation(start=local_to_utc(start), end=local_to_utc(end))
        self.band_label.setText(band_label(probe, self._form.time_bands))

    def visit_from_form(self) -> Observation:
        """Build a visit from the form (UTC times), keeping the id when editing."""
        start, end = self._local_times()
        visit = Observation(
            start=local_to_utc(start),
            end=local_to_utc(end),
            observer=self.observer_edit.text().strip(),
            weather=self.weather_edit.text().strip(),
            light=str(self.light_combo.currentData() or ""),
            notes=self.notes_edit.toPlainText(),
        )
        if self._editing is not None:
            visit.id = self._editing.id
            visit.created_at = self._editing.created_at
        return visit

    def save_visit(self) -> bool:
        """Validate and save the visit in the form; return True if saved."""
        visit = self.visit_from_form()
        if visit.end <= visit.start:
            self.message.setText(
                "The end time must be after the start time. For a visit that went past midnight, "
                "tick 'Ends after midnight'."
            )
            self.end_edit.setFocus()
            return False
        try:
            self._store.assessments.save_observation(self._assessment_id, visit)
        except SafeguardingError as error:
            self.message.setText(str(error))
            return False
        self._reload(select=visit.id)
        self.message.setText("Visit saved.")
        return True

    def delete_visit(self) -> None:
        """Delete the visit being edited, after confirmation."""
        if self._editing is None:
            return
        if not self._interaction.confirm(self, "Delete visit", "Delete this visit from the assessment?"):
            return
        try:
            self._store.assessments.delete_observation(self._editing.id)
        except SafeguardingError as error:
            self.message.setText(str(error))
            return
        self._reload()
        self.clear_form()
        self.message.setText("Visit deleted.")

    def _reload(self, select: str | None = None) -> None:
        self.model.set_rows(self._store.assessments.observations(self._assessment_id))
        self.records_changed.emit()
        if select is not None:
            row = self.model.row_of(select)
            if row is not None:
                self.table.selectionModel().blockSignals(True)
                self.table.selectRow(row)
                self.table.selectionModel().blockSignals(False)
                self._editing = self.model.row(row)
                self.form_box.setTitle("Edit visit")
                self.delete_button.setEnabled(True)
