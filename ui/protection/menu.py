"""The main window's "Records" menu: an assessment's history, and retention and deletion.

Kept out of ``ui/main_window.py`` (one line there builds it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenuBar

from safeguarding.errors import SafeguardingError

if TYPE_CHECKING:  # the windows load when their entries are first chosen: start-up stays lean
    from ui.protection.history_dialog import HistoryDialog
    from ui.protection.retention_dialog import RetentionDialog
    from ui.window_host import WindowHost


class RecordsMenu:
    """Builds the Records menu and opens its windows (non-blocking).

    Attributes:
        history_dialog, retention_dialog: The last windows opened (tests drive them).
    """

    def __init__(self, host: WindowHost, bar: QMenuBar) -> None:
        self.host = host
        self.window = host.window()  # the parent of its dialogs
        self.history_dialog: HistoryDialog | None = None
        self.retention_dialog: RetentionDialog | None = None
        menu = bar.addMenu("&Records")
        self.history_action = QAction("Assessment &history…", self.window)
        self.history_action.setStatusTip("Who changed what in this assessment, and when")
        self.history_action.triggered.connect(self.show_history)
        self.retention_action = QAction("&Retention and deletion…", self.window)
        self.retention_action.setStatusTip("The retention period, and assessments due for permanent deletion")
        self.retention_action.triggered.connect(self.show_retention)
        menu.addAction(self.history_action)
        menu.addAction(self.retention_action)

    def show_history(self) -> None:
        """Open the history of the current assessment."""
        store, window = self.host.store, self.window
        assessment_id = self.host.current_assessment_id()
        if store is None or not assessment_id:
            self.host.interaction.inform(window, "Assessment history", "Select or open an assessment first.")
            return
        try:
            assessment = store.assessments.get(assessment_id)
            title = store.locations.get(assessment.location_id).name
        except SafeguardingError as error:
            self.host.interaction.error(window, "History not shown", str(error))
            return
        from ui.protection.history_dialog import HistoryDialog

        self.history_dialog = HistoryDialog(store, assessment_id, title, self.host.interaction, window)
        self.history_dialog.show()

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
