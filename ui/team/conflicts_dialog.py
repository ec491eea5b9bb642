"""The conflicts waiting for a choice, and the choice itself (through the generic version dialog)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from safeguarding.errors import SafeguardingError
from safeguarding.store import Store
from safeguarding.team.conflicts import Conflict, open_conflicts, resolve_conflict
from safeguarding.words import counted
from ui.interaction import Interaction
from ui.widgets.version_choice import Version, VersionChoiceDialog, describe


def _text(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, dict):
        return "\n".join(f"{name.replace('_', ' ')}: {_text(item)}" for name, item in value.items() if name != "id")
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def versions(conflict: Conflict) -> tuple[Version, Version, str]:
    """The two versions of a conflict as the choice dialog shows them, and the explanation."""
    if conflict.is_deletion:
        a = Version(_text(conflict.value_a), conflict.author_a, conflict.at_a, "Keep it (with the edit)", "Edited")
        b = Version("Deleted.", conflict.author_b, conflict.at_b, "Delete it", "Deleted")
        why = (
            "One person deleted this while another edited it, each without seeing the other's change. "
            "Nothing was deleted over the edit: choose whether it stays."
        )
        return a, b, why
    a = Version(_text(conflict.value_a), conflict.author_a, conflict.at_a, "Keep version A")
    b = Version(_text(conflict.value_b), conflict.author_b, conflict.at_b, "Keep version B")
    why = (
        "This was changed on two laptops before they synced. Both versions are kept until someone chooses; "
        "version A is the one shown in the assessment meanwhile."
    )
    return a, b, why


class ConflictsDialog(QDialog):
    """Lists open conflicts (of one assessment, or all) and opens the choice for the selected one.

    Args:
        store: The open database.
        interaction: For error messages.
        chooser: The name recorded as the person choosing.
        assessment_id: Only this assessment's conflicts (None: all).
        resolved: Called after each choice (the window refreshes).
        parent: The main window.

    Attributes:
        choice_dialog: The version dialog now open (tests drive it).
    """

    def __init__(
        self,
        store: Store,
        interaction: Interaction,
        chooser: str,
        assessment_id: str | None,
        resolved: Callable[[str | None], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Conflicts to resolve")
        self.setObjectName("teamConflicts")
        self.resize(640, 360)
        self._store = store
        self._interaction = interaction
        self._chooser = chooser
        self._assessment_id = assessment_id
        self._resolved = resolved
        self.choice_dialog: VersionChoiceDialog | None = None
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Conflicts")
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(self)
        self.choose_button = buttons.addButton("&Choose…", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.choose_button.clicked.connect(self.choose_selected)
        self.list.itemActivated.connect(lambda _item: self.choose_selected())
        layout.addWidget(buttons)
        self.conflicts: list[Conflict] = []
        self.reload()

    def reload(self) -> None:
        """Read the open conflicts again."""
        self.conflicts = open_conflicts(self._store.db, self._assessment_id)
        self.list.clear()
        for conflict in self.conflicts:
            a, b, _ = versions(conflict)
            item = QListWidgetItem(f"{conflict.label}\n   A: {describe(a)}\n   B: {describe(b)}")
            item.setData(Qt.ItemDataRole.UserRole, conflict.id)
            self.list.addItem(item)
        count = len(self.conflicts)
        self.intro.setText(
            f"{counted(count, 'change')} met another change made elsewhere. Nothing has been lost: both "
            "versions are kept "
            "until you choose."
            if count
            else "No conflicts are waiting. Thank you."
        )
        self.choose_button.setEnabled(bool(count))
        if count:
            self.list.setCurrentRow(0)

    def choose_selected(self) -> None:
        """Open the version choice for the selected conflict."""
        row = self.list.currentRow()
        if row < 0 or row >= len(self.conflicts):
            return
        conflict = self.conflicts[row]
        a, b, why = versions(conflict)
        self.choice_dialog = VersionChoiceDialog(
            "Two versions", conflict.label, why, a, b, allow_merge=not conflict.is_deletion and _is_text(conflict),
            parent=self,
        )  # fmt: skip
        self.choice_dialog.chosen.connect(lambda choice, text: self._apply(conflict, choice, text))
        self.choice_dialog.open()

    def _apply(self, conflict: Conflict, choice: str, text: object) -> None:
        try:
            resolve_conflict(self._store.db, conflict.id, choice, by=self._chooser,
                             merged=text if isinstance(text, str) else None)  # fmt: skip
        except SafeguardingError as error:
            self._interaction.error(self, "Not resolved", str(error))
            return
        self.reload()
        self._resolved(conflict.assessment_id)


def _is_text(conflict: Conflict) -> bool:
    return all(isinstance(value, str) or value is None for value in (conflict.value_a, conflict.value_b))
