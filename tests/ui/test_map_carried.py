"""The Map page's pin list says which pins a reassessment carried forward (without building the web view)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from safeguarding.forms import FormLibrary
from safeguarding.maps.web_page import pin_payload
from safeguarding.model import Location, MapPin
from safeguarding.store import open_store
from safeguarding.workflows.reassess import reassess
from tests.maps.conftest import BRENCHLEY
from tests.ui.conftest import ScriptedInteraction
from ui.editor.map_page import MapPage


def test_carried_pins_are_marked_in_the_list_and_keep_the_mark_when_edited(
    qtbot: QtBot, db_path: Path, form_library: FormLibrary, interaction: ScriptedInteraction
) -> None:
    form = form_library.current()
    store = open_store(db_path)
    try:
        location = store.locations.add(Location("Brenchley Gardens", latitude=BRENCHLEY[0], longitude=BRENCHLEY[1]))
        earlier = store.assessments.create(location.id, form, start_date=date(2026, 3, 3))
        store.maps.save_pin(earlier.id, MapPin(51.2777, 0.5194, "gathering_place", "Bandstand"))
        new = reassess(store, earlier.id, form, start_date=date(2026, 9, 14))
        store.maps.save_pin(new.id, MapPin(51.2779, 0.5200, "poor_lighting", "Lamp out"))
        page = MapPage(form.section("map"), form, store, interaction)
        qtbot.addWidget(page)
        page.load(store.assessments.get(new.id), location)
        assert page.view is None  # never shown: no WebEngine
        texts = [page.pin_list.item(row).text() for row in range(page.pin_list.count())]
        assert texts == ["1. Bandstand (carried forward)", "2. Lamp out"]
        assert "Carried forward from the earlier assessment" in page.pin_list.item(0).toolTip()
        assert "Carried forward" not in page.pin_list.item(1).toolTip()

        page.select_pin(page.pin_list.item(0).data(Qt.ItemDataRole.UserRole))
        page.label.setText("Bandstand, lit since June")
        page.save_selected()
        assert interaction.errors == []
        assert page.pin_list.item(0).text() == "1. Bandstand, lit since June (carried forward)"
        assert [p["carried"] for p in pin_payload(page.assessment.pins, page.categories)] == [True, False]  # type: ignore[union-attr]
    finally:
        store.close()
