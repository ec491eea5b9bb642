"""The Map page's pins: added by clicking or typing coordinates, edited, moved and deleted.

A part of :class:`~ui.editor.map_page.MapPage` (its methods, moved out whole). The
selected pin's form is a one-record form (:class:`~ui.editing.record_form.RecordEditing`):
its edits are a draft until saved, and a save never overwrites another window's change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from safeguarding.drafts import excerpt
from safeguarding.errors import SafeguardingError, ValidationError
from safeguarding.maps.geo import check_point
from safeguarding.maps.position_checks import position_warnings
from safeguarding.model import MapPin, Side
from safeguarding.store import EditConflictError
from ui.editor.map_boundary import MODE_BOUNDARY, MODE_SAFETY

PIN = "pin"
"""The kind of draft of a pin being edited."""
PIN_FIELDS = {
    "latitude": "Latitude",
    "longitude": "Longitude",
    "accuracy_m": "Accuracy (metres)",
    "category": "Category",
    "label": "Label",
    "notes": "Notes",
    "side": "Side of the triangle",
    "observation_id": "Visit",
}
"""A pin's fields in words (as an edit conflict names them)."""

if TYPE_CHECKING:
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

    from safeguarding.maps.categories import PinCategories
    from safeguarding.maps.mapfiles import MapFile
    from safeguarding.model import Assessment, Location
    from safeguarding.store import Store
    from ui.editing.record_form import RecordEditing
    from ui.editor.safety_marker import SafetyMarker
    from ui.interaction import Interaction
    from ui.map_view import MapView


class MapPinEditing(QWidget):
    """Adding, editing, moving and deleting pins (a part of the Map page)."""

    if TYPE_CHECKING:  # members of the page, which these methods use
        _store: Store
        _interaction: Interaction
        assessment: Assessment | None
        location: Location | None
        edits: RecordEditing[MapPin]
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
        record_saved: Signal

        def _pin(self, pin_id: str | None) -> MapPin | None: ...
        def selected_pin_id(self) -> str | None: ...
        def _refresh_list(self, select: str | None = None) -> None: ...
        def _put_list_item(self, row: int, pin: MapPin) -> None: ...
        def _sync_map_selection(self) -> None: ...
        def _update_buttons(self) -> None: ...
        def _push_draft(self) -> None: ...
        def _show_pin(self, pin: MapPin | None) -> None: ...
        def _select_quietly(self, pin_id: str | None) -> None: ...
        def fill(self, pin: MapPin) -> None: ...
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

    def _save(self, pin: MapPin, title: str, base: MapPin | None = None) -> MapPin | None:
        assert self.assessment is not None
        try:
            check_point(pin.latitude, pin.longitude)
            self._check_on_map(pin.latitude, pin.longitude)
            if not self.confirm_position(pin.latitude, pin.longitude, pin.accuracy_m):
                return None
            saved = self._store.maps.save_pin(self.assessment.id, pin, base=base)
        except EditConflictError as error:
            who = error.conflicts[0].their_author or "Someone else"
            self._interaction.error(
                self, title, f"{who} changed this pin in another window meanwhile: the map shows it as they saved it."
            )
            self._after_pins_changed(pin.id)
            return None
        except SafeguardingError as error:
            self._interaction.error(self, title, str(error))
            return None
        self._after_pin_saved(saved)
        return saved

    def _after_pin_saved(self, saved: MapPin) -> None:
        """One pin saved: its row in the list and its marker change, nothing else is read again or redrawn."""
        assert self.assessment is not None
        pins = self.assessment.pins
        row = next((number for number, pin in enumerate(pins) if pin.id == saved.id), None)
        if row is None:
            pins.append(saved)
            row = len(pins) - 1
        else:
            pins[row] = saved
        self._put_list_item(row, saved)
        self._select_quietly(saved.id)
        self._show_pin(saved)
        if self.view is not None:
            from safeguarding.maps.web_page import pin_payload, script_json

            (payload,) = pin_payload([saved], self.categories, first=row + 1)
            self.view.run(f"window.LAT && LAT.putPin({script_json(payload)})")
            self._sync_map_selection()
        self.record_saved.emit(saved)

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

    def new_pin(
        self, latitude: float, longitude: float, accuracy_m: float | None = None, *, typed_here: bool = False
    ) -> MapPin | None:
        """Add a pin of the chosen category at a point; return it, or ``None`` if refused (with a message)."""
        if self.assessment is None:
            return None
        typed = frozenset({"latitude", "longitude", "accuracy"}) if typed_here else frozenset()
        if not self.edits.ask_before_switching("Pin not saved", "Your changes to the pin have not been saved.", typed):
            return None  # the new pin would be selected in place of the one being edited
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
        self.new_pin(latitude, longitude, accuracy, typed_here=True)

    def save_selected(self) -> bool:
        """Save the edits to the selected pin; True if saved (or nothing to save)."""
        if self.edits.editing is None:
            return True
        try:
            check_point(self.latitude.text(), self.longitude.text())
            self._typed_accuracy()
        except ValidationError as error:
            return self.edits.fail(str(error))
        return self.edits.save()

    def record_from_form(self, record_id: str) -> MapPin:
        """The pin as the form holds it, with id ``record_id`` (coordinates checked).

        Raises:
            ValidationError: the coordinates typed are not a point on Earth.
        """
        latitude, longitude = check_point(self.latitude.text(), self.longitude.text())
        shown = self.edits.editing
        return MapPin(
            latitude,
            longitude,
            str(self.category.currentData()),
            self.label.text().strip(),
            self.notes.toPlainText().strip(),
            Side(self.side.currentData()),
            self.visit.currentData(),
            id=record_id,
            created_at=shown.created_at if shown else None,
            accuracy_m=self._typed_accuracy(),
        )

    def form_state(self) -> dict[str, Any]:
        """What the pin form holds, as JSON values (a draft's payload)."""
        return {
            "category": str(self.category.currentData()),
            "label": self.label.text(),
            "notes": self.notes.toPlainText(),
            "side": str(self.side.currentData()),
            "visit": self.visit.currentData(),
            "latitude": self.latitude.text(),
            "longitude": self.longitude.text(),
            "accuracy": self.accuracy.text(),
        }

    def set_form_state(self, state: dict[str, Any]) -> None:
        """Show a draft's payload in the pin form."""
        self.category.blockSignals(True)
        self.category.setCurrentIndex(max(0, self.category.findData(state.get("category"))))
        self.category.blockSignals(False)
        self.label.setText(str(state.get("label", "")))
        self.notes.setPlainText(str(state.get("notes", "")))
        self.side.setCurrentIndex(max(0, self.side.findData(state.get("side"))))
        self.visit.setCurrentIndex(max(0, self.visit.findData(state.get("visit"))))
        self.latitude.setText(str(state.get("latitude", "")))
        self.longitude.setText(str(state.get("longitude", "")))
        self.accuracy.setText(str(state.get("accuracy", "")))

    # -- what RecordEditing uses ----------------------------------------------------

    def save_form(self) -> bool:
        """Check and save the selected pin."""
        return self.save_selected()

    def stored_record(self, record_id: str) -> MapPin:
        """The pin as stored now."""
        return self._store.maps.get_pin(record_id)

    def save_record(self, record: MapPin, base: dict[str, Any] | None) -> MapPin:
        """Save the pin against ``base`` (refused beyond the offline map's edge; a far or rough position asks).

        Raises:
            ValidationError: the user chose to go back and check a moved position.
        """
        assert self.assessment is not None
        self._check_on_map(record.latitude, record.longitude)
        shown = self.edits.editing
        where = (record.latitude, record.longitude, record.accuracy_m)
        moved = shown is None or where != (shown.latitude, shown.longitude, shown.accuracy_m)
        if moved and not self.confirm_position(*where):
            raise ValidationError("Not saved: check the position, or save it anyway.", "latitude")
        return self._store.maps.save_pin(self.assessment.id, record, base=base)

    def after_save(self, saved: MapPin) -> None:
        """Show the saved pin in the list and on the map."""
        self._after_pin_saved(saved)

    def say(self, text: str, problem: bool) -> None:
        """A pin that cannot be saved is explained in a message."""
        if problem:
            self._interaction.error(self, "Pin not saved", text)

    def show_record(self, record: MapPin) -> None:
        """Select and show a stored pin."""
        self._select_quietly(record.id)
        self._show_pin(record)

    def clear_form(self) -> None:
        """Select no pin."""
        self._select_quietly(None)
        self._show_pin(None)

    def draft_label(self) -> str:
        """The pin being edited in words."""
        shown = self.edits.editing
        name = f" ‘{shown.label}’" if shown is not None and shown.label else ""
        place = self.location.name if self.location is not None else "the location"
        return f"changes to the pin{name} on the map of {place}"

    def draft_excerpt(self) -> str:
        """The start of what was typed about the pin."""
        return excerpt(self.notes.toPlainText(), self.label.text())

    def pin_value_in_words(self, key: str, value: object) -> str:
        """A pin's stored value in words (its category and side by name)."""
        if value in (None, ""):
            return "(empty)"
        if key == "category":
            return self.categories.get(str(value)).label
        if key == "side":
            return Side(str(value)).label
        if key == "observation_id":
            return self.visit.itemText(max(0, self.visit.findData(value)))
        return str(value)

    def move_pin(self, pin_id: str, latitude: float, longitude: float) -> None:
        """Save a pin dragged to a new point (refused points snap back)."""
        pin = self._pin(pin_id)
        if pin is None:
            return
        moved = MapPin(**{**pin.__dict__, "latitude": latitude, "longitude": longitude, "accuracy_m": None})
        editing = self.edits.editing
        typed = self.form_state() if editing is not None and editing.id == pin_id and self.edits.unsaved() else None
        if self._save(moved, "Pin not moved", base=pin) is None:
            self._push_pins()
        elif typed is not None:  # the pin moved while its label or notes were being typed: keep the typing
            self.set_form_state({**typed, "latitude": self.latitude.text(), "longitude": self.longitude.text()})

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
