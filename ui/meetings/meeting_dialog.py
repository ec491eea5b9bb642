"""The DCSM meeting window: choose or start a meeting, record who came, the agenda and each item, finalise, print.

A draft meeting can change as often as needed (*Save draft*); *Finalise…* asks
for confirmation and then writes every item into its assessment's DCSM review,
adds the new actions to the plans and keeps the version of each assessment the
meeting saw (:func:`safeguarding.workflows.meetings.finalise_meeting`). A
finalised meeting is shown read-only. The pack and minutes are printed from here.

What is typed follows the window's one editing model (:mod:`ui.meetings.editing`):
it is kept as a draft while typing and offered back after a crash; Close with
typed work asks first, and so does choosing another meeting; *Save draft* saves
the fields changed since the meeting was shown, so two windows on one meeting
never overwrite each other (the same field changed in both: the user chooses).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safeguarding.errors import SafeguardingError, ValidationError
from safeguarding.meetings.agenda import raised_by_partner
from safeguarding.meetings.records import Attendance, Attendee, Meeting, MeetingItem
from safeguarding.meetings.rules import meeting_words
from safeguarding.meetings.values import apply_values, attendees_value, item_key, meeting_values, split_key
from safeguarding.timeutil import format_uk_date, utc_to_local
from ui.meetings.editing import MeetingEditing
from ui.meetings.item_editor import ItemEditor
from ui.meetings.papers import PaperWriter

if TYPE_CHECKING:
    from safeguarding.store import Store
    from ui.editing.keeper import DraftKeeper
    from ui.interaction import Interaction

PEOPLE_COLUMNS = ["Name", "Agency", "Role", "Attendance"]


def meeting_label(meeting: Meeting) -> str:
    """E.g. "17 December 2026 – Maidstone DCSM (draft)"."""
    return f"{format_uk_date(meeting.meeting_date)} – {meeting.title} ({meeting.status.label.lower()})"


class MeetingDialog(QDialog):
    """The meetings window (non-modal).

    Signals:
        changed(): a meeting was saved or finalised (the window refreshes what depends on it).
        edited(): something was typed or chosen (its draft is written a couple of seconds later).
        shown(): the window was shown (its work is kept from then on).

    Args:
        store: The open database.
        interaction: Confirmations, choices and file pickers (tests script them).
        parent: The main window.
        drafts: The draft keeper of the window (None: no drafts kept).
        user: The user's name (who typed this window's version, in a choice between two).

    Attributes:
        editing: The window's durable editing (:class:`~ui.meetings.editing.MeetingEditing`).
        problem: Why the last save failed, in words ("" after a save that worked).
    """

    changed = Signal()
    edited = Signal()
    shown = Signal()

    def __init__(
        self,
        store: Store,
        interaction: Interaction,
        parent: QWidget | None = None,
        *,
        drafts: DraftKeeper | None = None,
        user: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("DCSM meetings")
        self.setObjectName("meetingDialog")
        self.resize(1200, 800)
        self._store, self._interaction = store, interaction
        self.papers = PaperWriter(self, interaction, store)
        self.meeting: Meeting | None = None
        self.editing: MeetingEditing | None = None
        self.problem = ""
        self._current = -1
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.chooser = QComboBox(self)
        self.chooser.setAccessibleName("Meeting")
        self.new_button = QPushButton("&New meeting…", self)
        self.delete_button = QPushButton("Delete draft", self)
        top.addWidget(QLabel("Meeting:", self))
        top.addWidget(self.chooser, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.delete_button)
        layout.addLayout(top)
        self.state = QLabel(self)
        self.state.setObjectName("meetingState")
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._left_side())
        self.item_editor = ItemEditor(store, self)
        scroller = QScrollArea(self)
        scroller.setWidgetResizable(True)
        scroller.setWidget(self.item_editor)
        splitter.addWidget(scroller)
        splitter.setSizes([430, 770])
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        self.save_button = QPushButton("&Save draft", self)
        self.finalise_button = QPushButton("&Finalise…", self)
        self.pack_button = QPushButton("Print &pack…", self)
        self.minutes_button = QPushButton("Print &minutes…", self)
        close = QPushButton("Close", self)
        for button in (self.save_button, self.finalise_button, self.pack_button, self.minutes_button):
            bottom.addWidget(button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.chooser.currentIndexChanged.connect(self._chosen)
        self.new_button.clicked.connect(self.new_meeting)
        self.delete_button.clicked.connect(self.delete_draft)
        self.save_button.clicked.connect(self.save)
        self.finalise_button.clicked.connect(self.finalise)
        self.pack_button.clicked.connect(lambda: self._print(self.papers.pack))
        self.minutes_button.clicked.connect(lambda: self._print(self.papers.minutes))
        close.clicked.connect(self.close)
        self.agenda.currentRowChanged.connect(self._item_chosen)
        self.people.itemChanged.connect(lambda _cell: self.edited.emit())
        self.people.model().rowsRemoved.connect(lambda *_args: self.edited.emit())
        self.item_editor.edited.connect(self.edited)
        self.reload()
        self.editing = MeetingEditing(self, drafts, interaction, user)
        self._rebase()

    def _left_side(self) -> QWidget:
        side = QWidget(self)
        layout = QVBoxLayout(side)
        details = QGroupBox("The meeting", side)
        form = QFormLayout(details)
        self.title = QLineEdit(details)
        self.chair = QLineEdit(details)
        self.venue = QLineEdit(details)
        for label, widget in (("Title", self.title), ("Chair", self.chair), ("Venue", self.venue)):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        layout.addWidget(details)
        people = QGroupBox("Who came, and apologies", side)
        people_layout = QVBoxLayout(people)
        self.people = QTableWidget(0, len(PEOPLE_COLUMNS), people)
        self.people.setObjectName("attendees")
        self.people.setHorizontalHeaderLabels(PEOPLE_COLUMNS)
        self.people.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        people_layout.addWidget(self.people)
        people_buttons = QHBoxLayout()
        self.add_person_button = QPushButton("Add person", people)
        self.remove_person_button = QPushButton("Remove person", people)
        people_buttons.addWidget(self.add_person_button)
        people_buttons.addWidget(self.remove_person_button)
        people_layout.addLayout(people_buttons)
        layout.addWidget(people, 1)
        agenda = QGroupBox("Agenda", side)
        agenda_layout = QVBoxLayout(agenda)
        self.agenda = QListWidget(agenda)
        self.agenda.setObjectName("agenda")
        self.agenda.setAccessibleName("Agenda items")
        agenda_layout.addWidget(self.agenda)
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        self.from_register_button = QPushButton("Add from the &register", agenda)
        self.raised_button = QPushButton("Add a place raised by a partner…", agenda)
        self.remove_item_button = QPushButton("Remove item", agenda)
        self.up_button = QPushButton("Move up", agenda)
        self.down_button = QPushButton("Move down", agenda)
        row1.addWidget(self.from_register_button)
        row1.addWidget(self.raised_button)
        for button in (self.remove_item_button, self.up_button, self.down_button):
            row2.addWidget(button)
        agenda_layout.addLayout(row1)
        agenda_layout.addLayout(row2)
        layout.addWidget(agenda, 1)
        self.add_person_button.clicked.connect(lambda: self._add_person(Attendee("")))
        self.remove_person_button.clicked.connect(lambda: self.people.removeRow(self.people.currentRow()))
        self.from_register_button.clicked.connect(self.add_from_register)
        self.raised_button.clicked.connect(self.add_raised_by_partner)
        self.remove_item_button.clicked.connect(self.remove_item)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        return side

    # -- choosing a meeting ---------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Read the meetings again, choosing ``select`` (a meeting id), else the first (the latest)."""
        meetings = self._store.meetings.meetings()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for meeting in meetings:
            self.chooser.addItem(meeting_label(meeting), meeting.id)
        index = self.chooser.findData(select) if select else 0
        self.chooser.setCurrentIndex(max(0, index) if meetings else -1)
        self.chooser.blockSignals(False)
        self._chosen(self.chooser.currentIndex())

    def show_meeting(self, meeting_id: str) -> None:
        """Show the meeting ``meeting_id``."""
        self.reload(select=meeting_id)

    def _chosen(self, index: int) -> None:
        if not self._may_switch():
            self.chooser.blockSignals(True)
            self.chooser.setCurrentIndex(self.chooser.findData(self.meeting.id) if self.meeting else -1)
            self.chooser.blockSignals(False)
            return
        meeting_id = self.chooser.itemData(index) if index >= 0 else None
        self.meeting = self._store.meetings.get(meeting_id) if meeting_id else None
        self._show()

    def _show(self) -> None:
        meeting = self.meeting
        editable = meeting is not None and not meeting.is_final
        for widget in (self.title, self.chair, self.venue):
            widget.setReadOnly(not editable)
        self._show_fields()
        self.people.setEditTriggers(
            QTableWidget.EditTrigger.AllEditTriggers if editable else QTableWidget.EditTrigger.NoEditTriggers
        )
        for button in (
            self.add_person_button, self.remove_person_button, self.from_register_button, self.raised_button,
            self.remove_item_button, self.up_button, self.down_button, self.save_button, self.finalise_button,
            self.delete_button,
        ):  # fmt: skip
            button.setEnabled(editable)
        self.people.setEnabled(meeting is not None)
        self.pack_button.setEnabled(meeting is not None)
        self.minutes_button.setEnabled(meeting is not None and meeting.is_final)
        if meeting is None:
            self.state.setText("No meeting yet. Use New meeting… to start one: its agenda is built from the register.")
        elif meeting.is_final:
            self.state.setText(
                f"Finalised: this is the record of {meeting_words(meeting)} and can no longer change. "
                "Each item's decision and updates are in the assessments' DCSM reviews."
            )
        else:
            self.state.setText(
                "Draft: record who came and, for each item, the discussion, decision, updates and new actions. "
                "Save as you go; finalise once the meeting has been held."
            )
        self._current = -1
        self._fill_agenda(0)
        self._rebase()

    def _rebase(self) -> None:
        """What the window shows now is the meeting as stored: the base of the next save, not unsaved work."""
        if self.editing is not None:
            meeting = self.meeting
            self.editing.showing(meeting.id if meeting else "", meeting_values(meeting) if meeting else None)

    def _may_switch(self) -> bool:
        """Before another meeting is shown: save, discard or stay if this one holds typed work. True to go on."""
        if self.editing is None or not self.editing.unsaved():
            return True
        label = self.editing.work_label()
        answer = self._interaction.choose(
            self,
            "Not saved",
            f"{label[:1].upper()}{label[1:]} has not been saved. Save it before you go on?",
            ["Save it", "Discard it", "Stay"],
        )
        if answer == 0:
            return self.save()
        return answer == 1

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

    # -- who came ----------------------------------------------------------------------

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

    # -- the agenda --------------------------------------------------------------------

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

    # -- saving, finalising, printing -------------------------------------------------------

    def _gather(self) -> Meeting | None:
        meeting = self.meeting
        if meeting is None or not self._collect_item():
            return None
        meeting.title, meeting.chair, meeting.venue = self.title.text(), self.chair.text(), self.venue.text()
        meeting.attendees = self._people()
        return meeting

    def save(self) -> bool:
        """Save what was changed since the meeting was shown; True if saved.

        Only the fields changed here are written; what another window saved meanwhile
        is kept and shown. The same field saved differently elsewhere: the user sees
        both versions and chooses (or decides later: nothing is saved, the work stays).
        """
        self.problem = ""
        meeting = self._gather()
        if meeting is None or self.editing is None:
            return False

        def save(base: dict[str, Any] | None) -> object:
            gathered = self._gather()
            if gathered is None:
                raise ValidationError(self.problem)
            return self._store.meetings.save(gathered, base=base)

        try:
            self.editing.save(save)
        except SafeguardingError as error:
            self.problem = str(error)
            self._interaction.error(self, "Meeting not saved", str(error))
            return False
        row = self.agenda.currentRow()
        self.meeting = self._store.meetings.get(meeting.id)
        self._show()
        self._fill_agenda(max(row, 0))
        self._rebase()
        self.editing.saved()
        self.state.setText(f"Draft saved at {utc_to_local(self._store.clock()):%H:%M}.")
        self.changed.emit()
        return True

    # -- the durable editing (ui.meetings.editing) -------------------------------------------

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
            self._arrange(json.loads(values["agenda"] or "[]"))
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

    def _arrange(self, order: list[str]) -> None:
        """Put the agenda in ``order`` (item ids): items only stored are read, items not in it are taken off."""
        assert self.meeting is not None
        items = {item.id: item for item in self.meeting.items}
        missing = [item_id for item_id in order if item_id not in items]
        if missing:
            try:
                stored = self._store.meetings.get(self.meeting.id).items
            except SafeguardingError:
                stored = []
            items.update({item.id: item for item in stored if item.id in missing})
        self.meeting.items = [items[item_id] for item_id in order if item_id in items]
        for position, item in enumerate(self.meeting.items, start=1):
            item.position = position
        self._current = -1

    def _show_fields(self) -> None:
        """Show the meeting's own fields and who came (from :attr:`meeting`)."""
        meeting = self.meeting
        self.title.setText(meeting.title if meeting else "")
        self.chair.setText(meeting.chair if meeting else "")
        self.venue.setText(meeting.venue if meeting else "")
        self.people.setRowCount(0)
        for person in meeting.attendees if meeting else []:
            self._add_person(person)

    def stored_values(self) -> dict[str, Any]:
        """The meeting shown as stored now (after a save refused because another window saved the same field).

        Raises:
            NotFoundError: the meeting was deleted in another window.
        """
        assert self.meeting is not None
        return meeting_values(self._store.meetings.get(self.meeting.id))

    def item_by_id(self, item_id: str) -> MeetingItem | None:
        """The agenda item ``item_id`` of the meeting shown, or None."""
        return next((item for item in self.meeting.items if item.id == item_id), None) if self.meeting else None

    def show_item_of(self, values: Mapping[str, Any], base: Mapping[str, Any] | None) -> None:
        """Select the first agenda item whose ``values`` (a draft) differ from ``base``, so its work is in view."""
        changed = [key for key, value in values.items() if base is None or base.get(key) != value]
        items = [item_id for item_id, _name in map(split_key, changed) if item_id]
        rows = {item.id: row for row, item in enumerate(self.meeting.items)} if self.meeting else {}
        chosen = next((rows[item_id] for item_id in items if item_id in rows), None)
        if chosen is not None:
            self.agenda.setCurrentRow(chosen)

    def reject(self) -> None:
        """Close (or Escape): if something typed is not saved, ask first (never discard silently)."""
        if self.editing is not None and not self.editing.may_discard():
            return
        super().reject()

    def showEvent(self, event: QShowEvent) -> None:
        """Shown (again): its typed work is kept from now on."""
        super().showEvent(event)
        self.shown.emit()

    def finalise(self) -> None:
        """Save, ask for confirmation, then finalise the meeting."""
        meeting = self.meeting
        if meeting is None or not self.save():
            return
        words = meeting_words(meeting)
        if not self._interaction.confirm(
            self,
            "Finalise the meeting",
            f"Finalise {words}?\n\nEach item's discussion, decision and action updates are written into the "
            "assessments' DCSM reviews, the new actions join the plans, and the version of each assessment the "
            "meeting considered is kept. A finalised meeting can no longer be changed.",
            yes="Finalise",
            no="Cancel",
        ):
            return
        from safeguarding.workflows.meetings import finalise_meeting

        try:
            finalise_meeting(self._store, meeting.id)
        except SafeguardingError as error:
            self._interaction.error(self, "Meeting not finalised", str(error))
            return
        self.reload(select=meeting.id)
        self.changed.emit()

    def _print(self, paper: object) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        if not meeting.is_final and not self.save():
            return
        assert callable(paper)
        paper(meeting.meeting_date)

    def new_meeting(self) -> None:
        """Ask the date, then start a draft meeting whose agenda is built from the register."""
        from safeguarding.workflows.meetings import new_meeting

        when = self._interaction.ask_date(
            self,
            "New DCSM meeting",
            "When is the meeting? Its agenda is built from the register (reviews due, plans to agree, referrals).",
            label="Meeting date",
            suggested=utc_to_local(self._store.clock()).date(),
        )
        if when is None:
            return
        try:
            meeting = new_meeting(self._store, when, title=self._last_title())
        except SafeguardingError as error:
            self._interaction.error(self, "Meeting not started", str(error))
            return
        self.reload(select=meeting.id)
        self.changed.emit()

    def _last_title(self) -> str:
        meetings = self._store.meetings.meetings()
        return meetings[0].title if meetings else "DCSM"

    def delete_draft(self) -> None:
        """Delete the draft meeting shown, after confirmation."""
        meeting = self.meeting
        if meeting is None or meeting.is_final:
            return
        if not self._interaction.confirm(
            self, "Delete draft", f"Delete the draft of {meeting_words(meeting)} and its agenda?", yes="Delete"
        ):
            return
        try:
            self._store.meetings.delete(meeting.id)
        except SafeguardingError as error:
            self._interaction.error(self, "Draft not deleted", str(error))
            return
        self.meeting = None  # deleted with what was typed in it, as the user confirmed: nothing to ask
        self.reload()
        self.changed.emit()
