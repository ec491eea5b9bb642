"""The "People (for redaction)" page: real names recorded once, with the pseudonym exports print.

This is the only place a real name belongs. A redacted export replaces each
name (and its other spellings) with the pseudonym in every section of the
report; the page says so in a warning at the top. What is typed is kept as a
draft until saved, and an edit never overwrites another window's
(:mod:`ui.editing.record_form`); a draft is offered back by its pseudonym, never
by the real name.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safeguarding.errors import NotFoundError
from safeguarding.forms import Section
from safeguarding.model import Assessment, Location, Person, PersonRole
from safeguarding.protection.redaction import next_pseudonym
from ui.editing.conflicts import attribute_copier
from ui.editing.record_form import EditedThroughForm, RecordEditing
from ui.editor.registry import PageContext
from ui.protection.rows_model import TextRowsModel
from ui.widgets.messages import confirmed, say

WARNING = (
    "<b>This is the only place real names belong.</b> Record here, once, each young person or alleged "
    "perpetrator your notes name, with a pseudonym such as \u201cYoung person A\u201d. A <b>redacted</b> export "
    "(for multi-agency papers) prints the pseudonym wherever the name appears, in every section, and shows you "
    "what it replaced first. A <b>full</b> export, for your own agency only, keeps the names."
)


PERSON = "person"
"""The kind of draft of a person being recorded."""
PERSON_FIELDS = {
    "real_name": "Real name",
    "pseudonym": "Pseudonym",
    "role": "Role",
    "other_names": "Other names",
    "notes": "Notes",
}


class PeoplePage(EditedThroughForm, QWidget):
    """Lists the people of an assessment and edits one at a time (saved at once).

    Signals:
        records_changed: A person was added, changed or removed.
    """

    records_changed = Signal()

    def __init__(self, section: Section, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"page_{section.id}")
        self._store = context.store
        self._interaction = context.interaction
        self.people: list[Person] = []
        self._place = ""
        copy_field, set_text = attribute_copier()
        self.edits: RecordEditing[Person] = RecordEditing(
            self,
            kind=PERSON,
            fields={key: f"Person: {words}" for key, words in PERSON_FIELDS.items()},
            texts=frozenset({"other_names", "notes"}),
            copy_field=copy_field,
            set_text=set_text,
            interaction=context.interaction,
            drafts=context.drafts,
            user=context.user,
            describe=lambda key, value: PersonRole(value).label if key == "role" else str(value or "(empty)"),
            ignore_when_new=frozenset({"role", "pseudonym"}),  # a blank form with a suggested pseudonym
        )

        layout = QVBoxLayout(self)
        title = QLabel(section.title, self)
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.warning = QLabel(WARNING, self)
        self.warning.setObjectName("redactionWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(
            "background: #fff4e5; color: #000; border: 1px solid #8a4b00; border-radius: 4px; padding: 8px;"
        )
        layout.addWidget(self.warning)

        self.model = TextRowsModel(["Real name", "Pseudonym in redacted exports", "Role", "Other names"])
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("People recorded for redaction")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.selectionModel().currentRowChanged.connect(lambda current, _old: self._edit_row(current.row()))
        layout.addWidget(self.table, 1)

        form = QFormLayout()
        self.name_edit = QLineEdit(self)
        self.name_edit.setAccessibleName("Real name")
        self.pseudonym_edit = QLineEdit(self)
        self.pseudonym_edit.setAccessibleName("Pseudonym")
        self.role_combo = QComboBox(self)
        self.role_combo.setAccessibleName("Role")
        for role in PersonRole:
            self.role_combo.addItem(role.label, role.value)
        self.role_combo.currentIndexChanged.connect(self._suggest_pseudonym)
        self.other_edit = QPlainTextEdit(self)
        self.other_edit.setTabChangesFocus(True)
        self.other_edit.setAccessibleName("Other names")
        self.other_edit.setPlaceholderText("Nicknames or other spellings used in your notes, one per line")
        self.other_edit.setFixedHeight(56)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setAccessibleName("Notes")
        self.notes_edit.setPlaceholderText("Why this person is recorded (never printed in any export)")
        self.notes_edit.setFixedHeight(56)
        form.addRow("Real name", self.name_edit)
        form.addRow("Role", self.role_combo)
        form.addRow("Pseudonym", self.pseudonym_edit)
        form.addRow("Other names", self.other_edit)
        form.addRow("Notes", self.notes_edit)
        layout.addLayout(form)

        buttons = QHBoxLayout()
        self.save_button = QPushButton("Add person", self)
        self.new_button = QPushButton("New person", self)
        self.remove_button = QPushButton("Remove…", self)
        self.message = QLabel(self)
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        for button in (self.save_button, self.new_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addWidget(self.message, 1)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save_person)
        self.new_button.clicked.connect(self.ask_then_new_person)
        self.remove_button.clicked.connect(self.remove_person)
        self.message.setText("")
        if context.drafts is not None:
            fields = (self.name_edit, self.pseudonym_edit, self.role_combo, self.other_edit, self.notes_edit)
            context.drafts.watch(self, *fields)

    @property
    def assessment_id(self) -> str:
        """The assessment whose people are shown."""
        return self.edits.assessment_id

    @property
    def editing(self) -> Person | None:
        """The person shown in the form, or None for a new one."""
        return self.edits.editing

    def load(self, assessment: Assessment, location: Location) -> None:
        """Show the people of ``assessment``."""
        self.edits.assessment_id = assessment.id
        self._place = location.name
        self._reload()
        self.new_person()

    def first_editor(self) -> QWidget:
        """The field to focus when the page opens."""
        return self.name_edit

    def _reload(self, select: str | None = None) -> None:
        self.people = self._store.people.of_assessment(self.assessment_id)
        self.model.set_rows(
            [[p.real_name, p.pseudonym, p.role.label, ", ".join(p.other_names.splitlines())] for p in self.people],
            [p.id for p in self.people],
        )
        if select is not None:
            row = next((i for i, p in enumerate(self.people) if p.id == select), -1)
            if row >= 0:
                self.table.selectionModel().blockSignals(True)
                self.table.selectRow(row)
                self.table.selectionModel().blockSignals(False)

    def _edit_row(self, row: int) -> None:
        if not 0 <= row < len(self.people) or (self.editing is not None and self.people[row].id == self.editing.id):
            return
        if not self.edits.ask_before_switching("Person not saved", "The person you were recording has not been saved."):
            self._reselect()
            return
        self.show_record(self.people[row])

    def _reselect(self) -> None:
        self.table.selectionModel().blockSignals(True)
        self.table.clearSelection()
        row = next((i for i, p in enumerate(self.people) if self.editing and p.id == self.editing.id), -1)
        if row >= 0:
            self.table.selectRow(row)
        self.table.selectionModel().blockSignals(False)

    def show_record(self, person: Person) -> None:
        """Fill the form with a recorded person for editing."""
        with self.edits.filling():  # filling it is no edit
            self.fill(person)
            self.save_button.setText("Save changes")
            self.remove_button.setEnabled(True)
            self.message.clear()
            self.edits.shown(person)

    def fill(self, person: Person) -> None:
        """Show ``person``'s values in the form."""
        self.name_edit.setText(person.real_name)
        self.pseudonym_edit.setText(person.pseudonym)
        self.role_combo.blockSignals(True)
        self.role_combo.setCurrentIndex(self.role_combo.findData(person.role.value))
        self.role_combo.blockSignals(False)
        self.other_edit.setPlainText(person.other_names)
        self.notes_edit.setPlainText(person.notes)

    def ask_then_new_person(self) -> None:
        """Clear the form for a new person, asking first if one is typed but not saved."""
        if self.edits.ask_before_switching("Person not saved", "The person you were recording has not been saved."):
            self.new_person()

    def new_person(self) -> None:
        """Clear the form for a new person, with the next free pseudonym suggested."""
        with self.edits.filling():  # filling it is no edit
            self.edits.cleared()  # no record shown from here on (the suggestion below reads it)
            self.table.selectionModel().blockSignals(True)
            self.table.setCurrentIndex(QModelIndex())
            self.table.clearSelection()
            for edit in (self.name_edit, self.pseudonym_edit):
                edit.clear()
            self.other_edit.clear()
            self.notes_edit.clear()
            self.role_combo.setCurrentIndex(0)
            self.table.selectionModel().blockSignals(False)
            self._suggest_pseudonym()
            self.save_button.setText("Add person")
            self.remove_button.setEnabled(False)
            self.message.clear()
            self.edits.cleared()

    def _suggest_pseudonym(self) -> None:
        if self.editing is None:
            self.pseudonym_edit.setText(next_pseudonym(self.people, PersonRole(self.role_combo.currentData())))

    def save_person(self) -> bool:
        """Save the form (a new person, or changes to the selected one); True if saved."""
        return self.edits.save()

    def record_from_form(self, record_id: str) -> Person:
        """The person as the form holds it, with id ``record_id``."""
        person = Person(
            self.assessment_id,
            self.name_edit.text(),
            self.pseudonym_edit.text(),
            PersonRole(self.role_combo.currentData()),
            self.other_edit.toPlainText(),
            self.notes_edit.toPlainText(),
            id=record_id,
        )
        if self.editing is not None:
            person.created_at = self.editing.created_at
        return person

    def form_state(self) -> dict[str, Any]:
        """What the form holds, as JSON values (a draft's payload)."""
        return {
            "real_name": self.name_edit.text(),
            "pseudonym": self.pseudonym_edit.text(),
            "role": str(self.role_combo.currentData()),
            "other_names": self.other_edit.toPlainText(),
            "notes": self.notes_edit.toPlainText(),
        }

    def set_form_state(self, state: dict[str, Any]) -> None:
        """Show a draft's payload in the form."""
        self.name_edit.setText(str(state.get("real_name", "")))
        self.role_combo.blockSignals(True)
        self.role_combo.setCurrentIndex(max(self.role_combo.findData(state.get("role")), 0))
        self.role_combo.blockSignals(False)
        self.pseudonym_edit.setText(str(state.get("pseudonym", "")))
        self.other_edit.setPlainText(str(state.get("other_names", "")))
        self.notes_edit.setPlainText(str(state.get("notes", "")))

    # -- what RecordEditing uses ----------------------------------------------------

    def save_form(self) -> bool:
        """Save the person in the form."""
        return self.save_person()

    def stored_record(self, record_id: str) -> Person:
        """The person as stored now."""
        person = self._store.people.get(record_id)
        if person.assessment_id != self.assessment_id:
            raise NotFoundError("That person is not recorded in this assessment.")
        return person

    def save_record(self, record: Person, base: dict[str, Any] | None) -> Person:
        """Save the person against ``base``."""
        return self._store.people.save(record, base=base)

    def after_save(self, saved: Person) -> None:
        """List the saved person; a new one clears the form for the next."""
        was_new = self.editing is None
        self._reload(select=None if was_new else saved.id)
        if was_new:
            self.new_person()
        else:
            self.show_record(saved)
        say(
            self.message,
            f"Saved: {saved.real_name} is printed as \u201c{saved.pseudonym}\u201d in redacted exports.",
            problem=False,
        )
        self.records_changed.emit()

    def say(self, text: str, problem: bool) -> None:
        """Show ``text`` on the form's message line."""
        say(self.message, text, problem=problem)

    def clear_form(self) -> None:
        """Empty the form for a new person."""
        self.new_person()

    def draft_label(self) -> str:
        """The person being recorded in words (never their real name)."""
        what = "changes to a person" if self.editing else "a person"
        return f"{what} recorded for redaction in the assessment of {self._place or 'the location'}"

    def draft_excerpt(self) -> str:
        """The pseudonym (a real name is never quoted outside this page)."""
        return self.pseudonym_edit.text().strip()

    # -- drafts (the form's typing, as an Editable: see EditedThroughForm) ----------------

    def typing_field(self) -> QWidget:
        """The field that takes the focus when the form is shown again."""
        return self.name_edit

    def restored(self) -> None:
        """A draft was shown: the list's selection goes back on its record."""
        self._reselect()

    def remove_person(self) -> None:
        """Remove the selected person after confirmation."""
        person = self.editing
        if person is None:
            return
        if not confirmed(
            self,
            self._interaction,
            self.message,
            title="Remove person",
            question=f"Remove {person.real_name} ({person.pseudonym}) from the list? Redacted exports will no "
            "longer replace this name. The audit trail records the removal.",
            action=lambda: self._store.people.remove(person.id),
            yes="Remove",
            no="Cancel",
        ):
            return
        self._reload()
        self.new_person()
        self.records_changed.emit()
