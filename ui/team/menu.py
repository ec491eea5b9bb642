"""The main window's "Team" menu: join a team, sign in, sync, conflicts, and "I am writing this up".

Kept out of ``ui/main_window.py`` (a few lines there build it and tell it when the
database or the open assessment changes or is saved); it reaches the window only
through :class:`~ui.window_host.WindowHost`. A laptop that never joins a team sees
only "Join a team…" enabled and nothing in the status bar.

The sync runs on the thread pool through a connection of its own (the window
keeps its connection), behind a window-modal progress dialog whose Cancel stops
it between steps; what was exchanged so far is kept on both sides. The password
is kept in memory for the session only, unless the user asked to remember it in
an encrypted database.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenuBar

from safeguarding.errors import SafeguardingError
from safeguarding.words import counted
from ui.widgets.menu_action import add_action

if TYPE_CHECKING:
    from safeguarding.progress import Progress
    from safeguarding.team.sync import SyncResult
    from ui.tasks import Task
    from ui.team.conflicts_dialog import ConflictsDialog
    from ui.team.join_dialog import JoinDialog
    from ui.window_host import WindowHost

STATUS_EVERY_MS = 15_000


class TeamMenu:
    """Builds the Team menu and its status-bar label, and runs syncs.

    Args:
        host: The main window, as its menus see it.
        bar: The menu bar to add the menu to.
        when_unlocked: Runs a message now, or once the window is unlocked (a message
            over the lock screen would reveal what it hides).

    Attributes:
        password: The team password for this session (memory only), or None.
        task: The sync running, if any.
        last_result: What the last sync in this window did.
        join_dialog, conflicts_dialog: The last dialogs opened (tests drive them).
        status_label: "Team: synced 14:02 · 3 changes waiting · 1 conflict" in the status bar.
    """

    join_action: QAction
    sign_in_action: QAction
    sync_action: QAction
    conflicts_action: QAction
    hold_action: QAction

    def __init__(self, host: WindowHost, bar: QMenuBar, when_unlocked: Callable[[Callable[[], None]], None]) -> None:
        self.host = host
        self.window = window = host.window()  # the parent of its dialogs
        self.when_unlocked = when_unlocked
        self.password: str | None = None
        self.task: Task | None = None
        self.last_result: SyncResult | None = None
        self.join_dialog: JoinDialog | None = None
        self.conflicts_dialog: ConflictsDialog | None = None
        menu = bar.addMenu("&Team")
        entries = (
            ("join_action", "&Join a team…", None, self.join, "Link this database to a team server"),
            ("sign_in_action", "&Sign in…", None, self.sign_in, "Give your team password for this session"),
            ("sync_action", "S&ync now", "Ctrl+Shift+Y", self.sync_now,
             "Send your changes to the team and receive the team's"),
            ("conflicts_action", "&Conflicts to resolve…", None, self.show_conflicts,
             "Changes made on two laptops that need someone to choose"),
            ("hold_action", "I am &writing this up", None, self.toggle_hold,
             "Tell the team you are finishing this assessment"),
        )  # fmt: skip
        for name, text, shortcut, slot, tip in entries:
            if name == "conflicts_action":
                menu.addSeparator()
            setattr(self, name, add_action(window, menu, text, shortcut, slot, tip))
        self.hold_action.setCheckable(True)
        self.status_label = QLabel(window)
        self.status_label.setObjectName("teamStatus")
        self.status_label.setAccessibleName("Team sync status")
        host.statusBar().addPermanentWidget(self.status_label)
        self.timer = QTimer(window)
        self.timer.setInterval(STATUS_EVERY_MS)
        self.timer.timeout.connect(self.refresh_status)

    # -- state ---------------------------------------------------------------------

    def joined(self) -> bool:
        """True if the open database belongs to a team (False if it cannot be read: the window says why)."""
        store = self.host.store
        if store is None:
            return False
        from safeguarding.team.state import TeamState

        try:
            with store.raising_damage():
                return TeamState(store.db).joined
        except SafeguardingError:
            return False

    def store_changed(self) -> None:
        """The window opened another database (or none): forget the session password, update the menu."""
        self.password = None
        self.refresh_status()

    def refresh_status(self) -> None:
        """Update the menu and the status bar from the database (cheap: a few counts).

        The window calls it after each save of the open assessment too: "changes waiting" follows each save.
        """
        store = self.host.store
        joined = self.joined()
        self.join_action.setEnabled(store is not None and not store.read_only)
        for action in (self.sign_in_action, self.sync_action, self.conflicts_action):
            action.setEnabled(joined)
        self.hold_action.setEnabled(joined and self.host.assessment_in_editor() is not None)
        if not joined or store is None:
            self.status_label.setVisible(False)
            self.timer.stop()
            return
        from safeguarding.team.status import team_status
        from safeguarding.timeutil import utc_to_local

        try:
            with store.raising_damage():
                status = team_status(store.db)
        except SafeguardingError:  # a damaged file: the window offers a backup; nothing to show here
            self.status_label.setVisible(False)
            return
        synced = (
            f"synced {utc_to_local(status.last_sync).strftime('%d %b %H:%M')}" if status.last_sync else "not synced yet"
        )
        parts = [f"Team: {synced}", f"{counted(status.waiting, 'change')} waiting"]
        if status.conflicts:
            parts.append(f"{counted(status.conflicts, 'conflict')} to resolve")
        self.status_label.setText(" · ".join(parts))
        self.status_label.setToolTip(f"{status.display_name} on {status.server}")
        self.status_label.setVisible(True)
        if not self.timer.isActive():
            self.timer.start()

    # -- joining and signing in ----------------------------------------------------------

    def join(self) -> None:
        """Ask for the server, user and password; join and sync (non-blocking)."""
        store = self.host.store
        if store is None:
            return
        from safeguarding.team.state import TeamState
        from ui.team.join_dialog import JoinDialog

        state = TeamState(store.db)
        self.join_dialog = JoinDialog(encrypted=store.opened.encrypted, url=state.server_url, user=state.username,
                                      parent=self.window)  # fmt: skip
        self.join_dialog.accepted.connect(self._joined)
        self.join_dialog.open()

    def _joined(self) -> None:
        dialog, store = self.join_dialog, self.host.store
        if dialog is None or dialog.address is None or store is None:
            return
        from safeguarding.team.state import TeamState
        from safeguarding.team.sync import join_team

        try:
            join_team(store, dialog.address)
            if dialog.remember.isChecked():
                TeamState(store.db).remember_password(dialog.password, encrypted=store.opened.encrypted)
        except SafeguardingError as error:
            self.host.interaction.error(self.window, "Not joined", str(error))
            return
        self.password = dialog.password
        self.refresh_status()
        self.sync_now()

    def sign_in(self) -> bool:
        """Ask for the team password for this session; True if one was given."""
        secret = self.host.interaction.ask_secret(self.window, "Sign in to the team", "Your team password:")
        if not secret:
            return False
        self.password = secret
        return True

    # -- syncing -------------------------------------------------------------------

    def sync_now(self) -> None:
        """Save the open assessment, then sync behind a progress window with Cancel."""
        store = self.host.store
        if store is None or self.task is not None or not self.joined():
            return
        from safeguarding.team.state import TeamState

        if self.password is None and TeamState(store.db).remembered_password() is None and not self.sign_in():
            return
        if not self.host.save_open_assessment():
            return
        from safeguarding.team.sync import sync_database
        from ui.tasks import run_with_progress

        path, key, password = store.path, store.opened.key, self.password

        def work(progress: Progress) -> SyncResult:
            return sync_database(path, password, key=key, progress=progress)

        self.task = run_with_progress(self.window, "Syncing with the team", work, succeeded=self._synced,
                                      failed=self._failed, cancelled=self._cancelled, label="Connecting…")  # fmt: skip

    def _synced(self, result: object) -> None:
        from safeguarding.team.sync import SyncResult

        assert isinstance(result, SyncResult)
        self.task = None
        self.last_result = result
        host = self.host
        current = host.assessment_in_editor()
        host.show_demo_mark_if_needed()  # the team's data may be the fictional demo: say so here too
        host.refresh()
        if current is not None and current in result.assessments:
            host.open_assessment(current)  # shows what the team changed
        self.refresh_status()
        host.statusBar().showMessage(result.summary(), 15000)
        if result.conflicts or result.set_aside or result.held_back:
            self.when_unlocked(lambda: host.interaction.inform(self.window, "Sync finished", result.summary()))

    def _failed(self, error: BaseException) -> None:
        self.task = None
        from safeguarding.team.errors import SignInError

        if isinstance(error, SignInError):
            self.password = None
        if isinstance(error, SafeguardingError):
            message = str(error)
            self.when_unlocked(lambda: self.host.interaction.error(self.window, "Sync did not finish", message))
        else:
            sys.excepthook(type(error), error, error.__traceback__)
        self.refresh_status()

    def _cancelled(self) -> None:
        self.task = None
        self.host.statusBar().showMessage(
            "Sync cancelled. What was exchanged so far is kept on both sides; sync again to finish.", 15000
        )
        self.refresh_status()

    def wait_for_sync(self) -> None:
        """Before the window closes: stop a running sync between steps and wait for it."""
        self.timer.stop()
        if self.task is not None:
            self.task.cancel()
            self.task.done.wait(60)

    # -- conflicts and holds ---------------------------------------------------------------

    def _me(self) -> str:
        from safeguarding.team.state import TeamState

        store = self.host.store
        name = TeamState(store.db).display_name if store is not None else ""
        profile = self.host.profile
        return name or (profile.name if profile else "")

    def show_conflicts(self, assessment_id: str | None = None) -> None:
        """Open the list of conflicts (of one assessment, or all)."""
        store = self.host.store
        if store is None:
            return
        from ui.team.conflicts_dialog import ConflictsDialog

        self.conflicts_dialog = ConflictsDialog(store, self.host.interaction, self._me(),
                                                assessment_id if isinstance(assessment_id, str) else None,
                                                self._resolved, self.window)  # fmt: skip
        self.conflicts_dialog.open()

    def _resolved(self, assessment_id: str | None) -> None:
        host = self.host
        current = host.assessment_in_editor()
        host.refresh()
        if current is not None and current == assessment_id:
            host.open_assessment(current)
        self.refresh_status()

    def assessment_opened(self, assessment_id: str) -> None:
        """Show who holds the assessment, and its conflicts if any (called by the window after opening it)."""
        store = self.host.store
        if store is None or not self.joined():
            return
        from safeguarding.team.conflicts import open_conflicts
        from safeguarding.team.holds import holder_of
        from safeguarding.timeutil import utc_to_local

        hold = holder_of(store.db, assessment_id)
        me = self._me()
        self.hold_action.setEnabled(True)
        self.hold_action.setChecked(hold is not None and hold.holder == me)
        if hold is not None and hold.holder != me:
            since = utc_to_local(hold.since).strftime(" since %a %d %b %H:%M") if hold.since else ""
            self.host.statusBar().showMessage(f"{hold.holder} is writing this up{since}.", 30000)
        if open_conflicts(store.db, assessment_id):
            self.show_conflicts(assessment_id)

    def toggle_hold(self, checked: bool) -> None:
        """Take or release "I am writing this up" on the open assessment."""
        store = self.host.store
        assessment_id = self.host.assessment_in_editor()
        if store is None or assessment_id is None:
            self.hold_action.setChecked(False)
            return
        from safeguarding.team.holds import release_hold, take_hold
        from safeguarding.team.state import TeamState

        try:
            if checked:
                take_hold(store.db, assessment_id, self._me(), TeamState(store.db).get("agency"))
            else:
                release_hold(store.db, assessment_id)
        except SafeguardingError as error:
            self.host.interaction.error(self.window, "Not marked", str(error))
            return
        self.host.statusBar().showMessage(
            "Marked as being written up by you: the team sees it after your next sync." if checked
            else "No longer marked as being written up (after your next sync).", 10000,
        )  # fmt: skip
        self.refresh_status()
