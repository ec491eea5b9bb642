"""The write-up as an :class:`~ui.editing.editable.Editable`: its drafts, kept, restored or discarded.

A part of :class:`~ui.editor.editor.AssessmentEditor` (its methods, moved out whole). What is
typed is kept as a draft within a couple of seconds (:mod:`ui.editing.keeper`), so a crash
loses nothing; a restored draft is unsaved work, saved through the normal, conflict-safe path.
"""

from __future__ import annotations

from safeguarding.drafts import Draft, excerpt
from ui.editor.editor_base import EditorBase

WRITE_UP = "assessment"
"""The kind of draft of an assessment's write-up (its form pages)."""


class WriteUpDrafts(EditorBase):
    """The write-up's unsaved work as drafts (a part of AssessmentEditor)."""

    def drafts(self) -> list[Draft]:
        """The write-up's unsaved work as a draft: what was typed (even a date not finished), against the base."""
        if self.assessment is None or self.location is None or not self.dirty:
            return []
        changed = self._changed_keys()
        if not changed:
            return []
        typed = self.typed_values()
        found = [self._page_of(key) for key in changed]
        sections = list(dict.fromkeys(place[0].section.short_title for place in found if place is not None))
        what = " and ".join([", ".join(sections[:-1]), sections[-1]] if len(sections) > 1 else sections)
        return [
            Draft(
                key=f"{WRITE_UP}:{self.assessment.id}",
                kind=WRITE_UP,
                record_id=self.assessment.id,
                assessment_id=self.assessment.id,
                label=f"the {what} of the assessment of {self.location.name}",
                payload=typed,
                base=dict(self.base),
                excerpt=excerpt(*(str(typed[key]) for key in changed if isinstance(typed[key], str))),
            )
        ]

    def save_unsaved(self) -> str | None:
        """Save the write-up; None if saved, else why not."""
        return None if self.save() else (self.problem or "it could not be saved")

    def discard_unsaved(self) -> None:
        """Show the write-up as stored again (the user chose to discard the changes)."""
        self.timer.stop()
        touched = frozenset(self.typed_values())
        self.show_stored_write_up(self.base, also=touched)
        self.dirty = False
        self.problem = ""
        self._show_state()

    def restore_draft(self, draft: Draft) -> bool:
        """Show a restored draft: of the write-up here, of other work on the page that keeps it.

        The restored work is unsaved; it is saved through the normal, conflict-safe path
        against the base it was typed on.
        """
        if self.assessment is None or draft.assessment_id != self.assessment.id:
            return False
        if draft.kind != WRITE_UP:
            for page in self.pages:
                if hasattr(page, "restore_draft") and page.restore_draft(draft):
                    self.show_page(page)
                    if hasattr(page, "reveal"):
                        page.reveal()  # the restored typing in view, the focus in it
                    return True
            return False
        self._loading = True
        try:
            for page in self.form_pages():
                page.restore_touched(draft.payload)
        finally:
            self._loading = False
        self.base = dict(draft.base or self.base)
        first = next(iter(draft.payload), None)
        found = self._page_of(first) if first else None
        if found is not None:
            self.show_page(found[0])
        self.dirty = True
        self.timer.stop()  # saved when the user goes on, not behind their back
        if self.keeper is not None:
            self.keeper.touched()
        self._show_state()
        return True

    def reveal(self) -> None:
        """Show the first write-up page with unsaved changes."""
        changed = self._changed_keys()
        found = self._page_of(changed[0]) if changed else None
        if found is not None:
            self.show_page(found[0])
