"""The main window's assessment editor: built on first use, wired to the window, and left only with the work saved.

A part of :class:`~ui.main_window.MainWindow` (its methods, moved out whole). The editor
(:mod:`ui.editor.editor`) loads when an assessment is first opened, not at start-up (issue 14).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.window_base import WindowBase

if TYPE_CHECKING:  # loaded where used, so the window shows before the heavy modules load
    from safeguarding.model import Side
    from ui.editor.editor import AssessmentEditor


class EditorWiring(WindowBase):
    """The window's assessment editor: building it, finding it, leaving it (a part of MainWindow)."""

    @property
    def editor(self) -> AssessmentEditor | None:
        """The open database's assessment editor, built on first use; None while no database is open.

        Start-up lists the locations without it (issue 14): its pages and their modules
        load when an assessment is first opened, or a draft of one restored.
        """
        store, keeper = self.store, self.drafts
        if self._editor is None and store is not None and keeper is not None:
            from ui.editor.editor import AssessmentEditor

            editor = AssessmentEditor(
                store, self.interaction, self, drafts=keeper, user=self.profile.name if self.profile else ""
            )
            editor.set_read_only(store.read_only)
            editor.closed.connect(self._back_to_list)
            editor.export_requested.connect(self.export_assessment)
            editor.said.connect(lambda text: self.statusBar().showMessage(text, 15000))
            editor.saved.connect(self.team.refresh_status)  # the team's "changes waiting" follows each save
            self.stack.addWidget(editor)
            self._editor = editor
        return self._editor

    def built_editor(self) -> AssessmentEditor | None:
        """The assessment editor if it was built (an assessment was opened), else None; never builds it."""
        return self._editor

    def shown_editor(self) -> AssessmentEditor | None:
        """The assessment editor if it is the page showing, else None (it is not built to find out)."""
        editor = self._editor
        return editor if editor is not None and self.stack.currentWidget() is editor else None

    def assessment_in_editor(self) -> str | None:
        """The assessment open in the editor if the editor is showing, else None (nothing is saved)."""
        editor = self.shown_editor()
        return editor.assessment.id if editor is not None and editor.assessment is not None else None

    def save_open_assessment(self) -> bool:
        """Save the assessment open in the editor, if the editor is showing; True if nothing is left unsaved."""
        editor = self.shown_editor()
        return editor.save() if editor is not None else True

    def current_assessment_id(self) -> str | None:
        """The assessment open in the editor (its edits saved first), else the one selected in the list."""
        opened = self.assessment_in_editor()
        if opened is not None:
            self.save_open_assessment()
            return opened
        return self.locations_page.selected_assessment_id()

    def may_leave_editor(self) -> bool:
        """Save every form's unsaved work, or ask (never discard silently); False if the user chose to stay."""
        editor = self.shown_editor()
        if editor is not None:
            return editor.confirm_leave()
        return self.drafts is None or self.drafts.settle(self, self.interaction)

    def show_record(self, assessment_id: str | None, record_type: str, record_id: str, sides: tuple[Side, ...]) -> None:
        """Open an assessment where a record is: its page (visits, map, plan...) with the record chosen."""
        from ui.record_finder import section_of, select_record

        if assessment_id is None or not self.may_leave_editor():
            return
        self.open_assessment(assessment_id)
        editor = self.editor
        section = section_of(record_type, sides)
        if editor is None or self.stack.currentWidget() is not editor or section is None:
            return
        try:
            editor.show_section(section)
        except KeyError:  # the assessment's form has no such page
            return
        select_record(editor.page(section), record_id)
