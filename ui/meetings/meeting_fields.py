"""The meeting's own fields and who came, in the meeting window: shown, read back, and as stored values.

The values are what the window's durable editing (:mod:`ui.meetings.editing`) keeps as a
draft and compares on saving (:mod:`safeguarding.meetings.values` keys). A part of
:class:`~ui.meetings.meeting_dialog.MeetingDialog` (its methods, moved out whole).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QDialog, QTableWidgetItem

from safeguarding.meetings.records import Attendance, Attendee, Meeting
from safeguarding.meetings.values import apply_values, attendees_value, item_key, meeting_values

if TYPE_CHECKING:
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QLineEdit, QListWidget, QTableWidget

    from safeguarding.store import Store
    from ui.meetings.item_editor import ItemEditor


class MeetingFields(QDialog):
    """The meeting's fields, who came, and the window's values (a part of the meeting window)."""

    if TYPE_CHECKING:  # members of the window, which these methods use
        _store: Store
        meeting: Meeting | None
        title: QLineEdit
        chair: QLineEdit
        venue: QLineEdit
        people: QTableWidget
        agenda: QListWidget
        item_editor: ItemEditor
        edited: Signal

        def _arrange(self, order: list[str], values: Mapping[str, Any] | None = None) -> None: ...
        def _fill_agenda(self, select: int) -> None: ...

    def _show_fields(self) -> None:
        """Show the meeting's own fields and who came (from :attr:`meeting`)."""
        meeting = self.meeting
        self.title.setText(meeting.title if meeting else "")
        self.chair.setText(meeting.chair if meeting else "")
        self.venue.setText(meeting.venue if meeting else "")
        self.people.setRowCount(0)
        for person in meeting.attendees if meeting else []:
            self._add_person(person)

    def _add_person(self, person: Attendee) -> None:
        row = self.people.rowCount()
        self.people.insertRow(row)
        for column, text in enumerate((person.name, person.agency, person.role)):
            self.people.setItem(row, column, QTableWidgetItem(text))
        attendance = QComboBox(self.people)
        attendance.setAccessibleName(f"Present or apologies, row {row + 1}")
        for choice in Attendance:
            attendance.addItem(choice.label, choice.value)
        attendance.setCurrentIndex(attendance.findData(person.attendance.value))
        attendance.currentIndexChanged.connect(lambda _index: self.edited.emit())
        attendance.setEnabled(self.meeting is not None and not self.meeting.is_final)
        self.people.setCellWidget(row, 3, attendance)
        if not person.name:
            self.people.setCurrentCell(row, 0)

    def _people(self) -> list[Attendee]:
        people = []
        for row in range(self.people.rowCount()):
            texts = [self.people.item(row, column) for column in range(3)]
            name, agency, role = (cell.text().strip() if cell is not None else "" for cell in texts)
            attendance = self.people.cellWidget(row, 3)
            assert isinstance(attendance, QComboBox)
            if name or agency:
                people.append(Attendee(name, agency, role, Attendance(attendance.currentData())))
        return people

    def values(self) -> dict[str, Any]:
        """The meeting as shown, as stored values (:mod:`safeguarding.meetings.values`); empty without one."""
        meeting = self.meeting
        if meeting is None:
            return {}
        values = meeting_values(meeting)  # the items as last kept from the item editor
        values.update(
            title=self.title.text().strip(),
            chair=self.chair.text().strip(),
            venue=self.venue.text().strip(),
            attendees=attendees_value(self._people()),
        )
        item = self.item_editor.item
        if item is not None:
            values.update({item_key(item.id, name): value for name, value in self.item_editor.values().items()})
        return values

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Show stored values (a draft, or the meeting as stored now with the user's choices)."""
        meeting = self.meeting
        if meeting is None:
            return
        if "agenda" in values:
            self._arrange(json.loads(values["agenda"] or "[]"), values)
        shown = self.item_editor.item
        apply_values(meeting, values)
        self.item_editor.forget()  # the items now hold ``values``: nothing on screen is to be kept over them
        self._show_fields()
        row = self.agenda.currentRow()
        self._fill_agenda(max(row, 0))
        item = self.item_editor.item
        if item is not None and item is shown:  # a date not finished typing is shown as typed
            prefix = item.id + "."
            self.item_editor.set_values({k[len(prefix) :]: v for k, v in values.items() if k.startswith(prefix)})

    def stored_values(self) -> dict[str, Any]:
        """The meeting shown as stored now (after a save refused because another window saved the same field).

        Raises:
            NotFoundError: the meeting was deleted in another window.
        """
        assert self.meeting is not None
        return meeting_values(self._store.meetings.get(self.meeting.id))
