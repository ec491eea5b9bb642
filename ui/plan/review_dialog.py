"""The DCSM review dialog: meeting date, agencies present, each open action, decision, next review.

"Save draft" keeps what has been said so far; "Finalise review" needs a decision
and turns each action's line into a row of its history (status and note).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from safeguarding.errors import SafeguardingError
from safeguarding.plan.records import Action, ActionStatus, Agency, Decision, Review, ReviewItem
from ui.plan.common import FormDialog, uk_date
from ui.widgets.dates import DateField, show_date, stored_date
from ui.widgets.tab_keys import tab_leaves_tables

ITEM = "item."
"""Prefix of one action's line of a review among its stored values (``item.<action id>``: "On track: note")."""


class ReviewDialog(FormDialog):
    """Record (or look at) a DCSM review.

    Args:
        review: The review to show (a new one, a draft, or a finalised one: read-only).
        actions: The open actions to review (for a new or draft review).
        save: ``save(review, finalise)``; raises SafeguardingError to refuse.
    """

    def __init__(
        self,
        review: Review,
        actions: list[Action],
        agencies: list[Agency],
        save: Callable[[Review, bool], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("DCSM review", parent, save_text="&Finalise review")
        self.setObjectName("reviewDialog")
        self.setMinimumWidth(820)
        self.review = review
        self._save_review = save
        self.open_actions = actions
        self.draft_button = self.buttons.addButton("Save &draft", QDialogButtonBox.ButtonRole.ActionRole)
        self.draft_button.clicked.connect(self.save_draft)
        # Return saves a draft; finalising (which cannot be undone) needs the button itself.
        self.save_button.setAutoDefault(False)
        self.save_button.setDefault(False)
        self.draft_button.setDefault(True)
        form = QFormLayout()
        self.meeting = DateField("Meeting date", self, required=True)
        self.meeting.set_value(review.meeting_date)
        self.present = QListWidget(self)
        self.present.setAccessibleName("Agencies present")
        self.present.setMaximumHeight(130)
        names = [a.name for a in agencies] + [n for n in review.agencies_present if n not in {a.name for a in agencies}]
        for name in names:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in review.agencies_present else Qt.CheckState.Unchecked)
            self.present.addItem(item)
        form.addRow("&Meeting date", self.meeting)
        form.addRow("Agencies &present", self.present)
        self.body.addLayout(form)
        self.body.addWidget(QLabel("Each open action: its status now and what the meeting heard.", self))
        self.table = QTableWidget(len(actions), 4, self)
        self.table.setAccessibleName("Open actions reviewed")
        self.table.setHorizontalHeaderLabels(["Action", "Owner", "Status now", "Note"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.status_boxes: list[QComboBox] = []
        self.notes: list[QLineEdit] = []
        items = {item.action_id: item for item in review.items}
        for row, action in enumerate(actions):
            what = QTableWidgetItem(action.description)
            what.setFlags(what.flags() & ~Qt.ItemFlag.ItemIsEditable)
            owner = QTableWidgetItem(", ".join(p for p in (action.agency_name, action.lead) if p))
            owner.setFlags(owner.flags() & ~Qt.ItemFlag.ItemIsEditable)
            box = QComboBox(self.table)
            box.setAccessibleName(f"Status now: {action.description}")
            for status in ActionStatus:
                box.addItem(status.label, status.value)
            current = items[action.id].status if action.id in items else action.status
            box.setCurrentIndex(list(ActionStatus).index(current))
            note = QLineEdit(self.table)
            note.setAccessibleName(f"Note: {action.description}")
            note.setText(items[action.id].note if action.id in items else "")
            self.table.setItem(row, 0, what)
            self.table.setItem(row, 1, owner)
            self.table.setCellWidget(row, 2, box)
            self.table.setCellWidget(row, 3, note)
            self.status_boxes.append(box)
            self.notes.append(note)
        tab_leaves_tables(self.table)  # Tab goes on through the status and note boxes and out
        self.body.addWidget(self.table, 1)
        decision_form = QFormLayout()
        self.decision = QComboBox(self)
        self.decision.setAccessibleName("Decision")
        self.decision.addItem("Choose the decision…", "")
        for decision in Decision:
            self.decision.addItem(decision.label, decision.value)
        if review.decision:
            self.decision.setCurrentIndex(self.decision.findData(review.decision.value))
        self.next_review = DateField("Next review date", self)
        self.next_review.set_value(review.next_review_date)
        self.review_notes = QPlainTextEdit(self)
        self.review_notes.setAccessibleName("Notes of the meeting")
        self.review_notes.setTabChangesFocus(True)
        self.review_notes.setMaximumHeight(70)
        self.review_notes.setPlainText(review.notes)
        decision_form.addRow("D&ecision", self.decision)
        decision_form.addRow("&Next review date", self.next_review)
        decision_form.addRow("N&otes", self.review_notes)
        self.body.addLayout(decision_form)
        self.finish_layout()
        self.set_save(lambda: self._save_review(self.entered(), True))
        if review.is_final:
            self.setWindowTitle(f"DCSM review of {uk_date(review.meeting_date)} (finalised)")
            for widget in (self.meeting, self.present, self.table, self.decision, self.next_review, self.review_notes):
                widget.setEnabled(False)
            self.draft_button.hide()
            self.save_button.hide()
            # Read-only: nothing to cancel, so the one button says what it does.
            self.buttons.button(self.buttons.StandardButton.Cancel).setText("&Close")

    def entered(self) -> Review:
        """The review as entered (a copy).

        Raises:
            ValidationError: if a date typed is not a date (the message says why).
        """
        present = [
            self.present.item(i).text()
            for i in range(self.present.count())
            if self.present.item(i).checkState() == Qt.CheckState.Checked
        ]
        items = [
            ReviewItem(action.id, ActionStatus(self.status_boxes[row].currentData()), self.notes[row].text().strip())
            for row, action in enumerate(self.open_actions)
        ]
        decision = self.decision.currentData()
        return replace(
            self.review,
            meeting_date=self.meeting.given(),
            agencies_present=present,
            items=items,
            decision=Decision(decision) if decision else None,
            next_review_date=self.next_review.value(),
            notes=self.review_notes.toPlainText().strip(),
        )

    def values(self) -> dict[str, Any]:
        """The review as entered, as stored values (each action's line as ``item.<action id>``).

        A date not finished typing is kept as typed (a draft keeps it; a save refuses it).
        """
        decision = self.decision.currentData()
        values: dict[str, Any] = {
            "meeting_date": stored_date(self.meeting),
            "agencies_present": json.dumps(
                [
                    self.present.item(i).text()
                    for i in range(self.present.count())
                    if self.present.item(i).checkState() == Qt.CheckState.Checked
                ],
                ensure_ascii=False,
            ),
            "decision": decision or None,
            "next_review_date": stored_date(self.next_review),
            "notes": self.review_notes.toPlainText().strip(),
        }
        for row, action in enumerate(self.open_actions):
            status = ActionStatus(self.status_boxes[row].currentData())
            note = self.notes[row].text().strip()
            values[ITEM + action.id] = f"{status.label}: {note}" if note else status.label
        return values

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Show stored values (a draft, or the versions the user chose)."""
        if values.get("meeting_date"):
            show_date(self.meeting, values["meeting_date"])
        if "agencies_present" in values:
            present = set(json.loads(values["agencies_present"] or "[]"))
            for row in range(self.present.count()):
                item = self.present.item(row)
                item.setCheckState(Qt.CheckState.Checked if item.text() in present else Qt.CheckState.Unchecked)
        if "decision" in values:
            self.decision.setCurrentIndex(max(self.decision.findData(values["decision"] or ""), 0))
        if "next_review_date" in values:
            show_date(self.next_review, values["next_review_date"])
        if "notes" in values:
            self.review_notes.setPlainText(str(values["notes"] or ""))
        for row, action in enumerate(self.open_actions):
            line = values.get(ITEM + action.id)
            if line:
                label, _, note = str(line).partition(": ")
                status = next((s for s in ActionStatus if s.label == label), None)
                if status is not None:
                    self.status_boxes[row].setCurrentIndex(list(ActionStatus).index(status))
                self.notes[row].setText(note)

    def keep_work(self) -> None:
        """Save what is typed as a draft review, never finalising it (the window is closing or locking)."""
        self.save_draft()

    def save_draft(self) -> None:
        """Save without finalising (a decision is not needed yet)."""
        try:
            self._save_review(self.entered(), False)
        except SafeguardingError as error:
            self.message.setText(str(error))
            return
        self.accept()


def default_next_review(meeting: date) -> date:
    """A month after the meeting (the DCSM meets monthly)."""
    month = meeting.month % 12 + 1
    year = meeting.year + (meeting.month == 12)
    day = min(meeting.day, 28)
    return date(year, month, day)
