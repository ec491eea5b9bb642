"""The locations list with the selected location's details and assessments."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelection, Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safeguarding.model import Assessment, Location, LocationSummary
from safeguarding.place import place_line
from safeguarding.timeutil import format_uk_date
from safeguarding.words import counted
from ui.models import LocationTableModel
from ui.widgets.find_box import FindBox
from ui.widgets.plain import shown_text

SIZED_FROM_ROWS = 50
"""The columns fit the first this many locations, not all of them (a county may list hundreds)."""

FIRST_STEPS = (
    "No locations yet. To begin:\n"
    "1. New location… (Ctrl+N): the place's name and where it is.\n"
    "2. Start new assessment (Ctrl+Shift+N) with the location selected.\n"
    "3. Work down the assessment's sections in order: overview, visits, photos and map, the three sides, "
    "summary, then weighting, goals and actions.\n"
    "Help → Guide to location assessments (F1) explains each step."
)
"""What the empty locations list says (the first-use path)."""

FIND_PLACEHOLDER = "Type part of a name, address or ward"
"""What the empty find box says (issue 14: a tester with 500 locations could only scroll)."""


class LocationsPage(QWidget):
    """Lists locations; signals what the user asks for, the main window acts on it.

    Signals:
        new_location, edit_location(str), archive_location(str), new_assessment(str),
        open_assessment(str), export_assessment(str), show_archived_changed(bool)
    """

    new_location = Signal()
    edit_location = Signal(str)
    archive_location = Signal(str)
    new_assessment = Signal(str)
    open_assessment = Signal(str)
    export_assessment = Signal(str)
    delete_assessment = Signal(str)
    selection_changed = Signal(str)
    show_archived_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("locationsPage")
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.read_only = False
        self.new_button = QPushButton("&New location…", self)
        self.edit_button = QPushButton("&Edit location…", self)
        self.archive_button = QPushButton("&Archive", self)
        self.show_archived = QCheckBox("Show archi&ved", self)
        for widget in (self.new_button, self.edit_button, self.archive_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.show_archived)
        layout.addLayout(bar)
        self.first_steps = QLabel(FIRST_STEPS, self)
        self.first_steps.setObjectName("firstSteps")
        self.first_steps.setAccessibleName("What to do first")
        self.first_steps.setWordWrap(True)
        self.first_steps.setTextFormat(Qt.TextFormat.PlainText)
        self.first_steps.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.first_steps.hide()
        layout.addWidget(self.first_steps)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.model = LocationTableModel()
        self.table = QTableView(splitter)
        self.table.setModel(self.model)  # it sorts and narrows itself: the table's rows are the model's rows
        # Click a heading to sort by it (again for the other way); until then the store's order, by name.
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setAccessibleName("Locations")
        self.table.setAccessibleDescription("Each location with its latest place rating per side of the triangle.")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(SIZED_FROM_ROWS)  # each column measured on its first rows, not all
        # Sized when the list is loaded or the text size changes (:meth:`fit_columns`), not each time the list
        # is shown: ResizeToContents measured 50 rows of every column at each return from an assessment
        # (issue 14: about 5,300 values asked for, 18 -> 49 ms on 500 locations).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The names in full (issue 16: at 125% text they were cut to "Brenchle…"); the long heading
        # "Community and environment" is what gives way (shortened, whole in its tooltip).
        header.setSectionResizeMode(LocationTableModel.ENVIRONMENT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(LocationTableModel.WARD, QHeaderView.ResizeMode.Stretch)  # then the ward
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # "Community and envir…", not its middle
        self.table.setWordWrap(False)
        header.setSortIndicatorClearable(True)  # a third click goes back to the store's order
        header.sortIndicatorChanged.connect(lambda column, _order: self._room_for_arrow(column))

        self.find_box = FindBox(self.table, FIND_PLACEHOLDER, self)
        self.find_box.setAccessibleName("Find a location")
        self.find_box.setToolTip("Narrows the list as you type (Ctrl+F). Esc clears it.")
        find_label = QLabel("Find a location:", self)
        find_label.setBuddy(self.find_box)
        self.find_count = QLabel(self)
        self.find_count.setObjectName("findCount")
        self.find_count.setTextFormat(Qt.TextFormat.PlainText)
        self.find_count.setAccessibleName("Locations found")
        self.find_row = QWidget(self)  # hidden while there is nothing to find (the first steps show instead)
        find_row = QHBoxLayout(self.find_row)
        find_row.setContentsMargins(0, 0, 0, 0)
        find_row.addWidget(find_label)
        find_row.addWidget(self.find_box, 2)
        find_row.addWidget(self.find_count, 3)
        layout.addWidget(self.find_row)
        self.find_action = QAction("Find a location", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)  # Ctrl+F; only while the list is shown
        self.find_action.triggered.connect(self.focus_find)
        self.addAction(self.find_action)
        QWidget.setTabOrder(self.show_archived, self.find_box)  # above the list, so before it
        QWidget.setTabOrder(self.find_box, self.table)

        side = QWidget(splitter)
        side_layout = QVBoxLayout(side)
        self.details = QLabel("Select a location to see its details.", side)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setAccessibleName("Location details")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box = QGroupBox("Assessments", side)
        box_layout = QVBoxLayout(box)
        self.assessments = QListWidget(box)
        self.assessments.setAccessibleName("Assessments of the selected location")
        self.new_assessment_button = QPushButton("Start new a&ssessment", box)
        self.open_button = QPushButton("&Open assessment", box)
        self.export_button = QPushButton("E&xport DCSM report…", box)
        self.delete_button = QPushButton("De&lete assessment…", box)
        self.delete_button.setToolTip("Remove the selected assessment from the list and reports (asks first).")
        box_layout.addWidget(self.assessments)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_assessment_button)
        buttons.addWidget(self.open_button)
        box_layout.addLayout(buttons)
        export_row = QHBoxLayout()
        export_row.addWidget(self.export_button, 1)
        export_row.addWidget(self.delete_button)
        box_layout.addLayout(export_row)
        side_layout.addWidget(self.details)
        side_layout.addWidget(box, 1)
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([880, 330])  # the list first: every column in view at 1366 px and 125% text
        layout.addWidget(splitter, 1)

        self.new_button.clicked.connect(self.new_location)
        self.edit_button.clicked.connect(lambda: self._emit_location(self.edit_location))
        self.archive_button.clicked.connect(lambda: self._emit_location(self.archive_location))
        self.new_assessment_button.clicked.connect(lambda: self._emit_location(self.new_assessment))
        self.open_button.clicked.connect(self._emit_open)
        self.export_button.clicked.connect(self._emit_export)
        self.delete_button.clicked.connect(self._emit_delete)
        self.assessments.itemActivated.connect(lambda _item: self._emit_open())
        self.table.doubleClicked.connect(lambda _index: self._open_latest())
        self.table.activated.connect(lambda _index: self._open_latest())
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.show_archived.toggled.connect(self.show_archived_changed)
        self.find_box.textChanged.connect(self._find)
        self.fit_columns()
        self._update_buttons()

    # -- state -------------------------------------------------------------------

    def set_rows(self, rows: list[LocationSummary], select: str | None = None) -> None:
        """Show ``rows`` (sorted and narrowed as chosen); keep (or move) the selection to ``select`` if given.

        When the location kept is not among the rows found by the words typed, the first row found is
        selected; but a location asked for (``select``: just added, renamed or restored) is never hidden
        by the find box: its words are cleared.
        """
        keep = select or self.selected_location_id()
        self.model.set_rows(rows)
        if select and self.model.words() and self.model.row_of(select) is None:
            self.find_box.blockSignals(True)
            self.find_box.clear()
            self.find_box.blockSignals(False)
            self.model.set_words("")
        self.fit_columns()
        # An empty list says what to do first (issue 16: it said nothing to a new user).
        self.first_steps.setVisible(not rows and not self.show_archived.isChecked())
        self.find_row.setVisible(bool(rows) or bool(self.find_box.text()) or self.show_archived.isChecked())
        self._show_count()
        row = self.model.row_of(keep) if keep else None
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            self._widen_for(row)  # the location selected in full, even beyond the rows measured (renamed, added)
            self.table.selectRow(row)
            self._show_selected_row()
        else:
            self._on_selection(QItemSelection(), QItemSelection())

    def put_row(self, summary: LocationSummary) -> None:
        """Show ``summary`` in place of its location's row and select that row (the other rows stay, sorted)."""
        row = self.model.put_row(summary)
        self._show_count()
        self._widen_for(row)
        selection = self.table.selectionModel()
        selection.blockSignals(True)  # the caller shows the details once
        self.table.selectRow(row)
        selection.blockSignals(False)

    def fit_columns(self) -> None:
        """Size the columns to their headings and the first :data:`SIZED_FROM_ROWS` rows' values.

        Ward and "Community and environment" stretch to share what is left (issue 16). Called when the
        rows are loaded and when the text size changes; a row put back only widens a column it no longer fits.
        """
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(header.fontMetrics().horizontalAdvance("Not rated") + 16)
        # Headings measured without room for the sort arrow: Qt would keep that room beside every heading
        # (at 125% text "Last updated" went past the right edge); the sorted column alone gets it
        # (:meth:`_room_for_arrow`).
        header.setSortIndicatorShown(False)
        for column in range(len(LocationTableModel.HEADERS)):
            if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive:
                self.table.resizeColumnToContents(column)
        header.setSortIndicatorShown(True)

    def _widen_for(self, row: int) -> None:
        """Widen any sized column too narrow for the value in the table's row ``row`` (one value per column)."""
        header = self.table.horizontalHeader()
        grid = 1 if self.table.showGrid() else 0
        for column in range(len(LocationTableModel.HEADERS)):
            if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive:
                wanted = self.table.sizeHintForIndex(self.model.index(row, column)).width() + grid
                if wanted > header.sectionSize(column):
                    header.resizeSection(column, wanted)

    def changeEvent(self, event: QEvent) -> None:
        """Size the columns again for a new text size (125% text: issue 16)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_columns()

    def selected_location_id(self) -> str | None:
        """The id of the selected location, or None."""
        summary = self.selected_summary()
        return summary.location.id if summary is not None else None

    def selected_summary(self) -> LocationSummary | None:
        """The summary row of the selected location, or None (the table's row mapped to the model's)."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def select_location(self, location_id: str) -> bool:
        """Select the row of ``location_id`` and show it; False if it is not in the list as shown."""
        row = self.model.row_of(location_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self._show_selected_row()
        return True

    def focus_find(self) -> None:
        """Put the keyboard in the find box, its words selected to type over (Ctrl+F)."""
        self.find_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_box.selectAll()

    def _find(self, typed: str) -> None:
        """Narrow the list to ``typed``; the location selected stays so if still listed, else the details clear."""
        before = self.selected_location_id()
        self.model.set_words(typed)
        self._show_count()
        row = self.model.row_of(before) if before else None
        if row is None:
            self.table.scrollToTop()  # the first rows found, not the end of a shorter list
            if before is not None:
                self._on_selection(QItemSelection(), QItemSelection())
            return
        if self.selected_location_id() != before:
            selection = self.table.selectionModel()
            selection.blockSignals(True)  # the same location: its details are shown already
            self.table.selectRow(row)
            selection.blockSignals(False)
        self._show_selected_row()

    def _show_count(self) -> None:
        """Say how many locations the words typed found ("" when the list is not narrowed)."""
        words, total, found = self.model.words().strip(), self.model.total(), self.model.rowCount()
        if not words:
            text = ""
        elif found == 0:
            text = f"No location has “{words}” in its name, address or ward. Esc clears the box."
        else:
            text = f"Showing {found:,} of {counted(total, 'location')}"
        self.find_count.setText(text)

    def _room_for_arrow(self, column: int) -> None:
        """Widen the sorted column if its heading and sort arrow do not fit, and bring the selected row into view.

        One heading measured (at 125% text "Young people" was cut to "Young peo…" beside its arrow);
        the stretching columns give way. The rows are not measured again.
        """
        header = self.table.horizontalHeader()
        if 0 <= column < header.count() and header.sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive:
            wanted = header.sectionSizeHint(column)
            if wanted > header.sectionSize(column):
                header.resizeSection(column, wanted)
        self._show_selected_row()

    def _show_selected_row(self) -> None:
        """Bring the selected row into view (after sorting or narrowing it may be far down)."""
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.table.scrollTo(rows[0])

    def selected_assessment_id(self) -> str | None:
        """The id of the selected assessment in the list, or None."""
        item = self.assessments.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def show_details(self, location: Location | None, assessments: list[Assessment]) -> None:
        """Show the selected location's details and its assessments, newest first."""
        self.assessments.clear()
        if location is None:
            self.details.setText("Select a location to see its details.")
            self._update_buttons()
            return
        lines = [location.name]
        if location.address:
            lines.append(location.address)
        place = place_line(location)
        if place:
            lines.append(place)
        if location.place_type:
            lines.append(f"Type of place: {location.place_type}")
        if location.latitude is not None and location.longitude is not None:
            lines.append(f"Position: {location.latitude:.5f}, {location.longitude:.5f}")
        if location.referral_reason or location.referral_date or location.referral_source:
            when = format_uk_date(location.referral_date)
            source = f" by {location.referral_source}" if location.referral_source else ""
            lines.append(f"Referred {when}{source}".replace("Referred  by", "Referred by").strip())
            if location.referral_reason:
                lines.append(f"Reason: {location.referral_reason}")
        if location.archived:
            lines.append("This location is archived.")
        self.details.setText("\n".join(shown_text(line) for line in lines))
        self.archive_button.setText("Rest&ore" if location.archived else "&Archive")
        for assessment in reversed(assessments):
            started = format_uk_date(assessment.start_date) or "no start date"
            who = assessment.assessor_name or "assessor not recorded"
            item = QListWidgetItem(f"{started} — {assessment.status.label} — {who}")
            item.setData(Qt.ItemDataRole.UserRole, assessment.id)
            self.assessments.addItem(item)
        if self.assessments.count():
            self.assessments.setCurrentRow(0)
        self._update_buttons()

    def set_read_only(self, read_only: bool) -> None:
        """Offer only looking and exporting (the database is open read-only): no adding, changing or deleting."""
        self.read_only = read_only
        self.new_button.setEnabled(not read_only)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_location = self.selected_location_id() is not None
        has_assessment = self.assessments.count() > 0
        writable = not self.read_only
        for button in (self.edit_button, self.archive_button, self.new_assessment_button):
            button.setEnabled(has_location and writable)
        self.open_button.setEnabled(has_assessment)
        self.export_button.setEnabled(has_assessment)
        self.delete_button.setEnabled(has_assessment and writable)

    # -- signals -----------------------------------------------------------------

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.selection_changed.emit(self.selected_location_id() or "")
        self._update_buttons()

    def _emit_location(self, signal: SignalInstance) -> None:
        location_id = self.selected_location_id()
        if location_id:
            signal.emit(location_id)

    def _emit_open(self) -> None:
        assessment_id = self.selected_assessment_id()
        if assessment_id:
            self.open_assessment.emit(assessment_id)

    def _emit_export(self) -> None:
        assessment_id = self.selected_assessment_id()
        if assessment_id:
            self.export_assessment.emit(assessment_id)

    def _emit_delete(self) -> None:
        assessment_id = self.selected_assessment_id()
        if assessment_id:
            self.delete_assessment.emit(assessment_id)

    def _open_latest(self) -> None:
        summary = self.selected_summary()
        if summary and summary.latest_assessment_id:
            self.open_assessment.emit(summary.latest_assessment_id)
