"""The Map page's list of pins and the pin form: listed, selected in step with the map, and shown.

A part of :class:`~ui.editor.map_page.MapPage` (its methods, moved out whole). Selecting a
pin in the list selects it on the map (and the other way round); a pin being edited is
settled (saved, discarded or kept) before another is shown. Adding, saving, moving and
deleting pins are in :mod:`ui.editor.map_pins`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QListWidgetItem, QWidget

from safeguarding.model import CARRIED_PIN_MARK, MapPin, Side
from safeguarding.timeutil import utc_to_local
from ui.widgets.pin_icon import pin_icon

if TYPE_CHECKING:
    from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget, QPlainTextEdit

    from safeguarding.maps.categories import PinCategories
    from safeguarding.model import Assessment
    from ui.editing.record_form import RecordEditing


class MapPinList(QWidget):
    """The pins listed beside the map, the selection, and the pin form filled (a part of the Map page)."""

    if TYPE_CHECKING:  # members of the page, which these methods use
        assessment: Assessment | None
        edits: RecordEditing[MapPin]
        categories: PinCategories
        pin_list: QListWidget
        status: QLabel
        category: QComboBox
        label: QLineEdit
        notes: QPlainTextEdit
        side: QComboBox
        visit: QComboBox
        latitude: QLineEdit
        longitude: QLineEdit
        accuracy: QLineEdit

        def _sync_map_selection(self) -> None: ...
        def _update_buttons(self) -> None: ...
        def clear_form(self) -> None: ...

    def _refresh_visits(self) -> None:
        current = self.visit.currentData()
        self.visit.blockSignals(True)
        self.visit.clear()
        self.visit.addItem("(none)", None)
        items: list[QStandardItem] = []
        for observation in self.assessment.observations if self.assessment else []:
            start = utc_to_local(observation.start)
            item = QStandardItem(f"{start:%a %d %b %Y %H:%M}")  # as addItem makes it
            item.setData(observation.id, Qt.ItemDataRole.UserRole)
            items.append(item)
        model = self.visit.model()
        assert isinstance(model, QStandardItemModel)  # the combo box's own
        model.invisibleRootItem().appendRows(items)  # the visits added at once (issue 14: 400 were 400 insertions)
        index = self.visit.findData(current)
        self.visit.setCurrentIndex(max(0, index))
        self.visit.blockSignals(False)

    def _refresh_list(self, select: str | None = None) -> None:
        select = select or self.selected_pin_id()
        self.pin_list.blockSignals(True)
        self.pin_list.clear()
        for number, pin in enumerate(self.assessment.pins if self.assessment else [], start=1):
            item = QListWidgetItem()
            self._describe_item(item, number, pin)
            self.pin_list.addItem(item)
            if pin.id == select:
                self.pin_list.setCurrentItem(item)
        self.pin_list.blockSignals(False)
        self._show_pin(self._pin(self.selected_pin_id()))

    def _describe_item(self, item: QListWidgetItem, number: int, pin: MapPin) -> None:
        """Show pin ``number`` (1..) in the list's ``item``: its number, label, category's icon and side."""
        category = self.categories.get(pin.category)
        text = f"{number}. {pin.label or category.label}"
        tip = f"{category.label} · {Side(pin.side).label}"
        if pin.is_carried:
            text += f" {CARRIED_PIN_MARK}"
            tip += "\nCarried forward from the earlier assessment: check it still holds before relying on it."
        item.setIcon(pin_icon(category))
        item.setText(text)
        item.setData(Qt.ItemDataRole.UserRole, pin.id)
        item.setToolTip(tip)

    def _put_list_item(self, row: int, pin: MapPin) -> None:
        """Show ``pin`` in the list's row ``row`` (0..; one past the end adds it), leaving the other rows."""
        if row < self.pin_list.count():
            self._describe_item(self.pin_list.item(row), row + 1, pin)
            return
        item = QListWidgetItem()
        self._describe_item(item, row + 1, pin)
        self.pin_list.addItem(item)

    def selected_pin_id(self) -> str | None:
        """The id of the pin selected in the list, or ``None``."""
        item = self.pin_list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _pin(self, pin_id: str | None) -> MapPin | None:
        if self.assessment is None or pin_id is None:
            return None
        return next((pin for pin in self.assessment.pins if pin.id == pin_id), None)

    def propose_pin(self, latitude: float, longitude: float, accuracy_m: float | None) -> None:
        """Type a proposed pin's position (from a photo) into the pin form, for the user to choose its category.

        Nothing is saved until "Add pin at these coordinates" is pressed; a pin being
        edited is settled first (saved, discarded or kept: then nothing is typed in).
        """
        if not self.edits.ask_before_switching("Pin not saved", "Your changes to the pin have not been saved."):
            return
        self.clear_form()
        self.latitude.setText(f"{latitude:.6f}")
        self.longitude.setText(f"{longitude:.6f}")
        self.accuracy.setText("" if accuracy_m is None else f"{accuracy_m:.0f}")
        self.status.setText(
            "The photo's position is typed in beside the map. Choose the pin's category, then press "
            "'Add pin at these coordinates'."
        )
        self.category.setFocus(Qt.FocusReason.OtherFocusReason)

    def select_pin(self, pin_id: str) -> None:
        """Select a pin in the list and on the map."""
        for row in range(self.pin_list.count()):
            if self.pin_list.item(row).data(Qt.ItemDataRole.UserRole) == pin_id:
                self.pin_list.setCurrentRow(row)
                return

    def _on_list_selection(self, *_: object) -> None:
        editing = self.edits.editing
        chosen = self.selected_pin_id()
        if (
            editing is not None
            and chosen != editing.id
            and not self.edits.ask_before_switching("Pin not saved", "Your changes to the pin have not been saved.")
        ):
            self._select_quietly(editing.id)
            return
        self._show_pin(self._pin(chosen))
        self._sync_map_selection()

    def _select_quietly(self, pin_id: str | None) -> None:
        """Select ``pin_id`` in the list (None: no pin) without showing it again."""
        pins = self.assessment.pins if self.assessment is not None else []
        row = next((number for number, pin in enumerate(pins) if pin.id == pin_id), -1)  # the list's order
        self.pin_list.blockSignals(True)
        self.pin_list.setCurrentRow(row)
        self.pin_list.blockSignals(False)

    def _show_pin(self, pin: MapPin | None) -> None:
        with self.edits.filling():  # filling it is no edit
            if pin is not None:
                self.fill(pin)
                self.edits.shown(pin)
            else:
                self.edits.cleared()
        self._update_buttons()

    def fill(self, pin: MapPin) -> None:
        """Show ``pin``'s values in the pin form."""
        index = self.category.findData(pin.category)
        self.category.blockSignals(True)
        self.category.setCurrentIndex(max(0, index))
        self.category.blockSignals(False)
        self.label.setText(pin.label)
        self.notes.setPlainText(pin.notes)
        self.side.setCurrentIndex(max(0, self.side.findData(Side(pin.side).value)))
        self.visit.setCurrentIndex(max(0, self.visit.findData(pin.observation_id)))
        self.latitude.setText(f"{pin.latitude:.6f}")
        self.longitude.setText(f"{pin.longitude:.6f}")
        self.accuracy.setText("" if pin.accuracy_m is None else f"{pin.accuracy_m:g}")

    def _on_category(self) -> None:
        category = self.categories.get(str(self.category.currentData()))
        self.side.setCurrentIndex(max(0, self.side.findData(category.side.value)))
