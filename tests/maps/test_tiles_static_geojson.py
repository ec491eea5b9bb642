"""Offline maps (MBTiles), the static report figure at pixel level, GeoJSON and the page's escaping."""

from __future__ import annotations

import itertools
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from safeguarding.errors import ValidationError
from safeguarding.maps.categories import load_pin_categories
from safeguarding.maps.geo import check_point, lonlat_to_world, tile_bounds, tile_for, tms_row, world_to_lonlat
from safeguarding.maps.geojson import GeoJSONError, from_geojson, to_geojson, write_geojson
from safeguarding.maps.mapfiles import open_map_file
from safeguarding.maps.mbtiles import MapFileError, MBTiles
from safeguarding.maps.offline import OfflineMaps
from safeguarding.maps.static import NO_TILES_NOTICE, render_static_map
from safeguarding.maps.web_page import (
    NO_TILES_SCREEN_NOTICE,
    PROTOMAPS_JS,
    TileLayerSpec,
    build_map_page,
    script_json,
    tile_layer_spec,
)
from safeguarding.model import MapPin, Side
from tests.maps.conftest import BRENCHLEY, TILE_RGB, make_mbtiles, png
from tests.maps.vector_tiles import make_vector_mbtiles

CATEGORIES = load_pin_categories()
BOUNDARY = [(51.2781, 0.5185), (51.2782, 0.5205), (51.2770, 0.5207), (51.2769, 0.5187)]
NASTY = "St Mary's Rec ` \\ </script><script>alert(1)</script>"


def test_tile_arithmetic_round_trips() -> None:
    x, y = lonlat_to_world(*BRENCHLEY, 17)
    lat, lon = world_to_lonlat(x, y, 17)
    assert (lat, lon) == pytest.approx(BRENCHLEY, abs=1e-9)
    tx, ty = tile_for(*BRENCHLEY, 17)
    assert tile_bounds(17, tx, ty).contains(*BRENCHLEY)
    assert tms_row(17, tms_row(17, ty)) == ty
    assert tms_row(0, 0) == 0 and tms_row(1, 0) == 1


@pytest.mark.parametrize("value", ["91", "-90.5", "abc", "", "inf", True])
def test_impossible_points(value: object) -> None:
    with pytest.raises(ValidationError):
        check_point(value, 0.5)


def test_mbtiles_rows_are_tms_and_bounds_work_out(tmp_path: Path) -> None:
    path = make_mbtiles(tmp_path / "m.mbtiles", bounds=False, zooms=range(16, 18), radius=0)
    # Overwrite one tile with a distinct colour, stored at the TMS row of the XYZ tile.
    tx, ty = tile_for(*BRENCHLEY, 17)
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE tiles SET tile_data = ? WHERE zoom_level = 17 AND tile_column = ? AND tile_row = ?",
            (png((255, 0, 0)), tx, tms_row(17, ty)),
        )
    conn.close()
    maps = MBTiles(path)
    try:
        assert maps.info.bounds.contains(*BRENCHLEY)  # worked out from the tiles
        assert (maps.info.min_zoom, maps.info.max_zoom) == (16, 17)
        data = maps.tile(17, tx, ty)
        assert data is not None
        from io import BytesIO

        assert Image.open(BytesIO(data)).convert("RGB").getpixel((5, 5)) == (255, 0, 0)
        assert maps.tile(17, tx + 5, ty) is None
        assert maps.tile(17, -1, 0) is None
        assert not maps.covers(53.48, -2.24)
    finally:
        maps.close()


def test_vector_tiles_and_empty_files_are_refused(tmp_path: Path) -> None:
    path = make_mbtiles(tmp_path / "v.mbtiles")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE metadata SET value = 'pbf' WHERE name = 'format'")
    conn.close()
    with pytest.raises(MapFileError, match="vector tiles"):
        MBTiles(path)
    empty = tmp_path / "e.mbtiles"
    with sqlite3.connect(empty) as conn:
        conn.execute("CREATE TABLE metadata (name, value)")
        conn.execute("CREATE TABLE tiles (zoom_level, tile_column, tile_row, tile_data)")
    conn.close()
    with pytest.raises(MapFileError, match="holds no map tiles"):
        MBTiles(empty)
    with pytest.raises(MapFileError, match="cannot be found"):
        MBTiles(tmp_path / "missing.mbtiles")


def test_offline_maps_pick_the_covering_map(tmp_path: Path) -> None:
    maps = OfflineMaps(tmp_path / "maps")
    assert maps.for_point(*BRENCHLEY) is None
    maps.import_file(make_mbtiles(tmp_path / "here.mbtiles"), BRENCHLEY)
    maps.import_file(make_mbtiles(tmp_path / "manchester.mbtiles", centre=(53.48, -2.24)))
    found = maps.for_point(*BRENCHLEY)
    assert found is not None and found.path.name == "here.mbtiles"
    found.close()
    with pytest.raises(MapFileError, match="This map does not cover the location"):
        maps.import_file(tmp_path / "manchester.mbtiles", BRENCHLEY)


def test_static_map_pixels_pins_and_tiles(tmp_path: Path) -> None:
    tiles = MBTiles(make_mbtiles(tmp_path / "m.mbtiles"))
    pins = [
        MapPin(51.2779, 0.5191, "cctv", "CCTV"),
        MapPin(51.2772, 0.5201, "felt_unsafe", "Felt unsafe"),
        MapPin(51.2775, 0.5196, "gathering_place", "Bandstand"),
    ]
    try:
        figure = render_static_map(pins, BOUNDARY, CATEGORIES, tiles=tiles, max_zoom=tiles.info.max_zoom)
    finally:
        tiles.close()
    assert figure is not None
    assert figure.tiles_drawn > 0 and figure.attribution == "Test tiles (fictional)"
    image = figure.image
    width, height = figure.map_size
    for pin in pins:
        x, y = figure.pin_pixels[pin.id]
        assert 0 < x < width and 0 < y < height
        # Just off the number in the middle: the category colour.
        assert image.getpixel((x - 11, y)) == CATEGORIES.get(pin.category).rgb
    # A corner well away from pins, boundary, scale bar and arrow shows the tile colour.
    assert image.getpixel((width - 40, height // 2)) == TILE_RGB
    # Numbers run 1.. in order: pin 1 is the CCTV camera, drawn north-west of pin 2.
    first, second = figure.pin_pixels[pins[0].id], figure.pin_pixels[pins[1].id]
    assert first[0] < second[0] and first[1] < second[1]
    assert Image.open(__import__("io").BytesIO(figure.png())).size == image.size


def test_static_map_without_tiles_says_so_and_needs_a_point() -> None:
    figure = render_static_map([], BOUNDARY, CATEGORIES)
    assert figure is not None and figure.tiles_drawn == 0 and figure.attribution == ""
    assert figure.image.getpixel((figure.map_size[0] - 40, figure.map_size[1] // 2)) == (238, 240, 242)
    assert render_static_map([], [], CATEGORIES) is None
    assert render_static_map([], [], CATEGORIES, centre=BRENCHLEY) is not None
    assert NO_TILES_NOTICE == "Background map not available"


def test_geojson_round_trip_longitude_first(tmp_path: Path) -> None:
    pins = [
        MapPin(51.2779, 0.5191, "cctv", NASTY, "Notes\nline 2", Side.GUARDIANSHIP),
        MapPin(51.2772, 0.5201, "no_longer_a_category", "Old"),
    ]
    collection = to_geojson(pins, BOUNDARY, CATEGORIES, name="Brenchley Gardens")
    path = write_geojson(tmp_path / "map.geojson", collection)
    data = json.loads(path.read_text(encoding="utf-8"))
    polygon = data["features"][0]["geometry"]
    ring = polygon["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) == len(BOUNDARY) + 1
    assert all(-1 < lon < 1 and 51 < lat < 52 for lon, lat in ring)  # [longitude, latitude]
    area2 = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring))
    assert area2 > 0  # anticlockwise outer ring (RFC 7946 right-hand rule)
    point = data["features"][1]
    assert point["geometry"]["coordinates"] == [0.5191, 51.2779]
    assert point["properties"]["number"] == 1 and point["properties"]["category_label"] == "CCTV camera"
    assert data["features"][2]["properties"]["category_label"] == "Other"

    back_pins, back_boundary = from_geojson(data)
    assert sorted(back_boundary) == sorted(BOUNDARY)
    assert [(p.id, p.latitude, p.longitude, p.category, p.label, p.notes, p.side) for p in back_pins] == [
        (p.id, p.latitude, p.longitude, p.category, p.label, p.notes, p.side) for p in pins
    ]
    with pytest.raises(GeoJSONError):
        from_geojson({"type": "Feature"})


def test_page_html_is_local_and_user_text_cannot_escape_the_data_block() -> None:
    pins = [MapPin(51.2779, 0.5191, "cctv", NASTY)]
    html = build_map_page(
        pins=pins, boundary=BOUNDARY, categories=CATEGORIES, centre=BRENCHLEY, tiles=TileLayerSpec(14, 18, "<b>x</b>")
    )
    assert "http://" not in html and "https://" not in html
    assert "</script><script>alert(1)" not in html
    assert "alert(1)" in html  # still there, as inert JSON text
    assert "<b>x</b>" not in html and "\\u0026lt;b\\u0026gt;x" in html  # attribution escaped for Leaflet
    assert "app:/assets/leaflet/leaflet.js" in html and "tiles:/{z}/{x}/{y}" in html
    assert json.loads(script_json({"label": NASTY}))["label"] == NASTY
    no_tiles = build_map_page(pins=[], boundary=[], categories=CATEGORIES, centre=None, tiles=None)
    assert "tiles:/" not in no_tiles and NO_TILES_SCREEN_NOTICE in no_tiles


def test_user_text_in_the_page_is_never_read_as_a_template() -> None:
    """A label in Jinja's braces stays text (folium renders its elements as templates; the data go in after)."""
    labels = ["{{ 7*7 }}", "{% if true %}yes{% endif %}", "{{ self.__init__ }}"]
    pins = [MapPin(51.2779, 0.5191 + i * 0.0001, "cctv", label) for i, label in enumerate(labels)]
    html = build_map_page(pins=pins, boundary=[], categories=CATEGORIES, centre=BRENCHLEY, tiles=None)
    data = json.loads(html.split('<script type="application/json" id="lat-data">')[1].split("</script>")[0])
    assert [pin["label"] for pin in data["pins"]] == labels


def test_folium_makes_the_map_and_the_app_script_finds_it(tmp_path: Path) -> None:
    """folium builds the page (the map, its view and picture tiles); lat_map.js takes the map by its name."""
    picture = build_map_page(
        pins=[], boundary=BOUNDARY, categories=CATEGORIES, centre=BRENCHLEY, tiles=TileLayerSpec(14, 18, "Test")
    )
    data = json.loads(picture.split('<script type="application/json" id="lat-data">')[1].split("</script>")[0])
    assert f'<div class="folium-map" id="{data["mapVar"]}"' in picture
    assert f"var {data['mapVar']} = L.map(" in picture and '"minZoom": 3' in picture and '"maxZoom": 20' in picture
    assert "L.tileLayer(" in picture and data["vector"] is None
    assert PROTOMAPS_JS not in picture
    assert "app:/assets/jquery" not in picture and "cdn" not in picture.lower()

    opened = open_map_file(make_vector_mbtiles(tmp_path / "v.mbtiles", BRENCHLEY))
    try:
        vector = build_map_page(
            pins=[], boundary=[], categories=CATEGORIES, centre=BRENCHLEY, tiles=tile_layer_spec(opened)
        )
    finally:
        opened.close()
    data = json.loads(vector.split('<script type="application/json" id="lat-data">')[1].split("</script>")[0])
    assert f'<script src="{PROTOMAPS_JS}"></script>' in vector
    assert "L.tileLayer(" not in vector  # the vector layer is protomaps-leaflet's, added by the app's script
    assert data["vector"]["url"].startswith("tiles:/{z}/{x}/{y}?v=") and data["vector"]["style"]["rules"]


def test_folium_is_loaded_in_the_background_once_and_only_when_asked() -> None:
    """Creating the Map page starts folium's import on a thread; importing web_page alone does not."""
    probe = (
        "import sys\n"
        "from safeguarding.maps import web_page\n"
        "assert 'folium' not in sys.modules and not web_page.folium_loading()\n"
        "web_page.load_folium_in_background()\n"
        "loader = web_page._folium_loader\n"
        "web_page.load_folium_in_background()\n"
        "assert web_page._folium_loader is loader\n"
        "loader.join(60)\n"
        "assert 'folium' in sys.modules and not web_page.folium_loading()\n"
        "print('ok')\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
