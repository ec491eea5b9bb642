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

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from safeguarding import APP_NAME
from safeguarding.errors import DamagedDatabaseError, SafeguardingError
from ui.meetings.menu import MeetingsMenu
from ui.plan.menu import PlanMenu
from ui.protection.menu import RecordsMenu
from ui.security.menu import SecurityMenu
from ui.team.menu import TeamMenu
from ui.widgets.eliding import ElidingLabel
from ui.widgets.menu_action import Shortcut, make_action
from ui.window_assessments import AssessmentActions
from ui.window_export import ReportExport
from ui.window_imports import DataImports

if TYPE_CHECKING:  # loaded where used, so the window shows before the heavy modules load
    from safeguarding.drafts import Draft
    from safeguarding.forms import FormLibrary
    from safeguarding.model import Location, Side
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

    # -- database ----------------------------------------------------------------

    def set_store(self, store: Store | None, *, demo: bool = False, problem: str = "") -> None:
        """Show ``store``'s locations, or an explanation of why there is none.

        Work left unsaved by an app that did not close properly is offered back once the
        window shows (:meth:`offer_drafts`). A store opened read-only shows a banner saying
        who holds the database, and nothing can be changed.
        """
        if self._editor is not None:
            self.stack.removeWidget(self._editor)
            self._editor.deleteLater()
            self._editor = None
        if self.drafts is not None:
            self.drafts.timer.stop()
            self.drafts.deleteLater()
            self.drafts = None
        if self.store is not None and self.store is not store:
            self.store.close()
        if self.hold is not None and store is not None and store.path != self.hold.path:
            self.hold.release()  # another database: let go of this one (closing it for work on its file keeps it)
            self.hold = None
        self.store = store
        self._record_who()
        self.demo = store is not None and (demo or store.meta.is_demo())
        self._show_database()
        if store is None:
            self.empty.setText(
                (problem or "No database is open.") + "\n\nUse File → Open database… to choose another file."
            )
            self.stack.setCurrentWidget(self.empty)
        else:
            from ui.editing.keeper import DraftKeeper

            self.drafts = DraftKeeper(store, enabled=not store.read_only, parent=self)  # the editor: on first use
            self.stack.setCurrentWidget(self.locations_page)
            self.locations_page.set_read_only(store.read_only)
            self.refresh()
        self.export_action.setEnabled(store is not None)
        writable = store is not None and not store.read_only
        for action in (
            self.save_action,
            self.new_location_action,
            self.edit_location_action,
            self.new_assessment_action,
        ):
            action.setEnabled(writable)
        self._show_hold()
        self.security.store_changed()
        self.records_menu.store_changed()
        self.team.store_changed()
        if writable:
            if self.isVisible():
                self.offer_drafts()
            else:
                self._offer_on_show = True

    def held_elsewhere(self) -> str:
        """Who else has the open database open for editing (this window opened it anyway), or ""."""
        hold = self.hold
        if hold is None or hold.lock is not None or hold.other is None:
            return ""
        return hold.other.describe()

    def _show_hold(self) -> None:
        """The read-only banner, and a word about an app that did not close properly."""
        hold, store = self.hold, self.store
        if store is not None and store.read_only:
            who = hold.other.describe() if hold is not None and hold.other is not None else "another copy of the app"
            self.read_only_label.setText(f"Read-only: open for editing by {who}. Nothing can be changed here.")
            self.read_only_label.show()
        else:
            self.read_only_label.hide()
        elsewhere = self.held_elsewhere() if store is not None and not store.read_only else ""
        self.shared_label.setText(
            f"Opened while {elsewhere} had it open for editing: "
            "if you both change the same field, you choose which to keep."
        )
        self.shared_label.setVisible(bool(elsewhere))
        if store is not None and hold is not None and hold.stale is not None:
            self.statusBar().showMessage(
                f"The app was not closed properly last time ({hold.stale.describe()}). "
                "Any work it had not saved is offered back.",
                20000,
            )

    # -- drafts --------------------------------------------------------------------

    def offer_drafts(self, assessment_id: str | None = None) -> int:
        """Offer back unsaved work left by an app that did not close properly; return how many were restored.

        Args:
            assessment_id: Offer only the work on this assessment, including work this window
                kept as a draft for later (it is being opened again). None: work left by app
                processes that are no longer running (at start).
        """
        store, keeper = self.store, self.drafts
        if store is None or keeper is None or store.read_only:
            return 0
        from safeguarding.drafts import INSTANCE
        from ui.editing.restore import offer_drafts

        try:
            left = store.drafts.left_behind(set() if assessment_id else {INSTANCE})
        except SafeguardingError as error:
            self.statusBar().showMessage(f"Unsaved work could not be looked for: {error}", 15000)
            return 0
        hold = self.hold
        offered = [
            draft
            for draft in left
            if not (hold is not None and hold.running_elsewhere(draft.instance))
            and not keeper.keeps(draft.key)
            and (assessment_id is None or draft.assessment_id == assessment_id)
        ]
        return offer_drafts(self, self.interaction, offered, self.restore_draft, lambda d: store.drafts.remove(d.key))

    def restore_draft(self, draft: Draft) -> bool:
        """Open the assessment a draft belongs to, at its page, with the draft's work filled in and unsaved."""
        editor, keeper = self.editor, self.drafts
        if keeper is not None and self.store is not None and draft.kind == "location":
            try:
                existing = self.store.locations.get(draft.record_id)
            except SafeguardingError:
                existing = None
            dialog = self._open_location_dialog(existing, draft.record_id)
            if dialog.editing is None or not dialog.editing.restore_draft(draft):
                return False
            keeper.adopt(draft)
            return True
        if keeper is not None and self.store is not None and draft.kind == "meeting":
            self.meetings_menu.show_meetings(draft.record_id)
            meetings = self.meetings_menu.meeting_dialog
            if meetings is None or meetings.editing is None or not meetings.editing.restore_draft(draft):
                self.interaction.error(
                    self, "Work not restored", f"{draft.label[:1].upper()}{draft.label[1:]} could not be shown."
                )
                return False
            keeper.adopt(draft)
            return True
        if editor is None or keeper is None or draft.assessment_id is None:
            return False
        showing = self.stack.currentWidget() is editor and editor.assessment is not None
        if not showing or editor.assessment is None or editor.assessment.id != draft.assessment_id:
            if not self.may_leave_editor():
                return False
            self.open_assessment(draft.assessment_id, offer=False)
        if editor.assessment is None or not editor.restore_draft(draft):
            self.interaction.error(
                self, "Work not restored", f"{draft.label[:1].upper()}{draft.label[1:]} could not be shown."
            )
            return False
        keeper.adopt(draft)
        return True

    def keep_drafts(self) -> None:
        """Write every form's unsaved work as drafts now (before locking: the work stays on screen)."""
        if self.drafts is not None:
            self.drafts.flush()

    def audit_checked(self, report: ChainReport) -> None:
        """A check of the audit trail (before a backup) found ``report``: show it (see ui.protection.audit_status)."""
        self.records_menu.audit_checked(report)

    def _show_database(self) -> None:
        """Show the open database's path, whether it is encrypted, and the demo mark, in the title and status bar."""
        store = self.store
        self.demo_label.setVisible(self.demo)
        title = APP_NAME + (" — DEMO DATA" if self.demo else "")
        if store is None:
            self.path_label.set_full_text("No database open")
            self.setWindowTitle(title)
            return
        encrypted = store.opened.key is not None
        state = "encrypted" if encrypted else ("demo, not encrypted" if self.demo else "NOT ENCRYPTED")
        who = f" · No profile is set, so {self.who_note}" if self.who_note else ""
        self.path_label.set_full_text(
            f"Database: {store.path} ({state}){who}",
            ""
            if encrypted or self.demo
            else "This database is not encrypted. Use Security → Encrypt this database… to protect it.",
        )
        self.setWindowTitle(f"{title} — {store.path.name}" + (" — READ-ONLY" if store.read_only else ""))

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
        from ui.security.hold import take_hold

        if self.hold is not None and self.hold.path == path:
            self.interaction.inform(self, "Already open", f"{path.name} is already open in this window.")
            return
        hold = take_hold(self, self.interaction, path, self.profile.name if self.profile else "")
        if hold is None:
            return
        try:
            store = self.security.open_store(path, read_only=hold.read_only)  # asks for an encrypted one's passphrase
        except SafeguardingError as error:
            hold.release()
            self.interaction.error(self, "Database not opened", str(error))
            return
        if store is None:
            hold.release()
            return
        if self.hold is not None:
            self.hold.release()
        self.hold = hold
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

    def refresh_location(self, location_id: str) -> bool:
        """Read one location's row again and select it; False if it is not listed (then refresh the list)."""
        if self.store is None or self.locations_page.model.row_of(location_id) is None:
            return False
        try:
            with self.store.raising_damage():
                summary = self.store.locations.summary(location_id)
        except DamagedDatabaseError as error:
            self.security.database_damaged(error)
            return True
        except SafeguardingError:
            return False  # gone meanwhile: the whole list is read again
        self.locations_page.put_row(summary)
        self._show_selected(location_id)
        return True

    def _show_selected(self, location_id: str) -> None:
        if self.store is None or not location_id:
            self.locations_page.show_details(None, [])
            return
        try:
            with self.store.raising_damage():
                location = self.store.locations.get(location_id)
                assessments = self.store.assessments.for_location(location_id, records=False)  # listed, not opened
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

    def _open_location_dialog(self, location: Location | None, record_id: str | None = None) -> LocationDialog:
        store = self.store
        assert store is not None
        from ui.editing.dialog_form import DialogEditing
        from ui.location_dialog import LocationDialog

        def save(entered: Location) -> None:
            if location is None:
                saved = store.locations.add(entered)
            else:  # after a choice between two versions the dialog shows the merged location: read it again
                editing.save(lambda base: store.locations.update(dialog.location(), base=base))
                saved = entered
            self.refresh(select=saved.id)

        dialog = LocationDialog(save, location, self)
        if record_id is not None:
            dialog.new_id = record_id
        name = f" {location.name}" if location is not None else ""
        editing = DialogEditing(
            dialog,
            kind="location",
            record_id=location.id if location is not None else dialog.new_id,
            assessment_id=None,
            label=f"changes to the location{name}" if location is not None else "a new location",
            base=dialog.values() if location is not None else None,
            drafts=self.drafts,
            interaction=self.interaction,
            stored=lambda: self._location_values(dialog, location.id if location else ""),
            user=self.profile.name if self.profile else "",
        )
        dialog.editing = editing
        self.location_dialog = dialog
        dialog.open()
        return dialog

    def _location_values(self, dialog: LocationDialog, location_id: str) -> dict[str, object]:
        """A location as stored now, in the dialog's values (read through a dialog of the same kind)."""
        from ui.location_dialog import LocationDialog

        assert self.store is not None
        reader = LocationDialog(lambda _entered: None, self.store.locations.get(location_id), dialog)
        try:
            return reader.values()
        finally:
            reader.deleteLater()

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

    def show_demo_mark_if_needed(self) -> None:
        """Mark the window as showing demo data if the open database now says so (a sync can bring the mark)."""
        if self.store is not None and not self.demo and self.store.meta.is_demo():
            self.demo = True
            self._show_database()

    def may_leave_editor(self) -> bool:
        """Save every form's unsaved work, or ask (never discard silently); False if the user chose to stay."""
        editor = self.shown_editor()
        if editor is not None:
            return editor.confirm_leave()
        return self.drafts is None or self.drafts.settle(self, self.interaction)

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
        self._record_who()

    def _record_who(self) -> None:
        """Name who makes each change in the audit trail and each action's history.

        The profile's name; without a profile, the computer account in words (never "Not recorded"),
        and the status bar's database line says how to give a name.
        """
        self.who_note = ""
        if self.store is None:
            return
        if self.profile is not None:
            who = self.profile.name
        else:
            from safeguarding.profile import who_without_a_profile

            who = who_without_a_profile()
            # Said on the status bar's database line, which stays (a passing message would compete
            # with the messages of backups and other work).
            self.who_note = f"changes are recorded as {who}: give your name with File → Your profile…" if who else ""
        self.store.set_author(who)  # the plan's modules load when the plan is first used
        self._show_database()

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
