"""The Map page's web view: built when the page is first shown, its page made, and kept in step by scripts.

A part of :class:`~ui.editor.map_page.MapPage` (its methods, moved out whole). The view
(QtWebEngine) loads on first use; the page's HTML is made by
:func:`safeguarding.maps.web_page.build_map_page`; after that, the selected pin, the
overlays (police records and safety-mapping marks) and a route being drawn are sent to the
page's script (``window.LAT``) rather than the page being built again.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QLabel, QVBoxLayout

    from safeguarding.maps.categories import PinCategories
    from safeguarding.maps.mapfiles import MapFile
    from safeguarding.model import Assessment, Location
    from safeguarding.store import Store
    from ui.map_view import MapView


class MapWebView(QWidget):
    """The map's web view and the scripts sent to it (a part of the Map page)."""

    if TYPE_CHECKING:  # members of the page, which these methods use
        _store: Store
        _page_stale: bool
        assessment: Assessment | None
        location: Location | None
        categories: PinCategories
        view: MapView | None
        tiles: MapFile | None
        draft: list[tuple[float, float]]
        map_holder: QWidget
        map_layout: QVBoxLayout
        placeholder: QLabel
        shown_at: float
        pins_shown_at: float
        records_changed: Signal
        pins_shown: Signal

        def _point_of_place(self) -> tuple[float, float] | None: ...
        def selected_pin_id(self) -> str | None: ...
        def on_map_clicked(self, latitude: float, longitude: float) -> None: ...
        def select_pin(self, pin_id: str) -> None: ...
        def move_pin(self, pin_id: str, latitude: float, longitude: float) -> None: ...

    def _create_view(self) -> MapView:
        from ui.map_view import MapView  # QtWebEngine loads on first use

        self.shown_at = time.perf_counter()
        view = self.view = MapView(self.map_holder)
        self.map_layout.removeWidget(self.placeholder)
        self.placeholder.hide()
        self.map_layout.addWidget(view)
        view.map_clicked.connect(self.on_map_clicked)
        view.pin_clicked.connect(self.select_pin)
        view.pin_moved.connect(self.move_pin)
        view.page_ready.connect(self._on_page_ready)
        return view

    def _build_page_if_stale(self) -> None:
        if self._page_stale and self.assessment is not None and self.isVisible():
            self._build_page()

    def _build_page(self) -> None:
        if self.view is None or self.assessment is None:
            return
        from safeguarding.maps.overlays import map_overlays
        from safeguarding.maps.web_page import build_map_page, tile_layer_spec

        spec = tile_layer_spec(self.tiles) if self.tiles is not None else None
        html = build_map_page(
            overlays=map_overlays(self._store, self.location, self.assessment) if self.location else [],
            pins=self.assessment.pins,
            boundary=self.assessment.boundary,
            categories=self.categories,
            centre=self._point_of_place(),
            tiles=spec,
            draft=self.draft,
        )
        self._page_stale = False
        self.view.show_page(html, self.tiles, self.tiles.info.mime if self.tiles else "image/png")

    def _on_page_ready(self, count: int) -> None:
        self.pins_shown_at = time.perf_counter()
        self._sync_map_selection()
        self.pins_shown.emit(count)

    def _sync_map_selection(self) -> None:
        if self.view is not None:
            from safeguarding.maps.web_page import script_json

            self.view.run(f"window.LAT && LAT.select({script_json(self.selected_pin_id())})")

    # -- overlays: police records and safety-mapping marks -----------------------------

    def _after_marks_changed(self) -> None:
        self.records_changed.emit()
        self._push_overlays()

    def _push_overlays(self) -> None:
        if self.view is not None and self.assessment is not None and self.location is not None:
            from safeguarding.maps.overlays import map_overlays
            from safeguarding.maps.web_page import script_json

            for overlay in map_overlays(self._store, self.location, self.assessment):
                self.view.run(f"window.LAT && LAT.setOverlay({script_json(overlay)})")

    def _push_route_draft(self, points: list[list[float]]) -> None:
        if self.view is not None:
            from safeguarding.maps.web_page import script_json

            self.view.run(f"window.LAT && LAT.setDraft({script_json(points)})")
