"""The main window's locations list: reading it, showing the selected location, adding, editing, archiving.

A part of :class:`~ui.main_window.MainWindow` (its methods, moved out whole). The list's page
(:mod:`ui.locations_page`) is built when a database is first shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from safeguarding.errors import DamagedDatabaseError, SafeguardingError
from ui.window_base import WindowBase

if TYPE_CHECKING:  # loaded where used, so the window shows before the heavy modules load
    from safeguarding.model import Location
    from ui.location_dialog import LocationDialog
    from ui.locations_page import LocationsPage


class LocationActions(WindowBase):
    """The locations list and the location dialog (a part of MainWindow)."""

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
