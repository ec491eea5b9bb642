"""The Map page: the place on an offline map, its boundary and the assessment's pins.

The web view (QtWebEngine and folium) is built the first time the page is shown,
not when the editor opens an assessment, so opening an assessment stays fast and
pages that are never looked at cost nothing.

Pins are saved to the database at once (like visits): a click on the map in
"Add pins" mode drops a pin of the chosen category where the click was; typing
coordinates and pressing "Add pin at these coordinates" does the same. A pin's
label, notes, category, side and visit are edited beside the map and saved with
"Save pin"; dragging a pin moves it. Edits of a pin and of the boundary are kept
as drafts until saved, are saved against what was shown (another window's
changes are kept), and leaving saves them or asks (:mod:`ui.editing`). The list beside the map and the map stay
in step: selecting in one selects in the other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from safeguarding.drafts import Draft
from safeguarding.errors import SafeguardingError
from safeguarding.file_names import export_file_name
from safeguarding.forms import FormDefinition, Section
from safeguarding.maps.categories import PinCategories, load_pin_categories
from safeguarding.maps.mapfiles import MapFile
from safeguarding.maps.offline import OfflineMaps
from safeguarding.maps.web_page import folium_loading, load_folium_in_background
from safeguarding.model import Assessment, Location, MapPin, Side
from safeguarding.store import Store
from ui.editing.conflicts import attribute_copier
from ui.editing.editable import reveal_page
from ui.editing.keeper import DraftKeeper
from ui.editing.record_form import RecordEditing
from ui.editor.map_boundary import BOUNDARY, MODE_BOUNDARY, MODE_PINS, MODE_SAFETY, MapBoundary
from ui.editor.map_pin_list import MapPinList
from ui.editor.map_pins import PIN, PIN_FIELDS, MapPinEditing
from ui.editor.map_web_view import MapWebView
from ui.editor.offline_map_import import ask_and_import_offline_map
from ui.editor.page_header import add_page_header
from ui.editor.safety_marker import SafetyMarker
from ui.interaction import Interaction
from ui.widgets.columns import FITS_WINDOW, VerticalScroll, button_row, full_width_choices
from ui.widgets.pin_icon import pin_icon

if TYPE_CHECKING:
    from ui.map_view import MapView


class MapPage(MapPinEditing, MapBoundary, MapPinList, MapWebView):
    """The assessment's map. Emits ``record_saved`` after a pin is saved, ``records_changed`` after other changes.

    Attributes:
        view: The web view, or ``None`` until the page is first shown.
        shown_at, pins_shown_at: ``time.perf_counter()`` when the view was first
            built and when the page reported its pins drawn (benchmark).
    """

    records_changed = Signal()
    record_saved = Signal(object)
    pins_shown = Signal(int)

    def __init__(
        self,
        section: Section,
        form: FormDefinition,
        store: Store,
        interaction: Interaction,
        parent: QWidget | None = None,
        offline_maps: OfflineMaps | None = None,
        *,
        drafts: DraftKeeper | None = None,
        user: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"page_{section.id}")
        self._form = form
        self._store = store
        self._interaction = interaction
        self._user = user
        self.boundary_base: list[tuple[float, float]] = []  # the boundary as shown (the base of its next save)
        self.boundary_problem = ""  # why the boundary could not be saved
        self._maps = offline_maps or OfflineMaps()
        load_folium_in_background()  # the map's HTML builder, ready by the time the map is first shown
        self.categories: PinCategories = load_pin_categories()
        self.assessment: Assessment | None = None
        self.location: Location | None = None
        self.view: MapView | None = None
        self.tiles: MapFile | None = None
        self.draft: list[tuple[float, float]] = []
        self.mode = MODE_PINS
        self.shown_at = 0.0
        self.pins_shown_at = 0.0
        self._page_stale = True

        layout = QVBoxLayout(self)
        add_page_header(self, section, layout)

        tools = QHBoxLayout()
        self.pin_mode = QRadioButton("Add pins by clicking the map", self)
        self.boundary_mode = QRadioButton("Draw the boundary", self)
        self.safety_mode = QRadioButton("Add safety-mapping marks", self)
        self.pin_mode.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.pin_mode)
        group.addButton(self.boundary_mode)
        group.addButton(self.safety_mode)
        self.finish_boundary_button = QPushButton("Finish boundary", self)
        self.clear_boundary_button = QPushButton("Clear boundary…", self)
        self.import_button = QPushButton("Import offline map…", self)
        self.export_button = QPushButton("Export the map for a GIS…", self)
        self.export_button.setToolTip(
            "Save the pins and the boundary as a GeoJSON file, which mapping (GIS) tools such as QGIS open."
        )
        for widget in (self.pin_mode, self.boundary_mode, self.safety_mode):
            tools.addWidget(widget)
        tools.addStretch(1)
        layout.addLayout(tools)
        # The buttons on a row of their own: beside the modes they ran off a small screen.
        files = QHBoxLayout()
        for button in (self.finish_boundary_button, self.clear_boundary_button):
            files.addWidget(button)
        files.addStretch(1)
        files.addWidget(self.import_button)
        files.addWidget(self.export_button)
        layout.addLayout(files)
        self.safety = SafetyMarker(store, interaction, self)
        self.safety.hide()
        layout.addWidget(self.safety)
        self.status = QLabel(self)
        self.status.setObjectName("mapStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.map_holder = QWidget(self.splitter)
        self.map_layout = QVBoxLayout(self.map_holder)
        self.map_layout.setContentsMargins(0, 0, 0, 0)
        self.placeholder = QLabel("The map opens here.", self.map_holder)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.map_layout.addWidget(self.placeholder)
        self.map_holder.setMinimumWidth(360)

        # Fits the window (see ui.widgets.columns): the pins and the pin form scroll beside the
        # map, and the pin's Save and Delete buttons stay in view under them.
        self.setProperty(FITS_WINDOW, True)
        self.splitter.setChildrenCollapsible(False)
        side_column = QWidget(self.splitter)
        side_panel = QWidget(side_column)
        side_layout = QVBoxLayout(side_panel)
        side_layout.setContentsMargins(6, 0, 0, 0)
        side_layout.addWidget(QLabel("<b>Pins</b>", side_panel))
        self.pin_list = QListWidget(side_panel)
        self.pin_list.setAccessibleName("Map pins")
        self.pin_list.setUniformItemSizes(True)  # one line and a small icon each: 1,000 pins not measured one by one
        self.pin_list.setMinimumHeight(110)
        side_layout.addWidget(self.pin_list, 1)

        editor = QGroupBox("Pin", side_panel)
        form_layout = QFormLayout(editor)
        self.category = QComboBox(editor)
        self.category.setAccessibleName("Pin category")
        for side, group_categories in self.categories.by_side().items():
            for category in group_categories:
                self.category.addItem(pin_icon(category), f"{category.label} ({side.label})", category.id)
                self.category.setItemData(self.category.count() - 1, category.help, Qt.ItemDataRole.ToolTipRole)
        self.visit = QComboBox(editor)
        for combo in (self.category, self.visit):
            full_width_choices(combo)
        self.label = QLineEdit(editor)
        self.label.setAccessibleName("Pin label")
        self.label.setMaxLength(200)
        self.label.setPlaceholderText("e.g. Station Road entrance")
        self.notes = QPlainTextEdit(editor)
        self.notes.setAccessibleName("Pin notes")
        self.notes.setTabChangesFocus(True)  # Tab moves on (it typed a tab character)
        self.notes.setPlaceholderText("What was seen here. No names of young people.")
        self.notes.setMaximumHeight(80)
        self.side = QComboBox(editor)
        self.side.setAccessibleName("Side of the triangle the pin evidences")
        for side in Side:
            self.side.addItem(side.label, side.value)
        self.visit.setAccessibleName("Visit the pin came from")
        self.latitude = QLineEdit(editor)
        self.latitude.setAccessibleName("Latitude")
        self.latitude.setPlaceholderText("e.g. 51.2776")
        self.longitude = QLineEdit(editor)
        self.longitude.setAccessibleName("Longitude")
        self.longitude.setPlaceholderText("e.g. 0.5196")
        self.accuracy = QLineEdit(editor)
        self.accuracy.setAccessibleName("Accuracy of the position in metres (optional)")
        self.accuracy.setPlaceholderText("metres, from the phone's GPS (optional)")
        form_layout.addRow("Category", self.category)
        form_layout.addRow("Label", self.label)
        form_layout.addRow("Notes", self.notes)
        form_layout.addRow("Side it shows", self.side)
        form_layout.addRow("From visit", self.visit)
        form_layout.addRow("Latitude", self.latitude)
        form_layout.addRow("Longitude", self.longitude)
        form_layout.addRow("Accuracy (m)", self.accuracy)
        self.save_button = QPushButton("Save pin", side_column)
        self.save_button.setObjectName("savePin")
        self.add_button = QPushButton("Add pin at these coordinates", editor)
        self.delete_button = QPushButton("Delete pin…", side_column)
        self.delete_button.setObjectName("deletePin")
        form_layout.addRow(self.add_button)
        side_layout.addWidget(editor)

        corners_box = QGroupBox("Boundary by coordinates", side_panel)
        corners_layout = QVBoxLayout(corners_box)
        self.corners = QPlainTextEdit(corners_box)
        self.corners.setAccessibleName("Boundary corners, one 'latitude, longitude' per line")
        self.corners.setPlaceholderText("One corner per line: latitude, longitude")
        self.corners.setMaximumHeight(70)
        self.corners.setTabChangesFocus(True)
        self.set_corners_button = QPushButton("Set boundary from these corners", corners_box)
        corners_layout.addWidget(self.corners)
        corners_layout.addWidget(self.set_corners_button)
        side_layout.addWidget(corners_box)
        column_layout = QVBoxLayout(side_column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.addWidget(VerticalScroll(side_panel, side_column), 1)
        column_layout.addLayout(button_row(self.save_button, right=(self.delete_button,)))
        side_panel.setMinimumWidth(320)
        side_column.setMaximumWidth(480)
        self.splitter.setStretchFactor(0, 1)
        layout.addWidget(self.splitter, 1)

        self.pin_list.currentItemChanged.connect(self._on_list_selection)
        self.category.currentIndexChanged.connect(self._on_category)
        self.save_button.clicked.connect(self.save_selected)
        self.add_button.clicked.connect(self.add_at_typed_coordinates)
        self.delete_button.clicked.connect(self.delete_selected)
        self.pin_mode.toggled.connect(lambda on: self._mode_chosen(MODE_PINS, on))
        self.boundary_mode.toggled.connect(lambda on: self._mode_chosen(MODE_BOUNDARY, on))
        self.safety_mode.toggled.connect(lambda on: self._mode_chosen(MODE_SAFETY, on))
        self.safety.marks_changed.connect(self._after_marks_changed)
        self.safety.draft_changed.connect(self._push_route_draft)
        self.finish_boundary_button.clicked.connect(self.finish_boundary)
        self.clear_boundary_button.clicked.connect(self.clear_boundary)
        self.set_corners_button.clicked.connect(self.set_boundary_from_corners)
        self.import_button.clicked.connect(self.import_offline_map)
        self.export_button.clicked.connect(self.export_geojson)
        copy_field, set_text = attribute_copier()
        self.edits: RecordEditing[MapPin] = RecordEditing(
            self,
            kind=PIN,
            fields={key: f"Map pin: {words}" for key, words in PIN_FIELDS.items()},
            texts=frozenset({"label", "notes"}),
            copy_field=copy_field,
            set_text=set_text,
            interaction=interaction,
            drafts=drafts,
            user=user,
            describe=self.pin_value_in_words,
            ignore_when_new=frozenset(self.form_state()),  # no pin selected: nothing to keep
        )
        self.edits.cleared()
        self._update_buttons()
        if drafts is not None:
            drafts.watch(self, editor, corners_box)

    # -- loading -------------------------------------------------------------------

    def load(self, assessment: Assessment, location: Location) -> None:
        """Show ``assessment``'s pins and boundary (the map itself is built when first shown)."""
        self.assessment, self.location = assessment, location
        self.edits.assessment_id = assessment.id
        self.draft = []
        self.pin_mode.setChecked(True)
        self.mode = MODE_PINS
        self._refresh_visits()
        self._refresh_list()
        self.safety.load(assessment.id, self._store.safety.sessions(assessment.id))
        self.show_boundary(assessment.boundary)
        self._choose_tiles()
        self._page_stale = True
        if self.isVisible():
            self._build_page()

    def _point_of_place(self) -> tuple[float, float] | None:
        loc, a = self.location, self.assessment
        if loc is not None and loc.latitude is not None and loc.longitude is not None:
            return (loc.latitude, loc.longitude)
        if a is not None and a.boundary:
            return a.boundary[0]
        if a is not None and a.pins:
            return (a.pins[0].latitude, a.pins[0].longitude)
        return None

    def _choose_tiles(self) -> None:
        if self.tiles is not None:
            self.tiles.close()
            self.tiles = None
        point = self._point_of_place()
        if point is not None:
            self.tiles = self._maps.for_point(*point)
        if self.tiles is None:
            self.status.setText(
                "No background map of streets for this area yet. Pins, the boundary and the legend work without "
                "one. To add streets, ask your IT or GIS team for an offline map file of the area (for example OS "
                "Open Zoomstack, ending .mbtiles or .pmtiles) and choose File → Import offline map…"
            )
        else:
            self.status.setText(f"Background map: {self.tiles.info.name}. {self.tiles.attribution}".strip())

    def showEvent(self, event: QShowEvent) -> None:
        """Build the web view the first time the page is shown; rebuild the page if stale."""
        super().showEvent(event)
        if self.assessment is not None:
            self._refresh_visits()
            self.safety.load(self.assessment.id, self._store.safety.sessions(self.assessment.id))
        if self.view is None:
            view = self._create_view()
            if folium_loading():  # the web engine starts its renderer meanwhile; the page is built after
                view.start_renderer(self._build_page_if_stale)
                return
        self._build_page_if_stale()

    # -- the buttons -----------------------------------------------------------------

    def _update_buttons(self) -> None:
        has_pin = self.selected_pin_id() is not None
        self.save_button.setEnabled(has_pin)
        self.delete_button.setEnabled(has_pin)
        boundary_mode = self.mode == MODE_BOUNDARY
        self.finish_boundary_button.setEnabled(boundary_mode and len(self.draft) >= 3)
        self.clear_boundary_button.setEnabled(bool(self.assessment and self.assessment.boundary) or bool(self.draft))

    # -- drafts (the pin and the boundary being edited, as an Editable) ----------------

    def drafts(self) -> list[Draft]:
        """Unsaved changes to the selected pin and to the boundary, as drafts."""
        return self.edits.drafts() + self.boundary_drafts()

    def save_unsaved(self) -> str | None:
        """Save the pin and boundary edits; None if saved, else why not."""
        if self.edits.unsaved() and (problem := self.edits.save_unsaved()) is not None:
            return problem
        return self.save_boundary_edits()

    def discard_unsaved(self) -> None:
        """Show the pin and the boundary as saved again."""
        self.edits.discard_unsaved()
        self.discard_boundary_edits()

    def restore_draft(self, draft: Draft) -> bool:
        """Show a pin or boundary draft, unsaved."""
        if draft.kind == BOUNDARY:
            return self.restore_boundary(draft)
        if not self.edits.restore_draft(draft):
            return False
        self._select_quietly(draft.record_id)
        self._update_buttons()
        return True

    def reveal(self) -> None:
        """Show the Map page."""
        reveal_page(self)

    # -- files -------------------------------------------------------------------------

    def import_offline_map(self) -> None:
        """Ask for an MBTiles or PMTiles file, check it covers the place, copy it in and redraw the map."""
        if ask_and_import_offline_map(self, self._interaction, self._maps, self._point_of_place()) is None:
            return
        self._choose_tiles()
        self._page_stale = True
        if self.isVisible():
            self._build_page()

    def export_geojson(self) -> None:
        """Save the pins and boundary as a GeoJSON file a GIS tool opens."""
        if self.assessment is None or self.location is None:
            return
        from safeguarding.maps.geojson import to_geojson, write_geojson

        suggested = export_file_name(self.location.name, "map", ".geojson", fallback="map")
        path = self._interaction.save_export(
            self, "Export the map for a GIS", suggested, "Map file for GIS tools (GeoJSON) (*.geojson)"
        )
        if path is None:
            return
        details = self._interaction.ask_sharing(
            self, f"The map of {self.location.name}: pins and boundary (a map file for GIS tools)."
        )
        if details is None:
            return
        collection = to_geojson(
            self.assessment.pins, self.assessment.boundary, self.categories, name=self.location.name
        )
        try:
            write_geojson(path, collection)
        except SafeguardingError as error:
            self._interaction.error(self, "Map not exported", str(error))
            return
        from ui.protection.sharing_log import record_export

        record_export(
            self._store, self._interaction, self, "geojson", path, details=details, assessment_id=self.assessment.id
        )
        self._interaction.inform(self, "Map exported", f"The pins and boundary were saved to:\n{path}")
