"""The main window's "Records" menu: an assessment's history, and retention and deletion.

Kept out of ``ui/main_window.py`` (one line there builds it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenuBar

from safeguarding.errors import SafeguardingError

if TYPE_CHECKING:  # the windows load when their entries are first chosen: start-up stays lean
    from ui.main_window import MainWindow
    from ui.protection.history_dialog import HistoryDialog
    from ui.protection.retention_dialog import RetentionDialog


class RecordsMenu:
    """Builds the Records menu and opens its windows (non-blocking).

    Attributes:
        history_dialog, retention_dialog: The last windows opened (tests drive them).
    """

    def __init__(self, window: MainWindow, bar: QMenuBar) -> None:
        self.window = window
        self.history_dialog: HistoryDialog | None = None
        self.retention_dialog: RetentionDialog | None = None
        menu = bar.addMenu("&Records")
        self.history_action = QAction("Assessment &history…", window)
        self.history_action.setStatusTip("Who changed what in this assessment, and when")
        self.history_action.triggered.connect(self.show_history)
        self.retention_action = QAction("&Retention and deletion…", window)
        self.retention_action.setStatusTip("The retention period, and assessments due for permanent deletion")
        self.retention_action.triggered.connect(self.show_retention)
        menu.addAction(self.history_action)
        menu.addAction(self.retention_action)

    def current_assessment_id(self) -> str | None:
        """The assessment open in the editor, else the one selected in the list."""
        window = self.window
        editor = window.editor
        if editor is not None and window.stack.currentWidget() is editor and editor.assessment is not None:
            editor.save()
            return editor.assessment.id
        return window.locations_page.selected_assessment_id()

    def show_history(self) -> None:
        """Open the history of the current assessment."""
        store, window = self.window.store, self.window
        assessment_id = self.current_assessment_id()
        if store is None or not assessment_id:
            window.interaction.inform(window, "Assessment history", "Select or open an assessment first.")
            return
        try:
            assessment = store.assessments.get(assessment_id)
            title = store.locations.get(assessment.location_id).name
        except SafeguardingError as error:
            window.interaction.error(window, "History not shown", str(error))
            return
        from ui.protection.history_dialog import HistoryDialog

        self.history_dialog = HistoryDialog(store, assessment_id, title, window.interaction, window)
        self.history_dialog.show()

    def show_retention(self) -> None:
        """Open the retention window."""
        store, window = self.window.store, self.window
        if store is None:
            return
        if window.editor is not None and window.stack.currentWidget() is window.editor:
            window.editor.save()
        from ui.protection.retention_dialog import RetentionDialog

        self.retention_dialog = RetentionDialog(store, window.interaction, window)
        self.retention_dialog.finished.connect(lambda _result: window.refresh())
        self.retention_dialog.show()
