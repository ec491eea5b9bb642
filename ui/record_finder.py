"""Opening a record where it is: which editor page holds each kind of record, and choosing the record on it.

Used by the search window (:mod:`ui.search.search_dialog`) through
:meth:`ui.window_host.WindowHost.show_record`. Pages are not changed for it: a
record is chosen in any list or table on the page whose model can say which
record each row shows (``model.row(n).id``), through proxies; the map page
selects its pin, the plan page its goal or action.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QAbstractProxyModel, QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QWidget

from safeguarding.model import Side

SECTIONS = {
    "assessment": "overview",
    "visit": "observations",
    "consultation": "consultations",
    "pin": "map",
    "photo": "photos",
    "goal": "plan",
    "action": "plan",
    "review": "reviews",
}
"""The form section (editor page) of each record type; a finding's page is its side's."""


def section_of(record_type: str, sides: tuple[Side, ...]) -> str | None:
    """The section id holding a record of ``record_type`` (None if it has no page)."""
    if record_type == "finding":
        return sides[0].value if sides else None
    return SECTIONS.get(record_type)


def _source_row(model: QAbstractItemModel, index: QModelIndex) -> tuple[QAbstractItemModel, int]:
    while isinstance(model, QAbstractProxyModel):
        index = model.mapToSource(index)
        model = model.sourceModel()
    return model, index.row()


def select_record(page: QWidget, record_id: str) -> bool:
    """Choose the record ``record_id`` on ``page``; True if it was found there."""
    select_pin = getattr(page, "select_pin", None)
    if callable(select_pin):
        select_pin(record_id)
        return True
    refresh = getattr(page, "refresh", None)
    if callable(refresh) and hasattr(page, "selected_action"):
        refresh(select=record_id)
        return True
    for view in page.findChildren(QAbstractItemView):
        model = view.model()
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            source, source_row = _source_row(model, index)
            record = getattr(source, "row", None)
            try:
                found = record(source_row) if callable(record) else None
            except (IndexError, TypeError):
                found = None
            if getattr(found, "id", None) == record_id:
                view.setCurrentIndex(index)
                view.scrollTo(index)
                view.activated.emit(index)
                return True
    return False
