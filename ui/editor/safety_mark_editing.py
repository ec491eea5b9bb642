"""The Safety mapping page's marks: a mark's kind, label and notes shown, saved and deleted.

A part of :class:`~ui.editor.safety_page.SafetyPage` (its methods, moved out whole). Marks
are placed on the Map page; here the selected session's marks are edited. A mark is saved
against the mark as shown, so another window's change is never overwritten without asking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from safeguarding.errors import SafeguardingError
from safeguarding.safety_mapping.model import MarkKind, SafetyMark
from safeguarding.store import EditConflictError, editable_values
from ui.editing.conflicts import resolve

if TYPE_CHECKING:
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QComboBox, QLineEdit, QListWidget, QPushButton

    from safeguarding.model import Assessment
    from safeguarding.safety_mapping.model import SafetySession
    from safeguarding.store import Store
    from ui.interaction import Interaction


class SafetyMarkEditing(QWidget):
    """Editing and deleting the selected session's marks (a part of the Safety mapping page)."""

    if TYPE_CHECKING:  # members of the page, which these methods use
        _store: Store
        _interaction: Interaction
        _user: str
        assessment: Assessment | None
        mark_list: QListWidget
        mark_kind: QComboBox
        mark_label: QLineEdit
        mark_notes: QLineEdit
        save_mark_button: QPushButton
        delete_mark_button: QPushButton
        mark_base: dict[str, Any] | None
        mark_problem: str
        records_changed: Signal

        def _session(self) -> SafetySession | None: ...
        def refresh(self, select: str | None = None) -> None: ...

    def _mark(self) -> SafetyMark | None:
        session = self._session()
        row = self.mark_list.currentRow()
        return session.marks[row] if session and 0 <= row < len(session.marks) else None

    def _show_mark(self, _row: int) -> None:
        mark = self._mark()
        self.mark_kind.setCurrentIndex(max(0, self.mark_kind.findData(MarkKind(mark.kind).value if mark else "safe")))
        self.mark_label.setText(mark.label if mark else "")
        self.mark_notes.setText(mark.notes if mark else "")
        for widget in (self.save_mark_button, self.delete_mark_button):
            widget.setEnabled(mark is not None)
        self.mark_base = editable_values(mark) if mark is not None else None

    def _mark_typed(self) -> bool:
        mark = self._mark()
        return mark is not None and self.mark_base is not None and self._mark_entered(mark) != self.mark_base

    def _mark_entered(self, mark: SafetyMark) -> dict[str, Any]:
        return editable_values(self._edited_mark(mark))

    def _edited_mark(self, mark: SafetyMark) -> SafetyMark:
        return SafetyMark(
            mark.session_id,
            MarkKind(self.mark_kind.currentData()),
            mark.points,
            self.mark_label.text(),
            self.mark_notes.text(),
            id=mark.id,
            created_at=mark.created_at,
        )

    def save_mark(self) -> bool:
        """Save the selected mark's kind, label and notes; True if saved."""
        mark = self._mark()
        session = self._session()
        if mark is None or session is None:
            return True
        kind = MarkKind(self.mark_kind.currentData())
        self.mark_problem = ""
        if (kind == MarkKind.ROUTE) != (mark.kind == MarkKind.ROUTE):
            self.mark_problem = "A place cannot become a route, nor a route a place."
            self._interaction.error(self, "Mark not saved", self.mark_problem)
            return False
        row = self.mark_list.currentRow()
        for _attempt in range(3):
            try:
                self._store.safety.save_mark(self._edited_mark(mark), base=self.mark_base)
            except EditConflictError as error:
                if not self._choose_mark(error):
                    return False
                continue
            except SafeguardingError as error:
                self.mark_problem = str(error)
                self._interaction.error(self, "Mark not saved", str(error))
                return False
            self.mark_base = None  # saved: the list is read again
            self.records_changed.emit()
            self.refresh(session.id)
            self.mark_list.setCurrentRow(row)
            return True
        return False

    def _choose_mark(self, error: EditConflictError) -> bool:
        """Another window saved the same field of the mark: ask which to keep, then save that."""
        resolution = resolve(
            self,
            self._interaction,
            error,
            label=lambda key: f"Safety-mapping mark: {key}",
            is_text=lambda key: key in ("label", "notes"),
            me=self._user,
        )
        if resolution is None:
            self.mark_problem = f"{error} Save the mark again to choose."
            return False
        chosen = {conflict.column: resolution.value(conflict) for conflict in error.conflicts}
        mark = self._mark()
        assert self.assessment is not None and mark is not None
        sessions = self._store.safety.sessions(self.assessment.id)
        fresh = next((m for stored in sessions for m in stored.marks if m.id == mark.id), None)
        if fresh is not None:
            self.mark_base = editable_values(fresh)
        for key, widget in (("label", self.mark_label), ("notes", self.mark_notes)):
            if key in chosen:
                widget.setText(str(chosen[key] or ""))
        if "kind" in chosen:
            self.mark_kind.setCurrentIndex(max(0, self.mark_kind.findData(chosen["kind"])))
        return True

    def delete_mark(self) -> None:
        """Delete the selected mark (after confirmation)."""
        mark = self._mark()
        session = self._session()
        if mark is None or session is None:
            return
        if not self._interaction.confirm(self, "Delete mark", "Delete this mark?", yes="Delete"):
            return
        try:
            self._store.safety.delete_mark(mark.id)
        except SafeguardingError as error:
            self._interaction.error(self, "Mark not deleted", str(error))
            return
        self.records_changed.emit()
        self.refresh(session.id)
