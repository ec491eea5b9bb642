"""The DCSM meeting window: choose or start a meeting, record who came, the agenda and each item, finalise, print.

A draft meeting can change as often as needed (*Save draft*); *Finalise…* asks
for confirmation and then writes every item into its assessment's DCSM review,
adds the new actions to the plans and keeps the version of each assessment the
meeting saw (:func:`safeguarding.workflows.meetings.finalise_meeting`). A
finalised meeting is shown read-only. The pack and minutes are printed from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
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

from safeguarding.errors import SafeguardingError
from safeguarding.meetings.agenda import raised_by_partner
from safeguarding.meetings.records import Attendance, Attendee, Meeting
from safeguarding.meetings.rules import meeting_words
from safeguarding.timeutil import format_uk_date, utc_to_local
from ui.meetings.item_editor import ItemEditor
from ui.meetings.papers import PaperWriter

if TYPE_CHECKING:
    from safeguarding.store import Store
    from ui.interaction import Interaction

PEOPLE_COLUMNS = ["Name", "Agency", "Role", "Attendance"]


def meeting_label(meeting: Meeting) -> str:
    """E.g. "17 December 2026 – Maidstone DCSM (draft)"."""
    return f"{format_uk_date(meeting.meeting_date)} – {meeting.title} ({meeting.status.label.lower()})"


class MeetingDialog(QDialog):
    """The meetings window (non-modal).

    Signals:
        changed(): a meeting was saved or finalised (the window refreshes what depends on it).

    Args:
        store: The open database.
        interaction: Confirmations, choices and file pickers (tests script them).
        parent: The main window.
    """

    changed = Signal()

    def __init__(self, store: Store, interaction: Interaction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("DCSM meetings")
        self.setObjectName("meetingDialog")
        self.resize(1200, 800)
        self._store, self._interaction = store, interaction
        self.papers = PaperWriter(self, interaction, store)
        self.meeting: Meeting | None = None
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
        self.reload()

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
        meeting_id = self.chooser.itemData(index) if index >= 0 else None
        self.meeting = self._store.meetings.get(meeting_id) if meeting_id else None
        self._show()

    def _show(self) -> None:
        meeting = self.meeting
        editable = meeting is not None and not meeting.is_final
        for widget in (self.title, self.chair, self.venue):
            widget.setReadOnly(not editable)
        self.title.setText(meeting.title if meeting else "")
        self.chair.setText(meeting.chair if meeting else "")
        self.venue.setText(meeting.venue if meeting else "")
        self.people.setRowCount(0)
        for person in meeting.attendees if meeting else []:
            self._add_person(person)
        self.people.setEditTriggers(
            QTableWidget.EditTrigger.AllEditTriggers if editable else QTableWidget.EditTrigger.NoEditTriggers
        )
        for button in (
            self.add_person_button, self.remove_person_button, self.from_register_button, self.raised_button,
            self.remove_item_button, self.up_button, self.down_button, self.save_button, self.finalise_button,
            self.delete_button,
        ):  # fmt: skip
            button.setEnabled(editable)
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
        self.item_editor.item = None
        self._fill_agenda(row)

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

    # -- saving, finalising, printing -------------------------------------------------------

    def _gather(self) -> Meeting | None:
        meeting = self.meeting
        if meeting is None or not self._collect_item():
            return None
        meeting.title, meeting.chair, meeting.venue = self.title.text(), self.chair.text(), self.venue.text()
        meeting.attendees = self._people()
        return meeting

    def save(self) -> bool:
        """Save the draft as shown; True if saved."""
        meeting = self._gather()
        if meeting is None:
            return False
        try:
            self._store.meetings.save(meeting)
        except SafeguardingError as error:
            self._interaction.error(self, "Meeting not saved", str(error))
            return False
        row = self.agenda.currentRow()
        self.meeting = self._store.meetings.get(meeting.id)
        self._show()
        self._fill_agenda(max(row, 0))
        self.state.setText(f"Draft saved at {utc_to_local(self._store.clock()):%H:%M}.")
        self.changed.emit()
        return True

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
        self.reload()
        self.changed.emit()
