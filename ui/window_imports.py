"""The main window's File → Import offline map… and File → Import police data….

A part of :class:`~ui.main_window.MainWindow`. The imports themselves are
:func:`ui.editor.offline_map_import.ask_and_import_offline_map` (a map file shared by every
database on the laptop) and :func:`ui.police_import.import_police_data` (police.uk
files into the open database).
"""

from __future__ import annotations

from ui.window_base import WindowBase


class DataImports(WindowBase):
    """Importing a background map and police data from the File menu (a part of MainWindow)."""

    def import_offline_map(self) -> None:
        """File → Import offline map…: on the open assessment's Map page, or for the selected location."""
        from safeguarding.maps.offline import OfflineMaps
        from ui.editor.map_page import MapPage
        from ui.editor.offline_map_import import ask_and_import_offline_map

        editor = self.shown_editor()
        if editor is not None and editor.assessment:
            page = next((p for p in editor.pages if isinstance(p, MapPage)), None)
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
        """File → Import police data…: police.uk files into this database; an open Police figures page counts again."""
        if self.store is None:
            return
        from ui.editor.police_page import PolicePage
        from ui.police_import import import_police_data

        def done(_report: object) -> None:
            editor = self.built_editor()
            for page in editor.pages if editor is not None else []:
                if isinstance(page, PolicePage):
                    page.refresh()

        self.police_task = import_police_data(self, self.interaction, self.store, done)
