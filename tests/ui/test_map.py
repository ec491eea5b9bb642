"""The Map page: offline Leaflet in a web view, pins in step with the database, clicks, escaping.

The WebEngine tests share one window per test and are kept few (a web view takes
about a second to start). Every request the page makes to anything but the app's
own ``app:``/``tiles:`` schemes is blocked and recorded; the tests fail if there is one.
The other tests drive the page's Python side without building the web view.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from safeguarding.forms import FormLibrary
from safeguarding.maps.offline import maps_dir
from safeguarding.maps.web_page import NO_TILES_SCREEN_NOTICE
from safeguarding.model import Location, MapPin, Side
from safeguarding.store import open_store
from tests.maps.conftest import BRENCHLEY, make_mbtiles
from tests.ui.conftest import ScriptedInteraction
from ui.editor.map_page import MapPage
from ui.main_window import MainWindow

WindowFactory = Callable[[], MainWindow]
NASTY = "St Mary's Rec ` \\ <script>alert(1)</script> <img src=x onerror=alert(2)>"
PAGE_TIMEOUT = 30000


def _seed(db_path: Path, form_library: FormLibrary, *, pins: bool = True) -> tuple[str, list[str]]:
    """A location with an assessment, a boundary and two pins (one with a hostile label)."""
    store = open_store(db_path)
    try:
        location = store.locations.add(Location("Brenchley Gardens", latitude=BRENCHLEY[0], longitude=BRENCHLEY[1]))
        assessment = store.assessments.create(location.id, form_library.current())
        store.maps.set_boundary(
            assessment.id, [(51.2781, 0.5185), (51.2782, 0.5205), (51.2770, 0.5207), (51.2769, 0.5187)]
        )
        ids = []
        if pins:
            ids.append(store.maps.save_pin(assessment.id, MapPin(51.2779, 0.5191, "cctv", NASTY)).id)
            ids.append(store.maps.save_pin(assessment.id, MapPin(51.2772, 0.5201, "hidden_area", "Bandstand")).id)
        return assessment.id, ids
    finally:
        store.close()


def _js(qtbot: QtBot, page: MapPage, script: str) -> Any:
    """Run ``script`` in the map page and return its result (JSON round trip)."""
    results: list[Any] = []
    assert page.view is not None
    page.view.run(f"JSON.stringify({script})", results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=PAGE_TIMEOUT)
    return json.loads(results[0]) if results[0] else None


def _open_map(qtbot: QtBot, window: MainWindow, assessment_id: str) -> MapPage:
    window.open_assessment(assessment_id)
    assert window.editor is not None
    page = window.editor.page("map")
    assert isinstance(page, MapPage) and page.view is None  # built lazily, only when shown
    with qtbot.waitSignal(page.pins_shown, timeout=PAGE_TIMEOUT):
        window.editor.show_section("map")
    return page


def _assert_offline(page: MapPage) -> None:
    assert page.view is not None
    assert page.view.interceptor.blocked == [], "the map page tried to reach the network"
    assert page.view.map_page.refused == [], "the map page tried to reach the network"
    assert page.view.map_page.alerts == []
    errors = [entry for entry in page.view.map_page.console if entry[0] >= 2]
    assert errors == []


def test_map_page_offline_with_tiles_pins_clicks_and_escaping(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, form_library: FormLibrary
) -> None:
    assessment_id, pin_ids = _seed(db_path, form_library)
    maps_dir().mkdir(parents=True)
    make_mbtiles(maps_dir() / "maidstone.mbtiles")
    window = make_window()
    page = _open_map(qtbot, window, assessment_id)
    view = page.view
    assert view is not None

    # Leaflet loaded from the app, not a CDN.
    assert _js(qtbot, page, "typeof L !== 'undefined' && L.version") == "1.9.3"
    assert "/assets/leaflet/leaflet.js" in view.app_handler.served

    # The pins on the page are the pins in the database.
    store = window.store
    assert store is not None
    stored = store.maps.pins(assessment_id)
    shown = _js(qtbot, page, "LAT.shownPins()")
    assert [(p["id"], p["label"]) for p in shown] == [(p.id, p.label) for p in stored]
    assert [(round(p["lat"], 6), round(p["lon"], 6)) for p in shown] == [(p.latitude, p.longitude) for p in stored]
    assert [page.pin_list.item(row).data(Qt.ItemDataRole.UserRole) for row in range(page.pin_list.count())] == [
        p.id for p in stored
    ]

    # The hostile label is shown literally and ran nothing.
    assert _js(qtbot, page, f"LAT.tooltipText({json.dumps(pin_ids[0])})") == f"1. {NASTY}CCTV camera"
    assert _js(qtbot, page, "document.querySelectorAll('img[src=x]').length") == 0
    # No native title on markers: QtWebEngine would show it as a Qt tooltip, which renders HTML.
    assert _js(qtbot, page, "document.querySelectorAll('.leaflet-marker-icon[title]').length") == 0

    # Tiles come from the MBTiles file (rows in TMS order are turned round).
    qtbot.waitUntil(lambda: len(view.tile_handler.hits) >= 4, timeout=PAGE_TIMEOUT)
    assert _js(qtbot, page, "document.querySelectorAll('img.leaflet-tile-loaded').length") >= 1

    # Selecting in the list selects on the map, and clicking a pin on the map selects it in the list.
    page.select_pin(pin_ids[1])
    qtbot.waitUntil(lambda: _js(qtbot, page, "LAT.selected()") == pin_ids[1], timeout=PAGE_TIMEOUT)
    _js(qtbot, page, "document.querySelectorAll('.lat-pin-wrap')[0].click()")
    qtbot.waitUntil(lambda: page.selected_pin_id() == pin_ids[0], timeout=PAGE_TIMEOUT)

    # A real click on the map (centred on the location) creates a pin there.
    target = view.focusProxy() or view
    where = QPoint(60, view.height() - 120)
    clicked = _js(qtbot, page, f"LAT.map().containerPointToLatLng([{where.x()}, {where.y()}])")
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)
    qtbot.waitUntil(lambda: len(store.maps.pins(assessment_id)) == 3, timeout=PAGE_TIMEOUT)
    added = store.maps.pins(assessment_id)[-1]
    assert added.latitude == pytest.approx(clicked["lat"], abs=1e-4)
    assert added.longitude == pytest.approx(clicked["lng"], abs=1e-4)
    qtbot.waitUntil(lambda: len(_js(qtbot, page, "LAT.shownPins()")) == 3, timeout=PAGE_TIMEOUT)
    assert page.selected_pin_id() == added.id

    # Saving one pin changes its row and its marker only: the other markers are the same elements.
    _js(qtbot, page, "document.querySelectorAll('.lat-pin-wrap').forEach(function (m) { m.dataset.kept = 'yes'; })")
    page.select_pin(pin_ids[1])
    page.label.setText("Bandstand steps")
    assert page.save_selected()
    assert page.pin_list.item(1).text() == "2. Bandstand steps" and page.pin_list.count() == 3
    assert page.selected_pin_id() == pin_ids[1]
    qtbot.waitUntil(
        lambda: _js(qtbot, page, f"LAT.tooltipText({json.dumps(pin_ids[1])})") == "2. Bandstand stepsHidden area",
        timeout=PAGE_TIMEOUT,
    )
    assert [p["label"] for p in _js(qtbot, page, "LAT.shownPins()")] == [NASTY, "Bandstand steps", added.label]
    kept = _js(qtbot, page, "Array.from(document.querySelectorAll('.lat-pin-wrap')).map(m => m.dataset.kept || '')")
    assert sorted(kept) == ["", "yes", "yes"]
    assert window.editor is not None and window.editor.assessment is not None
    assert [pin.label for pin in window.editor.assessment.pins] == [NASTY, "Bandstand steps", added.label]

    _assert_offline(page)
    # The guard itself works: a request to the internet is refused and recorded (so it would fail the test).
    _js(qtbot, page, "(function(){ var i = new Image(); i.src = 'https://tile.example.org/1/1/1.png'; return 1; })()")
    qtbot.waitUntil(lambda: view.map_page.refused != [], timeout=PAGE_TIMEOUT)
    assert "https://tile.example.org/1/1/1.png" in view.map_page.refused[0]


def test_map_page_without_tiles_shows_notice_and_boundary(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, form_library: FormLibrary
) -> None:
    assessment_id, _ = _seed(db_path, form_library, pins=False)
    window = make_window()
    page = _open_map(qtbot, window, assessment_id)
    assert "No background map of streets for this area" in page.status.text()
    assert "MBTiles" not in page.status.text() and "GeoJSON" not in page.export_button.text()  # issue 16: no jargon
    notice = _js(qtbot, page, "document.querySelector('.lat-notice').textContent")
    assert notice == NO_TILES_SCREEN_NOTICE
    assert _js(qtbot, page, "LAT.shownPins().length") == 0
    assert "Boundary of the place" in _js(qtbot, page, "document.querySelector('.lat-legend').textContent")
    # Issue 16: the legend covered pins on a small screen; its heading folds it away and opens it again.
    _js(qtbot, page, "document.querySelector('.lat-legend-toggle').click()")
    folded = _js(qtbot, page, "document.querySelector('.lat-legend').textContent")
    assert folded.startswith("Legend") and "Boundary of the place" not in folded
    _js(qtbot, page, "document.querySelector('.lat-legend-toggle').click()")
    assert "Boundary of the place" in _js(qtbot, page, "document.querySelector('.lat-legend').textContent")
    assert page.view is not None and page.view.tile_handler.hits == []
    _assert_offline(page)


def test_while_folium_loads_the_web_engine_starts_on_an_empty_page_then_shows_the_map(
    qtbot: QtBot,
    make_window: WindowFactory,
    db_path: Path,
    form_library: FormLibrary,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first Map page of a session: the renderer starts while folium is imported, and the map follows."""
    from ui import map_view
    from ui.editor import map_page

    started: list[str] = []
    start_renderer = map_view.MapView.start_renderer

    def spy(view: map_view.MapView, then: Callable[[], None]) -> None:
        start_renderer(view, then)
        started.append(view.app_handler.html)

    monkeypatch.setattr(map_page, "folium_loading", lambda: True)
    monkeypatch.setattr(map_view.MapView, "start_renderer", spy)
    assessment_id, pin_ids = _seed(db_path, form_library)
    page = _open_map(qtbot, make_window(), assessment_id)
    assert started == [map_view.BLANK_PAGE]
    assert [pin["id"] for pin in _js(qtbot, page, "LAT.shownPins()")] == pin_ids
    _assert_offline(page)


# -- The page's Python side, without a web view -------------------------------------------


@pytest.fixture
def map_page(qtbot: QtBot, db_path: Path, form_library: FormLibrary, interaction: ScriptedInteraction) -> MapPage:
    assessment_id, _ = _seed(db_path, form_library)
    store = open_store(db_path)
    form = form_library.current()
    page = MapPage(form.section("map"), form, store, interaction)
    qtbot.addWidget(page)
    page.load(store.assessments.get(assessment_id), store.locations.by_name()[0])
    yield page
    store.close()


def test_typed_pin_is_added_and_impossible_ones_refused(map_page: MapPage, interaction: ScriptedInteraction) -> None:
    assert map_page.view is None  # never shown: no WebEngine
    map_page.category.setCurrentIndex(map_page.category.findData("entrance"))
    for lat, lon in (("95", "0.5"), ("51.27", "east"), ("nan", "0.5"), ("", "")):
        map_page.latitude.setText(lat)
        map_page.longitude.setText(lon)
        map_page.add_at_typed_coordinates()
    assert [title for title, _ in interaction.errors] == ["Pin not added"] * 4
    assert "between -90 and 90" in interaction.errors[0][1]
    assert map_page.pin_list.count() == 2
    map_page.latitude.setText("51.2776")
    map_page.longitude.setText("0.5189")
    map_page.add_at_typed_coordinates()
    assert map_page.pin_list.count() == 3
    added = map_page.assessment.pins[-1]  # type: ignore[union-attr]
    assert (added.category, added.side) == ("entrance", Side.ENVIRONMENT)
    assert map_page.selected_pin_id() == added.id


def test_edit_and_delete_pin_and_outside_the_offline_map(
    map_page: MapPage, interaction: ScriptedInteraction, tmp_path: Path
) -> None:
    map_page.select_pin(map_page.assessment.pins[1].id)  # type: ignore[union-attr]
    map_page.label.setText("Bandstand (covered, unlit)")
    map_page.notes.setPlainText("Groups of 6-8 after school.")
    map_page.side.setCurrentIndex(map_page.side.findData("young_people"))
    map_page.save_selected()
    stored = map_page._store.maps.pins(map_page.assessment.id)  # type: ignore[union-attr]
    assert (stored[1].label, stored[1].notes, stored[1].side) == (
        "Bandstand (covered, unlit)",
        "Groups of 6-8 after school.",
        Side.YOUNG_PEOPLE,
    )
    assert map_page.pin_list.item(1).text() == "2. Bandstand (covered, unlit)"

    # With an offline map in use, a pin beyond its edge is refused.
    maps_dir().mkdir(parents=True)
    make_mbtiles(maps_dir() / "small.mbtiles")
    map_page._choose_tiles()
    assert map_page.tiles is not None
    map_page.new_pin(51.40, 0.52)
    assert interaction.errors[-1][0] == "Pin not added" and "outside the offline map" in interaction.errors[-1][1]

    interaction.answers.append(True)
    map_page.delete_selected()
    assert [p.label for p in map_page._store.maps.pins(map_page.assessment.id)] == [NASTY]  # type: ignore[union-attr]


def test_boundary_by_typed_corners(map_page: MapPage, interaction: ScriptedInteraction) -> None:
    map_page.corners.setPlainText("51.2781, 0.5185\n51.2782 0.5205\n51.2770;0.5207\n")
    map_page.set_boundary_from_corners()
    assert map_page._store.maps.boundary(map_page.assessment.id) == [  # type: ignore[union-attr]
        (51.2781, 0.5185),
        (51.2782, 0.5205),
        (51.2770, 0.5207),
    ]
    map_page.corners.setPlainText("51.2781, 0.5185\n51.2782\n")
    map_page.set_boundary_from_corners()
    assert interaction.errors[-1] == (
        "Boundary not saved",
        "Line 2 should be 'latitude, longitude', for example 51.2776, 0.5196.",
    )
    # Drawing by clicks: three corners, then Finish.
    map_page.boundary_mode.setChecked(True)
    for point in ((51.2780, 0.5186), (51.2781, 0.5204), (51.2771, 0.5206)):
        map_page.on_map_clicked(*point)
    assert map_page.finish_boundary_button.isEnabled()
    map_page.finish_boundary()
    assert len(map_page._store.maps.boundary(map_page.assessment.id)) == 3  # type: ignore[union-attr]
    assert map_page.mode == "pin"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b"this is not a database at all" * 100), "is not an offline map"),
        (lambda p: sqlite3.connect(p).execute("CREATE TABLE other (x)").connection.commit(), "no MBTiles tiles table"),
        (lambda p: make_mbtiles(p, centre=(53.48, -2.24)), "This map does not cover the location"),
    ],
    ids=["not-sqlite", "no-tiles-table", "elsewhere"],
)
def test_bad_offline_maps_are_refused_with_a_message(
    map_page: MapPage, interaction: ScriptedInteraction, tmp_path: Path, make: Callable[[Path], object], message: str
) -> None:
    bad = tmp_path / "bad.mbtiles"
    make(bad)
    interaction.open_paths.append(bad)
    map_page.import_offline_map()
    assert interaction.errors[-1][0] == "Offline map not imported"
    assert message in interaction.errors[-1][1]
    assert not maps_dir().exists() or list(maps_dir().iterdir()) == []


def test_good_offline_map_is_imported_and_geojson_exported(
    map_page: MapPage, interaction: ScriptedInteraction, tmp_path: Path
) -> None:
    interaction.open_paths.append(make_mbtiles(tmp_path / "maidstone.mbtiles"))
    map_page.import_offline_map()
    assert interaction.errors == []
    assert (maps_dir() / "maidstone.mbtiles").is_file()
    assert map_page.tiles is not None and "Background map: Test map" in map_page.status.text()

    out = tmp_path / "map.geojson"
    interaction.save_paths.append(out)
    map_page.export_geojson()
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [f["geometry"]["type"] for f in data["features"]] == ["Polygon", "Point", "Point"]
    assert data["features"][1]["geometry"]["coordinates"] == [0.5191, 51.2779]  # longitude first
    assert data["features"][1]["properties"]["label"] == NASTY


def test_file_menu_imports_an_offline_map_for_the_selected_location(
    make_window: WindowFactory,
    db_path: Path,
    form_library: FormLibrary,
    interaction: ScriptedInteraction,
    tmp_path: Path,
) -> None:
    _seed(db_path, form_library, pins=False)
    window = make_window()
    interaction.open_paths.append(make_mbtiles(tmp_path / "elsewhere.mbtiles", centre=(53.48, -2.24)))
    window.import_map_action.trigger()
    assert interaction.errors[-1][0] == "Offline map not imported"
    assert "This map does not cover the location" in interaction.errors[-1][1]
    interaction.open_paths.append(make_mbtiles(tmp_path / "maidstone.mbtiles"))
    window.import_map_action.trigger()
    assert interaction.infos[-1][0] == "Offline map imported"
    assert (maps_dir() / "maidstone.mbtiles").is_file()


def test_a_changed_category_then_a_map_click_asks_and_keeps_the_change(
    map_page: MapPage, interaction: ScriptedInteraction
) -> None:
    """Issue 16: changing a pin's category and then clicking the map made a new pin and silently reverted the first."""
    first = map_page.assessment.pins[1]  # type: ignore[union-attr]
    map_page.select_pin(first.id)
    map_page.category.setCurrentIndex(map_page.category.findData("cctv"))
    interaction.choices.append(0)  # "Save it"
    map_page.on_map_clicked(51.2776, 0.5195)
    assert interaction.asked[-1][0] == "Pin not saved"
    stored = {pin.id: pin for pin in map_page._store.maps.pins(map_page.assessment.id)}  # type: ignore[union-attr]
    assert stored[first.id].category == "cctv" and len(stored) == 3
    # "Stay" keeps the typed change on screen, and no pin is added.
    map_page.select_pin(first.id)
    map_page.category.setCurrentIndex(map_page.category.findData("entrance"))
    interaction.choices.append(2)
    map_page.on_map_clicked(51.2777, 0.5196)
    assert len(map_page._store.maps.pins(map_page.assessment.id)) == 3  # type: ignore[union-attr]
    assert map_page.selected_pin_id() == first.id and map_page.category.currentData() == "entrance"
