"""The dialog to create or edit a location.

It is opened with ``open()`` (window-modal, never a blocking ``exec()``), and
hands the entered :class:`Location` to a save function. If the save function
raises a :class:`SafeguardingError` the message is shown inside the dialog, the
offending field takes focus, and nothing the user typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from safeguarding.errors import SafeguardingError, ValidationError
from safeguarding.model import Location, new_id
from safeguarding.validation import NAME_LIMIT
from ui.theme import message_style
from ui.widgets.dates import DateField, show_date, stored_date

if TYPE_CHECKING:
    from ui.editing.dialog_form import DialogEditing

PLACE_TYPES = (
    "Park or open space",
    "High street or town centre",
    "Transport hub or route",
    "Shopping centre",
    "Housing estate",
    "Fast-food outlet or shop",
    "Leisure venue",
    "Other",
)


class LocationDialog(QDialog):
    """Create (``location=None``) or edit a location.

    Args:
        save: Called with the entered location; raises ``SafeguardingError`` to refuse it.
        location: The location to edit, or None for a new one.
    """

    def __init__(
        self, save: Callable[[Location], None], location: Location | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("locationDialog")
        self._save = save
        self._original = location
        self.new_id = new_id()
        self.editing: DialogEditing | None = None
        self.setWindowTitle("Edit location" if location else "New location")
        self.setMinimumWidth(520)
        self.message = QLabel(self)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name_edit = QLineEdit(self)
        self.address_edit = QLineEdit(self)
        self.ward_edit = QLineEdit(self)
        self.district_edit = QLineEdit(self)
        self.type_combo = QComboBox(self)
        self.type_combo.setEditable(True)
        self.type_combo.addItems(["", *PLACE_TYPES])
        self.latitude_edit = QLineEdit(self)
        self.latitude_edit.setPlaceholderText("e.g. 51.2776")
        self.longitude_edit = QLineEdit(self)
        self.longitude_edit.setPlaceholderText("e.g. 0.5196")
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(80)
        self.referral_date_edit = DateField("Referral date", self)
        self.source_edit = QLineEdit(self)
        rows = (
            (
                "&Name",
                self.name_edit,
                f"The everyday name of the place, e.g. 'Brenchley Gardens'. Required; up to {NAME_LIMIT} characters.",
            ),
            ("&Address", self.address_edit, "Street address or postcode."),
            ("&Ward", self.ward_edit, "The electoral ward, e.g. 'High Street'."),
            ("&District", self.district_edit, "The district or borough, e.g. 'Maidstone'."),
            ("&Type of place", self.type_combo, "What kind of place this is."),
            ("&Latitude", self.latitude_edit, "WGS84 decimal degrees, between -90 and 90 (north is positive)."),
            ("L&ongitude", self.longitude_edit, "WGS84 decimal degrees, between -180 and 180 (east is positive)."),
            ("&Reason for referral", self.reason_edit, "Why this place, now: incidents, intelligence, concern."),
            ("Referral dat&e", self.referral_date_edit, "The date the concern was referred."),
            ("Referral so&urce", self.source_edit, "Who referred it, e.g. 'Police', 'School', 'Residents'."),
        )
        for label, widget, help_text in rows:
            if isinstance(widget, DateField):
                widget.set_help(help_text)
                form.addRow(label, widget)
                continue
            widget.setAccessibleName(label.replace("&", ""))
            widget.setAccessibleDescription(help_text)
            widget.setToolTip(help_text)
            form.addRow(label, widget)
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(self.message.clear)
        layout.addLayout(form)
        self.name_edit.setPlaceholderText(f"e.g. Brenchley Gardens (up to {NAME_LIMIT} characters)")
        self.name_edit.textEdited.connect(self._say_name_length)
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet(message_style())
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if location is not None:
            self._show(location)

    def _show(self, location: Location) -> None:
        self.name_edit.setText(location.name)
        self.address_edit.setText(location.address)
        self.ward_edit.setText(location.ward)
        self.district_edit.setText(location.district)
        self.type_combo.setCurrentText(location.place_type)
        self.latitude_edit.setText("" if location.latitude is None else f"{location.latitude:.6f}".rstrip("0"))
        self.longitude_edit.setText("" if location.longitude is None else f"{location.longitude:.6f}".rstrip("0"))
        self.reason_edit.setPlainText(location.referral_reason)
        self.referral_date_edit.set_value(location.referral_date)
        self.source_edit.setText(location.referral_source)

    def values(self) -> dict[str, Any]:
        """The location as entered, as stored values (a coordinate that is not a number stays as typed)."""
        values: dict[str, Any] = {
            "name": self.name_edit.text().strip(),
            "address": self.address_edit.text().strip(),
            "ward": self.ward_edit.text().strip(),
            "district": self.district_edit.text().strip(),
            "place_type": self.type_combo.currentText().strip(),
            "referral_reason": self.reason_edit.toPlainText().strip(),
            "referral_date": stored_date(self.referral_date_edit),
            "referral_source": self.source_edit.text().strip(),
        }
        for field, edit in (("latitude", self.latitude_edit), ("longitude", self.longitude_edit)):
            text = edit.text().strip().replace(",", ".")
            try:
                values[field] = float(text) if text else None
            except ValueError:
                values[field] = edit.text()
        return values

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Show stored values (a draft, or the versions the user chose); keys it does not have are ignored."""
        for field, edit in (
            ("name", self.name_edit),
            ("address", self.address_edit),
            ("ward", self.ward_edit),
            ("district", self.district_edit),
            ("referral_source", self.source_edit),
        ):
            if field in values:
                edit.setText(str(values[field] or ""))
        if "place_type" in values:
            self.type_combo.setCurrentText(str(values["place_type"] or ""))
        for field, edit in (("latitude", self.latitude_edit), ("longitude", self.longitude_edit)):
            if field in values:
                value = values[field]
                edit.setText(
                    "" if value is None else f"{value:.6f}".rstrip("0") if isinstance(value, float) else str(value)
                )
        if "referral_reason" in values:
            self.reason_edit.setPlainText(str(values["referral_reason"] or ""))
        if "referral_date" in values:
            show_date(self.referral_date_edit, values["referral_date"])

    def _say_name_length(self, text: str) -> None:
        """As the name is typed: say when it is longer than a location's name may be (nothing is cut)."""
        length = len(text.strip())
        if length > NAME_LIMIT:
            self.message.setText(
                f"The name has {length:,} characters; a location's name can have up to {NAME_LIMIT}. "
                "Put further detail in the address or the reason for referral."
            )

    def _number(self, edit: QLineEdit, field: str, label: str, example: str) -> float | None:
        text = edit.text().strip().replace(",", ".")
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            raise ValidationError(f"{label} must be a number in decimal degrees, such as {example}.", field) from None

    def location(self) -> Location:
        """Return the location as entered (the same id when editing).

        Raises:
            ValidationError: if a coordinate is not a number.
        """
        referral = self.referral_date_edit.value()  # checked first, as the form reads
        location = Location(
            name=self.name_edit.text().strip(),
            address=self.address_edit.text().strip(),
            ward=self.ward_edit.text().strip(),
            district=self.district_edit.text().strip(),
            place_type=self.type_combo.currentText().strip(),
            latitude=self._number(self.latitude_edit, "latitude", "Latitude", "51.2776"),
            longitude=self._number(self.longitude_edit, "longitude", "Longitude", "0.5196"),
            referral_reason=self.reason_edit.toPlainText().strip(),
            referral_date=referral,
            referral_source=self.source_edit.text().strip(),
        )
        if self._original is None:
            return replace(location, id=self.new_id)
        original = self._original
        return replace(
            location,
            archived=original.archived,
            id=original.id,
            created_at=original.created_at,
            updated_at=original.updated_at,
        )

    def reject(self) -> None:
        """Cancel: if something typed is not saved, ask first (never discard silently)."""
        if self.editing is not None and not self.editing.may_discard():
            return
        super().reject()

    def try_save(self) -> None:
        """Save through the save function; close on success, else show why and stay open."""
        if self.editing is not None and self.editing.refuse_closed():
            return  # the database was closed under the dialog: nothing is written, the typed text stays
        try:
            self._save(self.location())
        except ValidationError as error:
            self.message.setText(str(error))
            widget = {
                "name": self.name_edit,
                "latitude": self.latitude_edit,
                "longitude": self.longitude_edit,
                "date": self.referral_date_edit.edit,
                "referral_date": self.referral_date_edit.edit,
            }.get(error.field)
            if widget is not None:
                widget.setFocus()
            return
        except SafeguardingError as error:
            self.message.setText(str(error))
            return
        self.accept()
