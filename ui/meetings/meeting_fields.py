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
from safeguarding.meetings.values import (
    ITEM_TEXTS,
    apply_values,
    attendees_value,
    item_key,
    meeting_values,
    split_key,
)
from ui.meetings.editing import FIELD_WORDS

if TYPE_CHECKING:
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QLineEdit, QListWidget, QTableWidget

    from safeguarding.store import Store
    from ui.interaction import Interaction
    from ui.meetings.item_editor import ItemEditor


class MeetingFields(QDialog):
    """The meeting's fields, who came, and the window's values (a part of the meeting window)."""

    if TYPE_CHECKING:  # members of the window, which these methods use
        _store: Store
        _interaction: Interaction
        meeting: Meeting | None
        unplaced: dict[str, Any]
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
        values.update(self.unplaced)  # kept in the draft until the meeting is saved
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
        self._keep_unplaced(values)
        self.item_editor.forget()  # the items now hold ``values``: nothing on screen is to be kept over them
        self._show_fields()
        row = self.agenda.currentRow()
        self._fill_agenda(max(row, 0))
        item = self.item_editor.item
        if item is not None and item is shown:  # a date not finished typing is shown as typed
            prefix = item.id + "."
            self.item_editor.set_values({k[len(prefix) :]: v for k, v in values.items() if k.startswith(prefix)})

    def _keep_unplaced(self, values: Mapping[str, Any]) -> None:
        """Keep what was typed for items not on the agenda now, and tell the user where it is, in words.

        An item added but never saved is rebuilt from its ``origin``; a draft left by an older
        version of the app has none, and an item another window removed is not put back. Their
        words are never dropped: they stay in the meeting's draft and are shown in full.
        """
        assert self.meeting is not None
        present = {item.id for item in self.meeting.items}
        lost: dict[str, dict[str, Any]] = {}
        for key, value in values.items():
            item_id, name = split_key(key)
            if item_id is not None and item_id not in present:
                lost.setdefault(item_id, {})[name] = value
        typed = {item_id: fields for item_id, fields in lost.items() if _typed(fields)}
        new = [fields for item_id, fields in typed.items() if item_key(item_id, "origin") not in self.unplaced]
        self.unplaced = {item_key(item_id, name): value for item_id, fields in typed.items()
                         for name, value in {**fields, "origin": fields.get("origin")}.items()}  # fmt: skip
        if new:
            self._interaction.inform(
                self,
                "Notes for an item not on the agenda",
                "You had typed notes for an agenda item that could not be put back on the agenda "
                "(it was added but never saved, or removed in another window). Nothing you typed is lost: "
                "it is kept with this meeting's unsaved work until you save the meeting, and here it is in "
                "full. Add the place to the agenda again and copy what you need into it.\n\n"
                + "\n\n".join(_in_words(fields) for fields in new),
            )

    def _may_leave_unplaced(self) -> bool:
        """Before saving: True if no notes are for an item not on the agenda, or the user saves without them."""
        if not self.unplaced:
            return True
        lost: dict[str, dict[str, Any]] = {}
        for key, value in self.unplaced.items():
            item_id, name = split_key(key)
            lost.setdefault(item_id or "", {})[name] = value
        if self._interaction.confirm(
            self,
            "Notes not on the agenda",
            "Some notes you typed are for an item that is not on the agenda, so saving the meeting does not "
            "keep them:\n\n" + "\n\n".join(map(_in_words, lost.values())) + "\n\nSave the meeting without them? "
            "To keep them, add the place to the agenda again and copy them into it first.",
            yes="Save without them",
            no="Keep them",
        ):
            return True
        self.problem = "some notes are for an item not on the agenda (add the place again and copy them in)"
        return False

    def stored_values(self) -> dict[str, Any]:
        """The meeting shown as stored now (after a save refused because another window saved the same field).

        Raises:
            NotFoundError: the meeting was deleted in another window.
        """
        assert self.meeting is not None
        return meeting_values(self._store.meetings.get(self.meeting.id))


def _typed(fields: Mapping[str, Any]) -> bool:
    """True if an item's fields hold anything typed or chosen (not the blank values of a new item)."""
    return any(fields.get(name) for name in ITEM_TEXTS | {"decision", "next_review_date"}) or bool(
        _action_lines(fields)
    )


def _in_words(fields: Mapping[str, Any]) -> str:
    """An unplaced item's typed texts, one "Discussion: …" line each."""
    texts = [name for name in FIELD_WORDS if name in ITEM_TEXTS and fields.get(name)]
    lines = [f"{FIELD_WORDS[name][:1].upper()}{FIELD_WORDS[name][1:]}: {fields[name]}" for name in texts]
    lines += _action_lines(fields)
    return "\n".join(lines) or "A decision or next review date only."


def _action_lines(fields: Mapping[str, Any]) -> list[str]:
    """The updates given and new actions agreed typed for an item, one line each."""
    try:
        notes = [note for _action, _status, note in json.loads(fields.get("updates") or "[]") if note]
        actions = [row.get("description", "") for row in json.loads(fields.get("new_actions") or "[]")]
    except (ValueError, TypeError):
        return []
    return [f"Update given: {note}" for note in notes] + [f"New action agreed: {a}" for a in actions if a]
