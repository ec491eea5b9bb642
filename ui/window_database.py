"""The main window's open database: showing it (or why there is none), opening another, and how it is held.

A part of :class:`~ui.main_window.MainWindow` (its methods, moved out whole): File → Open
database…, the read-only and shared banners, the title and status bar's database line, and
under what name changes are recorded in its audit trail.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from safeguarding import APP_NAME
from safeguarding.errors import SafeguardingError
from ui.window_base import WindowBase

if TYPE_CHECKING:  # loaded where used, so the window shows before the heavy modules load
    from safeguarding.profile import Profile
    from safeguarding.store import Store


class OpenDatabase(WindowBase):
    """The open database as the window shows it, and opening another (a part of MainWindow)."""

    def set_store(self, store: Store | None, *, demo: bool = False, problem: str = "") -> None:
        """Show ``store``'s locations, or an explanation of why there is none.

        Work left unsaved by an app that did not close properly is offered back once the
        window shows (:meth:`offer_drafts`). A store opened read-only shows a banner saying
        who holds the database, and nothing can be changed.
        """
        stranded, why = "", _why_closed(problem)
        if self.drafts is not None and self.store is not None and store is not self.store:
            from ui.editing.keeper import typed_text

            # open dialogs stay and refuse to save; editor pages close with the database: show all typed text
            self.closed_under = why  # kept while no database is open (the error hook says it in words)
            stranded = typed_text(self.drafts.store_closed(why))
        if store is not None:
            self.closed_under = ""
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
        if stranded:
            self.interaction.inform(
                self,
                "Not saved",
                f"{why}\n\nWhat you had typed and not saved could not be written. "
                f"Here it is, to copy (a dialog still open keeps it too):\n\n{stranded}",
            )
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


def _why_closed(problem: str) -> str:
    """Why the open database was closed, in words (the first paragraph of ``problem``, or a general word)."""
    first = problem.split("\n\n", 1)[0].strip()
    return f"The database was closed: {first}" if first else "The database was closed."
