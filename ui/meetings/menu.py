"""The main window's "DCSM" menu: the register, meetings, search across every record, the tracker, kept versions.

Built by one line in :mod:`ui.main_window`; it reaches the window only through
:class:`ui.window_host.WindowHost`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar

from safeguarding.timeutil import utc_to_local
from ui.widgets.menu_action import add_action

if TYPE_CHECKING:  # the windows load when first opened: start-up stays lean
    from safeguarding.search.query import SearchResult
    from safeguarding.store import Store
    from ui.meetings.meeting_dialog import MeetingDialog
    from ui.meetings.papers import PaperWriter
    from ui.meetings.register_dialog import RegisterDialog
    from ui.search.search_dialog import SearchDialog
    from ui.window_host import WindowHost


class MeetingsMenu:
    """Builds the DCSM menu on the window's menu bar and handles its entries.

    Attributes:
        register_dialog, meeting_dialog, search_dialog: The windows last opened (tests drive them).
        papers: Writes the tracker and the register from the menu.
    """

    def __init__(self, host: WindowHost, bar: QMenuBar) -> None:
        self.host = host
        self.window = host.window()
        self.register_dialog: RegisterDialog | None = None
        self.meeting_dialog: MeetingDialog | None = None
        self.search_dialog: SearchDialog | None = None
        self.papers: PaperWriter | None = None
        menu = bar.addMenu("&DCSM")
        self.register_action = self._add(
            menu, "&Register…", "Ctrl+Shift+R", self.show_register,
            "Every location the DCSM holds: status, ratings, lead, last decision, next review, actions",
        )  # fmt: skip
        self.meetings_action = self._add(
            menu, "&Meetings…", "Ctrl+Shift+M", self.show_meetings,
            "Agenda, who came, each item's decision and updates; finalise; print the pack and minutes",
        )  # fmt: skip
        self.search_action = self._add(
            menu, "&Search all records…", "Ctrl+Shift+F", self.show_search,
            "One search over locations, visits, consultations, pins, photos, goals, actions, reviews and meetings",
        )  # fmt: skip
        menu.addSeparator()
        self.tracker_action = self._add(
            menu, "Export action &tracker (CSV)…", None, self.export_tracker,
            "Every open action across locations, by owner agency and lead, for partners' own systems",
        )  # fmt: skip
        self.kept_action = self._add(
            menu, "Print the version the last DCSM &saw…", None, self.print_kept_version,
            "The assessment as the last finalised meeting that considered it saw it",
        )  # fmt: skip

    def _add(self, menu: QMenu, text: str, shortcut: str | None, slot: Callable[..., object], tip: str) -> QAction:
        return add_action(self.window, menu, text, shortcut, slot, tip)

    def _store(self) -> Store | None:
        store = self.host.store
        if store is None:
            self.host.interaction.inform(self.window, "DCSM", "Open a database first.")
        return store

    def _writer(self, store: Store) -> PaperWriter:
        from ui.meetings.papers import PaperWriter

        if self.papers is None or self.papers.store is not store:
            self.papers = PaperWriter(self.window, self.host.interaction, store)
        return self.papers

    def show_register(self) -> None:
        """Open the register window."""
        store = self._store()
        if store is None:
            return
        from ui.meetings.register_dialog import RegisterDialog

        dialog = RegisterDialog(store, utc_to_local(store.clock()).date(), self.window)
        dialog.open_location.connect(self._open_location)
        dialog.print_requested.connect(lambda: self._print_register(store, dialog))
        self.register_dialog = dialog
        dialog.show()

    def _print_register(self, store: Store, dialog: RegisterDialog) -> None:
        described = f"Sorted by {dialog.column.label.lower()}."
        self._writer(store).register(dialog.shown(), described, store.meta.is_demo())  # type: ignore[arg-type]

    def _open_location(self, location_id: str) -> None:
        store = self.host.store
        if store is None or not self.host.may_leave_editor():
            return
        assessment = store.assessments.latest_for_location(location_id)
        if assessment is None:
            self.host.refresh(select=location_id)
            return
        self.host.open_assessment(assessment.id)

    def show_meetings(self, meeting_id: str | None = None) -> None:
        """Open the meetings window (showing ``meeting_id`` if given)."""
        store = self._store()
        if store is None:
            return
        from ui.meetings.meeting_dialog import MeetingDialog

        if self.meeting_dialog is None or self.meeting_dialog.papers.store is not store:
            profile = self.host.profile
            self.meeting_dialog = MeetingDialog(
                store,
                self.host.interaction,
                self.window,
                drafts=None if store.read_only else self.host.drafts,
                user=profile.name if profile is not None else "",
            )
        if meeting_id:
            self.meeting_dialog.show_meeting(meeting_id)
        self.meeting_dialog.show()
        self.meeting_dialog.raise_()

    def show_search(self) -> None:
        """Open the search window."""
        store = self._store()
        if store is None:
            return
        from ui.search.search_dialog import SearchDialog

        dialog = SearchDialog(store, self.host.forms.current().time_bands, self.window)
        dialog.open_record.connect(self._open_result)
        self.search_dialog = dialog
        dialog.show()
        dialog.words.setFocus()

    def _open_result(self, result: SearchResult) -> None:
        store = self.host.store
        if result.record_type == "meeting" and store is not None:
            self.show_meetings(store.meetings.meeting_of(result.record_id))
            return
        if result.record_type == "location" and result.location_id:
            if self.host.may_leave_editor():
                self.host.refresh(select=result.location_id)
            return
        self.host.show_record(result.assessment_id, result.record_type, result.record_id, result.sides)

    def export_tracker(self) -> None:
        """Ask which copy and where, then write the action tracker CSV."""
        store = self._store()
        if store is not None:
            self._writer(store).tracker()

    def print_kept_version(self) -> None:
        """Print the current assessment as the last finalised meeting that considered it saw it."""
        store = self._store()
        assessment_id = self.host.current_assessment_id()
        if store is None or assessment_id is None:
            self.host.interaction.inform(self.window, "Print", "Open an assessment, or select one in the list, first.")
            return
        kept = store.meetings.latest_snapshot(assessment_id)
        if kept is None:
            self.host.interaction.inform(
                self.window, "Print", "No finalised DCSM meeting has considered this assessment yet."
            )
            return
        self.host.export_kept_version(assessment_id, kept.meeting_date)
