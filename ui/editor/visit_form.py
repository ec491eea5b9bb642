"""The Observations page's visit form: built, filled from a visit, read back into one, and kept as a draft.

A part of :class:`~ui.editor.observations_page.ObservationsPage` (its methods, moved
out whole so each module has one job); the page owns the visits list and saving.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from safeguarding.evidence.details import MAX_COUNT
from safeguarding.model import AgeBand, GuardianPresence, Observation, ObservedGender, Side
from safeguarding.timebands import band_label, is_weekend
from safeguarding.timeutil import local_to_utc, utc_now, utc_to_local
from safeguarding.words import counted
from ui.widgets.columns import button_row, form_with_buttons
from ui.widgets.dates import DateField, type_over_on_click
from ui.widgets.fields import select_data

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView

    from safeguarding.forms import FormDefinition
    from ui.editing.record_form import RecordEditing


class VisitForm(QWidget):
    """The visit form of the Observations page: its widgets, filling them and reading them."""

    if TYPE_CHECKING:  # members of the page, which these methods use
        _form: FormDefinition
        table: QTableView
        edits: RecordEditing[Observation]

    def _build_form(self) -> QWidget:
        """The form: its fields scroll, its message and buttons stay in view under them."""
        self.form_box = QGroupBox("New visit", self)
        grid = QFormLayout(self.form_box)
        box = self.form_box
        self.date_edit = DateField("Visit date", box, required=True)
        self.start_edit = QTimeEdit(box)
        self.start_edit.setDisplayFormat("HH:mm")
        self.end_edit = QTimeEdit(box)
        self.end_edit.setDisplayFormat("HH:mm")
        for clock in (self.start_edit, self.end_edit):
            type_over_on_click(clock)
        self.overnight = QCheckBox("Ends after midnight", box)
        times = QHBoxLayout()
        times.addWidget(self.start_edit)
        times.addWidget(QLabel("to", box))
        times.addWidget(self.end_edit)
        times.addStretch(1)
        self.band_label = QLabel(box)
        self.band_label.setObjectName("bandLabel")
        self.day_label = QLabel(box)
        self.day_label.setObjectName("dayLabel")
        self.observer_edit = QLineEdit(box)
        self.weather_edit = QLineEdit(box)
        self.weather_edit.setPlaceholderText("For example: dry and cold, light rain")
        self.light_combo = QComboBox(box)
        for choice in self._form.light:
            self.light_combo.addItem(choice.label, choice.id)
        self.light_combo.insertItem(0, "Not recorded", "")

        counts_widget = QWidget(box)
        counts = QGridLayout(counts_widget)
        counts.setContentsMargins(0, 0, 0, 0)
        for col, gender in enumerate(ObservedGender, start=1):
            counts.addWidget(QLabel(gender.label, counts_widget), 0, col)
        self.count_edits: dict[tuple[AgeBand, ObservedGender], QSpinBox] = {}
        for row, age in enumerate(AgeBand, start=1):
            counts.addWidget(QLabel(age.label, counts_widget), row, 0)
            for col, gender in enumerate(ObservedGender, start=1):
                spin = QSpinBox(counts_widget)
                spin.setRange(0, MAX_COUNT)
                spin.setMaximumWidth(80)
                spin.setAccessibleName(f"{age.label}, {gender.label.lower()}")
                spin.setAccessibleDescription("How many people of this approximate age and gender, as observed.")
                counts.addWidget(spin, row, col)
                self.count_edits[(age, gender)] = spin
        self.total_label = QLabel(counts_widget)
        counts.addWidget(self.total_label, len(AgeBand) + 1, 0, 1, len(ObservedGender) + 1)
        counts.setColumnStretch(len(ObservedGender) + 1, 1)
        for spin in self.count_edits.values():
            spin.valueChanged.connect(self._update_total)

        self.activities_edit = QLineEdit(box)
        self.activities_edit.setPlaceholderText("For example: sitting on the bandstand, cycling, music, vaping")
        self.guardians_edit = QLineEdit(box)
        self.guardians_edit.setPlaceholderText("For example: park warden, café staff, PCSO patrol")
        self.presence_combo = QComboBox(box)
        for presence in GuardianPresence:
            self.presence_combo.addItem(presence.label, presence.value)
        sides_row = QVBoxLayout()
        self.side_checks: dict[Side, QCheckBox] = {}
        for side in Side:
            check = QCheckBox(side.label, box)
            check.setAccessibleDescription(f"Tick if this visit gives evidence on the side '{side.label}'.")
            self.side_checks[side] = check
            sides_row.addWidget(check)
        self.notes_edit = QPlainTextEdit(box)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setPlaceholderText(
            "What was seen: groups, behaviour, adults around, environmental details. No names of young people."
        )
        self.notes_edit.setMinimumHeight(90)
        self.message = QLabel(self)
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        for label, widget, help_text in (
            ("Start time", self.start_edit, "When the visit started, UK local time."),
            ("End time", self.end_edit, "When the visit ended, UK local time."),
            ("Observers", self.observer_edit, "Who carried out the visit. Practitioners only."),
            ("Weather", self.weather_edit, "The weather during the visit."),
            ("Light", self.light_combo, "The light conditions during the visit."),
            ("Activities seen", self.activities_edit, "What young people were doing. No names."),
            ("Guardians present", self.guardians_edit, "Which capable guardians were around: staff, wardens, police."),
            ("Guardians active", self.presence_combo, "Were guardians present, and were they noticing or engaging?"),
            ("What was seen", self.notes_edit, "What was seen, with no names of young people."),
        ):
            widget.setAccessibleName(label)
            widget.setAccessibleDescription(help_text)
            widget.setToolTip(help_text)
        self.overnight.setAccessibleDescription("Tick when the visit finished after midnight, on the next day.")
        self.date_edit.set_help("The day of the visit (UK date), typed like 7/12/2026 or picked from the calendar.")
        grid.addRow("&Date", self.date_edit)
        times_label = QLabel("Ti&mes", box)
        times_label.setBuddy(self.start_edit)
        grid.addRow(times_label, times)
        grid.addRow("", self.overnight)  # a row of its own: beside the times the form was too wide for a small screen
        grid.addRow("Time band", self.band_label)
        grid.addRow("Day", self.day_label)
        grid.addRow("O&bservers", self.observer_edit)
        grid.addRow("&Weather", self.weather_edit)
        grid.addRow("L&ight", self.light_combo)
        grid.addRow("&Young people seen\n(approximate ages,\ngender as observed)", counts_widget)
        grid.addRow("&Activities seen", self.activities_edit)
        grid.addRow("&Guardians present", self.guardians_edit)
        grid.addRow("Guardians acti&ve", self.presence_combo)
        grid.addRow("Evidence for sides", sides_row)
        grid.addRow("What was &seen", self.notes_edit)
        self.save_button = QPushButton("Save visit (Ctrl+Enter)", self)
        self.save_button.setObjectName("saveVisit")
        self.save_button.setDefault(True)
        self.new_button = QPushButton("&New visit", self)
        self.new_button.setObjectName("newVisit")
        self.new_button.setToolTip("Clear the form for a new visit (Alt+N).")
        self.delete_button = QPushButton("Delete visit", self)
        self.delete_button.setObjectName("deleteVisit")
        self.form_column = form_with_buttons(
            self.form_box,
            [self.message, button_row(self.save_button, self.new_button, right=(self.delete_button,))],
            self,
        )
        self._set_tab_order()
        return self.form_column

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.date_edit.edit,
            self.start_edit,
            self.end_edit,
            self.overnight,
            self.observer_edit,
            self.weather_edit,
            self.light_combo,
            *(self.count_edits[(age, gender)] for age in AgeBand for gender in ObservedGender),
            self.activities_edit,
            self.guardians_edit,
            self.presence_combo,
            *(self.side_checks[side] for side in Side),
            self.notes_edit,
            self.save_button,
            self.new_button,
            self.delete_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def clear_form(self, observers: str = "") -> None:
        """Empty the form for a new visit, dated now (UK local), with ``observers`` filled in."""
        with self.edits.filling():  # filling it is no edit
            now = utc_to_local(utc_now())
            self.date_edit.set_value(now.date())
            self.start_edit.setTime(QTime(now.hour, 0))
            self.end_edit.setTime(QTime((now.hour + 1) % 24, 0))
            self.overnight.setChecked(now.hour == 23)
            self.observer_edit.setText(observers)
            self.weather_edit.clear()
            self.light_combo.setCurrentIndex(0)
            for spin in self.count_edits.values():
                spin.setValue(0)
            self.activities_edit.clear()
            self.guardians_edit.clear()
            self.presence_combo.setCurrentIndex(0)
            for check in self.side_checks.values():
                check.setChecked(False)
            self.notes_edit.clear()
            self.message.clear()
            self.form_box.setTitle("New visit")
            self.delete_button.setEnabled(False)
            self.table.clearSelection()
            self._update_band()
            self._update_total()
            self.edits.cleared()

    def show_visit(self, visit: Observation) -> None:
        """Fill the form with ``visit`` for editing."""
        with self.edits.filling():  # filling it is no edit
            self.fill(visit)
            self.message.clear()
            self.form_box.setTitle("Edit visit")
            self.delete_button.setEnabled(True)
            self.edits.shown(visit)

    def fill(self, visit: Observation) -> None:
        """Show ``visit``'s values in the form (nothing else changes)."""
        start, end = utc_to_local(visit.start), utc_to_local(visit.end)
        self.date_edit.set_value(start.date())
        self.start_edit.setTime(QTime(start.hour, start.minute))
        self.end_edit.setTime(QTime(end.hour, end.minute))
        self.overnight.setChecked(end.date() > start.date())
        self.observer_edit.setText(visit.observer)
        self.weather_edit.setText(visit.weather)
        select_data(self.light_combo, visit.light)  # a light the form no longer offers is kept as it was
        for key, spin in self.count_edits.items():
            spin.setValue(visit.counts.get(key, 0))
        self.activities_edit.setText(visit.activities)
        self.guardians_edit.setText(visit.guardians)
        self.presence_combo.setCurrentIndex(max(self.presence_combo.findData(visit.guardian_presence.value), 0))
        for side, check in self.side_checks.items():
            check.setChecked(side in visit.sides)
        self.notes_edit.setPlainText(visit.notes)
        self._update_band()  # the date is set without a signal; the times may not have changed

    def _local_times(self) -> tuple[datetime, datetime]:
        """Start and end (UK local, naive) from the form; a date not typed yet counts as today."""
        day = self.date_edit.parsed() or utc_to_local(utc_now()).date()
        qstart, qend = self.start_edit.time(), self.end_edit.time()
        start = datetime(day.year, day.month, day.day, qstart.hour(), qstart.minute())
        end = datetime(day.year, day.month, day.day, qend.hour(), qend.minute())
        if self.overnight.isChecked():
            end += timedelta(days=1)
        return start, end

    def _update_band(self) -> None:
        if self.date_edit.parsed() is None:
            self.day_label.setText("—")
            self.band_label.setText("— (type the date of the visit)")
            return
        start, end = self._local_times()
        weekend = start.weekday() >= 5
        self.day_label.setText(f"{start:%A}, {'weekend' if weekend else 'weekday'}")
        if end <= start:
            self.band_label.setText("— (the end time must be after the start time)")
            return
        probe = Observation(start=local_to_utc(start), end=local_to_utc(end))
        self.band_label.setText(band_label(probe, self._form.time_bands))
        self.day_label.setText(f"{start:%A}, {'weekend' if is_weekend(probe.start) else 'weekday'}")

    def _update_total(self) -> None:
        young = sum(spin.value() for (age, _), spin in self.count_edits.items() if age is not AgeBand.ADULTS)
        adults = sum(spin.value() for (age, _), spin in self.count_edits.items() if age is AgeBand.ADULTS)
        self.total_label.setText(f"Total: {counted(young, 'young person', 'young people')}, {counted(adults, 'adult')}")

    def visit_from_form(self) -> Observation:
        """Build a visit from the form (UTC times), keeping the id when editing (a new one's id is kept too)."""
        return self.record_from_form(self.edits.record_id)

    def record_from_form(self, record_id: str) -> Observation:
        """Build a visit with id ``record_id`` from the form (UTC times)."""
        start, end = self._local_times()
        visit = Observation(
            start=local_to_utc(start),
            end=local_to_utc(end),
            observer=self.observer_edit.text().strip(),
            weather=self.weather_edit.text().strip(),
            light=str(self.light_combo.currentData() or ""),
            notes=self.notes_edit.toPlainText(),
            counts={key: spin.value() for key, spin in self.count_edits.items() if spin.value()},
            activities=self.activities_edit.text().strip(),
            guardians=self.guardians_edit.text().strip(),
            guardian_presence=GuardianPresence(self.presence_combo.currentData() or ""),
            sides={side for side, check in self.side_checks.items() if check.isChecked()},
        )
        visit.id = record_id
        if self.edits.editing is not None:
            visit.created_at = self.edits.editing.created_at
        return visit

    def form_state(self) -> dict[str, Any]:
        """What the form holds, as JSON values (a draft's payload)."""
        return {
            "date": self.date_edit.text(),
            "start": self.start_edit.time().toString("HH:mm"),
            "end": self.end_edit.time().toString("HH:mm"),
            "overnight": self.overnight.isChecked(),
            "observer": self.observer_edit.text(),
            "weather": self.weather_edit.text(),
            "light": str(self.light_combo.currentData() or ""),
            "counts": {f"{age.value}|{gender.value}": spin.value() for (age, gender), spin in self.count_edits.items()},
            "activities": self.activities_edit.text(),
            "guardians": self.guardians_edit.text(),
            "presence": str(self.presence_combo.currentData() or ""),
            "sides": [side.value for side, check in self.side_checks.items() if check.isChecked()],
            "notes": self.notes_edit.toPlainText(),
        }

    def set_form_state(self, state: dict[str, Any]) -> None:
        """Show a draft's payload (from :meth:`form_state`) in the form."""
        self.date_edit.set_value(str(state.get("date", "")))
        self.start_edit.setTime(QTime.fromString(str(state.get("start", "")), "HH:mm"))
        self.end_edit.setTime(QTime.fromString(str(state.get("end", "")), "HH:mm"))
        self.overnight.setChecked(bool(state.get("overnight")))
        self.observer_edit.setText(str(state.get("observer", "")))
        self.weather_edit.setText(str(state.get("weather", "")))
        select_data(self.light_combo, str(state.get("light", "")))
        counts = state.get("counts", {})
        for (age, gender), spin in self.count_edits.items():
            spin.setValue(int(counts.get(f"{age.value}|{gender.value}", 0)))
        self.activities_edit.setText(str(state.get("activities", "")))
        self.guardians_edit.setText(str(state.get("guardians", "")))
        self.presence_combo.setCurrentIndex(max(self.presence_combo.findData(state.get("presence", "")), 0))
        for side, check in self.side_checks.items():
            check.setChecked(side.value in state.get("sides", []))
        self.notes_edit.setPlainText(str(state.get("notes", "")))
