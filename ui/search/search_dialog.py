"""Search all records: one box over every record, with filters; each result opens the record where it is.

The words are looked up as the user types (after a short pause), in the
database's FTS5 index (:mod:`safeguarding.store.search`). Results show the record
type, location, date (a visit's time and band), and the matching words in bold
in their context. Choosing a result (double-click or Enter) asks the window to
open it where it is (:meth:`ui.window_host.WindowHost.show_record`).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safeguarding.errors import SafeguardingError, ValidationError
from safeguarding.model import Side
from safeguarding.search.query import MARK_END, MARK_START, RECORD_TYPE_LABELS, SearchQuery, SearchResult
from safeguarding.timeutil import format_uk_date, utc_to_local
from ui.widgets.dates import DateField
from ui.widgets.plain import shown_text

if TYPE_CHECKING:
    from safeguarding.forms import TimeBand
    from safeguarding.store import Store

TYPING_PAUSE_MS = 250
"""How long after the last key press the search runs."""
RESULT_LIMIT = 100


def result_html(result: SearchResult) -> str:
    """A result as rich text: the type, place and date on one line, the matching words in bold on the next."""
    when = format_uk_date(result.on) if result.on else ""
    if result.starts is not None:
        when += f" {utc_to_local(result.starts):%H:%M}"
    if result.time_band:
        when += f" ({result.time_band})"
    head = " · ".join(part for part in (result.type_label, result.location_name, when.strip(), result.title) if part)
    head = shown_text(head)
    snippet = html.escape(shown_text(" ".join(result.snippet.split()), 2000))
    snippet = snippet.replace(MARK_START, "<b>").replace(MARK_END, "</b>")
    return f"<span style='color:#1f3a5f'>{html.escape(head)}</span><br/>{snippet}"


class SearchDialog(QDialog):
    """The search window (non-modal).

    Signals:
        open_record(SearchResult): the user chose a result.

    Args:
        store: The open database.
        bands: The form's time bands (the time band filter and each visit's band).
        parent: The main window.
    """

    open_record = Signal(object)

    def __init__(self, store: Store, bands: tuple[TimeBand, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Search all records")
        self.setObjectName("searchDialog")
        self.resize(820, 620)
        self._store = store
        store.search.bands = bands
        self.results: list[SearchResult] = []
        layout = QVBoxLayout(self)
        self.words = QLineEdit(self)
        self.words.setObjectName("searchWords")
        self.words.setPlaceholderText('Words to find, e.g. red car, "red car" for the phrase, lamp* for lamps…')
        self.words.setAccessibleName("Words to find")
        layout.addWidget(self.words)
        filters = QGridLayout()
        self.record_type = self._combo(
            "Record type", [("Any record", None), *((label, kind) for kind, label in RECORD_TYPE_LABELS.items())]
        )
        locations = [(loc.name, loc.id) for loc in store.locations.by_name(include_archived=True)]
        self.location = self._combo("Location", [("Any location", None), *locations])
        self.band = self._combo("Time band", [("Any time", None), *((b.label, b.id) for b in bands)])
        self.side = self._combo("Side of the triangle", [("Any side", None), *((s.label, s.value) for s in Side)])
        self.since = DateField("From", self)
        self.until = DateField("To", self)
        for column, (label, widget) in enumerate(
            (("Type", self.record_type), ("Location", self.location), ("Time band", self.band), ("Side", self.side))
        ):
            filters.addWidget(QLabel(label, self), 0, column)
            filters.addWidget(widget, 1, column)
        filters.addWidget(self.since, 2, 0, 1, 2)
        filters.addWidget(self.until, 2, 2, 1, 2)
        layout.addLayout(filters)
        self.status = QLabel(self)
        self.status.setObjectName("searchStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)
        self.list = QListWidget(self)
        self.list.setObjectName("searchResults")
        self.list.setAccessibleName("Results")
        self.list.setWordWrap(True)
        layout.addWidget(self.list, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.run_search)
        self.words.textChanged.connect(lambda _text: self._timer.start())
        for combo in (self.record_type, self.location, self.band, self.side):
            combo.currentIndexChanged.connect(lambda _index: self._timer.start())
        for field in (self.since, self.until):
            field.changed.connect(self._timer.start)
        self.list.itemActivated.connect(self._chosen)
        self.words.returnPressed.connect(self.run_search)

    def _combo(self, name: str, options: list[tuple[str, object]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        # Sized for about 24 characters, not the longest name (a 5,000-letter name made the dialog 32,767 px wide).
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(24)
        for label, data in options:
            combo.addItem(shown_text(str(label), 80), data)
        return combo

    def query(self) -> SearchQuery:
        """The search as the boxes say.

        Raises:
            ValidationError: a date box holds something that is not a date.
        """
        kind = self.record_type.currentData()
        side = self.side.currentData()
        return SearchQuery(
            words=self.words.text(),
            record_types=frozenset({kind}) if kind else frozenset(),
            location_id=self.location.currentData(),
            since=self.since.value(),
            until=self.until.value(),
            time_band=self.band.currentData(),
            side=Side(side) if side else None,
            limit=RESULT_LIMIT,
        )

    def run_search(self) -> None:
        """Search now and show the results (or why there are none)."""
        self._timer.stop()
        try:
            query = self.query()
            self.results = self._store.search.search(query)
        except ValidationError as error:
            self.status.setText(str(error))
            return
        except SafeguardingError as error:
            self.status.setText(f"The search could not be run ({error}).")
            return
        self.list.clear()
        for result in self.results:
            item = QListWidgetItem(self.list)
            label = QLabel(result_html(result), self.list)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setContentsMargins(4, 3, 4, 3)
            width = max(200, self.list.viewport().width() - 8)
            item.setSizeHint(QSize(width, label.heightForWidth(width) + 4))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, result.plain_snippet("", ""))
            self.list.setItemWidget(item, label)
        self.status.setText(self._summary(query))
        if self.results:
            self.list.setCurrentRow(0)

    def _summary(self, query: SearchQuery) -> str:
        count = len(self.results)
        if not query.words.strip() and query == SearchQuery(limit=RESULT_LIMIT):
            return "Type words to find, or choose a filter."
        found = "No records found." if not count else f"{count} record{'s' if count != 1 else ''} found"
        if count >= RESULT_LIMIT:
            found += f" (the best {RESULT_LIMIT}; add words or filters to narrow them)"
        return (
            found
            + ("." if count and not found.endswith(".") else "")
            + (" Double-click a result to open it." if count else "")
        )

    def _chosen(self, item: QListWidgetItem) -> None:
        row = self.list.row(item)
        if 0 <= row < len(self.results):
            self.open_record.emit(self.results[row])
