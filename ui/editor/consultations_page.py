"""The Consultations page (engagement): who was consulted, how, when, and what they said.

Each consultation is saved as soon as "Save consultation" (or Ctrl+Enter) is
pressed; what is typed is kept as a draft until then, and leaving saves it or
asks (:mod:`ui.editing.record_form`). People are recorded by role or
organisation, never by a young person's name. A safety-mapping session's places (felt safe / felt unsafe)
belong on the map as pins linked to the consultation; this page says so.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safeguarding.drafts import excerpt
from safeguarding.errors import SafeguardingError
from safeguarding.forms import FormDefinition, Section
from safeguarding.model import Assessment, Consultation, ConsultationMethod, Location, Side
from safeguarding.store import Store
from safeguarding.timeutil import format_uk_date, utc_now, utc_to_local
from ui.editing.conflicts import attribute_copier
from ui.editing.keeper import DraftKeeper
from ui.editing.record_form import EditedThroughForm, RecordEditing
from ui.editor.consultation_table import ConsultationTableModel
from ui.editor.save_keys import SaveKeys
from ui.interaction import Interaction
from ui.widgets.columns import FITS_WINDOW, button_row, form_with_buttons
from ui.widgets.dates import DateField
from ui.widgets.messages import confirmed, say
from ui.widgets.table_columns import fit_columns

SAFETY_MAPPING_NOTE = (
    "Safety mapping: record the session itself on the Safety mapping page, and the places young people "
    "marked as safe or unsafe on the Map page (Add safety-mapping marks): the marks belong to that session. "
    "A consultation is not linked to pins or marks; summarise here what the session showed."
)
"""Issue 16: the note said pins could be linked to a consultation, which they cannot: it says where they go."""


CONSULTATION = "consultation"
"""The kind of draft of a consultation being typed."""
CONSULTATION_FIELDS = {
    "consulted": "Who was consulted",
    "method": "How",
    "held_on": "Date",
    "people": "Number of people",
    "said": "What they said",
    "sides": "Evidence for sides",
}
"""A consultation's fields in words (as an edit conflict names them)."""


class ConsultationsPage(EditedThroughForm, QWidget):
    """Consultations of one assessment. Emits ``records_changed`` after a save or delete."""

    records_changed = Signal()

    def __init__(
        self,
        section: Section,
        form: FormDefinition,
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
        self._place = ""
        self._location: Location | None = None
        copy_field, set_text = attribute_copier()
        self.edits: RecordEditing[Consultation] = RecordEditing(
            self,
            kind=CONSULTATION,
            fields={key: f"Consultation: {words}" for key, words in CONSULTATION_FIELDS.items()},
            texts=frozenset({"consulted", "said"}),
            copy_field=copy_field,
            set_text=set_text,
            interaction=interaction,
            drafts=drafts,
            user=user,
            describe=_value_in_words,
            ignore_when_new=frozenset({"held_on"}),  # a blank form dated today
        )

        layout = QVBoxLayout(self)
        title = QLabel(section.title, self)
        title.setObjectName("pageTitle")
        intro = QLabel(section.help, self)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(title)
        layout.addWidget(intro)
        # Fits the window (see ui.widgets.columns): the form scrolls under the list, and its
        # Save, New and Delete buttons stay in view under it.
        self.setProperty(FITS_WINDOW, True)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)

        self.model = ConsultationTableModel()
        self.table = QTableView(splitter)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Consultations")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # "What they said" stretches; the others fit their text (at 125% text the list ran past its edge).
        self.columns = fit_columns(self.table, ConsultationTableModel.SAID)
        self.table.selectionModel().currentRowChanged.connect(self._on_row)

        self.form_box = QGroupBox("New consultation", self)
        grid = QFormLayout(self.form_box)
        box = self.form_box
        self.consulted_edit = QLineEdit(box)
        self.consulted_edit.setPlaceholderText(
            "A role or organisation, e.g. 'Year 9 pupils, local school' or 'Manager, fast-food restaurant'"
        )
        self.method_combo = QComboBox(box)
        for method in ConsultationMethod:
            self.method_combo.addItem(method.label, method.value)
        self.date_edit = DateField("Consultation date", box, required=True)
        self.people_spin = QSpinBox(box)
        self.people_spin.setRange(-1, 100_000)
        self.people_spin.setSpecialValueText("Not known")
        self.said_edit = QPlainTextEdit(box)
        self.said_edit.setTabChangesFocus(True)
        self.said_edit.setPlaceholderText("What they said, in summary. No names of young people.")
        self.said_edit.setMinimumHeight(90)
        sides_row = QHBoxLayout()
        self.side_checks: dict[Side, QCheckBox] = {}
        for side in Side:
            check = QCheckBox(side.label, box)
            self.side_checks[side] = check
            sides_row.addWidget(check)
        sides_row.addStretch(1)
        self.mapping_note = QLabel(SAFETY_MAPPING_NOTE, box)
        self.mapping_note.setObjectName("safetyMappingNote")
        self.mapping_note.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        for label, widget, help_text in (
            ("Who was consulted", self.consulted_edit, "By role or organisation. Never a young person's name."),
            ("How", self.method_combo, "Safety mapping session, survey, walkabout, conversation or meeting."),
            ("Number of people", self.people_spin, "How many took part, if known."),
            ("What they said", self.said_edit, "A summary of what they said."),
        ):
            widget.setAccessibleName(label)
            widget.setAccessibleDescription(help_text)
            widget.setToolTip(help_text)
        self.date_edit.set_help("The day of the consultation, typed like 7/12/2026 or picked from the calendar.")
        grid.addRow("&Who was consulted", self.consulted_edit)
        grid.addRow("&How", self.method_combo)
        grid.addRow("&Date", self.date_edit)
        grid.addRow("&Number of people", self.people_spin)
        grid.addRow("What they &said", self.said_edit)
        grid.addRow("Evidence for sides", sides_row)
        grid.addRow(self.mapping_note)
        self.save_button = QPushButton("Save consultation (Ctrl+Enter)", self)
        self.save_button.setObjectName("saveConsultation")
        self.save_button.setDefault(True)
        self.new_button = QPushButton("New consultation", self)
        self.delete_button = QPushButton("Delete consultation", self)
        buttons = button_row(self.save_button, self.new_button, right=(self.delete_button,))
        splitter.addWidget(form_with_buttons(self.form_box, [self.message, buttons], splitter))
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)

        self.save_button.clicked.connect(self.save_consultation)
        self.new_button.clicked.connect(self.new_consultation)
        self.delete_button.clicked.connect(self.delete_consultation)
        self.method_combo.currentIndexChanged.connect(self._update_note)
        self.save_keys = SaveKeys(self.form_box, self.save_consultation)
        self.clear_form()
        if drafts is not None:
            drafts.watch(self, self.form_box)

    def load(self, assessment: Assessment, location: Location | None = None) -> None:
        """Show the assessment's consultations and reset the form."""
        self.edits.assessment_id = assessment.id
        self._place = location.name if location is not None else ""
        self._location = location
        self.model.set_rows(assessment.consultations)
        self.columns.refit()
        self.clear_form()

    def first_editor(self) -> QWidget:
        """The widget to focus when the page opens."""
        return self.consulted_edit

    def _update_note(self) -> None:
        self.mapping_note.setVisible(self.method_combo.currentData() == ConsultationMethod.SAFETY_MAPPING.value)

    def new_consultation(self) -> None:
        """Clear the form for a new consultation, asking first if one is typed but not saved."""
        if self.edits.ask_before_switching(
            "Consultation not saved", "The consultation you were entering has not been saved."
        ):
            self.clear_form()

    def clear_form(self) -> None:
        """Empty the form for a new consultation, dated today (UK)."""
        with self.edits.filling():  # filling it is no edit
            today = utc_to_local(utc_now()).date()
            self.consulted_edit.clear()
            self.method_combo.setCurrentIndex(0)
            self.date_edit.set_value(today)
            self.people_spin.setValue(-1)
            self.said_edit.clear()
            for check in self.side_checks.values():
                check.setChecked(False)
            self.message.clear()
            self.form_box.setTitle("New consultation")
            self.delete_button.setEnabled(False)
            self.table.clearSelection()
            self._update_note()
            self.edits.cleared()

    def _on_row(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        chosen = self.model.row(index.row())
        if self.edits.editing is not None and chosen.id == self.edits.editing.id:
            return
        if not self.edits.ask_before_switching(
            "Consultation not saved", "The consultation you were entering has not been saved."
        ):
            self._reselect_editing()
            return
        self.show_consultation(chosen)

    def _reselect_editing(self) -> None:
        self.table.selectionModel().blockSignals(True)
        self.table.clearSelection()
        row = self.model.row_of(self.edits.editing.id) if self.edits.editing is not None else None
        if row is not None:
            self.table.selectRow(row)
        self.table.selectionModel().blockSignals(False)

    def show_consultation(self, item: Consultation) -> None:
        """Fill the form with ``item`` for editing."""
        with self.edits.filling():  # filling it is no edit
            self.fill(item)
            self.message.clear()
            self.form_box.setTitle("Edit consultation")
            self.delete_button.setEnabled(True)
            self.edits.shown(item)

    def fill(self, item: Consultation) -> None:
        """Show ``item``'s values in the form."""
        self.consulted_edit.setText(item.consulted)
        self.method_combo.setCurrentIndex(max(self.method_combo.findData(item.method.value), 0))
        self.date_edit.set_value(item.held_on)
        self.people_spin.setValue(-1 if item.people is None else item.people)
        self.said_edit.setPlainText(item.said)
        for side, check in self.side_checks.items():
            check.setChecked(side in item.sides)

    def consultation_from_form(self) -> Consultation:
        """Build a consultation from the form, keeping the id when editing (a new one's id too)."""
        return self.record_from_form(self.edits.record_id)

    def record_from_form(self, record_id: str) -> Consultation:
        """Build a consultation with id ``record_id`` from the form.

        Raises:
            ValidationError: if the date typed is not a date (the message says why).
        """
        people = self.people_spin.value()
        item = Consultation(
            consulted=self.consulted_edit.text().strip(),
            method=ConsultationMethod(self.method_combo.currentData()),
            held_on=self.date_edit.given(),
            people=None if people < 0 else people,
            said=self.said_edit.toPlainText(),
            sides={side for side, check in self.side_checks.items() if check.isChecked()},
        )
        item.id = record_id
        if self.edits.editing is not None:
            item.created_at = self.edits.editing.created_at
        return item

    def save_consultation(self) -> bool:
        """Validate and save the consultation in the form; return True if saved.

        A consultation dated before the location's referral is asked about
        first (it may be earlier evidence, or a mistyped date).
        """
        try:
            item = self.consultation_from_form()
        except SafeguardingError as error:
            self.date_edit.setFocus()
            return self.edits.fail(str(error))
        if not self._before_referral_confirmed(item):
            self.date_edit.setFocus()
            return self.edits.fail("Not saved: change the date, or save it anyway.")
        if self.edits.save():
            return True
        if not self.consulted_edit.text().strip():
            self.consulted_edit.setFocus()
        return False

    def _before_referral_confirmed(self, item: Consultation) -> bool:
        """True unless the consultation is dated before the referral and the user chose to change the date."""
        location = self._location
        referral = location.referral_date if location is not None else None
        if location is None or referral is None or item.held_on >= referral:
            return True
        editing = self.edits.editing
        if editing is not None and editing.held_on == item.held_on:
            return True  # asked when it was first saved with this date
        return self._interaction.confirm(
            self,
            "Consultation before the referral",
            f"The consultation on {format_uk_date(item.held_on)} is before {location.name} was referred "
            f"({format_uk_date(referral)}). Is the date right? Save it anyway if it is earlier evidence.",
            yes="Save anyway",
            no="Change the date",
        )

    def form_state(self) -> dict[str, Any]:
        """What the form holds, as JSON values (a draft's payload)."""
        return {
            "consulted": self.consulted_edit.text(),
            "method": str(self.method_combo.currentData()),
            "held_on": self.date_edit.text(),
            "people": self.people_spin.value(),
            "said": self.said_edit.toPlainText(),
            "sides": [side.value for side, check in self.side_checks.items() if check.isChecked()],
        }

    def set_form_state(self, state: dict[str, Any]) -> None:
        """Show a draft's payload in the form."""
        self.consulted_edit.setText(str(state.get("consulted", "")))
        self.method_combo.setCurrentIndex(max(self.method_combo.findData(state.get("method")), 0))
        self.date_edit.set_value(str(state.get("held_on", "")))
        self.people_spin.setValue(int(state.get("people", -1)))
        self.said_edit.setPlainText(str(state.get("said", "")))
        for side, check in self.side_checks.items():
            check.setChecked(side.value in state.get("sides", []))

    # -- what RecordEditing uses ----------------------------------------------------

    def save_form(self) -> bool:
        """Check and save the consultation in the form."""
        return self.save_consultation()

    def stored_record(self, record_id: str) -> Consultation:
        """The consultation as stored now."""
        return self._store.consultations.get(record_id)

    def save_record(self, record: Consultation, base: dict[str, Any] | None) -> Consultation:
        """Save the consultation against ``base``."""
        return self._store.consultations.save(self.edits.assessment_id, record, base=base)

    def after_save(self, saved: Consultation) -> None:
        """List the saved consultation and show it as stored."""
        self._reload(select=saved.id)
        self.show_consultation(saved)
        say(self.message, "Consultation saved.", problem=False)

    def say(self, text: str, problem: bool) -> None:
        """Show ``text`` on the form's message line."""
        say(self.message, text, problem=problem)

    def show_record(self, record: Consultation) -> None:
        """Fill the form with a stored consultation."""
        self.show_consultation(record)

    def draft_label(self) -> str:
        """The consultation being typed in words."""
        what = "changes to a consultation" if self.edits.editing else "a consultation"
        return f"{what} in the assessment of {self._place or 'the location'}"

    def draft_excerpt(self) -> str:
        """The start of what was typed."""
        return excerpt(self.said_edit.toPlainText(), self.consulted_edit.text())

    # -- drafts (the form's typing, as an Editable: see EditedThroughForm) ----------------

    def typing_field(self) -> QWidget:
        """The field that takes the focus when the form is shown again."""
        return self.said_edit

    def restored(self) -> None:
        """A draft was shown: the list's selection goes back on its record."""
        self._reselect_editing()

    def delete_consultation(self) -> None:
        """Delete the consultation being edited, after confirmation."""
        if self.edits.editing is None:
            return
        record_id = self.edits.editing.id
        if not confirmed(
            self,
            self._interaction,
            self.message,
            title="Delete consultation",
            question="Delete this consultation from the assessment?",
            action=lambda: self._store.consultations.delete(record_id),
        ):
            return
        self._reload()
        self.clear_form()
        say(self.message, "Consultation deleted.", problem=False)

    def _reload(self, select: str | None = None) -> None:
        self.model.set_rows(self._store.consultations.of_assessment(self.edits.assessment_id))
        self.columns.refit()
        self.records_changed.emit()
        if select is not None:
            row = self.model.row_of(select)
            if row is not None:
                self.table.selectionModel().blockSignals(True)
                self.table.selectRow(row)
                self.table.selectionModel().blockSignals(False)
                self.form_box.setTitle("Edit consultation")
                self.delete_button.setEnabled(True)


def _value_in_words(key: str, value: Any) -> str:
    """A consultation's stored value in words (a date in UK form, the method by its name)."""
    if value in (None, ""):
        return "(empty)" if key != "people" else "Not known"
    if key == "held_on":
        return format_uk_date(date.fromisoformat(str(value)))
    if key == "method":
        return ConsultationMethod(str(value)).label
    return str(value)
