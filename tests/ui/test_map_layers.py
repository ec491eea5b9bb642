"""The Map page with a vector background, the police layer and safety-mapping marks; and position checks.

Vector tiles are generated in the real format (gzip MVT in MBTiles); the page draws them with the
vendored protomaps-leaflet, fetching tiles only from the app's ``tiles:`` scheme: no request leaves
the app (checked as in the other map tests).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from safeguarding.crime.importer import import_police_data
from safeguarding.forms import FormLibrary
from safeguarding.maps.offline import maps_dir
from safeguarding.maps.web_page import OUTSIDE_SCREEN_NOTICE
from safeguarding.model import Location, MapPin
from safeguarding.safety_mapping.model import MarkKind, Participants, SafetySession
from safeguarding.store import open_store
from tests.crime.police_files import map_points, street_rows, write_street_csv
from tests.maps.conftest import BRENCHLEY
from tests.maps.vector_tiles import make_vector_mbtiles
from tests.ui.conftest import ScriptedInteraction
from tests.ui.test_map import PAGE_TIMEOUT, _js, _open_map
from ui.editor.map_page import MapPage
from ui.main_window import MainWindow


def _seed(db_path: Path, form_library: FormLibrary, tmp_path: Path) -> str:
    store = open_store(db_path)
    try:
        location = store.locations.add(Location("Brenchley Gardens", latitude=BRENCHLEY[0], longitude=BRENCHLEY[1]))
        assessment = store.assessments.create(location.id, form_library.current())
        assessment.start_date = date(2026, 3, 10)
        store.assessments.save(assessment)
        store.maps.set_boundary(
            assessment.id, [(51.2781, 0.5185), (51.2782, 0.5205), (51.2770, 0.5207), (51.2769, 0.5187)]
        )
        store.maps.save_pin(assessment.id, MapPin(51.2779, 0.5191, "cctv", "Camera"))
        points = map_points(BRENCHLEY, 30, 0.002)
        files = [write_street_csv(tmp_path, m, street_rows(m, 60, points)) for m in ("2025-05", "2025-06")]
        import_police_data(store.crime, files)
        store.safety.save_session(SafetySession(assessment.id, date(2026, 3, 20), [Participants("Young people", 5)]))
        return assessment.id
    finally:
        store.close()


def test_vector_background_police_layer_and_safety_marks(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    db_path: Path,
    form_library: FormLibrary,
    interaction: ScriptedInteraction,
    tmp_path: Path,
) -> None:
    assessment_id = _seed(db_path, form_library, tmp_path)
    maps_dir().mkdir(parents=True)
    make_vector_mbtiles(maps_dir() / "zoomstack.mbtiles", BRENCHLEY, schema="zoomstack")
    window = make_window()
    page = _open_map(qtbot, window, assessment_id)
    view = page.view
    assert view is not None
    assert "Contains OS data © Crown copyright" in page.status.text()

    # protomaps-leaflet came from inside the app and drew vector tiles fetched from the tiles: scheme.
    assert _js(qtbot, page, "typeof window.protomapsL") == "object"
    assert "/assets/lat/vendor/protomaps-leaflet/protomaps-leaflet.js" in view.app_handler.served
    qtbot.waitUntil(lambda: len(view.tile_handler.hits) >= 1, timeout=PAGE_TIMEOUT)
    assert all(z <= 14 for z, _, _ in view.tile_handler.hits)  # data tiles, over-zoomed by the layer
    assert _js(qtbot, page, "document.querySelectorAll('canvas.leaflet-tile').length") >= 1

    # The police layer is there, off until switched on; its points are the records near the place.
    assert _js(qtbot, page, "LAT.overlayShown('crime')") is False
    assert _js(qtbot, page, "LAT.overlaySize('crime')") >= 1
    labels = _js(
        qtbot, page, "Array.from(document.querySelectorAll('.leaflet-control-layers label')).map(l => l.textContent)"
    )
    assert any(label.strip().startswith("Police records") for label in labels)
    _js(qtbot, page, "document.querySelectorAll('.leaflet-control-layers-selector')[0].click() || 1")
    qtbot.waitUntil(lambda: _js(qtbot, page, "LAT.overlayShown('crime')") is True, timeout=PAGE_TIMEOUT)

    # Safety-mapping marks: a click adds a mark to the session; a far click is questioned first.
    page.safety_mode.setChecked(True)
    assert page.safety.isVisible() and page.safety.session.count() == 1
    page.safety.kind.setCurrentIndex(page.safety.kind.findData(MarkKind.UNSAFE.value))
    page.on_map_clicked(51.2775, 0.5196)
    store = window.store
    assert store is not None
    assert [m.kind for m in store.safety.sessions(assessment_id)[0].marks] == [MarkKind.UNSAFE]
    qtbot.waitUntil(lambda: _js(qtbot, page, "LAT.overlaySize('safety')") == 1, timeout=PAGE_TIMEOUT)
    interaction.answers = [False]
    page.on_map_clicked(51.40, 0.5196)  # about 14 km away: asked, and "Go back" keeps it out
    assert interaction.answers == [] and len(store.safety.sessions(assessment_id)[0].marks) == 1

    # Panned outside the imported map, the page says so in words.
    outside = _js(
        qtbot,
        page,
        "(function () { LAT.map().setView([51.40, 0.80], 15, {reset: true}); var n = document.querySelector("
        "'.lat-outside'); return [document.body.getAttribute('data-outside'), n && n.textContent]; })()",
    )
    assert outside == ["1", OUTSIDE_SCREEN_NOTICE]

    assert view.interceptor.blocked == [] and view.map_page.refused == []
    errors = [entry for entry in view.map_page.console if entry[0] >= 2]
    assert errors == []


def test_pin_positions_far_away_or_inaccurate_are_questioned(
    qtbot: QtBot, db_path: Path, form_library: FormLibrary, interaction: ScriptedInteraction, tmp_path: Path
) -> None:
    assessment_id = _seed(db_path, form_library, tmp_path)
    store = open_store(db_path)
    try:
        form = form_library.current()
        page = MapPage(form.section("map"), form, store, interaction)
        qtbot.addWidget(page)
        page.load(store.assessments.get(assessment_id), store.locations.by_name()[0])
        page.latitude.setText("51.2776")
        page.longitude.setText("0.5190")
        page.accuracy.setText("65")
        interaction.answers = [False]
        page.add_at_typed_coordinates()
        assert len(store.maps.pins(assessment_id)) == 1  # not saved
        interaction.answers = [True]
        page.add_at_typed_coordinates()
        saved = store.maps.pins(assessment_id)[-1]
        assert saved.accuracy_m == 65.0
        page.accuracy.setText("8")
        page.latitude.setText("0.5196")  # latitude and longitude swapped: thousands of km away
        page.longitude.setText("51.2776")
        interaction.answers = [False]
        page.add_at_typed_coordinates()
        assert len(store.maps.pins(assessment_id)) == 2
        page.accuracy.setText("about ten")
        page.latitude.setText("51.2776")
        page.longitude.setText("0.5196")
        page.add_at_typed_coordinates()
        assert interaction.errors[-1][0] == "Pin not added" and "not a number of metres" in interaction.errors[-1][1]
    finally:
        store.close()
