"""The main window as its menus see it: a small declared interface.

The Plan, DCSM, Records, Security and Team menus (``ui/plan/menu.py``, ``ui/meetings/menu.py``,
``ui/protection/menu.py``, ``ui/security/``, ``ui/team/menu.py``) are built by
:class:`~ui.main_window.MainWindow` and reach it only through :class:`WindowHost`, never through its
editor, page stack or locations list.
The window satisfies it structurally (mypy checks that where the menus are built).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from datetime import date

    from PySide6.QtGui import QAction, QWindow
    from PySide6.QtWidgets import QMenuBar, QStatusBar, QWidget

    from safeguarding.forms import FormLibrary
    from safeguarding.model import Side
    from safeguarding.profile import Profile
    from safeguarding.store import ChainReport, Store
    from ui.editing.keeper import DraftKeeper
    from ui.interaction import Interaction


class WindowHost(Protocol):
    """What a menu may read and call on the main window.

    Attributes:
        store: The open database, or None (none open, or closed while encrypting or restoring).
        interaction: Confirmations, messages and file choosers (tests script them).
        forms: The installed forms.
        profile: The practitioner using the app (their name goes on what they write), or None.
        drafts: The open database's draft keeper (every form's unsaved work), or None.
    """

    store: Store | None
    interaction: Interaction
    forms: FormLibrary
    profile: Profile | None
    drafts: DraftKeeper | None

    def set_store(self, store: Store | None, *, demo: bool = False, problem: str = "") -> None:
        """Show ``store`` (None: no database, with ``problem`` said in place of the list)."""
        ...

    def audit_checked(self, report: ChainReport) -> None:
        """A check of the audit trail found ``report``: show it (a new break in a message, the state below)."""
        ...

    def refresh(self, select: str | None = None) -> None:
        """Reload the locations list, selecting the location ``select`` if given."""
        ...

    def open_assessment(self, assessment_id: str) -> None:
        """Open an assessment in the editor."""
        ...

    def show_record(self, assessment_id: str | None, record_type: str, record_id: str, sides: tuple[Side, ...]) -> None:
        """Open an assessment where a record is: its page (visits, map, plan...) with the record chosen."""
        ...

    def export_kept_version(self, assessment_id: str, meeting_date: date) -> None:
        """Ask which copy and where, then print the assessment as the meeting on ``meeting_date`` saw it."""
        ...

    def open_plan_at(self, assessment_id: str, action_id: str = "") -> None:
        """Open an assessment at its plan: the action ``action_id`` selected, or (none given) its DCSM reviews."""
        ...

    def current_assessment_id(self) -> str | None:
        """The assessment open in the editor (its edits saved first), else the one selected in the list."""
        ...

    def assessment_in_editor(self) -> str | None:
        """The assessment open in the editor if the editor is showing, else None (nothing is saved)."""
        ...

    def save_open_assessment(self) -> bool:
        """Save the assessment open in the editor, if the editor is showing; True if nothing is left unsaved."""
        ...

    def show_demo_mark_if_needed(self) -> None:
        """Mark the window as showing demo data if the open database now says so (a sync can bring the mark)."""
        ...

    def may_leave_editor(self) -> bool:
        """Offer to save the open assessment's edits if the editor is showing; False if the user chose to stay."""
        ...

    def held_elsewhere(self) -> str:
        """Who else has the open database open for editing (this window opened it anyway), or ""."""
        ...

    def keep_drafts(self) -> None:
        """Write every form's unsaved work as drafts now (before locking: the work stays on screen)."""
        ...

    def cover(self, screen: QWidget) -> None:
        """Show ``screen`` (the lock screen) in place of the current page, until :meth:`uncover`."""
        ...

    def uncover(self, screen: QWidget) -> None:
        """Remove ``screen`` and show again the page it covered."""
        ...

    def shortcut_actions(self) -> list[QAction]:
        """The window's actions that have a keyboard shortcut (disabled while locked)."""
        ...

    # Qt's own methods of the window (QMainWindow) that the menus use:

    def window(self) -> QWidget:
        """The window itself, as the parent of dialogs and messages."""
        ...

    def statusBar(self) -> QStatusBar:
        """The status bar, for short messages."""
        ...

    def menuBar(self) -> QMenuBar:
        """The menu bar (disabled while locked)."""
        ...

    def windowHandle(self) -> QWindow | None:
        """The native window, whose input events show the user is active."""
        ...
