"""The main window's "Plan" menu: what needs attention, reassessment, comparison, CSV export.

Kept out of ``ui/main_window.py`` (one line there builds it). It works on the
assessment open in the editor, or else the one selected in the locations list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar

from safeguarding.errors import FormDefinitionError, SafeguardingError
from ui.widgets.menu_action import add_action

if TYPE_CHECKING:  # the dialogs load when their entries are first chosen: start-up stays lean
    from safeguarding.plan.attention import AttentionItem
    from ui.plan.attention import AttentionDialog
    from ui.plan.compare_dialog import CompareDialog
    from ui.window_host import WindowHost


class PlanMenu:
    """Builds the Plan menu on ``window``'s menu bar and handles its entries.

    Attributes:
        attention_dialog, compare_dialog: The last dialogs opened (tests drive them).
    """

    def __init__(self, host: WindowHost, bar: QMenuBar) -> None:
        self.host = host
        self.window = host.window()  # the parent of its dialogs
        self.attention_dialog: AttentionDialog | None = None
        self.compare_dialog: CompareDialog | None = None
        menu = bar.addMenu("&Plan")
        self.attention_action = self._add(
            menu, "What needs &attention…", "Ctrl+Shift+A", self.show_attention,
            "Overdue actions and DCSM reviews due in the next four weeks, across all locations",
        )  # fmt: skip
        menu.addSeparator()
        self.reassess_action = self._add(
            menu, "Start &reassessment (carry forward)…", None, self.reassess,
            "Start a new assessment of the same location, carrying forward findings and open actions",
        )  # fmt: skip
        self.compare_action = self._add(
            menu, "&Compare with earlier assessment…", None, self.compare,
            "Each side's rating then and now, with the direction of travel",
        )  # fmt: skip
        self.export_csv_action = self._add(
            menu, "Export action plan (&CSV)…", None, self.export_csv,
            "The action plan as a CSV file for agencies that track actions elsewhere",
        )  # fmt: skip

    def _add(self, menu: QMenu, text: str, shortcut: str | None, slot: Callable[..., object], tip: str) -> QAction:
        return add_action(self.window, menu, text, shortcut, slot, tip)

    def _need_assessment(self, title: str) -> str | None:
        assessment_id = self.host.current_assessment_id()
        if assessment_id is None:
            self.host.interaction.inform(self.window, title, "Open an assessment, or select one in the list, first.")
        return assessment_id

    def show_attention(self) -> None:
        """List what needs attention; choosing a row opens its assessment."""
        store = self.host.store
        if store is None:
            return
        try:
            items = store.plan.attention()
        except SafeguardingError as error:
            self.host.interaction.error(self.window, "What needs attention", str(error))
            return
        dialog = self.attention_dialog
        if dialog is not None and shiboken6.isValid(dialog):  # the one opened before: shown again, not built again
            dialog.set_items(items)
        else:
            from ui.plan.attention import AttentionDialog

            dialog = self.attention_dialog = AttentionDialog(items, self.window)
            dialog.open_item.connect(self._open_from_attention)
        dialog.open()

    def _open_from_attention(self, item: AttentionItem) -> None:
        """Open the item's assessment at the item: the overdue action selected, or the DCSM reviews."""
        if self.host.may_leave_editor():
            self.host.open_plan_at(item.where.assessment_id, item.action_id)

    def reassess(self) -> None:
        """Start a reassessment of the current assessment's location and open it."""
        window, store = self.window, self.host.store
        assessment_id = self._need_assessment("Start reassessment")
        if store is None or assessment_id is None:
            return
        try:
            earlier = store.assessments.get(assessment_id)
            location = store.locations.get(earlier.location_id)
        except SafeguardingError as error:
            self.host.interaction.error(window, "Reassessment not started", str(error))
            return
        if not self.host.interaction.confirm(
            window,
            "Start reassessment",
            f"Start a new assessment of {location.name}?\n\nThe write-up of each side, the scope and the open "
            "actions are carried forward and marked as carried, so nobody mistakes old evidence for new. "
            "Place ratings are not carried: rate each side again. The earlier assessment is kept as it is.",
            yes="Start reassessment",
            no="Cancel",
        ):
            return
        from safeguarding.workflows.reassess import reassess

        try:
            new = reassess(store, assessment_id, self.host.forms.current())
        except (SafeguardingError, FormDefinitionError) as error:
            self.host.interaction.error(window, "Reassessment not started", str(error))
            return
        self.host.refresh(select=location.id)
        self.host.open_assessment(new.id)

    def compare(self) -> None:
        """Open the comparison of the current location's assessments."""
        window, store = self.window, self.host.store
        assessment_id = self._need_assessment("Compare assessments")
        if store is None or assessment_id is None:
            return
        try:
            assessment = store.assessments.get(assessment_id)
            location = store.locations.get(assessment.location_id)
            assessments = store.assessments.for_location(location.id)
        except SafeguardingError as error:
            self.host.interaction.error(window, "Compare assessments", str(error))
            return
        if len(assessments) < 2:
            self.host.interaction.inform(
                window, "Compare assessments", f"{location.name} has only one assessment: there is nothing to compare."
            )
            return
        from ui.plan.compare_dialog import CompareDialog

        self.compare_dialog = CompareDialog(location.name, assessments, assessment_id, window)
        self.compare_dialog.open()

    def export_csv(self) -> None:
        """Export the current assessment's action plan as CSV."""
        store = self.host.store
        assessment_id = self._need_assessment("Export action plan")
        if store is not None and assessment_id is not None:
            from ui.plan.export import export_action_plan

            export_action_plan(self.window, store, self.host.interaction, assessment_id)
