"""Vector and PMTiles background maps: judged by content, refused when unusable, drawn on paper without a browser."""

from __future__ import annotations

import gzip
import sqlite3
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from safeguarding.maps.categories import load_pin_categories
from safeguarding.maps.mapfiles import open_map_file, sniff
from safeguarding.maps.mbtiles import MBTiles
from safeguarding.maps.offline import OfflineMaps
from safeguarding.maps.pmtiles_file import PMTilesFile
from safeguarding.maps.static import NO_TILES_NOTICE, OUTSIDE_NOTICE, render_static_map
from safeguarding.maps.tilecheck import MapFileError
from safeguarding.maps.vector_style import (
    BUILDING,
    OPENMAPTILES,
    OS_CREDIT,
    ZOOMSTACK,
    credit_for,
    style_for_layers,
    style_json,
)
from safeguarding.model import Assessment, Location, MapPin
from safeguarding.store import Store
from tests.maps.conftest import BRENCHLEY, make_mbtiles, png
from tests.maps.vector_tiles import make_pmtiles, make_vector_mbtiles

CATEGORIES = load_pin_categories()
BOUNDARY = [(51.2781, 0.5185), (51.2782, 0.5205), (51.2770, 0.5207), (51.2769, 0.5187)]


def _rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


@pytest.mark.parametrize("schema", ["openmaptiles", "zoomstack"])
def test_vector_mbtiles_are_read_and_tiles_inflated(tmp_path: Path, schema: str) -> None:
    path = make_vector_mbtiles(tmp_path / "v.mbtiles", BRENCHLEY, schema=schema)
    opened = open_map_file(path)
    try:
        assert isinstance(opened, MBTiles) and opened.info.is_vector
        assert opened.info.mime == "application/x-protobuf"
        assert style_for_layers(opened.info.layers) is {"openmaptiles": OPENMAPTILES, "zoomstack": ZOOMSTACK}[schema]
        assert opened.covers(*BRENCHLEY)
        from safeguarding.maps.geo import tile_for

        data = opened.tile(14, *tile_for(*BRENCHLEY, 14))
        assert data is not None and not data.startswith(b"\x1f\x8b")  # gzip taken off for the browser and Pillow
        import mapbox_vector_tile

        decoded = mapbox_vector_tile.decode(data)
        assert {"building", "buildings"} & set(decoded)
    finally:
        opened.close()
    if schema == "zoomstack":  # the OS licence asks for this credit; the file gave none
        assert opened.info.attribution == OS_CREDIT


def test_layers_are_read_from_a_tile_when_the_metadata_lists_none(tmp_path: Path) -> None:
    path = make_vector_mbtiles(tmp_path / "v.mbtiles", BRENCHLEY, layers_in_metadata=False)
    opened = open_map_file(path)
    opened.close()
    assert "transportation" in opened.info.layers


def test_pmtiles_written_by_the_pmtiles_package_are_read(tmp_path: Path) -> None:
    path = make_pmtiles(tmp_path / "osm.pmtiles", BRENCHLEY)
    opened = open_map_file(path)
    try:
        assert isinstance(opened, PMTilesFile) and opened.info.is_vector and opened.info.container == "PMTiles"
        assert (opened.info.min_zoom, opened.info.max_zoom) == (13, 14)
        assert opened.info.attribution == "© OpenStreetMap contributors"  # HTML taken off
        assert opened.tile(14, 0, 0) is None  # outside: a blank, not an error
    finally:
        opened.close()
    raster = open_map_file(make_pmtiles(tmp_path / "r.pmtiles", BRENCHLEY, raster=png()))
    raster.close()
    assert not raster.info.is_vector and raster.info.mime == "image/png"


def test_a_file_is_judged_by_content_not_name(tmp_path: Path) -> None:
    pmtiles_named_mbtiles = make_pmtiles(tmp_path / "looks-like.mbtiles", BRENCHLEY)
    assert sniff(pmtiles_named_mbtiles) == "PMTiles"
    maps = OfflineMaps(tmp_path / "maps")
    info = maps.import_file(pmtiles_named_mbtiles, BRENCHLEY)
    assert info.path.name == "looks-like.pmtiles"  # kept under the ending of what it is
    found = maps.for_point(*BRENCHLEY)
    assert found is not None and found.info.container == "PMTiles"
    found.close()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"%PDF-1.7\n...", "a PDF document"),
        (b"", "is empty"),
        (b'{"type": "FeatureCollection"}', "JSON or GeoJSON"),
        (b"\x89PNG\r\n\x1a\n....", "a PNG picture"),
        (b"hello, this is a text file", "not a file this app can read"),
    ],
)
def test_files_that_are_not_maps_are_refused_saying_what_they_are(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "map.mbtiles"
    path.write_bytes(content)
    maps = OfflineMaps(tmp_path / "maps")
    with pytest.raises(MapFileError, match=words):
        maps.import_file(path)
    assert maps.files() == []


def test_a_zip_is_refused_with_advice_to_unzip(tmp_path: Path) -> None:
    inner = make_vector_mbtiles(tmp_path / "v.mbtiles", BRENCHLEY)
    archive = tmp_path / "download.mbtiles"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.write(inner, "v.mbtiles")
    with pytest.raises(MapFileError, match="unzip it first"):
        open_map_file(archive)


def test_half_written_files_are_refused(tmp_path: Path) -> None:
    mbtiles = make_vector_mbtiles(tmp_path / "v.mbtiles", BRENCHLEY, zooms=range(12, 15), radius=2)
    data = mbtiles.read_bytes()
    cut = tmp_path / "cut.mbtiles"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(MapFileError, match="incomplete"):
        open_map_file(cut)
    pmtiles = make_pmtiles(tmp_path / "p.pmtiles", BRENCHLEY, zooms=range(12, 15), radius=2)
    data = pmtiles.read_bytes()
    cut = tmp_path / "cut.pmtiles"
    cut.write_bytes(data[: len(data) - 100])
    maps = OfflineMaps(tmp_path / "maps")
    with pytest.raises(MapFileError, match="incomplete"):
        maps.import_file(cut)
    assert maps.files() == []


def test_tiles_that_are_not_what_the_metadata_says_are_refused(tmp_path: Path) -> None:
    path = make_vector_mbtiles(tmp_path / "v.mbtiles", BRENCHLEY)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE metadata SET value = 'png' WHERE name = 'format'")
    conn.close()
    with pytest.raises(MapFileError, match="says it holds PNG pictures, but its tiles are vector tiles"):
        open_map_file(path)
    junk = make_mbtiles(tmp_path / "junk.mbtiles")
    with sqlite3.connect(junk) as conn:
        conn.execute("UPDATE tiles SET tile_data = ?", (b"not a tile at all",))
    conn.close()
    with pytest.raises(MapFileError, match="neither pictures"):
        open_map_file(junk)


def test_damaged_gzip_tiles_are_refused(tmp_path: Path) -> None:
    path = make_vector_mbtiles(tmp_path / "v.mbtiles", BRENCHLEY)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE tiles SET tile_data = substr(tile_data, 1, 30)")
    conn.close()
    with pytest.raises(MapFileError, match="damaged"):
        open_map_file(path)


@pytest.mark.parametrize(
    "metadata",
    [
        {"crs": "EPSG:27700"},
        {"json": '{"vector_layers": [{"id": "roads"}, {"id": "buildings"}], "crs": "EPSG:27700"}'},
        {"bounds": "500000,150000,600000,200000"},
    ],
)
def test_tiles_in_another_grid_than_web_mercator_are_refused(tmp_path: Path, metadata: dict[str, str]) -> None:
    path = make_vector_mbtiles(tmp_path / "bng.mbtiles", BRENCHLEY, schema="zoomstack", metadata=metadata)
    maps = OfflineMaps(tmp_path / "maps")
    with pytest.raises(MapFileError, match="Web Mercator"):
        maps.import_file(path)
    assert maps.files() == []
    fine = make_vector_mbtiles(tmp_path / "ok.mbtiles", BRENCHLEY, metadata={"crs": "EPSG:3857"})
    open_map_file(fine).close()


def test_a_vector_layout_the_app_cannot_draw_is_refused(tmp_path: Path) -> None:
    path = make_vector_mbtiles(tmp_path / "v.mbtiles", BRENCHLEY)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE metadata SET value = ? WHERE name = 'json'", ('{"vector_layers": [{"id": "contours"}]}',))
    conn.close()
    with pytest.raises(MapFileError, match=r"layout this app cannot draw.*contours"):
        open_map_file(path)


def test_credit_is_completed_as_the_licence_asks() -> None:
    assert credit_for(ZOOMSTACK, "") == OS_CREDIT
    assert credit_for(ZOOMSTACK, "Contains OS data © Crown copyright and database right 2025") == (
        "Contains OS data © Crown copyright and database right 2025"
    )
    assert credit_for(OPENMAPTILES, "© OpenMapTiles") == "© OpenMapTiles © OpenStreetMap contributors"
    rules = style_json(OPENMAPTILES)["rules"]
    assert {"transportation", "building", "water"} <= {layer for rule in rules for layer in rule["layers"]}


@pytest.mark.parametrize("maker", ["mbtiles", "pmtiles"])
def test_report_figure_draws_streets_buildings_water_and_street_names(tmp_path: Path, maker: str) -> None:
    path = (
        make_vector_mbtiles(tmp_path / "v.mbtiles", BRENCHLEY, schema="zoomstack")
        if maker == "mbtiles"
        else make_pmtiles(tmp_path / "v.pmtiles", BRENCHLEY)
    )
    opened = open_map_file(path)
    try:
        figure = render_static_map([], BOUNDARY, CATEGORIES, tiles=opened, centre=BRENCHLEY)
    finally:
        opened.close()
    assert figure is not None and figure.tiles_drawn >= 1
    assert figure.attribution == opened.info.attribution
    assert any(name.startswith(("Fictional Road", "Pretend Street")) for name in figure.labels)
    colours = {colour for _, colour in figure.image.crop((0, 0, *figure.map_size)).getcolors(2**20) or []}
    assert _rgb(BUILDING) in colours  # buildings drawn in their colour
    assert (255, 255, 255) in colours  # streets


def test_outside_the_imported_map_is_hatched_and_said(tmp_path: Path) -> None:
    path = make_vector_mbtiles(tmp_path / "v.mbtiles", BRENCHLEY)
    opened = open_map_file(path)
    edge = (opened.info.bounds.north, BRENCHLEY[1])  # a place on the northern edge of the map
    try:
        figure = render_static_map([], [], CATEGORIES, tiles=opened, centre=edge)
    finally:
        opened.close()
    assert figure is not None and figure.outside
    assert OUTSIDE_NOTICE.startswith("Hatched")
    # The top of the figure (north of the map's edge) is hatched grey, not drawn as land.
    top = figure.image.crop((100, 80, figure.map_size[0] - 100, 150)).convert("RGB")
    assert (170, 170, 170) in {c for _, c in top.getcolors(2**20) or []}


def test_without_a_map_the_figure_says_so_and_keeps_everything_else() -> None:
    pins = [MapPin(51.2779, 0.5191, "cctv")]
    figure = render_static_map(pins, BOUNDARY, CATEGORIES)
    assert figure is not None and figure.tiles_drawn == 0
    assert NO_TILES_NOTICE == "Background map not available"
    assert pins[0].id in figure.pin_pixels


def test_overlapping_pins_are_spread_or_grouped_with_all_their_numbers() -> None:
    pins = [MapPin(51.2779 + i * 1e-7, 0.5191, "cctv") for i in range(3)]
    crowd = [MapPin(51.2772 + i * 1e-7, 0.5201, "felt_unsafe") for i in range(9)]
    alone = MapPin(51.2770, 0.5187, "entrance")
    figure = render_static_map([*pins, *crowd, alone], BOUNDARY, CATEGORIES)
    assert figure is not None
    assert figure.spread == [1, 2, 3]
    spread = {figure.pin_pixels[p.id] for p in pins}
    assert len(spread) == 3  # drawn apart
    for a in spread:
        for b in spread - {a}:
            assert abs(a[0] - b[0]) + abs(a[1] - b[1]) > 20
    assert figure.groups == [list(range(4, 13))]  # one box listing numbers 4 to 12
    assert figure.pin_pixels[alone.id] not in spread


def test_legend_works_in_greyscale_every_category_lists_its_pin_numbers() -> None:
    pins = [MapPin(51.2779, 0.5191, "cctv"), MapPin(51.2772, 0.5201, "cctv"), MapPin(51.2775, 0.5196, "toilets")]
    figure = render_static_map(pins, BOUNDARY, CATEGORIES)
    assert figure is not None
    grey = figure.image.convert("L")
    legend = grey.crop((figure.map_size[0], 0, figure.image.width, figure.map_size[1]))
    # The legend carries dark text (category names and "Pins 1, 2"), readable without colour.
    assert legend.getextrema()[0] < 60
    shapes = {category.shape for category in CATEGORIES.categories}
    assert len(shapes) >= 6
    for side, members in CATEGORIES.by_side().items():
        if len(members) <= 7:
            assert len({m.shape for m in members}) == len(members), side


def test_vector_tile_decoding_failure_leaves_a_blank(tmp_path: Path) -> None:
    path = make_vector_mbtiles(tmp_path / "v.mbtiles", BRENCHLEY)
    opened = open_map_file(path)  # checked with good tiles
    try:
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE tiles SET tile_data = ?", (gzip.compress(b"\x1a\x05broken"),))
        conn.close()
        figure = render_static_map([], BOUNDARY, CATEGORIES, tiles=opened, centre=BRENCHLEY)
    finally:
        opened.close()
    assert figure is not None
    assert isinstance(figure.image, Image.Image)


def test_photo_gps_accuracy_is_read_from_exif_and_kept(store: Store, located: tuple[Location, Assessment]) -> None:
    import io

    from PIL import Image as PILImage

    from safeguarding.evidence.photos import gps_accuracy, import_photo

    exif = PILImage.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (51.0, 16.0, 39.36), "E", (0.0, 31.0, 10.56)
    gps[31] = 65.0  # GPSHPositioningError, metres
    out = io.BytesIO()
    PILImage.new("RGB", (40, 30), (90, 120, 150)).save(out, format="JPEG", exif=exif)
    reread = PILImage.open(io.BytesIO(out.getvalue())).getexif()
    assert gps_accuracy(reread) == 65.0
    assert gps_accuracy(None) is None
    _, assessment = located
    saved = store.photos.add(assessment.id, import_photo(out.getvalue(), "p.jpg"))
    assert store.photos.get(saved.id).gps_accuracy_m == 65.0


def test_pin_accuracy_is_kept_and_checked(store: Store, located: tuple[Location, Assessment]) -> None:
    from safeguarding.errors import ValidationError
    from safeguarding.maps.position_checks import position_warnings

    _, assessment = located
    pin = store.maps.save_pin(assessment.id, MapPin(51.2779, 0.5191, "cctv", accuracy_m=12.5))
    assert store.maps.pins(assessment.id)[0].accuracy_m == 12.5 and pin.accuracy_m == 12.5
    with pytest.raises(ValidationError, match="accuracy"):
        store.maps.save_pin(assessment.id, MapPin(51.2779, 0.5191, "cctv", accuracy_m=-3))
    assert position_warnings(51.2779, 0.5191, 12.5, BRENCHLEY) == []
    (low,) = position_warnings(51.2779, 0.5191, 65, BRENCHLEY)
    assert "accurate to about 65 m" in low
    (far,) = position_warnings(51.30, 0.5191, None, BRENCHLEY)
    assert "2.5 km from the location" in far
