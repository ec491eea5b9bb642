"""The locations list at scale: going back from an assessment reads its location's row only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from safeguarding.forms import FormLibrary
from safeguarding.model import AssessmentStatus, Location, Rating, Side
from safeguarding.store import open_store
from ui.main_window import MainWindow
from ui.models import LocationTableModel

WindowFactory = Callable[[], MainWindow]


def test_back_to_the_list_reads_the_row_of_the_assessment_left_only(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, form_library: FormLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(db_path)
    try:
        places = [
            store.locations.add(Location(name=name)) for name in ("Brenchley Gardens", "Fremlin Walk", "Lockmeadow")
        ]
        assessment = store.assessments.create(places[1].id, form_library.current())
    finally:
        store.close()
    window = make_window()
    assert window.store is not None and window.editor is not None
    window.open_assessment(assessment.id)
    changed = window.store.assessments.get(assessment.id)  # as another window saves it meanwhile
    changed.findings[Side.GUARDIANSHIP].rating = Rating.RED
    changed.status = AssessmentStatus.COMPLETE
    window.store.assessments.save(changed)
    listed: list[bool] = []
    original = window.store.locations.summaries
    monkeypatch.setattr(window.store.locations, "summaries", lambda *args: listed.append(True) or original(*args))

    window.editor.request_close()

    assert window.current_page() is window.locations_page and listed == []  # the list was not read again
    model = window.locations_page.model
    assert model.rowCount() == 3 and window.locations_page.selected_location_id() == places[1].id
    assert model.index(1, LocationTableModel.GUARDIANSHIP).data() == "Red"
    assert model.index(1, LocationTableModel.STATUS).data() == AssessmentStatus.COMPLETE.label
    assert window.locations_page.assessments.count() == 1  # its details shown
