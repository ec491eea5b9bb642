"""The Photos page: add photos by file picker or drag and drop, caption and link them.

Photos are checked off the GUI thread (a progress dialog with Cancel appears if
it takes more than half a second), then stored (original bytes kept, once per
content hash); a photo that cannot be added (damaged, empty, not a picture, too
large, already added) is named in a plain message and the others are still added.
Pictures are shown upright. A photo's GPS position is shown as a proposed map
pin, with a warning when it is more than 1 km from the location. "Export a
copy" writes an upright JPEG with no EXIF, GPS or camera details. A caption being
typed is kept as a draft; a caption, visit or side is saved against the photo as
shown, so another window's change is never overwritten without a choice.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from safeguarding.errors import SafeguardingError
from safeguarding.evidence.photos import PhotoError, clean_copy
from safeguarding.file_names import safe_file_stem
from safeguarding.forms import FormDefinition, Section
from safeguarding.model import Assessment, Location, Observation, Photo, Side
from safeguarding.private_files import write_private_atomically
from safeguarding.store import Store
from safeguarding.timeutil import utc_to_local
from ui.editing.keeper import DraftKeeper
from ui.editor.photo_details import PhotoDetails, photo_title, pixmap_of
from ui.editor.photo_import import PhotoImport
from ui.interaction import Interaction
from ui.theme import message_style
from ui.widgets.columns import FITS_WINDOW, VerticalScroll
from ui.widgets.plain import plain_tip

if TYPE_CHECKING:
    from ui.tasks import Task

THUMB = 150
"""Size of the thumbnails in the list, in pixels."""


def visit_label(visit: Observation) -> str:
    """A visit as people say it: ``"Fri 09/10/2026 15:30"``."""
    return f"{utc_to_local(visit.start):%a %d/%m/%Y %H:%M}"


class PhotosPage(PhotoDetails, PhotoImport):
    """Photos of one assessment. Emits ``records_changed`` after an add, edit or removal."""

    records_changed = Signal()
    pin_proposed = Signal(float, float, object)
    """The user accepted a photo's proposed pin: latitude, longitude (WGS84 degrees), accuracy in metres or None."""
    import_finished = Signal(list)
    """Emitted after an import (picker or drop) with the photos added: ``list[Photo]``, empty if none."""

    def __init__(
        self,
        section: Section,
        form: FormDefinition,
        store: Store,
        interaction: Interaction,
        parent: QWidget | None = None,
        *,
        drafts: DraftKeeper | None = None,
        user: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"page_{section.id}")
        self.setAcceptDrops(True)
        self._user = user
        self._form = form
        self._store = store
        self._interaction = interaction
        self._assessment_id = ""
        self._location: Location | None = None
        self._photos: list[Photo] = []
        self._visits: list[Observation] = []
        self._current: Photo | None = None
        self._import_task: Task | None = None

        layout = QVBoxLayout(self)
        title = QLabel(section.title, self)
        title.setObjectName("pageTitle")
        intro = QLabel(section.help, self)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(title)
        layout.addWidget(intro)

        actions = QHBoxLayout()
        self.add_button = QPushButton("&Add photos…", self)
        self.add_button.setToolTip("Choose JPEG, PNG or iPhone HEIC photos, or drag them onto this page.")
        self.export_button = QPushButton("&Export a copy…", self)
        self.export_button.setToolTip("Save an upright copy with no location or camera details.")
        self.remove_button = QPushButton("&Remove photo", self)
        actions.addWidget(self.add_button)
        actions.addWidget(self.export_button)
        actions.addStretch(1)
        actions.addWidget(self.remove_button)
        layout.addLayout(actions)
        self.message = QLabel(self)
        self.message.setObjectName("photoMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Two lines high whatever it says (longer text scrolls): a message that changed the
        # page's height moved every control under it, so a click landed on the wrong one.
        message_box = VerticalScroll(self.message, self)
        message_box.setFixedHeight(2 * self.message.fontMetrics().lineSpacing() + 6)
        layout.addWidget(message_box)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        layout.addWidget(splitter, 1)
        self.list = QListWidget(splitter)
        self.list.setObjectName("photoList")
        self.list.setAccessibleName("Photos")
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 30, THUMB + 44))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAcceptDrops(False)
        self.list.setMinimumWidth(THUMB * 2 + 80)
        self.empty_hint = "No photos yet. Choose 'Add photos…' or drag photos onto this page."

        detail = QGroupBox("Photo", self)
        self.detail_box = detail
        form_layout = QFormLayout(detail)
        self.preview = QLabel(detail)
        self.preview.setObjectName("photoPreview")
        self.preview.setMinimumSize(320, 240)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setAccessibleName("Photo preview")
        self.caption_edit = QLineEdit(detail)
        self.caption_edit.setAccessibleName("Caption")
        self.caption_edit.setPlaceholderText("What the photo shows. Never young people's faces or names.")
        self.visit_combo = QComboBox(detail)
        self.visit_combo.setAccessibleName("Visit")
        self.side_combo = QComboBox(detail)
        self.side_combo.setAccessibleName("Side of the triangle")
        self.side_combo.addItem("Not linked to a side", "")
        for side in Side:
            self.side_combo.addItem(side.label, side.value)
        self.info = QLabel(detail)
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.gps = QLabel(detail)
        self.gps.setObjectName("photoGps")
        self.gps.setWordWrap(True)
        self.gps.setTextFormat(Qt.TextFormat.PlainText)
        self.gps_warning = QLabel(detail)
        self.gps_warning.setObjectName("errorText")
        self.gps_warning.setStyleSheet(message_style())
        self.gps_warning.setWordWrap(True)
        self.gps_warning.setTextFormat(Qt.TextFormat.PlainText)
        form_layout.addRow(self.preview)
        form_layout.addRow("&Caption", self.caption_edit)
        form_layout.addRow("&Visit", self.visit_combo)
        form_layout.addRow("&Side", self.side_combo)
        form_layout.addRow("File", self.info)
        # The proposed pin's sentence on a row of its own, under its heading: a wrapped
        # sentence beside a label in a form row was drawn over the rows below it.
        form_layout.addRow(QLabel("Map pin", detail))
        form_layout.addRow(self.gps)
        self.accept_pin_button = QPushButton("Put this pin on the &map…", detail)
        self.accept_pin_button.setToolTip(
            "Open the map with the photo's position typed in, to choose the pin's category."
        )
        self.accept_pin_button.clicked.connect(self.accept_proposed_pin)
        form_layout.addRow(self.accept_pin_button)
        form_layout.addRow(self.gps_warning)
        splitter.addWidget(VerticalScroll(detail, splitter))
        # Fits the window (see ui.widgets.columns): the photos and the photo's details scroll apart,
        # and the buttons above them stay in view.
        self.setProperty(FITS_WINDOW, True)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.add_button.clicked.connect(self.choose_photos)
        self.export_button.clicked.connect(self.export_copy)
        self.remove_button.clicked.connect(self.remove_photo)
        self.list.currentRowChanged.connect(self._on_row)
        self.caption_edit.editingFinished.connect(self.save_details)
        self.visit_combo.activated.connect(self.save_details)
        self.side_combo.activated.connect(self.save_details)
        self._show(None)
        if drafts is not None:
            self.caption_edit.textEdited.connect(drafts.touched)
            drafts.register(self)

    # -- loading -----------------------------------------------------------------

    def load(self, assessment: Assessment, location: Location | None = None) -> None:
        """Show the assessment's photos."""
        self._assessment_id = assessment.id
        self._location = location
        self._visits = list(assessment.observations)
        self._set_photos(list(assessment.photos))
        self.message.setText("" if self._photos else self.empty_hint)

    def first_editor(self) -> QWidget:
        """The widget to focus when the page opens."""
        return self.add_button

    def showEvent(self, event: QShowEvent) -> None:
        """Pick up visits added or changed on the Observations page since loading."""
        super().showEvent(event)
        if self._assessment_id:
            self._visits = self._store.assessments.observations(self._assessment_id)
            self._fill_visits()
            if self._current is not None:
                self.visit_combo.setCurrentIndex(max(self.visit_combo.findData(self._current.observation_id or ""), 0))

    def photos(self) -> list[Photo]:
        """The photos as listed, in number order."""
        return list(self._photos)

    def _set_photos(self, photos: list[Photo], select: str | None = None) -> None:
        self._photos = photos
        self._fill_visits()
        self.list.blockSignals(True)
        self.list.clear()
        for photo in photos:
            item = QListWidgetItem(QIcon(pixmap_of(photo.thumbnail)), photo_title(photo))
            item.setData(Qt.ItemDataRole.UserRole, photo.id)
            item.setToolTip(plain_tip(photo_title(photo)))
            self.list.addItem(item)
        self.list.blockSignals(False)
        row = next((i for i, p in enumerate(photos) if p.id == select), 0 if photos else -1)
        self.list.setCurrentRow(row)
        self._show(photos[row] if row >= 0 else None)

    def _fill_visits(self) -> None:
        self.visit_combo.clear()
        self.visit_combo.addItem("Not linked to a visit", "")
        for visit in self._visits:
            self.visit_combo.addItem(visit_label(visit), visit.id)

    def _on_row(self, row: int) -> None:
        self._show(self._photos[row] if 0 <= row < len(self._photos) else None)

    # -- removing and exporting ----------------------------------------------------

    def remove_photo(self) -> None:
        """Remove the selected photo from the assessment, after confirmation."""
        photo = self._current
        if photo is None:
            return
        if not self._interaction.confirm(
            self, "Remove photo", f"Remove photo {photo.number} from this assessment?", yes="Remove", no="Keep"
        ):
            return
        try:
            self._store.photos.remove(photo.id)
        except SafeguardingError as error:
            self.message.setText(str(error))
            return
        self._set_photos(self._store.photos.of_assessment(self._assessment_id))
        self.message.setText(f"Photo {photo.number} removed. Later photos have been renumbered.")
        self.records_changed.emit()

    def export_copy(self) -> Path | None:
        """Save an upright, metadata-free JPEG copy of the selected photo; return where."""
        photo = self._current
        if photo is None:
            return None
        stem = safe_file_stem(Path(photo.original_name).stem, f"photo-{photo.number}")
        target = self._interaction.save_export(
            self, "Export a copy of the photo", f"{stem}-copy.jpg", "JPEG image (*.jpg)"
        )
        if target is None:
            return None
        details = self._interaction.ask_sharing(self, f"A copy of photo {photo.number} (JPEG, without its metadata).")
        if details is None:
            return None
        try:
            data = clean_copy(self._store.photos.original_bytes(photo.sha256), name=photo.original_name or "photo")
            write_private_atomically(target, data, what="the copy")
        except SafeguardingError as error:
            self.message.setText(str(error))
            return None
        from ui.protection.sharing_log import record_export

        record_export(
            self._store,
            self._interaction,
            self,
            "photo_copy",
            target,
            details=details,
            assessment_id=self._assessment_id,
            description=f"Photo {photo.number} (copy without metadata)",
        )
        self.message.setText(f"Saved a copy of photo {photo.number} to {target}, without location or camera details.")
        return target


__all__ = ["PhotoError", "PhotosPage"]
