"""A long list of choices opens wide enough to read, measured once per choice (issue 16, issue 14).

:func:`ui.widgets.columns.full_width_choices` widens a combo box's list to its longest
choice. The Map page's visit box is filled one visit at a time: measuring every earlier
choice again at each one cost 80,000 text measures for the 400-visit assessment, most of
the time of opening it on its Observations page. These tests count the measures.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from safeguarding.forms import FormLibrary
from safeguarding.model import Location, Observation
from safeguarding.store import open_store
from safeguarding.timeutil import utc_to_local
from tests.ui.conftest import ScriptedInteraction
from ui.widgets.columns import full_width_choices


@pytest.fixture
def measures(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every text measured through ``QFontMetrics.horizontalAdvance``, in order."""
    measured: list[str] = []
    original = QFontMetrics.horizontalAdvance

    def counting(metrics: QFontMetrics, text: str) -> int:
        measured.append(text)
        return int(original(metrics, text))

    monkeypatch.setattr(QFontMetrics, "horizontalAdvance", counting)
    yield measured


def _combo(qtbot: QtBot) -> QComboBox:
    combo = QComboBox()
    qtbot.addWidget(combo)
    full_width_choices(combo)
    return combo


def _wanted(combo: QComboBox) -> int:
    """The list's minimum width when every choice is measured afresh (what the box had before issue 14)."""
    view = combo.view()
    metrics = view.fontMetrics()
    widest = max((metrics.horizontalAdvance(combo.itemText(row)) for row in range(combo.count())), default=0)
    return widest + combo.iconSize().width() + 8 + view.verticalScrollBar().sizeHint().width() + 16


def test_choices_added_one_at_a_time_are_each_measured_once(qtbot: QtBot, measures: list[str]) -> None:
    combo = _combo(qtbot)
    combo.addItem("(none)", None)
    for number in range(400):
        combo.addItem(f"Visit {number} " + "x" * (number % 37), number)
    assert len(measures) == 401  # was 80,601: every earlier choice measured again at each
    assert combo.view().minimumWidth() == _wanted(combo)


def test_the_width_follows_removed_changed_and_cleared_choices(qtbot: QtBot, measures: list[str]) -> None:
    combo = _combo(qtbot)
    combo.addItems(["short", "a much, much longer choice than the others", "mid length"])
    long_width = combo.view().minimumWidth()
    assert long_width == _wanted(combo)

    combo.removeItem(1)  # the widest goes: measured whole again when the next choice comes
    combo.addItem("tiny")
    assert combo.view().minimumWidth() == _wanted(combo) < long_width

    combo.setItemText(0, "a choice renamed to something far longer than before")
    combo.addItem("x")
    assert combo.view().minimumWidth() == _wanted(combo) > long_width

    combo.clear()
    combo.addItem("one")
    assert combo.view().minimumWidth() == _wanted(combo)


def test_a_larger_font_measures_every_choice_again(qtbot: QtBot) -> None:
    combo = _combo(qtbot)
    combo.addItems(["a fairly long choice", "b"])
    before = combo.view().minimumWidth()
    font = QFont(combo.view().font())
    font.setPointSizeF(font.pointSizeF() * 2)
    combo.view().setFont(font)
    combo.addItem("c")
    assert combo.view().minimumWidth() == _wanted(combo) > before


def test_the_map_page_adds_an_assessments_visits_to_its_visit_box_at_once(
    qtbot: QtBot, db_path: Path, form_library: FormLibrary, interaction: ScriptedInteraction, measures: list[str]
) -> None:
    """Issue 14: the 400-visit assessment's visits went into the pin form's visit box one insertion each."""
    from ui.editor.map_page import MapPage

    store = open_store(db_path)
    try:
        location = store.locations.add(Location("Brenchley Gardens", latitude=51.2775, longitude=0.5195))
        assessment = store.assessments.create(location.id, form_library.current())
        start = datetime(2026, 9, 1, 15, tzinfo=UTC)
        for day in range(60):
            begin = start + timedelta(days=day)
            store.assessments.save_observation(assessment.id, Observation(start=begin, end=begin + timedelta(hours=1)))
        form = form_library.current()
        page = MapPage(form.section("map"), form, store, interaction)
        qtbot.addWidget(page)
        loaded = store.assessments.get(assessment.id)
        insertions: list[int] = []
        page.visit.model().rowsInserted.connect(lambda _parent, first, last: insertions.append(last - first + 1))
        measures.clear()
        page.load(loaded, location)
        assert insertions == [1, 60]  # "(none)", then the visits at once (was 61 insertions of one)
        assert len(measures) == 61  # each choice measured once for the list's width
        assert [page.visit.itemText(row) for row in range(page.visit.count())] == ["(none)"] + [
            f"{utc_to_local(visit.start):%a %d %b %Y %H:%M}" for visit in loaded.observations
        ]
        assert [page.visit.itemData(row) for row in range(page.visit.count())] == [None] + [
            visit.id for visit in loaded.observations
        ]
        assert page.visit.currentIndex() == 0
        assert page.visit.view().minimumWidth() == _wanted(page.visit)
    finally:
        store.close()
