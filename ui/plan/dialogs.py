"""Dialogs of the safety plan: a goal, an action (with its history), progress, and partner agencies.

Each dialog is opened with ``open()`` (never a blocking ``exec()``), so tests
fill it and press its buttons. Saving goes through the plan repository; a
refusal is shown inside the dialog and nothing typed is lost. Each offers its
fields as stored values (``values()`` / ``set_values()``) for its draft and for
choosing between two versions (:mod:`ui.editing.dialog_form`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safeguarding.errors import SafeguardingError
from safeguarding.model import Side
from safeguarding.plan.library import PlanLibrary
from safeguarding.plan.records import FIELD_LABELS, Action, ActionStatus, ActionUpdate, Agency, SafetyGoal
from safeguarding.plan.rules import due_far_ahead
from safeguarding.timeutil import format_uk_date, utc_now, utc_to_local
from ui.interaction import Interaction
from ui.plan.common import FormDialog
from ui.widgets.columns import full_width_choices
from ui.widgets.dates import DateField, show_date, stored_date

OWN_WORDS = "Write my own goal"


class GoalDialog(FormDialog):
    """Add or edit a safety goal: a side, and a statement from the library or in the assessor's words."""

    def __init__(self, library: PlanLibrary, goal: SafetyGoal | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Edit safety goal" if goal else "Add safety goal", parent)
        self.setObjectName("goalDialog")
        self.library = library
        intro = QLabel(library.goals_help, self)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout()
        self.side = QComboBox(self)
        self.side.setAccessibleName("Side of the triangle")
        for side in Side:
            self.side.addItem(side.label, side.value)
        self.library_goal = QComboBox(self)
        self.library_goal.setAccessibleName("Goal from the library")
        self.statement = QPlainTextEdit(self)
        self.statement.setAccessibleName("Safety goal statement")
        self.statement.setTabChangesFocus(True)
        self.statement.setPlaceholderText("A positive statement, e.g. 'Trusted adults are present after school.'")
        self.statement.setMaximumHeight(90)
        self.goal_help = QLabel(self)
        self.goal_help.setWordWrap(True)
        self.goal_help.setObjectName("helpText")
        form.addRow("&Side of the triangle", self.side)
        form.addRow("&Library goal", self.library_goal)
        form.addRow("", self.goal_help)
        form.addRow("Goal &statement", self.statement)
        self.body.addWidget(intro)
        self.body.addLayout(form)
        self.finish_layout()
        self.side.currentIndexChanged.connect(self._fill_library)
        self.library_goal.currentIndexChanged.connect(self._pick)
        if goal is not None:
            self.side.setCurrentIndex(list(Side).index(goal.side))
            self._fill_library()
            self.statement.setPlainText(goal.statement)
        else:
            self._fill_library()

    def chosen_side(self) -> Side:
        """The side selected."""
        return Side(self.side.currentData())

    def values(self) -> dict[str, Any]:
        """The goal as entered, as stored values (``statement``, ``side``)."""
        return {"statement": self.statement.toPlainText().strip(), "side": self.chosen_side().value}

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Show stored values (a draft, or the versions the user chose)."""
        if "side" in values:
            self.side.setCurrentIndex(max(0, self.side.findData(values["side"])))
        if "statement" in values:
            self.statement.setPlainText(str(values["statement"]))

    def library_id(self) -> str:
        """The library goal's id, or "" for the assessor's own words (or edited library text)."""
        goal_id = self.library_goal.currentData() or ""
        goal = next((g for g in self.library.goals if g.id == goal_id), None)
        return goal_id if goal and goal.text == self.statement.toPlainText().strip() else ""

    def _fill_library(self) -> None:
        self.library_goal.blockSignals(True)
        self.library_goal.clear()
        self.library_goal.addItem(OWN_WORDS, "")
        for goal in self.library.goals_for(self.chosen_side()):
            self.library_goal.addItem(goal.text, goal.id)
        self.library_goal.blockSignals(False)
        self.goal_help.setText("")

    def _pick(self) -> None:
        goal = next((g for g in self.library.goals if g.id == self.library_goal.currentData()), None)
        self.goal_help.setText(goal.help if goal else "")
        if goal is not None:
            self.statement.setPlainText(goal.text)


def history_lines(history: list[ActionUpdate]) -> list[str]:
    """An action's history as lines for people, oldest first."""
    lines = []
    for update in history:
        day = format_uk_date(update.happened_on or utc_to_local(update.at).date())
        parts = [f"{day} — {update.kind.label}: {update.status.label}"]
        for key, (old, new) in update.changes.items():
            parts.append(f"{FIELD_LABELS.get(key, key)}: {old or '(none)'} → {new or '(none)'}")
        if update.note:
            parts.append(update.note)
        who = f" (recorded by {update.author})" if update.author else ""
        lines.append("; ".join(parts) + who)
    return lines


class ActionDialog(FormDialog):
    """Add or edit an action: what, owner agency, lead, due date, measure, status; shows its history.

    Args:
        save: Called with the entered action and the change note.
        assessment_start: The assessment's date; a due date before it asks for confirmation.
    """

    def __init__(
        self,
        agencies: list[Agency],
        save: Callable[[Action, str], None],
        interaction: Interaction,
        action: Action,
        *,
        is_new: bool,
        assessment_start: date | None,
        parent: QWidget | None = None,
        add_agency: Callable[[str], Agency] | None = None,
    ) -> None:
        super().__init__("Add action" if is_new else "Edit action", parent)
        self._add_agency = add_agency
        self.setObjectName("actionDialog")
        self.action = action
        self._save_action = save
        self._interaction = interaction
        self._start = assessment_start
        form = QFormLayout()
        self.description = QPlainTextEdit(self)
        self.description.setAccessibleName("What will be done")
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(80)
        self.agency = QComboBox(self)
        self.agency.setAccessibleName("Owner agency")
        self.agency.addItem("Choose an agency…", "")
        for agency in agencies:
            self.agency.addItem(agency.name, agency.id)
        full_width_choices(self.agency)
        self.lead = QLineEdit(self)
        self.lead.setAccessibleName("Named lead")
        self.due = DateField("Due date", self)
        self.measure = QLineEdit(self)
        self.measure.setAccessibleName("How success will be measured")
        self.status = QComboBox(self)
        self.status.setAccessibleName("Status")
        for status in ActionStatus:
            self.status.addItem(status.label, status.value)
        self.note = QLineEdit(self)
        self.note.setAccessibleName("Note about this change")
        self.note.setPlaceholderText("Optional: why it changed (kept in the history)")
        form.addRow("&What will be done", self.description)
        owner = QHBoxLayout()
        owner.addWidget(self.agency, 1)
        self.new_agency_button = QPushButton("New a&gency…", self)
        self.new_agency_button.setToolTip("Add a partner agency to the list without leaving this action.")
        owner.addWidget(self.new_agency_button)
        self.new_agency = QLineEdit(self)
        self.new_agency.setAccessibleName("New agency's name")
        self.new_agency.setPlaceholderText("The new agency's name; Enter adds it")
        self.new_agency.hide()
        owner_label = QLabel("&Owner agency", self)  # a row of a layout: the label is given its buddy here
        owner_label.setBuddy(self.agency)
        form.addRow(owner_label, owner)
        form.addRow("", self.new_agency)
        self.new_agency_button.clicked.connect(self._start_new_agency)
        self.new_agency.installEventFilter(EnterRuns(self._add_new_agency, self.new_agency))
        form.addRow("Named &lead", self.lead)
        form.addRow("&Due date", self.due)
        form.addRow("How success is &measured", self.measure)
        form.addRow("S&tatus", self.status)
        form.addRow("&Note", self.note)
        self.body.addLayout(form)
        self.history = QListWidget(self)
        self.history.setAccessibleName("History of this action")
        self.history.setWordWrap(True)
        if is_new:
            self.history.hide()  # a new action has no history yet
        else:
            self.body.addWidget(QLabel("History (kept, never overwritten):", self))
            self.body.addWidget(self.history)
            for line in history_lines(action.history):
                self.history.addItem(line)
        if action.is_carried:
            carried = QLabel(f"Carried forward from the assessment of {format_uk_date(action.carried_from_date)}.")
            carried.setObjectName("carriedMarker")
            self.body.insertWidget(0, carried)
        self.finish_layout()
        self.description.setPlainText(action.description)
        index = self.agency.findData(action.agency_id or "")
        self.agency.setCurrentIndex(max(index, 0))
        self.lead.setText(action.lead)
        self.due.set_value(action.due_date)
        self.measure.setText(action.measure)
        self.status.setCurrentIndex(list(ActionStatus).index(action.status))
        self.set_save(self._save)

    def values(self) -> dict[str, Any]:
        """The action as entered, as stored values (a due date not finished typing: as typed), and the note."""
        return {
            "description": self.description.toPlainText().strip(),
            "agency_id": self.agency.currentData() or None,
            "lead": self.lead.text().strip(),
            "due_date": stored_date(self.due),
            "measure": self.measure.text().strip(),
            "status": str(self.status.currentData()),
            "note": self.note.text(),
            "goal_id": self.action.goal_id,
        }

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Show stored values (a draft, or the versions the user chose)."""
        if "description" in values:
            self.description.setPlainText(str(values["description"] or ""))
        if "agency_id" in values:
            self.agency.setCurrentIndex(max(self.agency.findData(values["agency_id"] or ""), 0))
        if "lead" in values:
            self.lead.setText(str(values["lead"] or ""))
        if "due_date" in values:
            show_date(self.due, values["due_date"])
        if "measure" in values:
            self.measure.setText(str(values["measure"] or ""))
        if "status" in values:
            self.status.setCurrentIndex(max(self.status.findData(values["status"]), 0))
        if "note" in values:
            self.note.setText(str(values["note"] or ""))

    def _start_new_agency(self) -> None:
        """Show the box for a new agency's name (nothing else in the dialog changes)."""
        if self._add_agency is None:
            self.message.setText("Partner agencies are added from the Goals and actions page.")
            return
        self.new_agency.show()
        self.new_agency.setFocus()

    def _add_new_agency(self) -> None:
        """Add the typed agency and make it the owner; what is typed in the action is kept as it is."""
        if self._add_agency is None:
            return
        try:
            agency = self._add_agency(self.new_agency.text())
        except SafeguardingError as error:
            self.message.setText(str(error))
            return
        self.agency.addItem(agency.name, agency.id)
        self.agency.setCurrentIndex(self.agency.count() - 1)
        self.new_agency.clear()
        self.new_agency.hide()
        self.message.setText(f"Added the partner agency ‘{agency.name}’ as the owner.")
        self.lead.setFocus()

    def entered(self) -> Action:
        """The action as entered (a copy; the original is untouched until saved)."""
        from dataclasses import replace

        return replace(
            self.action,
            description=self.description.toPlainText().strip(),
            agency_id=self.agency.currentData() or None,
            lead=self.lead.text().strip(),
            due_date=self.due.value(),
            measure=self.measure.text().strip(),
            status=ActionStatus(self.status.currentData()),
        )

    def _save(self) -> None:
        action = self.entered()
        if (
            action.due_date
            and self._start
            and action.due_date < self._start
            and not self._interaction.confirm(
                self,
                "Due date before the assessment",
                f"The due date {format_uk_date(action.due_date)} is before the assessment date "
                f"{format_uk_date(self._start)}. Save it anyway?",
                yes="Save anyway",
                no="Change the date",
            )
        ):
            raise _RefusedError("Change the due date, or save it anyway.")
        today = utc_to_local(utc_now()).date()
        if due_far_ahead(action.due_date, today) and not self._interaction.confirm(
            self,
            "Due date more than a year away",
            f"The due date {format_uk_date(action.due_date)} is more than a year from today "
            f"({format_uk_date(today)}). Is the year right?",
            yes="Save anyway",
            no="Change the date",
        ):
            self.due.edit.setFocus()
            raise _RefusedError("Change the due date, or save it anyway.")
        self._save_action(action, self.note.text().strip())


class _RefusedError(SafeguardingError):
    """The user chose not to save yet."""


class EnterRuns(QObject):
    """Runs ``work`` when Enter is pressed in the watched text box, instead of the dialog's default button.

    In a dialog, Enter in a text box presses the default button (Save or Close): a name
    typed into a box of its own would be lost with the dialog.
    """

    def __init__(self, work: Callable[[], object], parent: QObject) -> None:
        super().__init__(parent)
        self._work = work

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and isinstance(watched, QLineEdit)
            and watched.text().strip()
        ):
            self._work()
            return True
        return False


class ProgressDialog(FormDialog):
    """Record dated progress on an action, optionally with a new status."""

    def __init__(
        self, action: Action, save: Callable[[str, ActionStatus, date], None], parent: QWidget | None = None
    ) -> None:
        super().__init__("Record progress", parent, save_text="Record")
        self.setObjectName("progressDialog")
        form = QFormLayout()
        what = QLabel(action.description, self)
        what.setWordWrap(True)
        what.setTextFormat(Qt.TextFormat.PlainText)
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName("Progress note")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(90)
        self.status = QComboBox(self)
        self.status.setAccessibleName("Status")
        for status in ActionStatus:
            self.status.addItem(status.label, status.value)
        self.status.setCurrentIndex(list(ActionStatus).index(action.status))
        self.on = DateField("Date of the progress", self)
        self.on.set_value(date.today())
        form.addRow("Action", what)
        form.addRow("&What happened", self.note)
        form.addRow("&Status", self.status)
        form.addRow("&Date", self.on)
        self.body.addLayout(form)
        self.finish_layout()
        self.set_save(lambda: save(self.note.toPlainText().strip(), self.chosen_status(), self.chosen_date()))

    def chosen_status(self) -> ActionStatus:
        """The status chosen."""
        return ActionStatus(self.status.currentData())

    def values(self) -> dict[str, Any]:
        """The progress as entered (a draft's payload)."""
        return {
            "note": self.note.toPlainText(),
            "status": self.chosen_status().value,
            "on": stored_date(self.on),
        }

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Show a draft's payload."""
        self.note.setPlainText(str(values.get("note", "")))
        self.status.setCurrentIndex(max(self.status.findData(values.get("status")), 0))
        show_date(self.on, values.get("on") or date.today().isoformat())

    def chosen_date(self) -> date:
        """The date of the progress (today if not set)."""
        return self.on.value() or date.today()


class AgencyList(Protocol):
    """What the agencies dialog uses of the plan repository (``Store.plan``)."""

    def agencies(self) -> list[Agency]:
        """The partner agencies by name."""

    def add_agency(self, name: str) -> Agency:
        """Add one; raises SafeguardingError to refuse."""

    def rename_agency(self, agency_id: str, name: str, *, base: str | None = None) -> None:
        """Rename one (``base``: the name shown when the user began; a rename elsewhere since is a conflict).

        Raises SafeguardingError to refuse.
        """

    def delete_agency(self, agency_id: str) -> None:
        """Remove one; raises SafeguardingError while an action names it."""


class AgenciesDialog(FormDialog):
    """Edit the list of partner agencies: add, rename, delete (refused while actions use it)."""

    def __init__(self, plan_repository: AgencyList, interaction: Interaction, parent: QWidget | None = None) -> None:
        super().__init__("Partner agencies", parent, save_text="Close")
        self.setObjectName("agenciesDialog")
        self.buttons.button(self.buttons.StandardButton.Cancel).hide()
        self.repo = plan_repository
        self.interaction = interaction
        self.list = QListWidget(self)
        self.list.setAccessibleName("Partner agencies")
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Agency name")
        row = QHBoxLayout()
        self.add_button = QPushButton("&Add", self)
        self.rename_button = QPushButton("&Rename selected", self)
        self.delete_button = QPushButton("&Delete selected", self)
        for button in (self.add_button, self.rename_button, self.delete_button):
            row.addWidget(button)
        column = QVBoxLayout()
        column.addWidget(QLabel("Agencies that can own actions. The list is shared by every assessment.", self))
        column.addWidget(self.list)
        column.addWidget(self.name)
        column.addLayout(row)
        self.body.addLayout(column)
        self.finish_layout()
        self.name.installEventFilter(EnterRuns(self._enter_name, self.name))
        self.add_button.clicked.connect(self._add)
        self.rename_button.clicked.connect(self._rename)
        self.delete_button.clicked.connect(self._delete)
        self.set_save(self._save_typed)
        self.list.currentItemChanged.connect(lambda item, _old: self.name.setText(item.text() if item else ""))
        self.refresh()

    def values(self) -> dict[str, Any]:
        """A name typed but not added or used for a rename, with the agency selected (empty if none)."""
        item = self.list.currentItem()
        typed = self.name.text()
        if typed.strip() == (item.text() if item is not None else "").strip():
            return {}
        return {"name": typed, "selected": self._selected() or ""}

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Show a draft's payload, or the name chosen between two versions."""
        selected = values.get("selected")
        for row in range(self.list.count()):
            if selected and self.list.item(row).data(Qt.ItemDataRole.UserRole) == selected:
                self.list.setCurrentRow(row)
        if "name" in values:
            self.name.setText(str(values["name"]))

    def refresh(self) -> None:
        """Reload the list."""
        self.list.clear()
        for agency in self.repo.agencies():
            item = QListWidgetItem(agency.name)
            item.setData(Qt.ItemDataRole.UserRole, agency.id)
            self.list.addItem(item)

    def _run(self, work: Callable[[], object]) -> None:
        try:
            work()
        except SafeguardingError as error:
            self.message.setText(str(error))
            return
        self.message.setText("")
        self.refresh()

    def _selected(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _save_typed(self) -> None:
        """Close: a name typed is not lost: it renames the agency selected, or is added.

        Raises:
            SafeguardingError: the name is refused (the dialog stays open and says why).
        """
        typed = self.values()
        if not typed:
            return
        if typed["selected"]:
            item = self.list.currentItem()
            self.repo.rename_agency(typed["selected"], typed["name"], base=item.text() if item else None)
        else:
            self.repo.add_agency(typed["name"])

    def _add(self) -> None:
        self._run(lambda: self.repo.add_agency(self.name.text()))

    def _enter_name(self) -> None:
        """Enter in the name box: add the name (or rename the agency selected), and stay open."""
        self._run(self._save_typed)
        if not self.message.text():
            self.name.clear()
            self.list.setCurrentRow(-1)

    def _rename(self) -> None:
        agency_id = self._selected()
        item = self.list.currentItem()
        if agency_id and item is not None:
            shown = item.text()  # the name this window showed: a rename elsewhere meanwhile is not overwritten
            self._run(lambda: self.repo.rename_agency(agency_id, self.name.text(), base=shown))

    def _delete(self) -> None:
        agency_id = self._selected()
        if agency_id:
            self._run(lambda: self.repo.delete_agency(agency_id))
