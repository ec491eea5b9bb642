"""The main window's unsaved work: offered back (left by an app that did not close properly), restored, or kept.

A part of :class:`~ui.main_window.MainWindow` (its methods, moved out whole). The work itself is
kept by the open database's :class:`~ui.editing.keeper.DraftKeeper`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from safeguarding.errors import SafeguardingError
from ui.window_base import WindowBase

if TYPE_CHECKING:  # loaded where used, so the window shows before the heavy modules load
    from safeguarding.drafts import Draft


class DraftOffers(WindowBase):
    """Offering back and restoring every form's unsaved work (a part of MainWindow)."""

    def offer_drafts(self, assessment_id: str | None = None) -> int:
        """Offer back unsaved work left by an app that did not close properly; return how many were restored.

        Args:
            assessment_id: Offer only the work on this assessment, including work this window
                kept as a draft for later (it is being opened again). None: work left by app
                processes that are no longer running (at start).
        """
        store, keeper = self.store, self.drafts
        if store is None or keeper is None or store.read_only:
            return 0
        from safeguarding.drafts import INSTANCE
        from ui.editing.restore import offer_drafts

        try:
            left = store.drafts.left_behind(set() if assessment_id else {INSTANCE})
        except SafeguardingError as error:
            self.statusBar().showMessage(f"Unsaved work could not be looked for: {error}", 15000)
            return 0
        hold = self.hold
        offered = [
            draft
            for draft in left
            if not (hold is not None and hold.running_elsewhere(draft.instance))
            and not keeper.keeps(draft.key)
            and (assessment_id is None or draft.assessment_id == assessment_id)
        ]
        return offer_drafts(self, self.interaction, offered, self.restore_draft, lambda d: store.drafts.remove(d.key))

    def restore_draft(self, draft: Draft) -> bool:
        """Open the assessment a draft belongs to, at its page, with the draft's work filled in and unsaved."""
        editor, keeper = self.editor, self.drafts
        if keeper is not None and self.store is not None and draft.kind == "location":
            try:
                existing = self.store.locations.get(draft.record_id)
            except SafeguardingError:
                existing = None
            dialog = self._open_location_dialog(existing, draft.record_id)
            if dialog.editing is None or not dialog.editing.restore_draft(draft):
                return False
            keeper.adopt(draft)
            return True
        if keeper is not None and self.store is not None and draft.kind == "meeting":
            self.meetings_menu.show_meetings(draft.record_id)
            meetings = self.meetings_menu.meeting_dialog
            if meetings is None or meetings.editing is None or not meetings.editing.restore_draft(draft):
                self.interaction.error(
                    self, "Work not restored", f"{draft.label[:1].upper()}{draft.label[1:]} could not be shown."
                )
                return False
            keeper.adopt(draft)
            return True
        if editor is None or keeper is None or draft.assessment_id is None:
            return False
        showing = self.stack.currentWidget() is editor and editor.assessment is not None
        if not showing or editor.assessment is None or editor.assessment.id != draft.assessment_id:
            if not self.may_leave_editor():
                return False
            self.open_assessment(draft.assessment_id, offer=False)
        if editor.assessment is None or not editor.restore_draft(draft):
            self.interaction.error(
                self, "Work not restored", f"{draft.label[:1].upper()}{draft.label[1:]} could not be shown."
            )
            return False
        keeper.adopt(draft)
        return True

    def keep_drafts(self) -> None:
        """Write every form's unsaved work as drafts now (before locking: the work stays on screen)."""
        if self.drafts is not None:
            self.drafts.flush()
