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

The window is built from parts, each a base class holding the methods of one job:
the agenda (:mod:`ui.meetings.agenda_list`), the meeting's fields and who came
(:mod:`ui.meetings.meeting_fields`), and starting, deleting, finalising and printing
(:mod:`ui.meetings.lifecycle`); the item shown is edited in :mod:`ui.meetings.item_editor`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
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
    QVBoxLayout,
    QWidget,
)

from safeguarding.errors import SafeguardingError, ValidationError
from safeguarding.meetings.records import Attendee, Meeting
from safeguarding.meetings.rules import meeting_words
from safeguarding.meetings.values import meeting_values
from safeguarding.timeutil import format_uk_date, utc_to_local
from ui.meetings.agenda_list import MeetingAgenda
from ui.meetings.editing import MeetingEditing
from ui.meetings.item_editor import ItemEditor
from ui.meetings.lifecycle import MeetingLifecycle
from ui.meetings.meeting_fields import MeetingFields
from ui.meetings.papers import PaperWriter

if TYPE_CHECKING:
    from safeguarding.store import Store
    from ui.editing.keeper import DraftKeeper
    from ui.interaction import Interaction

PEOPLE_COLUMNS = ["Name", "Agency", "Role", "Attendance"]


def meeting_label(meeting: Meeting) -> str:
    """E.g. "17 December 2026 – Maidstone DCSM (draft)"."""
    return f"{format_uk_date(meeting.meeting_date)} – {meeting.title} ({meeting.status.label.lower()})"


class MeetingDialog(MeetingAgenda, MeetingFields, MeetingLifecycle):
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
        unplaced: Typed fields of agenda items that could not be put back on the agenda (stored
            values, kept in the draft until the meeting is saved; see ``MeetingFields``).
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
        self.unplaced: dict[str, Any] = {}
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
        self.unplaced = {}
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

    # -- saving ---------------------------------------------------------------------------

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
            if gathered is None or not self._may_leave_unplaced():  # asked again after a choice of versions
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

    def reject(self) -> None:
        """Close (or Escape): if something typed is not saved, ask first (never discard silently)."""
        if self.editing is not None and not self.editing.may_discard():
            return
        super().reject()

    def showEvent(self, event: QShowEvent) -> None:
        """Shown (again): its typed work is kept from now on."""
        super().showEvent(event)
        self.shown.emit()
