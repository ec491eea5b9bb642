"""The durable editing of the DCSM meeting window: drafts while typing, conflict-safe saves, Cancel asks.

The meeting window stays open while the coordinator moves from item to item
and saves as they go, so it is one :class:`~ui.editing.dialog_form.DialogEditing`
whose record is the meeting shown: its values are the whole meeting as
:mod:`safeguarding.meetings.values` keys it (the meeting's fields, who came,
the agenda, and each item's fields), its base the meeting as last loaded or
saved. What is typed is a draft within a couple of seconds, offered back after
a crash in words naming the meeting and the items ("notes of the DCSM meeting
of 17 December 2026 on Brenchley Gardens (item 1)"). A finalised meeting holds
no work: it cannot be changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from safeguarding.drafts import Draft, excerpt
from safeguarding.meetings.values import ITEM_TEXTS, split_key
from safeguarding.timeutil import format_uk_date
from ui.editing.dialog_form import DialogEditing
from ui.meetings.value_words import value_in_words

if TYPE_CHECKING:
    from ui.editing.keeper import DraftKeeper
    from ui.interaction import Interaction
    from ui.meetings.meeting_dialog import MeetingDialog

FIELD_WORDS = {
    "title": "Title",
    "chair": "Chair",
    "venue": "Venue",
    "notes": "Notes of the meeting",
    "attendees": "Who came, and apologies",
    "agenda": "The agenda",
    "raised_by": "raised by",
    "reason_note": "why it is on the agenda",
    "decision_sought": "decision sought",
    "discussion": "discussion",
    "decision": "decision",
    "route": "escalated to",
    "next_review_date": "next review",
    "updates": "updates on open actions",
    "new_actions": "new actions agreed",
    "origin": "the place and why it is on the agenda",
}
"""Each field in words (an item's field follows the item's name)."""
MEETING_TEXTS = frozenset({"title", "chair", "venue", "notes"})


class MeetingEditing(DialogEditing):
    """Keeps the meeting window's typed work and saves it against the meeting it showed.

    Args:
        dialog: The meeting window.
        drafts: The draft keeper (None: none kept, e.g. a database opened read-only).
        interaction: Asks the user.
        user: The user's name (who typed this window's version).
    """

    def __init__(
        self, dialog: MeetingDialog, drafts: DraftKeeper | None, interaction: Interaction, user: str = ""
    ) -> None:
        meeting = dialog.meeting
        super().__init__(
            dialog,
            kind="meeting",
            record_id=meeting.id if meeting is not None else "",
            assessment_id=None,
            label="",
            base=None,
            drafts=drafts,
            interaction=interaction,
            fields=self.field_words,
            texts=self.is_text,
            describe=self.value_words,
            stored=dialog.stored_values,
            user=user,
        )
        self.window = dialog
        if drafts is not None:
            dialog.edited.connect(drafts.touched)
            dialog.shown.connect(lambda: drafts.register(self))

    def unsaved(self) -> bool:
        """True if a draft meeting shown holds typed work that is not saved (a finalised one never does)."""
        meeting = self.window.meeting
        return meeting is not None and not meeting.is_final and super().unsaved()

    def field_words(self, key: str) -> str:
        """A field in words, e.g. "Item 1, Brenchley Gardens: discussion"."""
        item_id, name = split_key(key)
        words = FIELD_WORDS.get(name, name)
        item = self.window.item_by_id(item_id) if item_id else None
        return f"Item {item.position}, {item.location_name}: {words}" if item is not None else words

    def value_words(self, key: str, value: Any) -> str:
        """A stored value in words for the version choice, e.g. the agenda as "1. Brenchley Gardens, 2. Week Street"."""
        return value_in_words(key, value, self.window.item_name)

    @staticmethod
    def is_text(key: str) -> bool:
        """True for a field where one text can be written from two versions."""
        item_id, name = split_key(key)
        return name in (ITEM_TEXTS if item_id else MEETING_TEXTS)

    def changed_keys(self) -> list[str]:
        """The keys whose value differs from the meeting as shown."""
        values = self.window.values()
        return [key for key in values if values[key] != self.baseline.get(key)]

    def work_label(self) -> str:
        """E.g. "notes of the DCSM meeting of 17 December 2026 on Brenchley Gardens (item 1)"."""
        meeting = self.window.meeting
        if meeting is None:
            return "changes to a DCSM meeting"
        words = f"the DCSM meeting of {format_uk_date(meeting.meeting_date)}"
        items = {split_key(key)[0] for key in self.changed_keys()} - {None}
        named = [f"{item.location_name} (item {item.position})" for item in meeting.items if item.id in items]
        return f"notes of {words} on {', '.join(named)}" if named else f"changes to {words}"

    def work_excerpt(self, values: Mapping[str, Any]) -> str:
        """A little of the texts typed (never the lists kept as one value)."""
        return excerpt(*(str(values[key]) for key in self.changed_keys() if self.is_text(key) and values.get(key)))

    def saved(self) -> None:
        """The meeting was saved: its draft is removed at once (not a couple of seconds later)."""
        if self._keeper is not None:
            self._keeper.flush()

    def save_unsaved(self) -> str | None:
        """Save the meeting (the window stays open); None if saved, else why not."""
        return None if self.window.save() else (self.window.problem or "it could not be saved")

    def discard_unsaved(self) -> None:
        """Show the meeting as saved again."""
        meeting = self.window.meeting
        self.baseline = self.window.values()  # forgotten: showing the meeting as stored asks nothing
        self.window.reload(select=meeting.id if meeting is not None else None)

    def restore_draft(self, draft: Draft) -> bool:
        """Show the meeting a draft was typed in, with its work filled in (unsaved), against its base."""
        if draft.kind != self.kind:
            return False
        meeting = self.window.meeting
        if meeting is None or meeting.id != draft.record_id:
            self.window.show_meeting(draft.record_id)
        meeting = self.window.meeting
        if meeting is None or meeting.id != draft.record_id or meeting.is_final:
            return False
        self.window.show_item_of(draft.payload, draft.base)
        restored = super().restore_draft(draft)
        self.window.show_item_of(draft.payload, draft.base)  # an item rebuilt from the draft is in the list now
        return restored
