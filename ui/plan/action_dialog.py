"""The action dialog: what, owner agency, lead, due date, measure and status, with the action's history.

Opened with ``open()`` (never a blocking ``exec()``), so tests fill it and press
its buttons. Saving goes through the plan repository; a refusal is shown inside the
dialog and nothing typed is lost. It offers its fields as stored values
(``values()`` / ``set_values()``) for its draft and for choosing between two
versions (:mod:`ui.editing.dialog_form`). A due date before today, on a new action or
changed, is said beside the field as it is typed (the action will show as overdue); the
save still goes ahead, as an action may be recorded already overdue.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from safeguarding.errors import SafeguardingError
from safeguarding.plan.records import FIELD_LABELS, Action, ActionStatus, ActionUpdate, Agency, is_overdue
from safeguarding.plan.rules import due_far_ahead
from safeguarding.timeutil import format_uk_date, uk_today, utc_to_local
from ui.interaction import Interaction
from ui.plan.common import EnterRuns, FormDialog
from ui.widgets.columns import full_width_choices
from ui.widgets.dates import DateField, show_date, stored_date
from ui.widgets.messages import message_label, say

PASSED_WARNING = "This date has passed: the action will show as overdue."
"""Said beside the due date when a new (or changed) due date is before today; the save goes ahead."""


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
        today: Returns today's date (the plan repository's clock; by default the UK date now).
            A due date before it, on a new action or changed, is warned of beside the field
            as it is typed (:data:`PASSED_WARNING`), without stopping the save: an action may
            be recorded already overdue.
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
        today: Callable[[], date] = uk_today,
    ) -> None:
        super().__init__("Add action" if is_new else "Edit action", parent)
        self._add_agency = add_agency
        self.setObjectName("actionDialog")
        self.action = action
        self._save_action = save
        self._interaction = interaction
        self._start = assessment_start
        self._today = today
        self._stored_due = None if is_new else action.due_date  # a due date kept as it was is not warned of
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
        self.due_warning = message_label(self)
        self.due_warning.setAccessibleName("About the due date")
        self.due_warning.hide()
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
        form.addRow("", self.due_warning)
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
        self._warn_if_passed()
        self.due.changed.connect(self._warn_if_passed)
        self.status.currentIndexChanged.connect(self._warn_if_passed)

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
        self._warn_if_passed()

    def due_has_passed(self) -> bool:
        """Whether the due date as typed is before today, on an open action, and new or changed (so it is warned of)."""
        due = self.due.parsed()
        status = ActionStatus(self.status.currentData())
        return due != self._stored_due and is_overdue(status, due, self._today())

    def _warn_if_passed(self) -> None:
        """Say beside the due date that it has passed (or clear that), as the date is typed or the status chosen."""
        passed = self.due_has_passed()
        say(self.due_warning, PASSED_WARNING if passed else "", problem=True)
        self.due_warning.setVisible(passed)

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
        today = self._today()
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
