"""Saving the write-up (overview, the three sides, summary) and saying whether everything is saved.

A part of :class:`~ui.editor.editor.AssessmentEditor` (its methods, moved out whole). A save
passes the write-up as it was loaded (the base); when another window saved the same field,
the user chooses between the two versions (:mod:`ui.editing.conflicts`).
"""

from __future__ import annotations

from typing import Any

from safeguarding.errors import SafeguardingError
from safeguarding.model import Assessment
from safeguarding.store import ASSESSMENT_COLUMNS, EditConflictError, editable_values
from safeguarding.timeutil import utc_to_local
from ui.editing.conflicts import resolve
from ui.editor.editor_base import EditorBase
from ui.editor.form_page import FormPage
from ui.theme import message_style
from ui.widgets.fields import MultilineEditor, TextEditor


class WriteUpSaving(EditorBase):
    """The write-up's values, its autosave, its conflicts and the status line (a part of AssessmentEditor)."""

    # -- the write-up --------------------------------------------------------------

    def form_pages(self) -> list[FormPage]:
        """The pages of the write-up (overview, the three sides, summary)."""
        return [page for page in self.pages if isinstance(page, FormPage)]

    def typed_values(self) -> dict[str, Any]:
        """What the user changed in the write-up pages since it was loaded or saved, by key, as typed."""
        values: dict[str, Any] = {}
        for page in self.form_pages():
            values.update(page.touched_values())
        return values

    def show_stored_write_up(self, values: dict[str, Any], *, also: frozenset[str] = frozenset()) -> None:
        """Show stored values in the fields the user has not changed (and in ``also``), without marking them."""
        self._loading = True
        try:
            for page in self.form_pages():
                page.show_stored(values, also=also)
        finally:
            self._loading = False

    def _changed_keys(self) -> list[str]:
        """The write-up fields whose value differs from the base (a typed date not yet a date counts)."""
        typed = self.typed_values()
        if not typed or self.assessment is None:
            return []
        try:
            for page in self.form_pages():
                page.apply(self.assessment)
        except SafeguardingError:
            return list(typed)
        now = editable_values(self.assessment)
        return [key for key in typed if now.get(key) != self.base.get(key)]

    def _page_of(self, key: str) -> tuple[FormPage, str] | None:
        for page in self.form_pages():
            field_id = page.field_of(key)
            if field_id is not None:
                return page, field_id
        return None

    def field_label(self, key: str) -> str:
        """A write-up field in words, e.g. ``"Guardianship: Concerns"``."""
        found = self._page_of(key)
        if found is None:
            return key.replace("_", " ").capitalize()
        page, field_id = found
        return f"{page.section.short_title}: {page.editors[field_id].field.label}"

    def _value_in_words(self, key: str, value: Any) -> str:
        found = self._page_of(key)
        return found[0].describe_value(found[1], value) if found else str(value)

    # -- saving ------------------------------------------------------------------

    def mark_changed(self) -> None:
        """Note an edit, (re)start the autosave timer and have its draft kept."""
        if self._loading or self.read_only:
            return
        self.dirty = True
        self.timer.start()
        if self.keeper is not None:
            self.keeper.touched()
        else:
            self._show_state()

    def save(self) -> bool:
        """Save the write-up now through the domain; return True if nothing of it is left unsaved.

        When another window saved one of the same fields, the user chooses between the
        two versions; deciding later leaves the work unsaved (on screen and in its draft).
        """
        self.timer.stop()
        if self.assessment is None or not self.dirty or self.read_only:
            return True
        for _attempt in range(3):  # a third window saving the same field again at that moment asks again
            try:
                for page in self.pages:
                    if hasattr(page, "apply"):
                        page.apply(self.assessment)  # refuses a typed date that is not a date
                fresh = self._store.assessments.save(self.assessment, base=self.base)
            except EditConflictError as error:
                if not self._resolve(error):
                    return False
                continue
            except SafeguardingError as error:
                return self._failed(str(error))
            self._take_stored(fresh)
            self.dirty = False
            self.problem = ""
            self._show_title()
            self._show_state()
            if self.keeper is not None:
                self.keeper.flush()  # its draft is removed at once
            self.saved.emit()
            return True
        return self._failed("The same fields keep being changed in another window. Try again in a moment.")

    def _failed(self, reason: str) -> bool:
        self.problem = reason
        self._show_state()
        return False

    def _take_stored(self, fresh: Assessment) -> None:
        """After a save: the stored write-up is the base; other windows' changes show in untouched fields."""
        assert self.assessment is not None
        stored = editable_values(fresh)
        for page in self.form_pages():
            page.touched.clear()  # saved: nothing of it is to be written again
        self.show_stored_write_up(stored)
        self.base = stored
        self.assessment.updated_at, self.assessment.revision = fresh.updated_at, fresh.revision
        self._adopt_write_up(fresh)

    def _adopt_write_up(self, fresh: Assessment) -> None:
        """Make the in-memory assessment's own fields and findings those of ``fresh`` (its records are kept)."""
        assert self.assessment is not None
        for name in (*ASSESSMENT_COLUMNS, "findings", "updated_at", "revision"):
            setattr(self.assessment, name, getattr(fresh, name))

    def _resolve(self, error: EditConflictError) -> bool:
        """Ask which version of each conflicting field to keep; show the merged write-up. False: decide later."""
        assert self.assessment is not None
        resolution = resolve(
            self,
            self._interaction,
            error,
            label=self.field_label,
            shown=self._value_in_words,
            is_text=self._is_text,
            me=self.user,
        )
        if resolution is None:
            self.problem = f"{error} Press Ctrl+S to choose."
            self._show_state()
            return False
        try:
            fresh = self._store.assessments.get(self.assessment.id)
        except SafeguardingError as failure:
            return self._failed(str(failure))
        stored = editable_values(fresh)
        self._adopt_write_up(fresh)
        self.base = stored  # the next save compares with the write-up as stored now
        theirs = frozenset(resolution.theirs)
        self.show_stored_write_up(stored, also=theirs)  # theirs where chosen, and their other changes
        for key, text in resolution.texts.items():
            found = self._page_of(key)
            if found is not None:
                found[0].set_field(found[1], text)  # the merged text is the user's change now
        return True

    def _is_text(self, key: str) -> bool:
        found = self._page_of(key)
        return found is not None and isinstance(found[0].editors[found[1]], (TextEditor, MultilineEditor))

    def _show_state(self) -> None:
        """The status line: "All changes saved" only when no form holds unsaved work; else what, and why.

        It is two lines high whatever it says (the whole text in its tooltip), so the page
        below never moves while the user works (a keyboard trial saw a 4-line message push
        the page down and cut off the rating help).
        """
        text, style = self._state_words()
        self.save_state.setStyleSheet(style)
        self.save_state.setText(text)
        self.save_state.setToolTip(text)

    def _state_words(self) -> tuple[str, str]:
        """What the status line says, and its style sheet."""
        if self.read_only:
            return "Read-only: nothing can be changed in this window.", message_style()
        if self.problem:
            return f"Not saved: {self.problem}", message_style()
        unsaved = self.keeper.summary() if self.keeper is not None else ""
        if unsaved or self.dirty:
            return unsaved or "Unsaved changes…", message_style() if self.keeper and self.keeper.problem else ""
        if self.assessment is not None and self.assessment.updated_at is not None:
            when = utc_to_local(self.assessment.updated_at).strftime("%H:%M:%S")
            return f"All changes saved ({when})", ""
        return "All changes saved", ""
