"""The Photos page's selected photo: shown with its proposed map pin, its caption, visit and side saved.

A part of :class:`~ui.editor.photos_page.PhotosPage` (its methods, moved out whole). A
caption being typed is kept as a draft; a caption, visit or side is saved against the
photo as shown, so another window's change is never overwritten without a choice.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QWidget

from safeguarding.drafts import Draft, excerpt
from safeguarding.errors import SafeguardingError
from safeguarding.evidence.photos import describe_distance, gps_warning
from safeguarding.maps.position_checks import LOW_ACCURACY_M
from safeguarding.model import Photo, Side
from safeguarding.store import EditConflictError, editable_values
from safeguarding.timeutil import utc_to_local
from safeguarding.words import size_in_words
from ui.editing.conflicts import resolve
from ui.editing.editable import focus_in_view, reveal_page
from ui.widgets.plain import plain_tip

if TYPE_CHECKING:
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QLineEdit, QListWidget, QPushButton

    from safeguarding.model import Location
    from safeguarding.store import Store
    from ui.interaction import Interaction

PROPOSED_WITHIN_M = 1000
"""A photo taken further than this (metres) from the location's point proposes no pin (the camera was elsewhere)."""


def photo_title(photo: Photo) -> str:
    """``"Photo 3: Unlit path"`` (or just ``"Photo 3"`` without a caption)."""
    return f"Photo {photo.number}: {photo.caption}" if photo.caption else f"Photo {photo.number}"


def pixmap_of(jpeg: bytes) -> QPixmap:
    """A QPixmap of JPEG bytes (an empty pixmap if they cannot be read)."""
    pixmap = QPixmap()
    pixmap.loadFromData(jpeg, "JPEG")
    return pixmap


def proposes_pin(photo: Photo) -> bool:
    """True if ``photo`` has a GPS position near enough to the location to propose a map pin."""
    if photo.gps_lat is None or photo.gps_lon is None:
        return False
    return photo.distance_m is None or photo.distance_m <= PROPOSED_WITHIN_M


class PhotoDetails(QWidget):
    """The selected photo's details: shown, saved and kept as a draft (a part of the Photos page)."""

    if TYPE_CHECKING:  # members of the page, which these methods use
        _store: Store
        _interaction: Interaction
        _user: str
        _assessment_id: str
        _location: Location | None
        _photos: list[Photo]
        _current: Photo | None
        message: QLabel
        detail_box: QGroupBox
        preview: QLabel
        caption_edit: QLineEdit
        visit_combo: QComboBox
        side_combo: QComboBox
        info: QLabel
        gps: QLabel
        gps_warning: QLabel
        accept_pin_button: QPushButton
        export_button: QPushButton
        remove_button: QPushButton
        records_changed: Signal
        pin_proposed: Signal

    def _show(self, photo: Photo | None) -> None:
        self._current = photo
        enabled = photo is not None
        for widget in (self.caption_edit, self.visit_combo, self.side_combo, self.export_button, self.remove_button):
            widget.setEnabled(enabled)
        if photo is None:
            self.detail_box.setTitle("Photo")
            self.preview.setPixmap(QPixmap())
            self.preview.setText("No photo selected.")
            self.caption_edit.clear()
            self.info.clear()
            self.gps.clear()
            self.gps_warning.clear()
            self.accept_pin_button.setEnabled(False)
            return
        self.detail_box.setTitle(f"Photo {photo.number}")
        pixmap = pixmap_of(photo.thumbnail)
        self.preview.setPixmap(
            pixmap.scaled(
                self.preview.minimumSize(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.caption_edit.setText(photo.caption)
        self.visit_combo.setCurrentIndex(max(self.visit_combo.findData(photo.observation_id or ""), 0))
        self.side_combo.setCurrentIndex(max(self.side_combo.findData(photo.side.value if photo.side else ""), 0))
        taken = f", taken {utc_to_local(photo.taken_at):%d/%m/%Y %H:%M}" if photo.taken_at else ""
        size = size_in_words(photo.byte_size)
        self.info.setText(
            f"{photo.original_name or 'photo'} ({photo.format}, {photo.width}×{photo.height}, {size}{taken})"
        )
        self.gps.setText(self.gps_text(photo))
        self.gps_warning.setText(gps_warning(photo.distance_m))
        self.accept_pin_button.setEnabled(proposes_pin(photo))

    def accept_proposed_pin(self) -> None:
        """Accept the selected photo's proposed pin: the editor opens the map with its position typed in."""
        photo = self._current
        if photo is not None and proposes_pin(photo):
            assert photo.gps_lat is not None and photo.gps_lon is not None
            self.pin_proposed.emit(photo.gps_lat, photo.gps_lon, photo.gps_accuracy_m)

    def gps_text(self, photo: Photo) -> str:
        """The proposed map pin in words."""
        if photo.gps_lat is None or photo.gps_lon is None:
            return "No GPS position in this photo, so no map pin is proposed."
        where = f"{photo.gps_lat:.5f}, {photo.gps_lon:.5f}"
        if photo.gps_accuracy_m is not None:
            where += f" (accurate to about {photo.gps_accuracy_m:.0f} m"
            where += ": less accurate than 50 m, check it)" if photo.gps_accuracy_m > LOW_ACCURACY_M else ")"
        if photo.distance_m is None:
            return f"Proposed pin at {where} (the location has no map point to compare with)."
        if photo.distance_m > PROPOSED_WITHIN_M:
            return f"Camera position {where}, {describe_distance(photo.distance_m)} from the location."
        return f"Proposed pin at {where}, {describe_distance(photo.distance_m)} from the location's point."

    # -- editing -----------------------------------------------------------------

    def save_details(self) -> None:
        """Save the selected photo's caption, visit and side (called when they change)."""
        photo = self._current
        if photo is None:
            return
        side_value = str(self.side_combo.currentData() or "")
        visit_id = str(self.visit_combo.currentData() or "") or None
        caption = self.caption_edit.text().strip()
        side = Side(side_value) if side_value else None
        if (caption, visit_id, side) == (photo.caption, photo.observation_id, photo.side):
            return
        edited = replace(photo, caption=caption, observation_id=visit_id, side=side)
        try:
            saved = self._store.photos.update(edited, base=editable_values(photo))
        except EditConflictError as error:
            self._choose(error, edited)
            return
        except SafeguardingError as error:
            self.message.setText(str(error))
            return
        item = self.list.item(saved.number - 1)
        if item is not None:
            item.setText(photo_title(saved))
            item.setToolTip(plain_tip(photo_title(saved)))
        self._photos[saved.number - 1] = saved
        self._current = saved
        self.message.setText(f"Photo {saved.number} saved.")
        self.records_changed.emit()

    def _choose(self, error: EditConflictError, edited: Photo) -> None:
        """Another window saved the same caption, visit or side: ask which to keep, then save that."""
        resolution = resolve(
            self,
            self._interaction,
            error,
            label=lambda key: f"Photo {edited.number}: {key.replace('observation_id', 'visit')}",
            is_text=lambda key: key == "caption",
            me=self._user,
        )
        if resolution is None:
            self.message.setText(f"Not saved yet: {error} Edit the caption again to choose.")
            return
        stored = self._store.photos.get(edited.id)
        chosen = {conflict.column: resolution.value(conflict) for conflict in error.conflicts}
        self._photos[stored.number - 1] = stored
        self._show(stored)
        if "caption" in chosen:
            self.caption_edit.setText(str(chosen["caption"] or ""))
        if "observation_id" in chosen:
            self.visit_combo.setCurrentIndex(max(self.visit_combo.findData(chosen["observation_id"] or ""), 0))
        if "side" in chosen:
            self.side_combo.setCurrentIndex(max(self.side_combo.findData(chosen["side"] or ""), 0))
        self.save_details()

    # -- drafts (a caption being typed, as an Editable) ----------------------------------

    def drafts(self) -> list[Draft]:
        """A caption typed but not saved, as a draft."""
        photo = self._current
        if photo is None or self.caption_edit.text().strip() == photo.caption:
            return []
        place = self._location.name if self._location is not None else "the location"
        return [
            Draft(
                key=f"photo:{photo.id}",
                kind="photo",
                record_id=photo.id,
                assessment_id=self._assessment_id,
                label=f"the caption of photo {photo.number} of {place}",
                payload={"caption": self.caption_edit.text()},
                base=editable_values(photo),
                excerpt=excerpt(self.caption_edit.text()),
            )
        ]

    def save_unsaved(self) -> str | None:
        """Save the caption typed; None if saved, else why not."""
        self.save_details()
        return None if not self.drafts() else (self.message.text() or "the caption could not be saved")

    def discard_unsaved(self) -> None:
        """Show the saved caption again."""
        self._show(self._current)

    def restore_draft(self, draft: Draft) -> bool:
        """Show a caption draft on its photo, unsaved."""
        row = next((i for i, photo in enumerate(self._photos) if photo.id == draft.record_id), None)
        if draft.kind != "photo" or row is None:
            return False
        self.list.setCurrentRow(row)
        self.caption_edit.setText(str(draft.payload.get("caption", "")))
        return True

    def reveal(self) -> None:
        """Show this page with the caption focused."""
        reveal_page(self)
        focus_in_view(self.caption_edit)

    if TYPE_CHECKING:  # declared after the methods: named before them, it would hide the built-in list[...]
        list: QListWidget  # the page's photo list
