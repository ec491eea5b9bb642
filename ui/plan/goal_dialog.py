"""The safety goal dialog: a side, and a statement from the library or in the assessor's words.

Opened with ``open()`` (never a blocking ``exec()``), so tests fill it and press
its buttons. Saving goes through the plan repository; a refusal is shown inside the
dialog and nothing typed is lost. It offers its fields as stored values
(``values()`` / ``set_values()``) for its draft and for choosing between two
versions (:mod:`ui.editing.dialog_form`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QPlainTextEdit, QWidget

from safeguarding.model import Side
from safeguarding.plan.library import PlanLibrary
from safeguarding.plan.records import SafetyGoal
from ui.plan.common import FormDialog

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
