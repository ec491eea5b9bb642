"""Starting, deleting, finalising and printing meetings from the meeting window.

*Finalise…* saves, asks for confirmation and then writes every item into its
assessment's DCSM review, adds the new actions to the plans and keeps the version of
each assessment the meeting saw (:func:`safeguarding.workflows.meetings.finalise_meeting`).
A part of :class:`~ui.meetings.meeting_dialog.MeetingDialog` (its methods, moved out whole).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from safeguarding.errors import SafeguardingError
from safeguarding.meetings.records import Meeting
from safeguarding.meetings.rules import meeting_words
from safeguarding.timeutil import utc_to_local

if TYPE_CHECKING:
    from PySide6.QtCore import Signal

    from safeguarding.store import Store
    from ui.interaction import Interaction


class MeetingLifecycle(QDialog):
    """New meeting, delete a draft, finalise, print (a part of the meeting window)."""

    if TYPE_CHECKING:  # members of the window, which these methods use
        _store: Store
        _interaction: Interaction
        meeting: Meeting | None
        changed: Signal

        def save(self) -> bool: ...
        def reload(self, select: str | None = None) -> None: ...

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
