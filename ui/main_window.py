"""The main window: the locations list, the assessment editor, menus and export.

The window is given its collaborators (store, forms, interaction); it looks
nothing up globally. With no usable database (e.g. the file was not a database)
it still opens, explains the problem, and offers File → Open database.

Start-up draws the empty window and its menus first (``ui.app.run`` opens the
database after the window is shown), so this module imports only what that
needs: the locations page is built when a database is first shown, and the
editor, dialogs, reports and the store load when first used.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QWidget

from safeguarding import APP_NAME
from safeguarding.errors import DamagedDatabaseError, FormDefinitionError, SafeguardingError
from ui.plan.menu import PlanMenu
from ui.protection.menu import RecordsMenu
from ui.security.menu import SecurityMenu

if TYPE_CHECKING:  # loaded where used, so the window shows before the heavy modules load
    from safeguarding.forms import FormLibrary
    from safeguarding.model import Location
    from safeguarding.profile import Profile
    from safeguarding.progress import Progress
    from safeguarding.store import Store
    from ui.assessment.editor import AssessmentEditor
    from ui.help import HelpDialog
    from ui.interaction import Interaction
    from ui.location_dialog import LocationDialog
    from ui.locations_page import LocationsPage
    from ui.tasks import Task
    from ui.welcome import WelcomeDialog


class MainWindow(QMainWindow):
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
        self.export_task: Task | None = None
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

    def _action(self, text: str, shortcut: QKeySequence | str | None, slot: object, tip: str) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.open_db_action = self._action(
            "&Open database…", QKeySequence.StandardKey.Open, self.choose_database, "Open another database file"
        )
        self.export_action = self._action(
            "&Export DCSM report…", "Ctrl+E", self._export_current, "Export the assessment as a PDF for the DCSM"
        )
        self.save_action = self._action("&Save", QKeySequence.StandardKey.Save, self._save_current, "Save now")
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
        self.records_menu = RecordsMenu(self, bar)
        self.security = SecurityMenu(self, bar)
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
        self.demo_label.setVisible(self.demo)
        title = APP_NAME + (" — DEMO DATA" if self.demo else "")
        if store is None:
            self.empty.setText(
                (problem or "No database is open.") + "\n\nUse File → Open database… to choose another file."
            )
            self.stack.setCurrentWidget(self.empty)
            self.path_label.setText("No database open")
            self.setWindowTitle(title)
        else:
            from ui.assessment.editor import AssessmentEditor

            self.editor = AssessmentEditor(store, self.interaction, self)
            self.editor.closed.connect(self._back_to_list)
            self.editor.export_requested.connect(self.export_assessment)
            self.stack.addWidget(self.editor)
            self.stack.setCurrentWidget(self.locations_page)
            encrypted = store.opened.key is not None
            state = "encrypted" if encrypted else ("demo, not encrypted" if self.demo else "NOT ENCRYPTED")
            self.path_label.setText(f"Database: {store.path} ({state})")
            self.path_label.setToolTip(
                ""
                if encrypted or self.demo
                else "This database is not encrypted. Use Security → Encrypt this database… to protect it."
            )
            self.setWindowTitle(f"{title} — {store.path.name}")
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

    def show_opening(self, path: Path) -> None:
        """Say that ``path`` is being opened (start-up shows the window before the database is open)."""
        self.empty.setText(f"Opening {path.name}…")
        self.stack.setCurrentWidget(self.empty)
        self.path_label.setText(f"Database: {path}")

    def choose_database(self) -> None:
        """Ask for a database file and open it; on failure keep the current one."""
        if self.editor is not None and self.stack.currentWidget() is self.editor and not self.editor.confirm_leave():
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

    # -- assessments -------------------------------------------------------------

    def _assess_selected(self) -> None:
        location_id = self.locations_page.selected_location_id()
        if location_id:
            self.new_assessment(location_id)

    def new_assessment(self, location_id: str) -> None:
        """Start an assessment of the location and open it.

        If the location already has an assessment, the user chooses between a
        reassessment (carries forward what is still true, marked as carried) and
        a blank assessment, or cancels: the new one becomes the latest shown in
        the list and exported, so it is never started by accident.
        """
        if self.store is None:
            return
        from safeguarding.timeutil import format_uk_date, utc_now, utc_to_local

        store = self.store
        try:
            location = store.locations.get(location_id)
            latest = store.assessments.latest_for_location(location_id)
            form = self.forms.current()
            if latest is not None:
                started = format_uk_date(latest.start_date) or "with no start date"
                answer = self.interaction.choose(
                    self,
                    "Start an assessment",
                    f"{location.name} already has an assessment ({latest.status.label.lower()}, started "
                    f"{started}).\n\nA reassessment carries forward the write-up of each side, the scope, the "
                    "map and the open actions, marked as carried forward. A blank assessment starts from "
                    "nothing. Either way the earlier assessment is kept, and the new one becomes the latest, "
                    "shown in the list and in reports.",
                    ["Start a reassessment", "Start a blank assessment", "Cancel"],
                )
                if answer == 0:
                    carried = store.plan.reassess(latest.id, form)
                    self.refresh(select=location_id)
                    self.open_assessment(carried.id)
                    return
                if answer != 1:
                    return
            assessment = store.assessments.create(
                location_id,
                form,
                start_date=utc_to_local(utc_now()).date(),
                assessor_name=self.profile.name if self.profile else "",
                assessor_agency=self.profile.agency if self.profile else "",
            )
        except (SafeguardingError, FormDefinitionError) as error:
            self.interaction.error(self, "Assessment not started", str(error))
            return
        self.refresh(select=location_id)
        self.open_assessment(assessment.id)

    def delete_assessment(self, assessment_id: str) -> None:
        """Delete an assessment after confirmation (soft: kept in the file until the retention rule purges it)."""
        if self.store is None:
            return
        try:
            assessment = self.store.assessments.get(assessment_id)
            location = self.store.locations.get(assessment.location_id)
        except SafeguardingError as error:
            self.interaction.error(self, "Assessment not deleted", str(error))
            return
        from safeguarding.timeutil import format_uk_date

        started = format_uk_date(assessment.start_date) or "with no start date"
        if not self.interaction.confirm(
            self,
            "Delete assessment",
            f"Delete the assessment of {location.name} started {started} ({assessment.status.label.lower()})? "
            "It will disappear from the list and from reports. It stays in the database, where the retention "
            "rule deletes it for good later.",
            yes="Delete assessment",
            no="Cancel",
        ):
            return
        try:
            self.store.assessments.delete(assessment_id)
        except SafeguardingError as error:
            self.interaction.error(self, "Assessment not deleted", str(error))
            return
        self.refresh(select=location.id)

    def open_assessment(self, assessment_id: str) -> None:
        """Open an assessment in the editor, with the form version it was written with."""
        if self.store is None or self.editor is None:
            return
        try:
            with self.store.raising_damage():
                assessment = self.store.assessments.get(assessment_id)
                location = self.store.locations.get(assessment.location_id)
                form = self.forms.get(assessment.form_id, assessment.form_version)
                self.editor.open(assessment, location, form)  # its pages read their records
        except DamagedDatabaseError as error:
            self.security.database_damaged(error)
            return
        except (SafeguardingError, FormDefinitionError) as error:
            self.interaction.error(self, "Assessment not opened", str(error))
            return
        self.stack.setCurrentWidget(self.editor)
        self.editor.nav.setFocus()

    def _back(self) -> None:
        if self.editor is not None and self.stack.currentWidget() is self.editor:
            self.editor.request_close()

    def _back_to_list(self) -> None:
        self.stack.setCurrentWidget(self.locations_page)
        self.refresh()
        self.locations_page.table.setFocus()

    def _save_current(self) -> None:
        if self.editor is not None and self.stack.currentWidget() is self.editor:
            self.editor.save()

    # -- export ------------------------------------------------------------------

    def _export_current(self) -> None:
        if self.editor is not None and self.stack.currentWidget() is self.editor and self.editor.assessment:
            if self.editor.save():
                self.export_assessment(self.editor.assessment.id)
        else:
            assessment_id = self.locations_page.selected_assessment_id()
            if assessment_id:
                self.export_assessment(assessment_id)

    def export_assessment(self, assessment_id: str) -> None:
        """Ask where to save, then write the DCSM report PDF of an assessment."""
        if self.store is None:
            return
        from safeguarding.reports import export_assessment_report  # reportlab loads on first export
        from safeguarding.reports.place_data import load_place_data
        from safeguarding.timeutil import utc_now, utc_to_local
        from ui.protection.export_choice import choose_copy

        try:
            assessment = self.store.assessments.get(assessment_id)
            location = self.store.locations.get(assessment.location_id)
            form = self.forms.get(assessment.form_id, assessment.form_version)
            place_data = load_place_data(self.store, location, assessment)  # read here: the store stays on this thread
        except (SafeguardingError, FormDefinitionError) as error:
            self.interaction.error(self, "Report not exported", str(error))
            return
        copy = choose_copy(self, self.interaction, self.store, location, assessment)  # full or redacted
        if copy is None:
            return
        day = utc_to_local(utc_now()).strftime("%Y-%m-%d")
        safe_name = re.sub(r'[\\/:*?"<>|]+', "-", location.name).strip() or "location"
        kind = " (redacted)" if copy.redacted else ""
        suggested = self.store.path.parent / f"{safe_name} - DCSM report{kind} - {day}.pdf"
        path = self.interaction.save_path(self, "Export DCSM report", suggested, "PDF files (*.pdf)")
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(path.suffix + ".pdf") if path.suffix else path.with_suffix(".pdf")

        demo = self.demo

        def work(progress: Progress) -> Path:
            return export_assessment_report(
                location, assessment, form, path, progress=progress, demo=demo,
                redacted=copy.redacted, people=copy.people, place_data=place_data,
            )  # fmt: skip

        self._run_export(work)

    def _run_export(self, work: Callable[[Progress], Path]) -> None:
        """Run an export off the GUI thread with a cancellable progress dialog."""
        from ui.tasks import run_with_progress

        def succeeded(written: object) -> None:
            self.export_task = None
            assert isinstance(written, Path)
            self.last_export = written

            def tell() -> None:  # not over the lock screen: the file name carries the location's name
                self.statusBar().showMessage(f"Report saved to {written}", 10000)
                self.interaction.inform(
                    self,
                    "Report exported",
                    f"The DCSM report was saved to:\n{written}\n\nIt is marked OFFICIAL-SENSITIVE: "
                    "store and share it only through approved channels.",
                )

            self.security.when_unlocked(tell)

        def failed(error: BaseException) -> None:
            self.export_task = None
            if isinstance(error, SafeguardingError):
                message = str(error)
                self.security.when_unlocked(lambda: self.interaction.error(self, "Report not exported", message))
            else:
                sys.excepthook(type(error), error, error.__traceback__)

        def cancelled() -> None:
            self.export_task = None
            self.statusBar().showMessage("Export cancelled; no report was written.", 10000)

        self.export_task = run_with_progress(
            self,
            "Exporting the DCSM report",
            work,
            succeeded=succeeded,
            failed=failed,
            cancelled=cancelled,
            label="Preparing the report…",
        )

    def import_offline_map(self) -> None:
        """File → Import offline map…: on the open assessment's Map page, or for the selected location."""
        from safeguarding.maps.offline import OfflineMaps
        from ui.assessment.map_page import MapPage, ask_and_import_offline_map

        if self.editor is not None and self.stack.currentWidget() is self.editor and self.editor.assessment:
            page = next((p for p in self.editor.pages if isinstance(p, MapPage)), None)
            if page is not None:
                page.import_offline_map()
                return
        point = None
        location_id = self.locations_page.selected_location_id()
        if self.store is not None and location_id:
            location = self.store.locations.get(location_id)
            if location.latitude is not None and location.longitude is not None:
                point = (location.latitude, location.longitude)
        ask_and_import_offline_map(self, self.interaction, OfflineMaps(), point)

    def import_police_data(self) -> None:
        """File → Import police data…: police.uk files into this database; the Police figures page counts again."""
        if self.store is None:
            return
        from ui.police_import import import_police_data

        def done(_report: object) -> None:
            for page in self.editor.pages if self.editor is not None else []:
                if hasattr(page, "figures") and hasattr(page, "refresh"):
                    page.refresh()

        import_police_data(self, self.interaction, self.store, done)

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

    def current_page(self) -> QWidget:
        """The page now shown (locations list, editor, or the no-database notice)."""
        return self.stack.currentWidget()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save open edits before closing; if they cannot be saved, ask first."""
        if self.editor is not None and self.stack.currentWidget() is self.editor and not self.editor.confirm_leave():
            event.ignore()
            return
        if self.export_task is not None:
            self.export_task.cancel()
            self.export_task.done.wait(30)
        self.security.wait_for_background_work()  # backups read the database file: finish before it closes
        if self.store is not None:
            self.store.close()
            self.store = None
        event.accept()
