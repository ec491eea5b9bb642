"""The "Safety goals and actions" page: goals per side, the actions under each, and their history.

Goals and actions are saved straight away through the plan repository (the page
emits ``records_changed``). While a goal, action, progress or agencies dialog is
open, what is typed in it is kept as a draft, and a save never overwrites another
window's change (:mod:`ui.editing.dialog_form`). Actions are never deleted: they are cancelled, and
every change is kept in their history. Every button has a keyboard mnemonic and
an accessible name; the tree is navigable with the arrow keys (Enter edits).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safeguarding.drafts import Draft
from safeguarding.errors import SafeguardingError
from safeguarding.forms import Section
from safeguarding.model import Assessment, Location, Side, new_id
from safeguarding.plan.library import shipped_library
from safeguarding.plan.records import Action, ActionStatus, AssessmentPlan, SafetyGoal
from safeguarding.plan.rules import assessment_date
from safeguarding.store import editable_values
from safeguarding.timeutil import date_from_iso, format_uk_date
from ui.editing.dialog_form import DialogEditing
from ui.editing.editable import reveal_page
from ui.editor.registry import PageContext
from ui.plan.action_dialog import ActionDialog
from ui.plan.agencies_dialog import AgenciesDialog
from ui.plan.common import uk_date
from ui.plan.export import export_action_plan
from ui.plan.goal_dialog import GoalDialog
from ui.plan.progress_dialog import ProgressDialog
from ui.theme import ON_PALE, message_style
from ui.widgets.plain import plain_tip
from ui.widgets.table_columns import fit_columns

GOAL_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE = QColor("#ffcdd2")


class _Tree(QTreeWidget):
    """The goals tree; Enter or Return edits the selected row."""

    activated_by_key = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated_by_key.emit()
            return
        super().keyPressEvent(event)


class PlanPage(QWidget):
    """Safety goals and their actions for one assessment."""

    records_changed = Signal()

    COLUMNS = ("Goal / action", "Owner agency", "Lead", "Due", "Status")

    def __init__(self, section: Section, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"page_{section.id}")
        self._store = context.store
        self._interaction = context.interaction
        self._keeper = context.drafts
        self._user = context.user
        self._place = ""
        self._library = shipped_library()
        self.assessment: Assessment | None = None
        self.plan: AssessmentPlan | None = None
        self.goal_dialog: GoalDialog | None = None
        self.action_dialog: ActionDialog | None = None
        self.progress_dialog: ProgressDialog | None = None
        self.agencies_dialog: AgenciesDialog | None = None

        layout = QVBoxLayout(self)
        title = QLabel(section.title, self)
        title.setObjectName("pageTitle")
        intro = QLabel(section.help, self)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.carried = QLabel(self)
        self.carried.setObjectName("carriedMarker")
        self.carried.setWordWrap(True)
        self.carried.setStyleSheet("background: #fff3cd; color: #000; padding: 4px;")
        self.carried.setAccessibleName("Carried forward")
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.carried)

        self.tree = _Tree(self)
        self.tree.setAccessibleName("Safety goals and actions")
        self.tree.setColumnCount(len(self.COLUMNS))
        self.tree.setHeaderLabels(list(self.COLUMNS))
        self.columns = fit_columns(self.tree, wrap=True)  # the description stretches and wraps; the others fit
        self.tree.setAlternatingRowColors(True)
        layout.addWidget(self.tree, 1)

        buttons = QHBoxLayout()
        self.add_goal_button = self._button("Add &goal…", "Add a safety goal", buttons)
        self.add_action_button = self._button("Add &action…", "Add an action under the selected goal", buttons)
        self.edit_button = self._button("&Edit…", "Edit the selected goal or action", buttons)
        self.progress_button = self._button("Record &progress…", "Record progress on the selected action", buttons)
        self.remove_goal_button = self._button(
            "&Remove goal", "Remove the selected goal (only without actions)", buttons
        )
        buttons.addStretch(1)
        self.agencies_button = self._button("Partner a&gencies…", "Edit the list of partner agencies", buttons)
        self.export_button = self._button("E&xport action plan (CSV)…", "Export the action plan as CSV", buttons)
        layout.addLayout(buttons)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(message_style(bold=False))
        layout.addWidget(self.message)

        self.add_goal_button.clicked.connect(self.add_goal)
        self.add_action_button.clicked.connect(self.add_action)
        self.edit_button.clicked.connect(self.edit_selected)
        self.progress_button.clicked.connect(self.record_progress)
        self.remove_goal_button.clicked.connect(self.remove_goal)
        self.agencies_button.clicked.connect(self.edit_agencies)
        self.export_button.clicked.connect(self.export_csv)
        self.tree.itemDoubleClicked.connect(lambda *_: self.edit_selected())
        self.tree.activated_by_key.connect(self.edit_selected)
        self.tree.currentItemChanged.connect(lambda *_: self._enable())

    def _button(self, text: str, tip: str, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        row.addWidget(button)
        return button

    def first_editor(self) -> QWidget | None:
        """The tree of goals."""
        return self.tree

    # -- showing -----------------------------------------------------------------

    def load(self, assessment: Assessment, location: Location | None = None) -> None:
        """Show the assessment's goals and actions."""
        self.assessment = assessment
        self._place = location.name if location is not None else ""
        self.refresh(assessment.plan)

    def refresh(self, plan: AssessmentPlan | None = None, select: str | None = None) -> None:
        """Reload the plan from the database (or show ``plan``) and keep the selection."""
        if self.assessment is None:
            return
        select = select or self.selected_id()
        self.plan = plan or self._store.plan.load(self.assessment.id)
        today = self._store.plan.today()
        self.tree.clear()
        chosen: QTreeWidgetItem | None = None
        for goal in self.plan.goals:
            goal_item = QTreeWidgetItem([f"{goal.side.label}: {goal.statement}", "", "", "", ""])
            goal_item.setData(0, GOAL_ROLE, goal.id)
            goal_item.setData(0, KIND_ROLE, "goal")
            font = goal_item.font(0)
            font.setBold(True)
            goal_item.setFont(0, font)
            self.tree.addTopLevelItem(goal_item)
            goal_item.setFirstColumnSpanned(True)  # the goal statement reads across the whole row
            goal_item.setToolTip(0, plain_tip(goal.statement))
            for action in goal.actions:
                text = action.description
                if action.is_carried:
                    text += f"  [carried forward from {format_uk_date(action.carried_from_date)}]"
                item = QTreeWidgetItem(
                    [text, action.agency_name, action.lead, uk_date(action.due_date), action.status_label(today)]
                )
                item.setData(0, GOAL_ROLE, action.id)
                item.setData(0, KIND_ROLE, "action")
                tip = action.description + (f"\nMeasured by: {action.measure}" if action.measure else "")
                item.setToolTip(0, plain_tip(tip))
                for column in range(1, len(self.COLUMNS)):  # the whole text of a cell shortened to fit
                    item.setToolTip(column, plain_tip(item.text(column)))
                if action.is_overdue(today):
                    for column in range(len(self.COLUMNS)):
                        item.setBackground(column, QBrush(OVERDUE))
                        item.setForeground(column, ON_PALE)
                goal_item.addChild(item)
                if action.id == select:
                    chosen = item
            if goal.id == select:
                chosen = goal_item
            goal_item.setExpanded(True)
        self.columns.refit()
        if chosen is None and self.tree.topLevelItemCount():
            chosen = self.tree.topLevelItem(0)
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        marks = self.plan.carried
        if marks or any(a.is_carried for a in self.plan.actions()):
            when = marks[0].from_date if marks else self.plan.actions()[0].carried_from_date
            self.carried.setText(
                f"Carried forward from the assessment of {format_uk_date(when)}: open actions (marked below) and "
                "the write-up of each side (marked in its text) came from that assessment. Check what is still true."
            )
            self.carried.show()
        else:
            self.carried.hide()
        self._enable()

    def _enable(self) -> None:
        kind = self.selected_kind()
        self.add_action_button.setEnabled(kind is not None)
        self.edit_button.setEnabled(kind is not None)
        self.progress_button.setEnabled(kind == "action")
        self.remove_goal_button.setEnabled(kind == "goal")

    def selected_id(self) -> str | None:
        """The id of the selected goal or action."""
        item = self.tree.currentItem()
        return item.data(0, GOAL_ROLE) if item else None

    def selected_kind(self) -> str | None:
        """``"goal"``, ``"action"`` or None."""
        item = self.tree.currentItem()
        return item.data(0, KIND_ROLE) if item else None

    def selected_goal(self) -> SafetyGoal | None:
        """The selected goal, or the goal of the selected action."""
        if self.plan is None or self.selected_id() is None:
            return None
        for goal in self.plan.goals:
            if goal.id == self.selected_id() or any(a.id == self.selected_id() for a in goal.actions):
                return goal
        return None

    def selected_action(self) -> Action | None:
        """The selected action, if an action is selected."""
        if self.plan is None:
            return None
        return next((a for a in self.plan.actions() if a.id == self.selected_id()), None)

    def _changed(self, select: str | None = None) -> None:
        self.message.setText("")
        self.refresh(select=select)
        self.records_changed.emit()

    # -- goals -------------------------------------------------------------------

    def add_goal(self, record_id: str | None = None) -> GoalDialog | None:
        """Open the dialog to add a goal (``record_id``: the id its draft is kept under)."""
        if self.assessment is None:
            return None
        assessment_id = self.assessment.id
        dialog = GoalDialog(self._library, parent=self)
        dialog.editing = self._editing(dialog, "goal", record_id or new_id(), "a new safety goal", None)

        def save() -> None:
            goal = self._store.plan.add_goal(
                assessment_id, dialog.chosen_side(), dialog.statement.toPlainText(), dialog.library_id()
            )
            self._changed(goal.id)

        dialog.set_save(save)
        self.goal_dialog = dialog
        dialog.open()
        return dialog

    def _edit_goal(self, goal: SafetyGoal) -> GoalDialog:
        dialog = GoalDialog(self._library, goal, parent=self)
        label = f"changes to the safety goal ‘{_short(goal.statement)}’"
        editing = self._editing(dialog, "goal", goal.id, label, editable_values(goal), stored=goal.id)
        dialog.editing = editing

        def save() -> None:
            editing.save(
                lambda base: self._store.plan.update_goal(
                    replace(goal, side=dialog.chosen_side(), statement=dialog.statement.toPlainText()), base=base
                )
            )
            self._changed(goal.id)

        dialog.set_save(save)
        self.goal_dialog = dialog
        dialog.open()
        return dialog

    def _editing(
        self, dialog: object, kind: str, record_id: str, what: str, base: dict[str, object] | None, stored: str = ""
    ) -> DialogEditing:
        """The draft and conflict handling of a plan dialog (see :mod:`ui.editing.dialog_form`)."""

        def fresh() -> dict[str, object]:
            record = self._store.plan.action(stored) if kind == "action" else self._goal_now(stored)
            return editable_values(record)

        return DialogEditing(
            dialog,
            kind=kind,
            record_id=record_id,
            assessment_id=self.assessment.id if self.assessment else None,
            label=f"{what} in the plan for {self._place or 'the location'}",
            base=base,
            drafts=self._keeper,
            interaction=self._interaction,
            fields={**PLAN_FIELDS},
            texts=frozenset({"statement", "description", "lead", "measure"}),
            describe=_plan_value_in_words,
            stored=fresh if stored else None,
            user=self._user,
        )

    def _goal_now(self, goal_id: str) -> SafetyGoal:
        plan = self._store.plan.load(self.assessment.id) if self.assessment else None
        found = next((goal for goal in (plan.goals if plan else []) if goal.id == goal_id), None)
        if found is None:
            raise SafeguardingError("That safety goal no longer exists: it may have been removed in another window.")
        return found

    def remove_goal(self) -> None:
        """Remove the selected goal, if it has no actions."""
        goal = self.selected_goal()
        if goal is None or self.selected_kind() != "goal":
            return
        if not self._interaction.confirm(self, "Remove goal", f"Remove the goal “{goal.statement}”?", yes="Remove"):
            return
        try:
            self._store.plan.remove_goal(goal.id)
        except SafeguardingError as error:
            self.message.setText(str(error))
            return
        self._changed()

    # -- actions -----------------------------------------------------------------

    def add_action(self) -> None:
        """Open the dialog to add an action under the selected goal."""
        goal = self.selected_goal()
        if goal is None:
            self.message.setText("Select a goal first, or add one.")
            return
        self._open_action(Action(goal_id=goal.id, description=""), is_new=True)

    def edit_selected(self) -> None:
        """Edit the selected goal or action."""
        action = self.selected_action()
        if action is not None:
            self._open_action(action, is_new=False)
            return
        goal = self.selected_goal()
        if goal is not None:
            self._edit_goal(goal)

    def _open_action(self, action: Action, *, is_new: bool) -> ActionDialog | None:
        assert self.assessment is not None
        try:
            agencies = self._store.plan.agencies()
        except SafeguardingError as error:
            self.message.setText(str(error))
            return None
        holder: list[DialogEditing] = []

        def save(entered: Action, note: str) -> None:
            repository = self._store.plan
            if is_new:
                repository.add_action(entered, note)
            else:  # after a choice between two versions the dialog shows the merged action: read it again
                holder[0].save(
                    lambda base: repository.update_action(dialog.entered(), dialog.note.text().strip(), base=base)
                )
            self._changed(entered.id)

        dialog = ActionDialog(
            agencies,
            save,
            self._interaction,
            action,
            is_new=is_new,
            assessment_start=assessment_date(self.assessment),
            parent=self,
            add_agency=self._store.plan.add_agency,
            today=self._store.plan.today,
        )
        what = "a new action" if is_new else f"changes to the action ‘{_short(action.description)}’"
        base = None if is_new else editable_values(action)
        editing = self._editing(dialog, "action", action.id, what, base, stored="" if is_new else action.id)
        holder.append(editing)
        dialog.editing = editing
        self.action_dialog = dialog
        dialog.open()
        return dialog

    def record_progress(self) -> ProgressDialog | None:
        """Open the dialog to record progress on the selected action."""
        action = self.selected_action()
        if action is None:
            return None

        def save(note: str, status: ActionStatus, on: date) -> None:
            self._store.plan.record_progress(action.id, note, status, on)
            self._changed(action.id)

        dialog = ProgressDialog(action, save, self)
        dialog.editing = self._editing(
            dialog, "progress", action.id, f"progress on ‘{_short(action.description)}’", None
        )
        self.progress_dialog = dialog
        dialog.open()
        return dialog

    def edit_agencies(self) -> AgenciesDialog:
        """Open the partner agencies list."""
        dialog = AgenciesDialog(self._store.plan, self._interaction, self)
        dialog.editing = self._editing(dialog, "agencies", "list", "a partner agency's name", None)
        dialog.finished.connect(lambda _result: self.refresh())
        self.agencies_dialog = dialog
        dialog.open()
        return dialog

    # -- drafts --------------------------------------------------------------------------

    def restore_draft(self, draft: Draft) -> bool:
        """Open the dialog a goal, action, progress or agencies draft was typed in, with its work filled in."""
        if self.assessment is None or draft.kind not in ("goal", "action", "progress", "agencies"):
            return False
        plan = self.plan or self._store.plan.load(self.assessment.id)
        dialog: object | None = None
        if draft.kind == "goal":
            goal = next((g for g in plan.goals if g.id == draft.record_id), None)
            dialog = self._edit_goal(goal) if goal is not None else self.add_goal(draft.record_id)
        elif draft.kind == "agencies":
            dialog = self.edit_agencies()
        else:
            action = next((a for a in plan.actions() if a.id == draft.record_id), None)
            if action is not None:
                self.refresh(select=action.id)
                dialog = self._open_action(action, is_new=False) if draft.kind == "action" else self.record_progress()
            elif draft.kind == "action":
                goal_id = str(draft.payload.get("goal_id") or (plan.goals[0].id if plan.goals else ""))
                dialog = self._open_action(Action(goal_id=goal_id, description="", id=draft.record_id), is_new=True)
        editing = getattr(dialog, "editing", None)
        if editing is None:
            return False
        reveal_page(self)
        return bool(editing.restore_draft(draft))

    def export_csv(self) -> None:
        """Export this assessment's action plan as CSV."""
        if self.assessment is not None:
            export_action_plan(self, self._store, self._interaction, self.assessment.id)


PLAN_FIELDS = {
    "statement": "Safety goal",
    "side": "Side of the triangle",
    "description": "What will be done",
    "agency_id": "Owner agency",
    "lead": "Named lead",
    "due_date": "Due date",
    "measure": "How success will be measured",
    "status": "Status",
}
"""The fields of goals and actions in words (as an edit conflict names them)."""


def _plan_value_in_words(key: str, value: object) -> str:
    if value in (None, ""):
        return "(empty)"
    if key == "due_date":
        return format_uk_date(date_from_iso(str(value)))
    if key == "status":
        return ActionStatus(str(value)).label
    if key == "side":
        return Side(str(value)).label
    return str(value)


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
