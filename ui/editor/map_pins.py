"""The Map page's pins: added by clicking or typing coordinates, edited, moved and deleted.

A part of :class:`~ui.editor.map_page.MapPage` (its methods, moved out whole).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from safeguarding.errors import SafeguardingError, ValidationError
from safeguarding.maps.geo import check_point
from safeguarding.maps.position_checks import position_warnings
from safeguarding.model import MapPin, Side
from ui.editor.map_boundary import MODE_BOUNDARY, MODE_SAFETY

if TYPE_CHECKING:
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

    from safeguarding.maps.categories import PinCategories
    from safeguarding.maps.mapfiles import MapFile
    from safeguarding.model import Assessment
    from safeguarding.store import Store
    from ui.editor.safety_marker import SafetyMarker
    from ui.interaction import Interaction
    from ui.map_view import MapView


class MapPinEditing(QWidget):
    """Adding, editing, moving and deleting pins (a part of the Map page)."""

    if TYPE_CHECKING:  # members of the page, which these methods use
        _store: Store
        _interaction: Interaction
        assessment: Assessment | None
        categories: PinCategories
        tiles: MapFile | None
        view: MapView | None
        mode: str
        draft: list[tuple[float, float]]
        category: QComboBox
        label: QLineEdit
        notes: QPlainTextEdit
        side: QComboBox
        visit: QComboBox
        latitude: QLineEdit
        longitude: QLineEdit
        accuracy: QLineEdit
        safety: SafetyMarker
        records_changed: Signal

        def _pin(self, pin_id: str | None) -> MapPin | None: ...
        def selected_pin_id(self) -> str | None: ...
        def _refresh_list(self, select: str | None = None) -> None: ...
        def _sync_map_selection(self) -> None: ...
        def _update_buttons(self) -> None: ...
        def _push_draft(self) -> None: ...
        def _point_of_place(self) -> tuple[float, float] | None: ...

    # -- pins --------------------------------------------------------------------------

    def _check_on_map(self, latitude: float, longitude: float) -> None:
        if self.tiles is not None and not self.tiles.covers(latitude, longitude):
            b = self.tiles.info.bounds
            raise ValidationError(
                f"That point ({latitude:.5f}, {longitude:.5f}) is outside the offline map, which covers "
                f"latitude {b.south:.4f} to {b.north:.4f} and longitude {b.west:.4f} to {b.east:.4f}.",
                "latitude",
            )

    def confirm_position(self, latitude: float, longitude: float, accuracy_m: float | None = None) -> bool:
        """Ask before saving a position less accurate than 50 m or more than 2 km from the location."""
        warnings = position_warnings(latitude, longitude, accuracy_m, self._point_of_place())
        if not warnings:
            return True
        text = "\n\n".join([*warnings, "Save it anyway?"])
        return self._interaction.confirm(self, "Check the position", text, yes="Save anyway", no="Go back")

    def _typed_accuracy(self) -> float | None:
        text = self.accuracy.text().strip().removesuffix("m").strip()
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            raise ValidationError(f"The accuracy '{text}' is not a number of metres.", "accuracy") from None
        if not 0 <= value < 1e6:
            raise ValidationError("The accuracy must be a number of metres, 0 or more.", "accuracy")
        return value

    def _save(self, pin: MapPin, title: str) -> MapPin | None:
        assert self.assessment is not None
        try:
            check_point(pin.latitude, pin.longitude)
            self._check_on_map(pin.latitude, pin.longitude)
            if not self.confirm_position(pin.latitude, pin.longitude, pin.accuracy_m):
                return None
            saved = self._store.maps.save_pin(self.assessment.id, pin)
        except SafeguardingError as error:
            self._interaction.error(self, title, str(error))
            return None
        self._after_pins_changed(saved.id)
        return saved

    def _after_pins_changed(self, select: str | None = None) -> None:
        assert self.assessment is not None
        self.assessment.pins = self._store.maps.pins(self.assessment.id)
        self._refresh_list(select)
        self._push_pins()
        self.records_changed.emit()

    def _push_pins(self) -> None:
        if self.view is not None and self.assessment is not None:
            from safeguarding.maps.web_page import pin_payload, script_json

            payload = script_json(pin_payload(self.assessment.pins, self.categories))
            self.view.run(f"window.LAT && LAT.setPins({payload})")
            self._sync_map_selection()

    def new_pin(self, latitude: float, longitude: float, accuracy_m: float | None = None) -> MapPin | None:
        """Add a pin of the chosen category at a point; return it, or ``None`` if refused (with a message)."""
        if self.assessment is None:
            return None
        category = self.categories.get(str(self.category.currentData()))
        pin = MapPin(latitude, longitude, category.id, side=category.side, accuracy_m=accuracy_m)
        saved = self._save(pin, "Pin not added")
        if saved is not None:
            self.label.setFocus()
        return saved

    def on_map_clicked(self, latitude: float, longitude: float) -> None:
        """A click on the map: add a pin, a boundary corner when drawing the boundary, or a safety-mapping mark."""
        if self.mode == MODE_BOUNDARY:
            self.draft.append((latitude, longitude))
            self._push_draft()
            self._update_buttons()
        elif self.mode == MODE_SAFETY:
            self.safety.clicked(latitude, longitude, self.confirm_position)
        else:
            self.new_pin(latitude, longitude)

    def add_at_typed_coordinates(self) -> None:
        """Add a pin at the latitude and longitude typed beside the map."""
        try:
            latitude, longitude = check_point(self.latitude.text(), self.longitude.text())
            accuracy = self._typed_accuracy()
        except ValidationError as error:
            self._interaction.error(self, "Pin not added", str(error))
            return
        self.new_pin(latitude, longitude, accuracy)

    def save_selected(self) -> None:
        """Save the edits to the selected pin."""
        pin = self._pin(self.selected_pin_id())
        if pin is None:
            return
        try:
            latitude, longitude = check_point(self.latitude.text(), self.longitude.text())
            accuracy = self._typed_accuracy()
        except ValidationError as error:
            self._interaction.error(self, "Pin not saved", str(error))
            return
        edited = MapPin(
            latitude,
            longitude,
            str(self.category.currentData()),
            self.label.text().strip(),
            self.notes.toPlainText().strip(),
            Side(self.side.currentData()),
            self.visit.currentData(),
            id=pin.id,
            created_at=pin.created_at,
            accuracy_m=accuracy,
        )
        self._save(edited, "Pin not saved")

    def move_pin(self, pin_id: str, latitude: float, longitude: float) -> None:
        """Save a pin dragged to a new point (refused points snap back)."""
        pin = self._pin(pin_id)
        if pin is None:
            return
        moved = MapPin(**{**pin.__dict__, "latitude": latitude, "longitude": longitude, "accuracy_m": None})
        if self._save(moved, "Pin not moved") is None:
            self._push_pins()

    def delete_selected(self) -> None:
        """Delete the selected pin after confirmation."""
        pin = self._pin(self.selected_pin_id())
        if pin is None:
            return
        name = pin.label or self.categories.get(pin.category).label
        if not self._interaction.confirm(self, "Delete pin", f"Delete the pin '{name}'?", yes="Delete", no="Keep"):
            return
        try:
            self._store.maps.delete_pin(pin.id)
        except SafeguardingError as error:
            self._interaction.error(self, "Pin not deleted", str(error))
            return
        self._after_pins_changed()
