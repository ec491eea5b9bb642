"""Table models: one way to write them (column constants, one ``set_rows``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from safeguarding.model import AssessmentStatus, LocationSummary, Observation, Rating, Side
from safeguarding.timeutil import utc_to_local
from safeguarding.words import has_words, natural_key
from ui.ratings import BACKGROUND, rating_text
from ui.theme import ON_PALE
from ui.widgets.plain import plain_tip

if TYPE_CHECKING:
    from safeguarding.forms import FormDefinition

Index = QModelIndex | QPersistentModelIndex
RecordT = TypeVar("RecordT")


class RecordTableModel(QAbstractTableModel, Generic[RecordT]):
    """One way to write table models: a list of records under fixed column headers.

    Subclasses set ``HEADERS`` (and column number constants) and implement
    ``data``; ``record_id`` says which id ``row_of`` looks for.
    """

    HEADERS: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[RecordT] = []

    def set_rows(self, rows: list[RecordT]) -> None:
        """Replace all rows (shown in the order given)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[RecordT]:
        """All records shown, in the model's order (a copy)."""
        return list(self._rows)

    def row(self, number: int) -> RecordT:
        """Return the record shown in row ``number``."""
        return self._rows[number]

    def record_id(self, record: RecordT) -> str:
        """The id that identifies ``record`` (its ``id`` attribute)."""
        return str(getattr(record, "id"))  # noqa: B009 - records are dataclasses of several types

    def put_row(self, record: RecordT) -> int:
        """Show ``record`` in place of the row with the same id (or as a new last row); return its row.

        Only that row is announced (``dataChanged`` or ``rowsInserted``), so a view keeps its
        scroll position and selection, and a sorting proxy moves just that row.
        """
        row = self.row_of(self.record_id(record))
        if row is None:
            row = len(self._rows)
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.append(record)
            self.endInsertRows()
            return row
        self._rows[row] = record
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))
        return row

    def row_of(self, record_id: str) -> int | None:
        """Return the row showing the record with ``record_id``, or None."""
        return next((i for i, row in enumerate(self._rows) if self.record_id(row) == record_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return self.HEADERS[section]  # the tooltip: the whole heading, where a narrow column shortens it
        return None


class LocationTableModel(RecordTableModel[LocationSummary]):
    """The locations list: name, ward, latest rating per side, status, last updated."""

    NAME, WARD, YOUNG_PEOPLE, GUARDIANSHIP, ENVIRONMENT, STATUS, UPDATED = range(7)
    HEADERS = (
        "Location",
        "Ward",
        "Young people",
        "Guardianship",
        "Community and environment",
        "Status",
        "Last updated",
    )
    SIDE_COLUMNS: ClassVar[dict[int, Side]] = {
        YOUNG_PEOPLE: Side.YOUNG_PEOPLE,
        GUARDIANSHIP: Side.GUARDIANSHIP,
        ENVIRONMENT: Side.ENVIRONMENT,
    }

    def __init__(self) -> None:
        super().__init__()
        self._given: list[LocationSummary] = []  # every location as the store lists them (by name)
        self._sorted_by: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self._words = ""

    def record_id(self, record: LocationSummary) -> str:
        """A row is found by its location's id."""
        return record.location.id

    def set_rows(self, rows: list[LocationSummary]) -> None:
        """Replace all rows; those found by the words typed are shown, in the order last asked for by :meth:`sort`."""
        self._given = list(rows)
        super().set_rows(self._in_order(self._given))

    def put_row(self, record: LocationSummary) -> int:
        """Show ``record`` in place of its location's row (or as a new row) and return its row, moved if sorted.

        The row is shown even if the words typed would not find it now (renamed while being looked
        at): it goes at the next reload or change of the words, not from under the user.
        """
        given = next((i for i, row in enumerate(self._given) if row.location.id == record.location.id), None)
        if given is None:
            self._given.append(record)
        else:
            self._given[given] = record
        row = super().put_row(record)
        if self._sorted_by[0] < 0:
            return row
        self._reorder(self._rows)
        moved = self.row_of(record.location.id)
        assert moved is not None  # just put
        return moved

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by what ``column`` means (see :meth:`_key`); column -1 goes back to the store's order (by name).

        Called by the view when a heading is clicked. A view's selection and current row stay on
        the same locations (the rows are moved, not reset).
        """
        self._sorted_by = (column, order)
        self._reorder(self._given)

    def sorted_by(self) -> tuple[int, Qt.SortOrder]:
        """The column (-1: none) and the direction of the last :meth:`sort`."""
        return self._sorted_by

    def set_words(self, typed: str) -> None:
        """Show only the locations with every word of ``typed`` in their :meth:`find_text` (any case); "" shows all.

        The register's rule (:func:`safeguarding.words.has_words`). The model is reset: a view's
        selection is lost, and its owner selects the location again if it is still shown.
        """
        if typed.split() == self._words.split():
            self._words = typed
            return
        self._words = typed
        super().set_rows(self._in_order(self._given))

    def words(self) -> str:
        """The words the list is narrowed to ("" when it is not)."""
        return self._words

    def total(self) -> int:
        """How many locations there are, shown or not (the rows last set, and any put since)."""
        return len(self._given)

    def _reorder(self, rows: list[LocationSummary]) -> None:
        """Show ``rows`` (the same locations as shown now) in order, telling views which row went where."""
        self.layoutAboutToBeChanged.emit()
        before = [self.record_id(row) for row in self._rows]
        shown = {self.record_id(row) for row in self._rows}
        self._rows = [row for row in self._in_order(rows, words=False) if self.record_id(row) in shown]
        after = {self.record_id(row): number for number, row in enumerate(self._rows)}
        moved_from = self.persistentIndexList()
        moved_to = [self.index(after[before[index.row()]], index.column()) for index in moved_from]
        self.changePersistentIndexList(moved_from, moved_to)
        self.layoutChanged.emit()

    def _in_order(self, rows: list[LocationSummary], *, words: bool = True) -> list[LocationSummary]:
        """``rows`` found by the words typed (unless ``words`` is False), sorted as last asked.

        Rows with nothing to sort by go last whichever way; rows that sort equal keep the given order.
        """
        if words and self._words.split():
            rows = [row for row in rows if has_words(self._words, *self._find_text(row))]
        column, order = self._sorted_by
        if column < 0:
            return list(rows)
        keyed = [(self._key(row, column), row) for row in rows]
        present = sorted(
            (pair for pair in keyed if pair[0] is not None),
            key=lambda pair: pair[0],
            reverse=order == Qt.SortOrder.DescendingOrder,  # stable: equal keys keep the given order
        )
        return [row for _key, row in present] + [row for key, row in keyed if key is None]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        column = index.column()
        side = self.SIDE_COLUMNS.get(column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == self.NAME:
                suffix = " (archived)" if summary.location.archived else ""
                return summary.location.name + suffix
            if column == self.WARD:
                return summary.location.ward
            if side is not None:
                if summary.status is None:
                    return "—" if role == Qt.ItemDataRole.DisplayRole else "No assessment"
                return rating_text(summary.ratings[side])
            if column == self.STATUS:
                return summary.status.label if summary.status else "Not assessed"
            if column == self.UPDATED:
                return utc_to_local(summary.last_updated).strftime("%d/%m/%Y %H:%M")
        if role == Qt.ItemDataRole.BackgroundRole and side is not None:
            rating = summary.ratings[side]
            return BACKGROUND[rating] if rating else None
        if role == Qt.ItemDataRole.ForegroundRole and side is not None and summary.ratings[side]:
            return ON_PALE  # readable on the pale rating colour in any theme, dark or high contrast
        if role == Qt.ItemDataRole.UserRole:
            return summary.location.id
        return None

    @classmethod
    def _key(cls, summary: LocationSummary, column: int) -> Any:
        """What ``summary`` sorts by in ``column``: its meaning, not its text; None when there is nothing to sort by.

        Names and wards by letters (any case), their numbers by value ("Ward 2" before "Ward 10");
        ratings Red, Amber, Green (the register's order: most
        serious first); status Draft then Complete; "Last updated" by time. None (no ward, not rated,
        never assessed) is listed last whichever way the column is sorted.
        """
        side = cls.SIDE_COLUMNS.get(column)
        if side is not None:
            rating = summary.ratings[side] if summary.status is not None else None
            return _RATING_ORDER[rating] if rating is not None else None
        if column == cls.NAME:
            return natural_key(summary.location.name)
        if column == cls.WARD:
            return natural_key(summary.location.ward) or None
        if column == cls.STATUS:
            return _STATUS_ORDER[summary.status] if summary.status is not None else None
        if column == cls.UPDATED:
            return summary.last_updated
        return None

    @staticmethod
    def _find_text(summary: LocationSummary) -> tuple[str, ...]:
        """The texts the find box looks in: the location's name, address, ward, district and type of place."""
        location = summary.location
        return (location.name, location.address, location.ward, location.district, location.place_type)


_RATING_ORDER = {rating: number for number, rating in enumerate(Rating)}
"""Red 0, Amber 1, Green 2: the most serious first, as the DCSM register sorts (safeguarding.meetings.register)."""
_STATUS_ORDER = {status: number for number, status in enumerate(AssessmentStatus)}


class ObservationTableModel(RecordTableModel[Observation]):
    """An assessment's observation visits, with derived time band and day type.

    Roles: ``UserRole`` gives the visit id, :data:`SORT_ROLE` a value that sorts
    the column sensibly (the start for the date, the time of day then the date
    for the time, the band's order for the band, numbers for counts), :data:`BAND_ROLE` the band id (for
    filtering by time band).
    """

    DATE, TIME, BAND, OBSERVER, LIGHT, YOUNG_PEOPLE, SIDES, NOTES = range(8)
    HEADERS = ("Date", "Time", "Time band", "Observer", "Light", "Young people", "Sides", "What was seen")
    SORT_ROLE = Qt.ItemDataRole.UserRole + 1
    BAND_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, form: FormDefinition) -> None:
        super().__init__()
        self._form = form
        self._band_order = {band.id: number for number, band in enumerate(form.time_bands)}
        self._shown: dict[str, _ShownVisit] = {}
        self._starts: dict[str, str] = {}

    def set_rows(self, rows: list[Observation]) -> None:
        """Replace all rows; what each shows is worked out again when first asked for."""
        self._shown, self._starts = {}, {}
        super().set_rows(rows)

    def put_row(self, record: Observation) -> int:
        """Show ``record`` in place of the row with its id (or as a new last row); return its row.

        Only that row is announced as changed (or inserted): the view, its sorting and its
        filter update that row, and the other rows' cached texts are kept.
        """
        self._shown.pop(record.id, None)
        self._starts.pop(record.id, None)
        return super().put_row(record)

    def _visit(self, visit: Observation) -> _ShownVisit:
        """What ``visit``'s cells show, worked out once per visit (time band, local times, head count)."""
        shown = self._shown.get(visit.id)
        if shown is None:
            shown = self._shown[visit.id] = _ShownVisit.of(visit, self._form, self._band_order)
        return shown

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        visit = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._visit(visit).texts[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.NOTES:
                return plain_tip(visit.notes)
            if column == self.YOUNG_PEOPLE:
                from safeguarding.evidence.details import counts_text

                return counts_text(visit) or "No head count recorded."
        if role == self.SORT_ROLE:
            if column == self.DATE:  # the list opens sorted by date: nothing else worked out for it
                key = self._starts.get(visit.id)
                if key is None:
                    key = self._starts[visit.id] = visit.start.isoformat()
                return key
            shown = self._visit(visit)
            if column == self.TIME:
                return shown.time_of_day
            if column == self.BAND:
                return shown.band_order
            if column == self.YOUNG_PEOPLE:
                return shown.young_people
            return shown.texts[column]
        if role == self.BAND_ROLE:
            return self._visit(visit).band_id
        if role == Qt.ItemDataRole.UserRole:
            return visit.id
        return None


@dataclass(frozen=True)
class _ShownVisit:
    """What one visit's row shows: the cell texts by column, and the values it sorts and filters by."""

    texts: tuple[str, ...]
    band_id: str
    band_order: int
    young_people: int
    time_of_day: str
    """The start's UK local time of day, then the start: sorts the Time column by time of day, then by date."""

    @classmethod
    def of(cls, visit: Observation, form: FormDefinition, band_order: dict[str, int]) -> _ShownVisit:
        """Work out the row of ``visit`` (time band, local times, head count) for ``form``."""
        # Loaded with the first visit shown, not at start-up (the locations list needs none of it).
        from safeguarding.evidence.details import sides_text, young_people_seen
        from safeguarding.timebands import is_weekend, time_band

        start, end = utc_to_local(visit.start), utc_to_local(visit.end)
        weekend = is_weekend(visit.start)
        band = time_band(visit, form.time_bands)
        day = start.strftime("%a %d/%m/%Y")
        young = young_people_seen(visit)
        notes = visit.notes.strip()
        texts = (
            f"{day} (weekend)" if weekend else day,
            f"{start:%H:%M}–{end:%H:%M}",
            band.label_for(weekend),
            visit.observer,
            form.light_label(visit.light),
            str(young) if visit.counts else "—",
            sides_text(visit.sides),
            notes.splitlines()[0][:120] if notes else "",
        )
        return cls(
            texts=texts,
            band_id=band.id,
            band_order=band_order.get(band.id, 0),
            young_people=young,
            time_of_day=f"{start:%H:%M:%S} {visit.start.isoformat()}",
        )
