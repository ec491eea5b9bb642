"""The Map page's boundary of the place: drawn on the map or typed as corners.

A part of :class:`~ui.editor.map_page.MapPage` (its methods, moved out whole). Corners
typed or clicked and not yet saved are a draft; the boundary is saved against the one
shown, so a boundary another window saved meanwhile is never overwritten without asking.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from safeguarding.drafts import Draft
from safeguarding.errors import SafeguardingError, ValidationError
from safeguarding.maps.geo import check_point
from safeguarding.store import EditConflictError
from ui.editing.conflicts import resolve

MODE_PINS = "pin"
MODE_BOUNDARY = "boundary"
MODE_SAFETY = "safety"
"""The Map page's three modes: adding pins, drawing the boundary, or adding safety-mapping marks."""
"""The Map page's two modes: adding pins, or drawing the boundary."""
BOUNDARY = "boundary"
"""The kind of draft of a boundary being drawn or typed."""


def corners_text(points: list[tuple[float, float]]) -> str:
    """Boundary corners one per line, ``latitude, longitude`` (as typed in "Boundary by coordinates")."""
    return "\n".join(f"{lat:.6f}, {lon:.6f}" for lat, lon in points)


if TYPE_CHECKING:
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QLabel, QPlainTextEdit, QRadioButton

    from safeguarding.model import Assessment, Location
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
        location: Location | None
        boundary_base: list[tuple[float, float]]
        boundary_problem: str
        boundary_mode: QRadioButton
        _user: str
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
        self.boundary_problem = ""
        try:
            for lat, lon in points:
                self._check_on_map(lat, lon)
            stored = self._store.maps.set_boundary(self.assessment.id, points, base=self.boundary_base)
        except EditConflictError as error:
            return self._boundary_conflict(error, points, title)
        except SafeguardingError as error:
            self.boundary_problem = str(error)
            self._interaction.error(self, title, str(error))
            return False
        self.assessment.boundary = stored
        self.show_boundary(stored)
        self._redraw_boundary(points)
        self.records_changed.emit()
        self._update_buttons()
        return True

    def _boundary_conflict(self, error: EditConflictError, points: list[tuple[float, float]], title: str) -> bool:
        """Another window saved a boundary meanwhile: show both, keep the one the user chooses."""
        assert self.assessment is not None

        def in_words(_key: str, value: Any) -> str:
            corners = [tuple(point) for point in json.loads(value or "[]")]
            return corners_text(corners) if corners else "(no boundary)"

        resolution = resolve(
            self,
            self._interaction,
            error,
            label=lambda _key: "The boundary",
            shown=in_words,
            is_text=lambda _key: False,
            me=self._user,
        )
        if resolution is None:
            self.boundary_problem = f"{error} Save the boundary again to choose."
            return False
        theirs = self._store.maps.boundary(self.assessment.id)
        self.boundary_base = theirs  # the next save compares with the boundary as stored now
        if error.conflicts[0].column in resolution.theirs:
            self.assessment.boundary = theirs
            self.draft = []
            self._push_draft()
            self.show_boundary(theirs)
            self._redraw_boundary(theirs)
            self.records_changed.emit()
            return True
        return self._save_boundary(points, title)

    def show_boundary(self, points: list[tuple[float, float]]) -> None:
        """Show the stored boundary's corners; it is the base of the next boundary save."""
        self.boundary_base = list(points)
        self.boundary_problem = ""
        self.corners.setPlainText(corners_text(points))

    def _redraw_boundary(self, points: list[tuple[float, float]]) -> None:
        if self.view is not None:
            from safeguarding.maps.web_page import script_json

            self.view.run(f"window.LAT && LAT.setBoundary({script_json([list(p) for p in points])})")

    def boundary_drafts(self) -> list[Draft]:
        """Corners typed or clicked but not saved, as a draft."""
        assessment = self.assessment
        typed = self.corners.toPlainText()
        if assessment is None or (not self.draft and typed.strip() == corners_text(self.boundary_base).strip()):
            return []
        place = self.location.name if self.location is not None else "the location"
        return [
            Draft(
                key=f"{BOUNDARY}:{assessment.id}",
                kind=BOUNDARY,
                record_id=assessment.id,
                assessment_id=assessment.id,
                label=f"the boundary of {place} on the map",
                payload={"corners": typed, "clicked": [list(point) for point in self.draft]},
                base={"points": [list(point) for point in self.boundary_base]},
            )
        ]

    def save_boundary_edits(self) -> str | None:
        """Save the boundary clicked (three corners or more) or typed; None if saved, else why not."""
        if not self.boundary_drafts():
            return None
        if len(self.draft) >= 3:
            saved = self._save_boundary(list(self.draft), "Boundary not saved")
            if saved:
                self.draft = []
                self._push_draft()
        else:
            try:
                corners = parse_corners(self.corners.toPlainText())
            except ValidationError as error:
                return str(error)
            saved = self._save_boundary(corners, "Boundary not saved")
        return None if saved else (self.boundary_problem or "the boundary could not be saved")

    def discard_boundary_edits(self) -> None:
        """Show the boundary as saved again."""
        self.draft = []
        self._push_draft()
        self.show_boundary(self.boundary_base)
        self._update_buttons()

    def restore_boundary(self, draft: Draft) -> bool:
        """Show a boundary draft (typed corners, clicked corners), unsaved, against the boundary it was drawn on."""
        self.corners.setPlainText(str(draft.payload.get("corners", "")))
        self.draft = [(float(lat), float(lon)) for lat, lon in draft.payload.get("clicked", [])]
        if self.draft:
            self.boundary_mode.setChecked(True)
            self._push_draft()
        self.boundary_base = [(float(lat), float(lon)) for lat, lon in (draft.base or {}).get("points", [])]
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
