"""The partner agencies dialog: add, rename and delete the agencies that can own actions.

Opened with ``open()`` (never a blocking ``exec()``), so tests fill it and press
its buttons. Saving goes through the plan repository; a refusal is shown inside the
dialog and nothing typed is lost. It offers its fields as stored values
(``values()`` / ``set_values()``) for its draft and for choosing between two
versions (:mod:`ui.editing.dialog_form`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safeguarding.errors import SafeguardingError
from safeguarding.plan.records import Agency
from ui.interaction import Interaction
from ui.plan.common import EnterRuns, FormDialog


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
