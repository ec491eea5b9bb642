"""One agenda item as the coordinator records it during or after the meeting.

Why it is on the agenda and the decision sought; the discussion; the decision
(agree plan, continue, close, escalate with where to, reassess, accept a referral)
and the next review date; each open action's update (status now and what was
said); and new actions agreed (what, owner agency, named lead, due date, goal).
What is entered is written into the item (and so into the assessment's DCSM
review) by :meth:`ItemEditor.collect`; nothing is saved until the meeting is.
:meth:`ItemEditor.values` gives what is shown as stored values (see
:mod:`safeguarding.meetings.values`), for the meeting's draft and its
conflict-safe save, without refusing a date not finished typing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safeguarding.errors import ValidationError
from safeguarding.meetings.records import MeetingItem, NewAction
from safeguarding.meetings.values import as_json, new_actions_from_value
from safeguarding.model import Side, new_id
from safeguarding.plan.records import DECISION_ORDER, Action, ActionStatus, Agency, Decision, SafetyGoal
from safeguarding.timeutil import format_uk_date
from safeguarding.typed_dates import parse_typed_date
from ui.widgets.dates import DateField, show_date, stored_date
from ui.widgets.plain import shown_text

if TYPE_CHECKING:
    from safeguarding.store import Store

UPDATE_COLUMNS = ["Open action", "Owner and lead", "Status now", "Update given"]
NEW_ACTION_COLUMNS = ["New action agreed", "Owner agency", "Named lead", "Due date", "Safety goal"]


def _text_box(parent: QWidget, name: str, height: int = 64) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


class ItemEditor(QWidget):
    """Shows and edits one :class:`~safeguarding.meetings.records.MeetingItem`.

    Signals:
        edited(): a cell of the updates or new actions was changed (the other fields are watched directly).

    Args:
        store: The open database (the assessment's open actions, goals and agencies).
        parent: The meeting window.
    """

    edited = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("itemEditor")
        self._store = store
        self.item: MeetingItem | None = None
        self._actions: dict[str, Action] = {}
        self._goals: list[SafetyGoal] = []
        self._agencies: list[Agency] = []
        layout = QVBoxLayout(self)
        self.title = QLabel(self)
        self.title.setObjectName("itemTitle")
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        layout.addWidget(self.title)
        form = QFormLayout()
        self.raised_by = QLineEdit(self)
        self.raised_by.setAccessibleName("Raised by")
        self.reason_note = _text_box(self, "Why it is on the agenda", 40)
        self.decision_sought = _text_box(self, "Decision sought", 36)
        self.discussion = _text_box(self, "Discussion", 72)
        self.decision = QComboBox(self)
        self.decision.setAccessibleName("Decision")
        self.decision.addItem("Not decided yet", None)
        for decision in DECISION_ORDER:
            self.decision.addItem(decision.label, decision.value)
        self.route = QLineEdit(self)
        self.route.setAccessibleName("Escalated to")
        self.route.setPlaceholderText("Where to, e.g. the MACE panel, the Community Safety Partnership")
        self.next_review = DateField("Next review", self)
        form.addRow("Raised by", self.raised_by)
        form.addRow("Why on the agenda", self.reason_note)
        form.addRow("Decision sought", self.decision_sought)
        form.addRow("Discussion", self.discussion)
        form.addRow("Decision", self.decision)
        form.addRow("Escalated to", self.route)
        form.addRow("Next review", self.next_review)
        layout.addLayout(form)
        layout.addWidget(QLabel("Updates on open actions (status now and what was said):", self))
        self.updates = QTableWidget(0, len(UPDATE_COLUMNS), self)
        self.updates.setObjectName("actionUpdates")
        self.updates.setHorizontalHeaderLabels(UPDATE_COLUMNS)
        self.updates.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.updates.setMinimumHeight(170)
        layout.addWidget(self.updates, 2)
        layout.addWidget(QLabel("New actions agreed (owner agency, named lead and due date):", self))
        self.new_actions = QTableWidget(0, len(NEW_ACTION_COLUMNS), self)
        self.new_actions.setObjectName("newActions")
        self.new_actions.setHorizontalHeaderLabels(NEW_ACTION_COLUMNS)
        self.new_actions.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.new_actions.setMinimumHeight(110)
        layout.addWidget(self.new_actions, 1)
        buttons = QHBoxLayout()
        self.add_action_button = QPushButton("Add new action", self)
        self.remove_action_button = QPushButton("Remove new action", self)
        buttons.addWidget(self.add_action_button)
        buttons.addWidget(self.remove_action_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add_action_button.clicked.connect(lambda: self._add_new_action(None))
        self.remove_action_button.clicked.connect(self._remove_new_action)
        self.decision.currentIndexChanged.connect(lambda _index: self._show_route())
        for table in (self.updates, self.new_actions):
            table.itemChanged.connect(lambda _cell: self.edited.emit())
            table.model().rowsRemoved.connect(lambda *_args: self.edited.emit())
        self.setEnabled(False)

    # -- showing ---------------------------------------------------------------------

    def show_item(self, item: MeetingItem | None, *, editable: bool) -> None:
        """Show ``item`` (None: nothing selected); ``editable`` False for a finalised meeting."""
        self.item = item
        self.setEnabled(item is not None)
        if item is None:
            self.title.setText("Choose an item on the agenda.")
            return
        self.title.setText(f"Item {item.position}: {shown_text(item.location_name, 80)} — {item.why}")
        self.raised_by.setText(item.raised_by)
        self.reason_note.setPlainText(item.reason_note)
        self.decision_sought.setPlainText(item.decision_sought)
        self.discussion.setPlainText(item.the_discussion)
        decision = item.the_decision
        self.decision.setCurrentIndex(self.decision.findData(decision.value if decision else None))
        self.route.setText(item.the_route)
        self.next_review.set_value(item.the_next_review)
        plan = self._store.plan.load(item.assessment_id) if item.assessment_id else None
        self._actions = {action.id: action for action in plan.actions()} if plan else {}
        self._goals = plan.goals if plan else []
        self._agencies = self._store.plan.agencies()
        self._show_updates(item)
        self.new_actions.setRowCount(0)
        for action in item.new_actions:
            self._add_new_action(action)
        for table in (self.updates, self.new_actions):  # the choices in cells follow the meeting: fixed once final
            for row in range(table.rowCount()):
                for column in range(table.columnCount()):
                    widget = table.cellWidget(row, column)
                    if widget is not None:
                        widget.setEnabled(editable)
        has_plan = item.assessment_id is not None
        self.updates.setEnabled(has_plan)
        self.new_actions.setEnabled(has_plan)
        self.add_action_button.setEnabled(has_plan and editable)
        self.remove_action_button.setEnabled(has_plan and editable)
        for widget in (self.raised_by, self.route):
            widget.setReadOnly(not editable)
        for box in (self.reason_note, self.decision_sought, self.discussion):
            box.setReadOnly(not editable)
        self.decision.setEnabled(editable)
        self.next_review.setEnabled(editable)
        for table in (self.updates, self.new_actions):
            table.setEditTriggers(
                QTableWidget.EditTrigger.AllEditTriggers if editable else QTableWidget.EditTrigger.NoEditTriggers
            )
        self._show_route()

    def forget(self) -> None:
        """Forget the item shown: what the widgets hold is not written into it (it was removed or replaced)."""
        self.item = None

    def _show_route(self) -> None:
        self.route.setEnabled(self.decision.currentData() == Decision.ESCALATE.value)

    def _show_updates(self, item: MeetingItem) -> None:
        updates = item.review.items if item.review is not None else []
        self.updates.setRowCount(len(updates))
        for row, update in enumerate(updates):
            action = self._actions.get(update.action_id)
            what = QTableWidgetItem(action.description if action else "An action no longer in the plan")
            owner = ", ".join(part for part in (action.agency_name, action.lead) if part) if action else ""
            due = f" (due {format_uk_date(action.due_date)})" if action and action.due_date else ""
            for column, cell in ((0, what), (1, QTableWidgetItem(owner + due))):
                cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.updates.setItem(row, column, cell)
            status = QComboBox(self.updates)
            status.setAccessibleName(f"Status of action {row + 1}")
            for choice in ActionStatus:
                status.addItem(choice.label, choice.value)
            status.setCurrentIndex(status.findData(update.status.value))
            status.currentIndexChanged.connect(lambda _index: self.edited.emit())
            self.updates.setCellWidget(row, 2, status)
            self.updates.setItem(row, 3, QTableWidgetItem(update.note))
        self.updates.resizeRowsToContents()

    def _add_new_action(self, action: NewAction | None) -> None:
        row = self.new_actions.rowCount()
        self.new_actions.insertRow(row)
        agency = QComboBox(self.new_actions)
        agency.setAccessibleName(f"Owner agency of new action {row + 1}")
        agency.addItem("Choose…", None)
        for known in self._agencies:
            agency.addItem(known.name, known.id)
        goal = QComboBox(self.new_actions)
        goal.setAccessibleName(f"Safety goal of new action {row + 1}")
        for choice in self._goals:
            goal.addItem(choice.statement, ("goal", choice.id))
        for side in Side:
            goal.addItem(f"A new goal on {side.label.lower()}: actions agreed at this DCSM", ("side", side.value))
        self.new_actions.setItem(row, 0, QTableWidgetItem(action.description if action else ""))
        self.new_actions.setCellWidget(row, 1, agency)
        self.new_actions.setItem(row, 2, QTableWidgetItem(action.lead if action else ""))
        self.new_actions.setItem(row, 3, QTableWidgetItem(format_uk_date(action.due_date) if action else ""))
        self.new_actions.setCellWidget(row, 4, goal)
        if action is not None:
            agency.setCurrentIndex(max(0, agency.findData(action.agency_id)))
            key = ("goal", action.goal_id) if action.goal_id else ("side", action.side.value)
            goal.setCurrentIndex(max(0, goal.findData(key)))
        first = self.new_actions.item(row, 0)
        if first is not None:  # a new row has its id at once: its draft and its save name the same action
            first.setData(Qt.ItemDataRole.UserRole, action.id if action is not None else new_id())
        for box in (agency, goal):
            box.currentIndexChanged.connect(lambda _index: self.edited.emit())
        if action is None:
            self.new_actions.setCurrentCell(row, 0)
            self.edited.emit()

    def _remove_new_action(self) -> None:
        row = self.new_actions.currentRow()
        if row >= 0:
            self.new_actions.removeRow(row)

    # -- collecting --------------------------------------------------------------------

    def collect(self) -> None:
        """Write what is shown into the item (and its review).

        Raises:
            ValidationError: a date typed is not a date (the message names it).
        """
        item = self.item
        if item is None:
            return
        next_review = self.next_review.value()
        item.raised_by = self.raised_by.text()
        item.reason_note = self.reason_note.toPlainText()
        item.decision_sought = self.decision_sought.toPlainText()
        data = self.decision.currentData()
        decision = Decision(data) if data else None
        route = self.route.text() if decision == Decision.ESCALATE else ""
        if item.review is not None:
            review = item.review
            review.notes, review.decision, review.route, review.next_review_date = (
                self.discussion.toPlainText(),
                decision,
                route,
                next_review,
            )
            for row, update in enumerate(review.items):
                status = self.updates.cellWidget(row, 2)
                assert isinstance(status, QComboBox)
                update.status = ActionStatus(status.currentData())
                note = self.updates.item(row, 3)
                update.note = note.text() if note is not None else ""
        else:
            item.discussion, item.decision, item.route, item.next_review_date = (
                self.discussion.toPlainText(),
                decision,
                route,
                next_review,
            )
        item.new_actions = [self._new_action(row) for row in range(self.new_actions.rowCount())]
        item.new_actions = [action for action in item.new_actions if action.description.strip()]

    def _new_action(self, row: int) -> NewAction:
        def text(column: int) -> str:
            cell = self.new_actions.item(row, column)
            return cell.text() if cell is not None else ""

        agency = self.new_actions.cellWidget(row, 1)
        goal = self.new_actions.cellWidget(row, 4)
        assert isinstance(agency, QComboBox) and isinstance(goal, QComboBox)
        try:
            due = parse_typed_date(text(3), "due date")
        except ValidationError as error:
            raise ValidationError(f"New action {row + 1}: {error}", "due_date") from error
        kind, value = goal.currentData() or ("side", Side.ENVIRONMENT.value)
        first = self.new_actions.item(row, 0)
        kept_id = first.data(Qt.ItemDataRole.UserRole) if first is not None else None
        action = NewAction(
            description=text(0),
            agency_id=agency.currentData(),
            agency_name=agency.currentText() if agency.currentData() else "",
            lead=text(2),
            due_date=due,
            goal_id=value if kind == "goal" else None,
            side=Side(value) if kind == "side" else Side.ENVIRONMENT,
        )
        if kept_id:
            action.id = str(kept_id)
        return action

    # -- stored values -----------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """What is shown as the item's stored values (unprefixed keys of :mod:`safeguarding.meetings.values`).

        A date not finished typing is kept as typed (a draft keeps it; a save refuses it).
        Empty when no item is shown.
        """
        item = self.item
        if item is None:
            return {}
        decision = self.decision.currentData()
        updates = item.review.items if item.review is not None else []
        return {
            "raised_by": self.raised_by.text().strip(),
            "reason_note": self.reason_note.toPlainText().strip(),
            "decision_sought": self.decision_sought.toPlainText().strip(),
            "discussion": self.discussion.toPlainText().strip(),
            "decision": decision or None,
            "route": self.route.text().strip() if decision == Decision.ESCALATE.value else "",
            "next_review_date": stored_date(self.next_review),
            "updates": as_json([self._update(row, update.action_id) for row, update in enumerate(updates)]),
            "new_actions": as_json(
                [row for row in map(self._new_action_value, range(self.new_actions.rowCount())) if row]
            ),
        }

    def _update(self, row: int, action_id: str) -> list[str]:
        status = self.updates.cellWidget(row, 2)
        note = self.updates.item(row, 3)
        assert isinstance(status, QComboBox)
        return [action_id, str(status.currentData()), note.text().strip() if note is not None else ""]

    def _new_action_value(self, row: int) -> dict[str, Any]:
        def text(column: int) -> str:
            cell = self.new_actions.item(row, column)
            return cell.text().strip() if cell is not None else ""

        if not text(0):
            return {}
        agency = self.new_actions.cellWidget(row, 1)
        goal = self.new_actions.cellWidget(row, 4)
        assert isinstance(agency, QComboBox) and isinstance(goal, QComboBox)
        try:
            due = parse_typed_date(text(3))
        except ValidationError:
            due = None
        kind, value = goal.currentData() or ("side", Side.ENVIRONMENT.value)
        first = self.new_actions.item(row, 0)
        return {
            "id": str(first.data(Qt.ItemDataRole.UserRole)) if first is not None else "",
            "description": text(0),
            "agency_id": agency.currentData(),
            "lead": text(2),
            "due_date": due.isoformat() if due is not None else (text(3) or None),
            "goal_id": value if kind == "goal" else None,
            "side": value if kind == "side" else Side.ENVIRONMENT.value,
        }

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Show stored values of the item shown (a draft, or the versions the user chose); other keys are ignored."""
        for name, box in (("reason_note", self.reason_note), ("decision_sought", self.decision_sought)):
            if name in values:
                box.setPlainText(str(values[name] or ""))
        if "discussion" in values:
            self.discussion.setPlainText(str(values["discussion"] or ""))
        if "raised_by" in values:
            self.raised_by.setText(str(values["raised_by"] or ""))
        if "decision" in values:
            self.decision.setCurrentIndex(max(0, self.decision.findData(values["decision"])))
        if "route" in values:
            self.route.setText(str(values["route"] or ""))
        if "next_review_date" in values:
            show_date(self.next_review, values["next_review_date"])
        if "updates" in values:
            lines = {action_id: (status, note) for action_id, status, note in json.loads(values["updates"] or "[]")}
            updates = self.item.review.items if self.item is not None and self.item.review is not None else []
            for row, update in enumerate(updates):
                if update.action_id in lines:
                    status, note = lines[update.action_id]
                    chooser = self.updates.cellWidget(row, 2)
                    assert isinstance(chooser, QComboBox)
                    chooser.setCurrentIndex(max(0, chooser.findData(status)))
                    self.updates.setItem(row, 3, QTableWidgetItem(note))
        if "new_actions" in values:
            self.new_actions.setRowCount(0)
            rows = json.loads(values["new_actions"] or "[]")
            for row, action in zip(rows, new_actions_from_value(values["new_actions"]), strict=True):
                self._add_new_action(action)
                if row.get("due_date") and action.due_date is None:  # not finished typing: shown as typed
                    self.new_actions.setItem(self.new_actions.rowCount() - 1, 3, QTableWidgetItem(row["due_date"]))
