"""The members of the main window that its parts use, declared once for type checkers.

:class:`~ui.main_window.MainWindow` is built from parts, each a base class holding the
methods of one job (:mod:`ui.window_database`, :mod:`ui.window_locations`,
:mod:`ui.window_editor`, :mod:`ui.window_drafts`, :mod:`ui.window_assessments`,
:mod:`ui.window_export`, :mod:`ui.window_imports`). They all derive from
:class:`WindowBase`, which declares what the window sets up in its ``__init__`` and the
methods the parts call on each other (nothing here runs: the declarations are for type
checkers only).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QLabel, QStackedWidget

    from safeguarding.forms import FormLibrary
    from safeguarding.model import Location
    from safeguarding.profile import Profile
    from safeguarding.store import Store
    from ui.editing.keeper import DraftKeeper
    from ui.editor.editor import AssessmentEditor
    from ui.interaction import Interaction
    from ui.location_dialog import LocationDialog
    from ui.locations_page import LocationsPage
    from ui.meetings.menu import MeetingsMenu
    from ui.protection.menu import RecordsMenu
    from ui.security.hold import Hold
    from ui.security.menu import SecurityMenu
    from ui.tasks import Task
    from ui.team.menu import TeamMenu
    from ui.widgets.eliding import ElidingLabel


class WindowBase(QMainWindow):
    """A QMainWindow with the members of :class:`~ui.main_window.MainWindow` its parts use."""

    if TYPE_CHECKING:  # set by MainWindow.__init__
        store: Store | None
        forms: FormLibrary
        interaction: Interaction
        profile: Profile | None
        demo: bool
        stack: QStackedWidget
        security: SecurityMenu
        team: TeamMenu
        last_export: Path | None
        export_task: Task | None
        drafts: DraftKeeper | None
        closed_under: str
        hold: Hold | None
        police_task: Task | None
        location_dialog: LocationDialog | None
        who_note: str
        _offer_on_show: bool
        _editor: AssessmentEditor | None
        _locations_page: LocationsPage | None
        empty: QLabel
        demo_label: QLabel
        read_only_label: QLabel
        shared_label: QLabel
        path_label: ElidingLabel
        export_action: QAction
        save_action: QAction
        new_location_action: QAction
        edit_location_action: QAction
        new_assessment_action: QAction
        records_menu: RecordsMenu
        meetings_menu: MeetingsMenu

        @property
        def editor(self) -> AssessmentEditor | None: ...
        def built_editor(self) -> AssessmentEditor | None: ...
        def shown_editor(self) -> AssessmentEditor | None: ...
        @property
        def locations_page(self) -> LocationsPage: ...
        def refresh(self, select: str | None = None) -> None: ...
        def refresh_location(self, location_id: str) -> bool: ...
        def offer_drafts(self, assessment_id: str | None = None) -> int: ...
        def may_leave_editor(self) -> bool: ...
        def new_assessment(self, location_id: str) -> None: ...
        def open_assessment(self, assessment_id: str, *, offer: bool = True) -> None: ...
        def delete_assessment(self, assessment_id: str) -> None: ...
        def export_assessment(self, assessment_id: str) -> None: ...
        def _back_to_list(self) -> None: ...
        def _open_location_dialog(self, location: Location | None, record_id: str | None = None) -> LocationDialog: ...
