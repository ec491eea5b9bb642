"""The "What needs attention" columns are sized from a bounded number of rows, never by reading every row.

Issue 14: the dialog must show within 30 ms at 2,000 overdue actions, and it is kept and
shown again with new rows, so sizing its columns to their text must not read every row.
Counted in calls to the model's ``data()`` (never timed: speed is for scripts/ benchmarks).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from safeguarding.plan.attention import AttentionItem, AttentionKind, PlanContext
from ui.models import Index
from ui.plan.attention import MEASURED_ROWS, AttentionDialog, AttentionModel

MANY = 2000
"""Rows listed: issue 14's 2,000 overdue actions."""


def _items(count: int, today: date) -> list[AttentionItem]:
    where = PlanContext("loc-1", "Brenchley Gardens", "assessment-1")
    return [
        AttentionItem(
            AttentionKind.OVERDUE_ACTION,
            where,
            today - timedelta(days=row + 1),
            f"Fix the lights (test {row})",
            "Police",
            -(row + 1),
            f"action-{row}",
        )
        for row in range(count)
    ]


@pytest.fixture
def rows_read(monkeypatch: pytest.MonkeyPatch) -> Iterator[set[int]]:
    """The rows whose cells ``AttentionModel.data()`` has been asked for (cleared by the test as it likes)."""
    read: set[int] = set()
    usual = AttentionModel.data

    def counted(self: AttentionModel, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        read.add(index.row())
        return usual(self, index, role)

    monkeypatch.setattr(AttentionModel, "data", counted)
    yield read


def test_the_columns_are_sized_from_a_bounded_number_of_rows(qtbot: QtBot, rows_read: set[int]) -> None:
    today = date(2026, 12, 7)
    dialog = AttentionDialog(_items(MANY, today), None)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == MANY
    assert 0 < len(rows_read) <= MEASURED_ROWS  # built: sized on a few rows, not 2,000

    dialog.show()
    qtbot.waitExposed(dialog)
    rows_read.clear()
    dialog.set_items(_items(MANY, today - timedelta(days=30)))  # shown again with new rows (issue 14)
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    QApplication.processEvents()
    assert 0 < len(rows_read) <= 2 * MEASURED_ROWS  # measured rows, and the few rows in view drawn
    assert max(rows_read) < MANY // 10

    last = dialog.model.index(MANY - 1, 4)  # never measured: whole in its tooltip if ever shortened
    assert last.data() == f"{MANY} days overdue"
    assert last.data() in str(last.data(Qt.ItemDataRole.ToolTipRole))
    due = dialog.model.index(MANY - 1, 3)
    assert str(due.data()) in str(due.data(Qt.ItemDataRole.ToolTipRole))
    dialog.close()
