"""The members of the assessment editor that its parts use, declared once for type checkers.

:class:`~ui.editor.editor.AssessmentEditor` is built from parts, each a base class holding
the methods of one job (:mod:`ui.editor.editor_pages`, :mod:`ui.editor.editor_saving`,
:mod:`ui.editor.editor_drafts`, :mod:`ui.editor.editor_dates`). They all derive from
:class:`EditorBase`, which holds the editor's signals and declares what the editor sets up
in its ``__init__`` and the methods the parts call on each other (the declarations are for
type checkers only; nothing of them runs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QLabel, QListWidget, QStackedWidget

    from safeguarding.forms import FormDefinition
    from safeguarding.model import Assessment, Location
    from safeguarding.store import Store
    from ui.editing.keeper import DraftKeeper
    from ui.editor.form_page import FormPage
    from ui.interaction import Interaction
    from ui.protection.name_marks import NameMarks


class EditorBase(QWidget):
    """A QWidget with the signals of :class:`~ui.editor.editor.AssessmentEditor` and the members its parts use."""

    closed = Signal()
    export_requested = Signal(str)
    saved = Signal()
    said = Signal(str)
    """A sentence for the status bar (e.g. that the start date now follows the first visit)."""

    if TYPE_CHECKING:  # set by AssessmentEditor.__init__
        _store: Store
        _interaction: Interaction
        keeper: DraftKeeper | None
        user: str
        assessment: Assessment | None
        location: Location | None
        form: FormDefinition | None
        base: dict[str, Any]
        problem: str
        read_only: bool
        _start_follows_visits: bool
        dirty: bool
        _loading: bool
        pages: list[QWidget]
        name_marks: NameMarks
        timer: QTimer
        title: QLabel
        save_state: QLabel
        nav: QListWidget
        stack: QStackedWidget

        def _show_title(self) -> None: ...
        def _show_state(self) -> None: ...
        def _show_side_ratings(self) -> None: ...
        def _start_at_first_visit(self) -> None: ...
        def _on_status_chosen(self) -> None: ...
        def _form_page_with(self, field_id: str) -> FormPage | None: ...
        def _page_of(self, key: str) -> tuple[FormPage, str] | None: ...
        def _changed_keys(self) -> list[str]: ...
        def form_pages(self) -> list[FormPage]: ...
        def typed_values(self) -> dict[str, Any]: ...
        def show_stored_write_up(self, values: dict[str, Any], *, also: frozenset[str] = frozenset()) -> None: ...
        def mark_changed(self) -> None: ...
        def save(self) -> bool: ...
        def show_page(self, page: QWidget) -> None: ...
