"""The main window's "Records" menu: history, the audit trail's check, the sharing log, subject access, retention.

Kept out of ``ui/main_window.py`` (one line there builds it). It also owns the audit
trail's mark in the status bar (:mod:`ui.protection.audit_status`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenuBar

from safeguarding.errors import SafeguardingError
from ui.protection.audit_status import AuditStatus
from ui.widgets.menu_action import add_action

if TYPE_CHECKING:  # the windows load when their entries are first chosen: start-up stays lean
    from safeguarding.store import ChainReport
    from ui.protection.history_dialog import HistoryDialog
    from ui.protection.retention_dialog import RetentionDialog
    from ui.protection.sharing_log import SharingLogDialog
    from ui.protection.subject_access_dialog import SubjectAccessDialog
    from ui.window_host import WindowHost


class RecordsMenu:
    """Builds the Records menu and opens its windows (non-blocking).

    Args:
        host: The main window.
        bar: Its menu bar.
        when_unlocked: Runs a callable now, or once the window is unlocked.

    Attributes:
        history_dialog, retention_dialog, sharing_dialog, access_dialog: The last windows opened (tests drive them).
        audit: The audit trail's state in the window.
    """

    def __init__(
        self, host: WindowHost, bar: QMenuBar, when_unlocked: Callable[[Callable[[], None]], None] = lambda run: run()
    ) -> None:
        self.host = host
        self.window = host.window()  # the parent of its dialogs
        self.history_dialog: HistoryDialog | None = None
        self.retention_dialog: RetentionDialog | None = None
        self.sharing_dialog: SharingLogDialog | None = None
        self.access_dialog: SubjectAccessDialog | None = None
        self.audit = AuditStatus(host, when_unlocked)
        menu = bar.addMenu("&Records")
        window = self.window
        self.history_action = add_action(
            window,
            menu,
            "Assessment &history…",
            None,
            self.show_history,
            "Who changed what in this assessment, and when",
        )
        self.check_action = add_action(
            window,
            menu,
            "&Check the audit trail…",
            None,
            self.check_audit,
            "Check that the audit trail is as the app wrote it (each entry sealed to the one before)",
        )
        menu.addSeparator()
        self.sharing_action = add_action(
            window, menu, "&Sharing log…", None, self.show_sharing, "Every copy exported: which, when, for whom and why"
        )
        self.access_action = add_action(
            window,
            menu,
            "S&ubject access request…",
            None,
            self.show_subject_access,
            "Find and export every record that names a registered person",
        )
        menu.addSeparator()
        self.retention_action = add_action(
            window,
            menu,
            "&Retention and deletion…",
            None,
            self.show_retention,
            "The retention period, and assessments due for permanent deletion",
        )

    def store_changed(self) -> None:
        """A database was opened (or closed): show what the check at opening found."""
        store = self.host.store
        for action in (self.check_action, self.sharing_action, self.access_action):
            action.setEnabled(store is not None)
        self.audit.show(store.opened.audit if store is not None else None)

    def audit_checked(self, report: ChainReport) -> None:
        """A check of the audit trail (a backup's) found ``report``: show it."""
        self.audit.show(report)

    def _assessment_and_title(self, purpose: str) -> tuple[str, str] | None:
        store, window = self.host.store, self.window
        assessment_id = self.host.current_assessment_id()
        if store is None or not assessment_id:
            self.host.interaction.inform(window, purpose, "Select or open an assessment first.")
            return None
        try:
            assessment = store.assessments.get(assessment_id)
            return assessment_id, store.locations.get(assessment.location_id).name
        except SafeguardingError as error:
            self.host.interaction.error(window, f"{purpose}: not shown", str(error))
            return None

    def show_history(self) -> None:
        """Open the history of the current assessment."""
        chosen = self._assessment_and_title("Assessment history")
        store = self.host.store
        if chosen is None or store is None:
            return
        from ui.protection.history_dialog import HistoryDialog

        assessment_id, title = chosen
        self.history_dialog = HistoryDialog(
            store, assessment_id, title, self.host.interaction, self.window, audit=self.audit.last
        )
        self.history_dialog.show()

    def check_audit(self) -> ChainReport | None:
        """Check the whole audit trail now and say what was found (a break is also shown as at opening).

        An intact chain with breaks reported before (protection found removed and put back at opening) says
        them too, in the words an exported history ends with: "intact" alone would read as a clean bill.
        """
        store = self.host.store
        if store is None:
            return None
        try:
            report = store.audit.check(whole=True)
        except SafeguardingError as error:
            self.host.interaction.error(self.window, "Audit trail not checked", str(error))
            return None
        self.audit.show(report)
        if report.intact:
            from safeguarding.protection.history_trail import trail_lines

            notices = store.audit.reported_breaks()  # intact now, but a break reported before is said too
            said = "\n\n".join(trail_lines(report, notices)) if notices else report.summary()
            self.host.interaction.inform(
                self.window,
                "Audit trail checked",
                f"{said}\n\nEvery entry matches its seal and the entry before it, none is missing, "
                "and the trail's guards and triggers are in place.",
            )
        elif not report.new_breaks:
            self.host.interaction.error(self.window, "The audit trail is broken", "\n\n".join(report.lines()))
        return report

    def show_sharing(self) -> None:
        """Open the sharing log, on the current assessment's exports if one is selected."""
        store = self.host.store
        if store is None:
            return
        from ui.protection.sharing_log import SharingLogDialog

        assessment_id = self.host.current_assessment_id()
        title = ""
        if assessment_id:
            try:
                title = store.locations.get(store.assessments.get(assessment_id).location_id).name
            except SafeguardingError:
                assessment_id = None
        self.sharing_dialog = SharingLogDialog(store, self.host.interaction, assessment_id, title, self.window)
        self.sharing_dialog.show()

    def show_subject_access(self) -> None:
        """Open the subject access window."""
        store = self.host.store
        if store is None:
            return
        self.host.save_open_assessment()
        from ui.protection.subject_access_dialog import SubjectAccessDialog

        self.access_dialog = SubjectAccessDialog(store, self.host.interaction, self.window)
        self.access_dialog.show()

    def show_retention(self) -> None:
        """Open the retention window."""
        store, window = self.host.store, self.window
        if store is None:
            return
        self.host.save_open_assessment()
        from ui.protection.retention_dialog import RetentionDialog

        self.retention_dialog = RetentionDialog(store, self.host.interaction, window)
        self.retention_dialog.finished.connect(lambda _result: self.host.refresh())
        self.retention_dialog.show()
