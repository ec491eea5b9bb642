"""The Map page's boundary of the place: drawn on the map or typed as corners.

A part of :class:`~ui.editor.map_page.MapPage` (its methods, moved out whole).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from safeguarding.errors import SafeguardingError, ValidationError
from safeguarding.maps.geo import check_point

MODE_PINS = "pin"
MODE_BOUNDARY = "boundary"
MODE_SAFETY = "safety"
"""The Map page's three modes: adding pins, drawing the boundary, or adding safety-mapping marks."""

if TYPE_CHECKING:
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QLabel, QPlainTextEdit, QRadioButton

    from safeguarding.model import Assessment
    from safeguarding.store import Store
    from ui.editor.safety_marker import SafetyMarker
    from ui.interaction import Interaction
    from ui.map_view import MapView


def parse_corners(text: str) -> list[tuple[float, float]]:
    """Parse boundary corners typed one per line as ``latitude, longitude``.

    Raises:
        ValidationError: naming the line that is not two numbers or is impossible.
    """
    corners: list[tuple[float, float]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part for part in re.split(r"[,;\s]+", line.strip()) if part]
        if len(parts) != 2:
            raise ValidationError(f"Line {number} should be 'latitude, longitude', for example 51.2776, 0.5196.")
        corners.append(check_point(parts[0], parts[1], f"Line {number}"))
    return corners


class MapBoundary(QWidget):
    """Drawing, typing and clearing the assessment's boundary (a part of the Map page)."""

    if TYPE_CHECKING:  # members of the page, which these methods use
        _store: Store
        _interaction: Interaction
        assessment: Assessment | None
        view: MapView | None
        mode: str
        draft: list[tuple[float, float]]
        pin_mode: QRadioButton
        status: QLabel
        corners: QPlainTextEdit
        safety: SafetyMarker
        records_changed: Signal

        def _check_on_map(self, latitude: float, longitude: float) -> None: ...
        def _update_buttons(self) -> None: ...

    # -- boundary ----------------------------------------------------------------------

    def _mode_chosen(self, mode: str, on: bool) -> None:
        """A mode's radio button was switched on (or off, which the other button's ``on`` follows)."""
        if on:
            self.set_mode(mode)

    def set_mode(self, mode: str) -> None:
        """Switch between adding pins, drawing the boundary and adding safety-mapping marks."""
        self.mode = mode
        if mode != MODE_BOUNDARY:
            self.draft = []
            self._push_draft()
        self.safety.setVisible(mode == MODE_SAFETY)
        if mode == MODE_BOUNDARY:
            self.status.setText("Click the map at each corner of the place, then press Finish boundary.")
        elif mode == MODE_SAFETY:
            self.status.setText(
                "Choose the session and what the young people marked, then click the map where they marked it. "
                "For a route, click each point along it, then press Finish route."
            )
        self._update_buttons()

    def _push_draft(self) -> None:
        if self.view is not None:
            from safeguarding.maps.web_page import script_json

            self.view.run(f"window.LAT && LAT.setDraft({script_json([list(p) for p in self.draft])})")

    def _save_boundary(self, points: list[tuple[float, float]], title: str) -> bool:
        assert self.assessment is not None
        try:
            for lat, lon in points:
                self._check_on_map(lat, lon)
            self.assessment.boundary = self._store.maps.set_boundary(self.assessment.id, points)
        except SafeguardingError as error:
            self._interaction.error(self, title, str(error))
            return False
        self.corners.setPlainText("\n".join(f"{lat:.6f}, {lon:.6f}" for lat, lon in self.assessment.boundary))
        if self.view is not None:
            from safeguarding.maps.web_page import script_json

            self.view.run(f"window.LAT && LAT.setBoundary({script_json([list(p) for p in points])})")
        self.records_changed.emit()
        self._update_buttons()
        return True

    def finish_boundary(self) -> None:
        """Save the corners clicked in "Draw the boundary" mode as the boundary."""
        if self.assessment is None or not self._save_boundary(list(self.draft), "Boundary not saved"):
            return
        self.pin_mode.setChecked(True)

    def clear_boundary(self) -> None:
        """Remove the boundary (after confirmation)."""
        if self.assessment is None:
            return
        if not self._interaction.confirm(self, "Clear boundary", "Remove the boundary from the map?", yes="Remove"):
            return
        self.draft = []
        self._push_draft()
        self._save_boundary([], "Boundary not cleared")

    def set_boundary_from_corners(self) -> None:
        """Save the corners typed in "Boundary by coordinates"."""
        if self.assessment is None:
            return
        try:
            corners = parse_corners(self.corners.toPlainText())
        except ValidationError as error:
            self._interaction.error(self, "Boundary not saved", str(error))
            return
        self._save_boundary(corners, "Boundary not saved")
