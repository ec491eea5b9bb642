"""The main window: the locations list, the assessment editor and the menus.

Starting, opening and deleting assessments are in :mod:`ui.window_assessments`, exporting
the DCSM report in :mod:`ui.window_export`, importing a background map and police data in
:mod:`ui.window_imports`; the menus reach the window through
:class:`ui.window_host.WindowHost`.

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

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from safeguarding import APP_NAME
from safeguarding.errors import DamagedDatabaseError, SafeguardingError
from ui.meetings.menu import MeetingsMenu
from ui.plan.menu import PlanMenu
from ui.protection.menu import RecordsMenu
from ui.security.menu import SecurityMenu
from ui.team.menu import TeamMenu
from ui.widgets.menu_action import Shortcut, make_action
from ui.window_assessments import AssessmentActions
from ui.window_export import ReportExport
from ui.window_imports import DataImports

if TYPE_CHECKING:  # loaded where used, so the window shows before the heavy modules load
    from safeguarding.forms import FormLibrary
    from safeguarding.model import Location, Side
    from safeguarding.profile import Profile
    from safeguarding.store import ChainReport, Store
    from ui.editor.editor import AssessmentEditor
    from ui.help import HelpDialog
    from ui.interaction import Interaction
    from ui.location_dialog import LocationDialog
    from ui.locations_page import LocationsPage
    from ui.tasks import Task
    from ui.welcome import WelcomeDialog


class MainWindow(AssessmentActions, ReportExport, DataImports):
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
        self._fit_to_screen(1200, 780)

        self.stack = QStackedWidget(self)
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self._locations_page: LocationsPage | None = None  # built when first needed: see locations_page
        self.editor: AssessmentEditor | None = None
        self.stack.addWidget(self.empty)
        self.setCentralWidget(self.stack)
        self.demo_label = QLabel("DEMO DATA — fictional, for practice only", self)
        self.demo_label.setStyleSheet("background: #ffe082; color: #000; font-weight: bold; padding: 2px 8px;")
        self.statusBar().addPermanentWidget(self.demo_label)
        self.path_label = QLabel(self)
        self.path_label.setTextFormat(Qt.TextFormat.PlainText)  # a folder name may hold anything
        self.statusBar().addWidget(self.path_label)

        self._build_menus()
        self.set_store(store, demo=demo, problem=problem)

    @property
    def locations_page(self) -> LocationsPage:
        """The locations list and details, built on first use (start-up shows the window before it)."""
        if self._locations_page is None:
            from ui.locations_page import LocationsPage

            page = LocationsPage(self)
            page.new_location.connect(self.new_location)
            page.edit_location.connect(self.edit_location)
            page.archive_location.connect(self.toggle_archive)
            page.new_assessment.connect(self.new_assessment)
            page.open_assessment.connect(self.open_assessment)
            page.export_assessment.connect(self.export_assessment)
            page.delete_assessment.connect(self.delete_assessment)
            page.selection_changed.connect(self._show_selected)
            page.show_archived_changed.connect(lambda _on: self.refresh())
            self.stack.insertWidget(1, page)
            self._locations_page = page
        return self._locations_page

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
            "Import offline &map…", None, self.import_offline_map, "Use an MBTiles or PMTiles map: maps work offline"
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

    # -- database ----------------------------------------------------------------

    def set_store(self, store: Store | None, *, demo: bool = False, problem: str = "") -> None:
        """Show ``store``'s locations, or an explanation of why there is none."""
        if self.editor is not None:
            self.stack.removeWidget(self.editor)
            self.editor.deleteLater()
            self.editor = None
        if self.store is not None and self.store is not store:
            self.store.close()
        self.store = store
        if store is not None and self.profile is not None:
            store.audit.set_actor(self.profile.name)  # the audit trail records who made each change
            store.plan.author = self.profile.name  # and so does each action's history
        self.demo = store is not None and (demo or store.meta.is_demo())
        self._show_database()
        if store is None:
            self.empty.setText(
                (problem or "No database is open.") + "\n\nUse File → Open database… to choose another file."
            )
            self.stack.setCurrentWidget(self.empty)
        else:
            from ui.editor.editor import AssessmentEditor

            self.editor = AssessmentEditor(store, self.interaction, self)
            self.editor.closed.connect(self._back_to_list)
            self.editor.export_requested.connect(self.export_assessment)
            self.editor.saved.connect(self.team.refresh_status)  # the team's "changes waiting" follows each save
            self.stack.addWidget(self.editor)
            self.stack.setCurrentWidget(self.locations_page)
            self.refresh()
        for action in (
            self.export_action,
            self.save_action,
            self.new_location_action,
            self.edit_location_action,
            self.new_assessment_action,
        ):
            action.setEnabled(store is not None)
        self.security.store_changed()
        self.records_menu.store_changed()
        self.team.store_changed()

    def audit_checked(self, report: ChainReport) -> None:
        """A check of the audit trail (before a backup) found ``report``: show it (see ui.protection.audit_status)."""
        self.records_menu.audit_checked(report)

    def _show_database(self) -> None:
        """Show the open database's path, whether it is encrypted, and the demo mark, in the title and status bar."""
        store = self.store
        self.demo_label.setVisible(self.demo)
        title = APP_NAME + (" — DEMO DATA" if self.demo else "")
        if store is None:
            self.path_label.setText("No database open")
            self.setWindowTitle(title)
            return
        encrypted = store.opened.key is not None
        state = "encrypted" if encrypted else ("demo, not encrypted" if self.demo else "NOT ENCRYPTED")
        self.path_label.setText(f"Database: {store.path} ({state})")
        self.path_label.setToolTip(
            ""
            if encrypted or self.demo
            else "This database is not encrypted. Use Security → Encrypt this database… to protect it."
        )
        self.setWindowTitle(f"{title} — {store.path.name}")

    def show_opening(self, path: Path) -> None:
        """Say that ``path`` is being opened (start-up shows the window before the database is open)."""
        self.empty.setText(f"Opening {path.name}…")
        self.stack.setCurrentWidget(self.empty)
        self.path_label.setText(f"Database: {path}")

    def choose_database(self) -> None:
        """Ask for a database file and open it; on failure keep the current one."""
        if not self.may_leave_editor():
            return
        folder = self.store.path.parent if self.store else Path.home()
        path = self.interaction.open_path(self, "Open database", folder, "Assessment databases (*.sqlite3 *.db)")
        if path is None:
            return
        try:
            store = self.security.open_store(path)  # asks for the passphrase of an encrypted database
        except SafeguardingError as error:
            self.interaction.error(self, "Database not opened", str(error))
            return
        if store is None:
            return
        self.set_store(store, demo=False)

    # -- locations ---------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        """Reload the locations list from the database (a damaged file is closed and a backup offered)."""
        if self.store is None:
            return
        archived = self.locations_page.show_archived.isChecked()
        try:
            with self.store.raising_damage():
                summaries = self.store.locations.summaries(include_archived=archived)
        except DamagedDatabaseError as error:
            self.security.database_damaged(error)
            return
        self.locations_page.set_rows(summaries, select)
        self._show_selected(self.locations_page.selected_location_id() or "")

    def _show_selected(self, location_id: str) -> None:
        if self.store is None or not location_id:
            self.locations_page.show_details(None, [])
            return
        try:
            with self.store.raising_damage():
                location = self.store.locations.get(location_id)
                assessments = self.store.assessments.for_location(location_id)
        except DamagedDatabaseError as error:
            self.locations_page.show_details(None, [])
            self.security.database_damaged(error)
            return
        except SafeguardingError:
            self.locations_page.show_details(None, [])
            return
        self.locations_page.show_details(location, assessments)

    def new_location(self) -> None:
        """Open the dialog to create a location (non-blocking)."""
        if self.store is not None:
            self._open_location_dialog(None)

    def edit_location(self, location_id: str) -> None:
        """Open the dialog to edit a location (non-blocking)."""
        if self.store is not None:
            self._open_location_dialog(self.store.locations.get(location_id))

    def _edit_selected(self) -> None:
        location_id = self.locations_page.selected_location_id()
        if location_id:
            self.edit_location(location_id)

    def _open_location_dialog(self, location: Location | None) -> None:
        store = self.store
        assert store is not None

        def save(entered: Location) -> None:
            saved = store.locations.update(entered) if location else store.locations.add(entered)
            self.refresh(select=saved.id)

        from ui.location_dialog import LocationDialog

        self.location_dialog = LocationDialog(save, location, self)
        self.location_dialog.open()

    def toggle_archive(self, location_id: str) -> None:
        """Archive a location after confirmation, or restore an archived one."""
        if self.store is None:
            return
        location = self.store.locations.get(location_id)
        if not location.archived and not self.interaction.confirm(
            self,
            "Archive location",
            f"Archive {location.name}? It will be hidden from the list but nothing is deleted. "
            "Tick 'Show archived' to see it again.",
            yes="Archive",
            no="Cancel",
        ):
            return
        try:
            self.store.locations.set_archived(location_id, not location.archived)
        except SafeguardingError as error:
            self.interaction.error(self, "Not saved", str(error))
            return
        self.refresh(select=location_id)

    # -- what the menus use (ui.window_host.WindowHost) ------------------------------

    def assessment_in_editor(self) -> str | None:
        """The assessment open in the editor if the editor is showing, else None (nothing is saved)."""
        editor = self.editor
        if editor is not None and self.stack.currentWidget() is editor and editor.assessment is not None:
            return editor.assessment.id
        return None

    def save_open_assessment(self) -> bool:
        """Save the assessment open in the editor, if the editor is showing; True if nothing is left unsaved."""
        if self.editor is not None and self.stack.currentWidget() is self.editor:
            return self.editor.save()
        return True

    def current_assessment_id(self) -> str | None:
        """The assessment open in the editor (its edits saved first), else the one selected in the list."""
        opened = self.assessment_in_editor()
        if opened is not None:
            self.save_open_assessment()
            return opened
        return self.locations_page.selected_assessment_id()

    def show_demo_mark_if_needed(self) -> None:
        """Mark the window as showing demo data if the open database now says so (a sync can bring the mark)."""
        if self.store is not None and not self.demo and self.store.meta.is_demo():
            self.demo = True
            self._show_database()

    def may_leave_editor(self) -> bool:
        """Offer to save the open assessment's edits if the editor is showing; False if the user chose to stay."""
        editor = self.editor
        return editor is None or self.stack.currentWidget() is not editor or editor.confirm_leave()

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

    # -- window ------------------------------------------------------------------

    def set_profile(self, profile: Profile | None) -> None:
        """Use ``profile`` from now on (new assessments, the audit trail, action history)."""
        self.profile = profile
        if self.store is not None and profile is not None:
            self.store.audit.set_actor(profile.name)
            self.store.plan.author = profile.name

    def edit_profile(self) -> None:
        """Open the profile dialog (non-blocking); the saved profile is used from then on."""
        from safeguarding.paths import user_data_dir
        from ui.welcome import WelcomeDialog

        self.profile_dialog = WelcomeDialog(user_data_dir(), self.profile, first_run=False, parent=self)

        def saved() -> None:
            assert self.profile_dialog is not None
            self.profile = self.profile_dialog.profile
            if self.store is not None and self.profile is not None:
                self.store.audit.set_actor(self.profile.name)  # changes are recorded under the new name
                self.store.plan.author = self.profile.name

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

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save open edits before closing; if they cannot be saved, ask first."""
        if not self.may_leave_editor():
            event.ignore()
            return
        if self.export_task is not None:
            self.export_task.cancel()
            self.export_task.done.wait(30)
        self.team.wait_for_sync()
        self.security.wait_for_background_work()  # backups read the database file: finish before it closes
        if self.store is not None:
            self.store.close()
            self.store = None
        event.accept()
