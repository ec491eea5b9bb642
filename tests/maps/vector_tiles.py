"""Vector map files made on the spot in the real formats: Mapbox Vector Tiles in MBTiles (gzip) and PMTiles.

The streets, buildings, park and river are a small invented grid around a
point (named "Fictional Road" etc.), encoded with ``mapbox-vector-tile`` into
real MVT tiles, stored gzip-compressed in an MBTiles file (rows in TMS order,
``format=pbf``, ``json`` with ``vector_layers``) or written with the ``pmtiles``
package's own writer. Layer names follow OpenMapTiles or OS Open Zoomstack.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path
from typing import Any

import mapbox_vector_tile
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import Writer

from safeguarding.maps.geo import TILE_SIZE, lonlat_to_world, tile_for, tms_row

EXTENT = 4096
SPACING = 0.0012
"""Degrees between the invented streets (about 130 m north-south)."""


def _street_lines(centre: tuple[float, float], count: int = 5) -> list[tuple[str, list[tuple[float, float]]]]:
    lat, lon = centre
    half = SPACING * count / 2
    lines = []
    for i in range(count):
        offset = -half + i * SPACING
        lines.append((f"Fictional Road {i + 1}", [(lat + offset, lon - half * 1.6), (lat + offset, lon + half * 1.6)]))
        lines.append((f"Pretend Street {i + 1}", [(lat - half, lon + offset * 1.6), (lat + half, lon + offset * 1.6)]))
    return lines


def _buildings(centre: tuple[float, float]) -> list[list[tuple[float, float]]]:
    lat, lon = centre
    blocks = []
    for i in range(-2, 2):
        for j in range(-2, 2):
            south, west = lat + i * SPACING + SPACING * 0.2, lon + j * SPACING * 1.6 + SPACING * 0.3
            blocks.append(
                [
                    (south, west),
                    (south, west + SPACING * 0.8),
                    (south + SPACING * 0.55, west + SPACING * 0.8),
                    (south + SPACING * 0.55, west),
                ]
            )
    return blocks


def _park(centre: tuple[float, float]) -> list[tuple[float, float]]:
    lat, lon = centre
    return [
        (lat - 0.0004, lon - 0.0007),
        (lat - 0.0004, lon + 0.0007),
        (lat + 0.0004, lon + 0.0007),
        (lat + 0.0004, lon - 0.0007),
    ]


def _river(centre: tuple[float, float]) -> list[tuple[float, float]]:
    lat, lon = centre
    return [(lat - 0.004, lon + 0.0045), (lat, lon + 0.0038), (lat + 0.004, lon + 0.0046)]


def _to_tile(points: list[tuple[float, float]], zoom: int, tx: int, ty: int) -> list[tuple[int, int]]:
    out = []
    for lat, lon in points:
        x, y = lonlat_to_world(lat, lon, zoom)
        out.append((round((x - tx * TILE_SIZE) / TILE_SIZE * EXTENT), round((y - ty * TILE_SIZE) / TILE_SIZE * EXTENT)))
    return out


def _wkt_line(points: list[tuple[int, int]]) -> str:
    return "LINESTRING(" + ", ".join(f"{x} {y}" for x, y in points) + ")"


def _wkt_polygon(points: list[tuple[int, int]]) -> str:
    ring = [*points, points[0]]
    return "POLYGON((" + ", ".join(f"{x} {y}" for x, y in ring) + "))"


def vector_tile(centre: tuple[float, float], zoom: int, tx: int, ty: int, schema: str = "openmaptiles") -> bytes:
    """One real MVT tile of the invented streets around ``centre`` (uncompressed)."""
    streets = _street_lines(centre)
    roads_layer, names_layer, building_layer, park_layer, water_layer, river_layer, road_key, minor = {
        "openmaptiles": (
            "transportation",
            "transportation_name",
            "building",
            "park",
            "water",
            "waterway",
            "class",
            "minor",
        ),
        "zoomstack": ("roads", "roads", "buildings", "greenspaces", "surfacewater", "waterlines", "type", "Local"),
    }[schema]
    layers: dict[str, list[dict[str, Any]]] = {}

    def add(layer: str, wkt: str, properties: dict[str, Any]) -> None:
        layers.setdefault(layer, []).append({"geometry": wkt, "properties": properties})

    for name, line in streets:
        geometry = _wkt_line(_to_tile(line, zoom, tx, ty))
        if schema == "openmaptiles":
            add(roads_layer, geometry, {road_key: minor})
            add(names_layer, geometry, {"name": name, road_key: minor})
        else:
            add(roads_layer, geometry, {road_key: minor, "name": name, "level": 0})
    for block in _buildings(centre):
        add(building_layer, _wkt_polygon(_to_tile(block, zoom, tx, ty)), {})
    add(park_layer, _wkt_polygon(_to_tile(_park(centre), zoom, tx, ty)), {"class": "park"})
    add(river_layer, _wkt_line(_to_tile(_river(centre), zoom, tx, ty)), {"class": "river"})
    add(water_layer, _wkt_polygon(_to_tile([(p[0], p[1] + 0.0004) for p in _park(centre)], zoom, tx, ty)), {})
    return mapbox_vector_tile.encode(
        [{"name": name, "features": features} for name, features in layers.items()],
        default_options={"y_coord_down": True, "extents": EXTENT},
    )


def _tiles(centre: tuple[float, float], zooms: range, radius: int) -> list[tuple[int, int, int]]:
    found = []
    for zoom in zooms:
        cx, cy = tile_for(*centre, zoom)
        found += [
            (zoom, x, y) for x in range(cx - radius, cx + radius + 1) for y in range(cy - radius, cy + radius + 1)
        ]
    return found


def layer_list(schema: str) -> list[dict[str, Any]]:
    """The ``vector_layers`` of the invented map."""
    names = {
        "openmaptiles": ["transportation", "transportation_name", "building", "park", "water", "waterway"],
        "zoomstack": ["roads", "buildings", "greenspaces", "surfacewater", "waterlines"],
    }[schema]
    return [{"id": name, "fields": {}} for name in names]


def make_vector_mbtiles(
    path: Path,
    centre: tuple[float, float],
    *,
    schema: str = "openmaptiles",
    zooms: range = range(13, 15),
    radius: int = 1,
    attribution: str = "",
    metadata: dict[str, str] | None = None,
    layers_in_metadata: bool = True,
) -> Path:
    """Write a vector MBTiles file (gzip-compressed MVT, ``format=pbf``) of the invented streets."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    conn.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
    lat, lon = centre
    meta = {
        "name": "Invented streets (test)",
        "format": "pbf",
        "bounds": f"{lon - 0.02},{lat - 0.012},{lon + 0.02},{lat + 0.012}",
        "minzoom": str(zooms.start),
        "maxzoom": str(zooms.stop - 1),
        "attribution": attribution,
    }
    if layers_in_metadata:
        meta["json"] = json.dumps({"vector_layers": layer_list(schema)})
    meta.update(metadata or {})
    conn.executemany("INSERT INTO metadata VALUES (?, ?)", list(meta.items()))
    for zoom, x, y in _tiles(centre, zooms, radius):
        data = gzip.compress(vector_tile(centre, zoom, x, y, schema), mtime=0)
        conn.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (zoom, x, tms_row(zoom, y), data))
    conn.commit()
    conn.close()
    return path


def make_pmtiles(
    path: Path,
    centre: tuple[float, float],
    *,
    schema: str = "openmaptiles",
    zooms: range = range(13, 15),
    radius: int = 1,
    attribution: str = "<a href='https://www.openstreetmap.org/copyright'>&copy; OpenStreetMap contributors</a>",
    raster: bytes | None = None,
) -> Path:
    """Write a PMTiles v3 file with the ``pmtiles`` package's writer (vector tiles, or ``raster`` PNG bytes)."""
    lat, lon = centre
    entries = sorted(_tiles(centre, zooms, radius), key=lambda t: zxy_to_tileid(*t))
    with path.open("wb") as handle:
        writer = Writer(handle)
        for zoom, x, y in entries:
            data = raster if raster is not None else gzip.compress(vector_tile(centre, zoom, x, y, schema), mtime=0)
            writer.write_tile(zxy_to_tileid(zoom, x, y), data)
        writer.finalize(
            {
                "tile_type": TileType.PNG if raster is not None else TileType.MVT,
                "tile_compression": Compression.NONE if raster is not None else Compression.GZIP,
                "min_lon_e7": int((lon - 0.02) * 1e7),
                "min_lat_e7": int((lat - 0.012) * 1e7),
                "max_lon_e7": int((lon + 0.02) * 1e7),
                "max_lat_e7": int((lat + 0.012) * 1e7),
                "center_zoom": zooms.stop - 1,
                "center_lon_e7": int(lon * 1e7),
                "center_lat_e7": int(lat * 1e7),
            },
            {
                "name": "Invented streets (test)",
                "attribution": attribution,
                "vector_layers": [] if raster is not None else layer_list(schema),
            },
        )
    return path
