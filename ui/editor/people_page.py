"""The "People (for redaction)" page: real names recorded once, with the pseudonym exports print.

This is the only place a real name belongs. A redacted export replaces each
name (and its other spellings) with the pseudonym in every section of the
report; the page says so in a warning at the top.
"""

from __future__ import annotations

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

from safeguarding.errors import SafeguardingError
from safeguarding.forms import Section
from safeguarding.model import Assessment, Location, Person, PersonRole
from safeguarding.protection.redaction import next_pseudonym
from ui.editor.registry import PageContext
from ui.protection.rows_model import TextRowsModel
from ui.widgets.messages import confirmed, say

WARNING = (
    "<b>This is the only place real names belong.</b> Record here, once, each young person or alleged "
    "perpetrator your notes name, with a pseudonym such as \u201cYoung person A\u201d. A <b>redacted</b> export "
    "(for multi-agency papers) prints the pseudonym wherever the name appears, in every section, and shows you "
    "what it replaced first. A <b>full</b> export, for your own agency only, keeps the names."
)


class PeoplePage(QWidget):
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
        self.assessment_id = ""
        self.people: list[Person] = []
        self.editing: Person | None = None

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
        self.new_button.clicked.connect(self.new_person)
        self.remove_button.clicked.connect(self.remove_person)

    def load(self, assessment: Assessment, location: Location) -> None:
        """Show the people of ``assessment``."""
        self.assessment_id = assessment.id
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
                self.table.selectRow(row)

    def _edit_row(self, row: int) -> None:
        if 0 <= row < len(self.people):
            person = self.people[row]
            self.editing = person
            self.name_edit.setText(person.real_name)
            self.pseudonym_edit.setText(person.pseudonym)
            self.role_combo.blockSignals(True)
            self.role_combo.setCurrentIndex(self.role_combo.findData(person.role.value))
            self.role_combo.blockSignals(False)
            self.other_edit.setPlainText(person.other_names)
            self.notes_edit.setPlainText(person.notes)
            self.save_button.setText("Save changes")
            self.remove_button.setEnabled(True)
            self.message.clear()

    def new_person(self) -> None:
        """Clear the form for a new person, with the next free pseudonym suggested."""
        self.editing = None
        self.table.setCurrentIndex(QModelIndex())
        self.table.clearSelection()
        for edit in (self.name_edit, self.pseudonym_edit):
            edit.clear()
        self.other_edit.clear()
        self.notes_edit.clear()
        self.role_combo.setCurrentIndex(0)
        self._suggest_pseudonym()
        self.save_button.setText("Add person")
        self.remove_button.setEnabled(False)
        self.message.clear()

    def _suggest_pseudonym(self) -> None:
        if self.editing is None:
            self.pseudonym_edit.setText(next_pseudonym(self.people, PersonRole(self.role_combo.currentData())))

    def save_person(self) -> None:
        """Save the form (a new person, or changes to the selected one)."""
        was_new = self.editing is None
        person = self.editing or Person(self.assessment_id, "", "")
        person.real_name = self.name_edit.text()
        person.pseudonym = self.pseudonym_edit.text()
        person.role = PersonRole(self.role_combo.currentData())
        person.other_names = self.other_edit.toPlainText()
        person.notes = self.notes_edit.toPlainText()
        try:
            saved = self._store.people.save(person)
        except SafeguardingError as error:
            say(self.message, str(error), problem=True)
            return
        self._reload(select=None if was_new else saved.id)
        if was_new:
            self.new_person()
        say(
            self.message,
            f"Saved: {saved.real_name} is printed as \u201c{saved.pseudonym}\u201d in redacted exports.",
            problem=False,
        )
        self.records_changed.emit()

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
