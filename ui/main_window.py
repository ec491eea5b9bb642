"""The main window: its pages, its menus, and closing it.

Its other jobs are parts of it, one module each: the open database and opening another in
:mod:`ui.window_database`, the locations list in :mod:`ui.window_locations`, the assessment
editor in :mod:`ui.window_editor`, unsaved work offered back in :mod:`ui.window_drafts`;
starting, opening and deleting assessments in :mod:`ui.window_assessments`, exporting
the DCSM report in :mod:`ui.window_export`, importing a background map and police data in
:mod:`ui.window_imports` (:mod:`ui.window_base`: what they use of the window). The menus
reach the window through :class:`ui.window_host.WindowHost`.

The window is given its collaborators (store, forms, interaction); it looks
nothing up globally. With no usable database (e.g. the file was not a database)
it still opens, explains the problem, and offers File → Open database.

Start-up draws the empty window and its menus first (``ui.startup.run`` opens the
database after the window is shown), so this module imports only what that
needs: the locations page is built when a database is first shown, and the
editor, dialogs, reports and the store load when first used.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from safeguarding import APP_NAME
from ui.meetings.menu import MeetingsMenu
from ui.plan.menu import PlanMenu
from ui.protection.menu import RecordsMenu
from ui.security.menu import SecurityMenu
from ui.team.menu import TeamMenu
from ui.widgets.eliding import ElidingLabel
from ui.widgets.menu_action import Shortcut, make_action
from ui.window_assessments import AssessmentActions
from ui.window_database import OpenDatabase
from ui.window_drafts import DraftOffers
from ui.window_editor import EditorWiring
from ui.window_export import ReportExport
from ui.window_imports import DataImports
from ui.window_locations import LocationActions

if TYPE_CHECKING:  # loaded where used, so the window shows before the heavy modules load
    from safeguarding.forms import FormLibrary
    from safeguarding.profile import Profile
    from safeguarding.store import ChainReport, Store
    from ui.editing.keeper import DraftKeeper
    from ui.editor.editor import AssessmentEditor
    from ui.help import HelpDialog
    from ui.interaction import Interaction
    from ui.location_dialog import LocationDialog
    from ui.locations_page import LocationsPage
    from ui.security.hold import Hold
    from ui.tasks import Task
    from ui.welcome import WelcomeDialog


class MainWindow(
    EditorWiring, OpenDatabase, LocationActions, DraftOffers, AssessmentActions, ReportExport, DataImports
):
    """The application window.

    Args:
        store: The open database, or None if it could not be opened.
        forms: The installed assessment forms (may be set after the window shows, before a
            database is opened).
        interaction: Asks the user questions (tests pass a scripted one).
        demo: True when the database is the built-in demo (marked on screen); a
            database marked as demo in its own ``app_meta`` is shown as demo too.
        problem: A message to show when ``store`` is None.
        profile: The practitioner using the app; new assessments take the
            assessor's name and agency from it.
        hold: How ``store`` is held (its instance lock, or read-only); released when the
            window closes or opens another database.
    """

    def __init__(
        self,
        store: Store | None,
        forms: FormLibrary,
        interaction: Interaction,
        *,
        demo: bool = False,
        problem: str = "",
        profile: Profile | None = None,
        hold: Hold | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.forms = forms
        self.interaction = interaction
        self.store: Store | None = None
        self.demo = demo
        self.profile = profile
        self.profile_dialog: WelcomeDialog | None = None
        self.location_dialog: LocationDialog | None = None
        self.last_export: Path | None = None
        self._covered: QWidget | None = None  # the page under the lock screen
        self.export_task: Task | None = None
        self.police_task: Task | None = None
        self.help_dialog: HelpDialog | None = None
        self.drafts: DraftKeeper | None = None  # the open database's unsaved work of every form
        self.closed_under = ""  # why the database was closed under open forms ("" if it was not)
        self.hold: Hold | None = hold  # how the open database is held (lock, read-only, opened anyway)
        self._offer_on_show = False
        self.who_note = ""  # without a profile: under what name changes are recorded (see _record_who)
        self._fit_to_screen(1200, 780)

        self.stack = QStackedWidget(self)
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self._locations_page: LocationsPage | None = None  # built when first needed: see locations_page
        self._editor: AssessmentEditor | None = None  # built when first needed: see editor
        self.stack.addWidget(self.empty)
        self.setCentralWidget(self.stack)
        self.demo_label = QLabel("DEMO DATA — fictional, for practice only", self)
        self.demo_label.setStyleSheet("background: #ffe082; color: #000; font-weight: bold; padding: 2px 8px;")
        self.statusBar().addPermanentWidget(self.demo_label)
        self.read_only_label = QLabel(self)
        self.read_only_label.setObjectName("readOnlyBanner")
        self.read_only_label.setStyleSheet("background: #b00020; color: #fff; font-weight: bold; padding: 2px 8px;")
        self.read_only_label.setWordWrap(True)
        self.read_only_label.hide()
        self.statusBar().addPermanentWidget(self.read_only_label)
        self.shared_label = QLabel(self)  # opened anyway while another app holds the database
        self.shared_label.setObjectName("sharedBanner")
        self.shared_label.setStyleSheet("background: #ffe0b2; color: #000; padding: 2px 8px;")
        self.shared_label.setWordWrap(True)
        self.shared_label.hide()
        self.statusBar().addPermanentWidget(self.shared_label)
        self.path_label = ElidingLabel(self)  # plain text (a folder name may hold anything), shortened to fit
        self.statusBar().addWidget(self.path_label, 1)

        self._build_menus()
        self.set_store(store, demo=demo, problem=problem)

    # -- menus -------------------------------------------------------------------

    def _action(self, text: str, shortcut: Shortcut, slot: Callable[..., object], tip: str) -> QAction:
        return make_action(self, text, shortcut, slot, tip)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.open_db_action = self._action(
            "&Open database…", QKeySequence.StandardKey.Open, self.choose_database, "Open another database file"
        )
        self.export_action = self._action(
            "&Export DCSM report…", "Ctrl+E", self._export_current, "Export the assessment as a PDF for the DCSM"
        )
        self.save_action = self._action("&Save", QKeySequence.StandardKey.Save, self.save_open_assessment, "Save now")
        self.profile_action = self._action(
            "Your &profile…", None, self.edit_profile, "Your name, agency and role, used on new assessments"
        )
        quit_action = self._action("&Quit", QKeySequence.StandardKey.Quit, self.close, "Close the app")
        self.import_map_action = self._action(
            "Import offline &map…",
            None,
            self.import_offline_map,
            "Add a map of streets that works offline (an .mbtiles or .pmtiles file from your IT or GIS team)",
        )
        self.import_police_action = self._action(
            "Import &police data…", None, self.import_police_data, "police.uk street-level crime files (CSV or zip)"
        )
        for action in (
            self.open_db_action,
            self.save_action,
            self.export_action,
            self.import_map_action,
            self.import_police_action,
        ):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.profile_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        location_menu = bar.addMenu("&Location")
        self.new_location_action = self._action("&New location…", "Ctrl+N", self.new_location, "Add a location")
        self.edit_location_action = self._action(
            "&Edit location…", "Ctrl+Shift+E", self._edit_selected, "Edit the selected location"
        )
        self.new_assessment_action = self._action(
            "Start new &assessment", "Ctrl+Shift+N", self._assess_selected, "Start an assessment"
        )
        self.back_action = self._action("&Back to locations", "Alt+Left", self._back, "Return to the list")
        for action in (self.new_location_action, self.edit_location_action, self.new_assessment_action):
            location_menu.addAction(action)
        location_menu.addSeparator()
        location_menu.addAction(self.back_action)
        self.plan_menu = PlanMenu(self, bar)
        self.meetings_menu = MeetingsMenu(self, bar)
        self.records_menu = RecordsMenu(self, bar)
        self.security = SecurityMenu(self, bar)
        self.records_menu.audit.when_unlocked = self.security.idle_lock.when_unlocked  # no message over the lock
        self.team = TeamMenu(self, bar, self.security.idle_lock.when_unlocked)
        help_menu = bar.addMenu("&Help")
        self.guide_action = self._action(
            "&Guide to location assessments",
            QKeySequence.StandardKey.HelpContents,
            self.show_guide,
            "A short guide to the Neighbourhood Assessment Triangle and the workflow",
        )
        help_menu.addAction(self.guide_action)
        help_menu.addAction(self._action("&About", None, self._about, "Version and licences"))

    # -- what the menus use (ui.window_host.WindowHost) ------------------------------

    def audit_checked(self, report: ChainReport) -> None:
        """A check of the audit trail (before a backup) found ``report``: show it (see ui.protection.audit_status)."""
        self.records_menu.audit_checked(report)

    def show_demo_mark_if_needed(self) -> None:
        """Mark the window as showing demo data if the open database now says so (a sync can bring the mark)."""
        if self.store is not None and not self.demo and self.store.meta.is_demo():
            self.demo = True
            self._show_database()

    def cover(self, screen: QWidget) -> None:
        """Show ``screen`` (the lock screen) in place of the current page, until :meth:`uncover`."""
        self._covered = self.stack.currentWidget()
        self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)

    def uncover(self, screen: QWidget) -> None:
        """Remove ``screen`` and show again the page it covered."""
        self.stack.removeWidget(screen)
        if self._covered is not None:
            self.stack.setCurrentWidget(self._covered)
        self._covered = None

    def shortcut_actions(self) -> list[QAction]:
        """The window's actions that have a keyboard shortcut (disabled while locked)."""
        return [action for action in self.findChildren(QAction) if not action.shortcut().isEmpty()]

    # -- window ------------------------------------------------------------------

    def edit_profile(self) -> None:
        """Open the profile dialog (non-blocking); the saved profile is used from then on."""
        from safeguarding.paths import user_data_dir
        from ui.welcome import WelcomeDialog

        self.profile_dialog = WelcomeDialog(user_data_dir(), self.profile, first_run=False, parent=self)

        def saved() -> None:
            assert self.profile_dialog is not None
            self.profile = self.profile_dialog.profile
            self._record_who()  # changes are recorded under the new name

        self.profile_dialog.accepted.connect(saved)
        self.profile_dialog.open()

    def show_guide(self) -> None:
        """Open the practitioners' guide in its own window (non-blocking)."""
        from ui.help import HelpDialog, guide_html

        self.help_dialog = HelpDialog("Guide to location assessments", guide_html(), self)
        self.help_dialog.show()

    def _about(self) -> None:
        from ui.help import HelpDialog, about_html

        self.help_dialog = HelpDialog(f"About {APP_NAME}", about_html(), self)
        self.help_dialog.show()

    def _fit_to_screen(self, width: int, height: int) -> None:
        """Open at ``width`` x ``height`` pixels, or smaller so the whole window fits a small laptop screen."""
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, int(available.width() * 0.95))
            height = min(height, int(available.height() * 0.9))
        self.resize(width, height)

    def current_page(self) -> QWidget | None:
        """The page now shown (locations list, editor, or the no-database notice; None before the first)."""
        return self.stack.currentWidget()

    def showEvent(self, event: QShowEvent) -> None:
        """Offer unsaved work left behind once the window is on screen."""
        super().showEvent(event)
        if self._offer_on_show:
            self._offer_on_show = False
            QTimer.singleShot(0, self.offer_drafts)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save every form's work before closing; if some cannot be saved, ask first (the window stays open).

        While locked nothing is shown or asked: the work is kept as drafts, offered at the next start.
        """
        if self.security.idle_lock.locked:
            self.keep_drafts()
        elif not self.may_leave_editor():
            event.ignore()
            return
        if self.export_task is not None:
            self.export_task.cancel()
            self.export_task.done.wait(30)
        self.team.wait_for_sync()
        self.security.wait_for_background_work()  # backups read the database file: finish before it closes
        if self.drafts is not None:
            self.drafts.timer.stop()
        if self.store is not None:
            self.store.close()
            self.store = None
        if self.hold is not None:
            self.hold.release()
            self.hold = None
        event.accept()
