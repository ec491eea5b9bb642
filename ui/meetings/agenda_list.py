"""The agenda of the meeting window: its list of items, choosing one for the item editor, adding,
removing and ordering items.

A part of :class:`~ui.meetings.meeting_dialog.MeetingDialog` (its methods, moved out whole).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog

from safeguarding.errors import SafeguardingError
from safeguarding.meetings.agenda import raised_by_partner
from safeguarding.meetings.records import Meeting, MeetingItem
from safeguarding.meetings.values import item_from_values, split_key

if TYPE_CHECKING:
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QLabel, QListWidget

    from safeguarding.store import Store
    from ui.interaction import Interaction
    from ui.meetings.item_editor import ItemEditor


class MeetingAgenda(QDialog):
    """The agenda list and its items (a part of the meeting window)."""

    if TYPE_CHECKING:  # members of the window, which these methods use
        _store: Store
        _interaction: Interaction
        meeting: Meeting | None
        problem: str
        _current: int
        state: QLabel
        agenda: QListWidget
        item_editor: ItemEditor
        edited: Signal

    def _fill_agenda(self, select: int) -> None:
        self.agenda.blockSignals(True)
        self.agenda.clear()
        for item in self.meeting.items if self.meeting else []:
            decided = f" — {item.decision_in_words}" if item.decision_in_words else ""
            self.agenda.addItem(f"{item.position}. {item.location_name} ({item.why}){decided}")
        self.agenda.blockSignals(False)
        count = self.agenda.count()
        self._current = -1
        self.agenda.setCurrentRow(min(select, count - 1) if count else -1)
        if not count:
            self.item_editor.show_item(None, editable=False)

    def _item_chosen(self, row: int) -> None:
        if not self._collect_item():
            self.agenda.blockSignals(True)
            self.agenda.setCurrentRow(self._current)
            self.agenda.blockSignals(False)
            return
        self._current = row
        items = self.meeting.items if self.meeting else []
        item = items[row] if 0 <= row < len(items) else None
        self.item_editor.show_item(item, editable=self.meeting is not None and not self.meeting.is_final)

    def _collect_item(self) -> bool:
        """Keep what the item editor shows in its item; False (and say why) if a typed date is wrong."""
        if self.meeting is None or self.meeting.is_final or self.item_editor.item is None:
            return True
        try:
            self.item_editor.collect()
        except SafeguardingError as error:
            self.problem = str(error)
            self._interaction.error(self, "Item not kept", str(error))
            return False
        return True

    def add_from_register(self) -> None:
        """Add what the register proposes (reviews due, plans to agree, new referrals) and is not on the agenda."""
        if self.meeting is None or not self._collect_item():
            return
        from safeguarding.workflows.meetings import add_register_items

        added = add_register_items(self._store, self.meeting)
        self._fill_agenda(self.agenda.currentRow())
        self.edited.emit()
        self.state.setText(
            f"Added {len(added)} item{'s' if len(added) != 1 else ''} from the register."
            if added
            else "Nothing more is due on the register: every review due and new referral is on the agenda."
        )

    def add_raised_by_partner(self) -> None:
        """Choose a location not on the agenda; it is added as raised by a partner (say who in the item)."""
        if self.meeting is None or not self._collect_item():
            return
        present = {item.location_id for item in self.meeting.items}
        rows = [row for row in self._store.register.rows(self.meeting.meeting_date) if row.location_id not in present]
        if not rows:
            self._interaction.inform(self, "Add a place", "Every location is already on the agenda.")
            return
        chosen = self._interaction.choose(
            self, "Add a place raised by a partner", "Which location?", [row.name for row in rows]
        )
        if chosen is None:
            return
        from safeguarding.workflows.meetings import prepare_updates

        item = raised_by_partner(self.meeting, rows[chosen], "", "")
        prepare_updates(self._store, item, self.meeting.meeting_date)
        self.meeting.items.append(item)
        self._fill_agenda(len(self.meeting.items) - 1)
        self.edited.emit()
        self.item_editor.raised_by.setFocus()

    def remove_item(self) -> None:
        """Take the chosen item off the agenda (its draft review goes when the meeting is saved)."""
        row = self.agenda.currentRow()
        if self.meeting is None or row < 0:
            return
        del self.meeting.items[row]
        for position, item in enumerate(self.meeting.items, start=1):
            item.position = position
        self._current = -1
        self.item_editor.forget()
        self._fill_agenda(row)
        self.edited.emit()

    def _move(self, step: int) -> None:
        row = self.agenda.currentRow()
        if self.meeting is None or row < 0 or not self._collect_item():
            return
        target = row + step
        items = self.meeting.items
        if 0 <= target < len(items):
            items[row], items[target] = items[target], items[row]
            for position, item in enumerate(items, start=1):
                item.position = position
            self._current = -1
            self._fill_agenda(target)
            self.edited.emit()

    def _arrange(self, order: list[str], values: Mapping[str, Any] | None = None) -> None:
        """Put the agenda in ``order`` (item ids): items only stored are read, items not in it are taken off.

        An item neither shown nor stored (added, never saved, then the app was killed) is
        rebuilt from its ``origin`` in ``values`` (a draft), with its open actions to update.
        """
        assert self.meeting is not None
        items = {item.id: item for item in self.meeting.items}
        missing = [item_id for item_id in order if item_id not in items]
        if missing:
            try:
                stored = self._store.meetings.get(self.meeting.id).items
            except SafeguardingError:
                stored = []
            items.update({item.id: item for item in stored if item.id in missing})
        for item_id in (item_id for item_id in missing if item_id not in items and values is not None):
            rebuilt = item_from_values(self.meeting.id, item_id, values or {})
            if rebuilt is not None:
                from safeguarding.workflows.meetings import prepare_updates

                try:
                    prepare_updates(self._store, rebuilt, self.meeting.meeting_date)
                except SafeguardingError:  # its assessment cannot be read: its words are kept on the item
                    rebuilt.assessment_id = None
                items[item_id] = rebuilt
        self.meeting.items = [items[item_id] for item_id in order if item_id in items]
        for position, item in enumerate(self.meeting.items, start=1):
            item.position = position
        self._current = -1

    def item_by_id(self, item_id: str) -> MeetingItem | None:
        """The agenda item ``item_id`` of the meeting shown, or None."""
        return next((item for item in self.meeting.items if item.id == item_id), None) if self.meeting else None

    def item_name(self, item_id: str) -> str | None:
        """The location the agenda item ``item_id`` is about, shown here or stored (another window's); or None."""
        item = self.item_by_id(item_id)
        if item is None and self.meeting is not None:
            try:
                item = next((i for i in self._store.meetings.get(self.meeting.id).items if i.id == item_id), None)
            except SafeguardingError:
                item = None
        return item.location_name if item is not None else None

    def show_item_of(self, values: Mapping[str, Any], base: Mapping[str, Any] | None) -> None:
        """Select the first agenda item whose ``values`` (a draft) differ from ``base``, so its work is in view."""
        changed = [key for key, value in values.items() if base is None or base.get(key) != value]
        items = [item_id for item_id, _name in map(split_key, changed) if item_id]
        rows = {item.id: row for row, item in enumerate(self.meeting.items)} if self.meeting else {}
        chosen = next((rows[item_id] for item_id in items if item_id in rows), None)
        if chosen is not None:
            self.agenda.setCurrentRow(chosen)
