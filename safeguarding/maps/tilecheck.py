"""What an offline map file holds, and the checks shared by the MBTiles and PMTiles readers.

A map file is judged by its content, never by its name: the tiles' first bytes
say whether they are PNG, JPEG or WebP pictures or (gzip-compressed) Mapbox
Vector Tiles; the metadata says which projection the tiles are cut in. Only
Web Mercator tiles (EPSG:3857, the "slippy map" grid Leaflet uses) can be
shown; a tile set cut in British National Grid (EPSG:27700) or any other grid
is refused with a message saying so.
"""

from __future__ import annotations

import gzip
import html
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from safeguarding.errors import SafeguardingError
from safeguarding.maps.geo import Bounds

RASTER = "raster"
VECTOR = "vector"
VECTOR_MIME = "application/x-protobuf"
RASTER_MIMES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"}
"""Raster tile formats a browser and Pillow can draw, with their MIME types."""
VECTOR_FORMATS = frozenset({"pbf", "mvt"})
"""Names of the Mapbox Vector Tile format in MBTiles metadata."""
WEB_MERCATOR_NAMES = ("3857", "900913", "3785", "webmercator", "googlemapscompatible", "pseudo-mercator", "osgeo:41001")
"""Ways metadata names the Web Mercator grid (compared without case, spaces or underscores)."""
PROJECTION_KEYS = ("crs", "srs", "projection", "tile_matrix_set", "tilematrixset", "proj4", "epsg")
"""Metadata keys that name the grid the tiles are cut in (not in the MBTiles or PMTiles specs, but written by tools)."""
MAX_VECTOR_TILE_BYTES = 64 * 1024 * 1024
"""A vector tile that inflates beyond this is refused (a "zip bomb" guard)."""


class MapFileError(SafeguardingError):
    """An offline map file cannot be used; the message says why in plain English."""


@dataclass(frozen=True)
class MapInfo:
    """What an offline map file holds.

    Attributes:
        path: The file.
        name: Its name from the metadata, or the file name.
        bounds: The area it covers (WGS84 degrees).
        min_zoom, max_zoom: The zoom levels it holds tiles for.
        mime: The tiles' MIME type, e.g. ``"image/png"`` or ``"application/x-protobuf"``.
        attribution: Who made the map, as plain text (shown on the map and in the report).
        kind: ``"raster"`` (pictures) or ``"vector"`` (Mapbox Vector Tiles).
        layers: The vector layers' names (empty for raster tiles).
        container: ``"MBTiles"`` or ``"PMTiles"``.
    """

    path: Path
    name: str
    bounds: Bounds
    min_zoom: int
    max_zoom: int
    mime: str
    attribution: str
    kind: str = RASTER
    layers: tuple[str, ...] = field(default=())
    container: str = "MBTiles"

    @property
    def is_vector(self) -> bool:
        """True for vector tiles."""
        return self.kind == VECTOR


class TileFileInfo:
    """What MBTiles and PMTiles readers share: the checked :class:`MapInfo` and questions answered from it."""

    info: MapInfo

    @property
    def attribution(self) -> str:
        """Who made the map."""
        return self.info.attribution

    def covers(self, latitude: float, longitude: float) -> bool:
        """True if the map's area holds the point."""
        return self.info.bounds.contains(latitude, longitude)


def tile_content(data: bytes) -> str:
    """Say what tile bytes are by their first bytes.

    Returns:
        ``"png"``, ``"jpeg"``, ``"webp"``, ``"gzip"`` (a compressed vector tile),
        ``"zlib"``, ``"mvt"`` (an uncompressed vector tile: a protobuf whose first
        field is a layer) or ``"unknown"``.
    """
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"\x1f\x8b"):
        return "gzip"
    if data[:1] == b"\x78" and len(data) > 1 and (data[0] * 256 + data[1]) % 31 == 0:
        return "zlib"
    if data[:1] == b"\x1a" or not data:  # protobuf field 3 (layers), length-delimited; an empty tile is valid
        return "mvt"
    return "unknown"


def inflate_vector_tile(data: bytes) -> bytes:
    """Return the uncompressed Mapbox Vector Tile bytes of a stored tile (gzip, zlib or plain).

    Raises:
        MapFileError: if the bytes are compressed but damaged, or inflate beyond
            :data:`MAX_VECTOR_TILE_BYTES`.
    """
    kind = tile_content(data)
    try:
        if kind == "gzip":
            inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        elif kind == "zlib":
            inflater = zlib.decompressobj()
        else:
            return data
        out = inflater.decompress(data, MAX_VECTOR_TILE_BYTES)
        if inflater.unconsumed_tail:
            raise MapFileError("A map tile is larger than this app accepts.")
        if not inflater.eof:
            raise MapFileError("A map tile is damaged and cannot be read (it is cut short).")
        return out
    except (zlib.error, EOFError, gzip.BadGzipFile) as error:
        raise MapFileError(f"A map tile is damaged and cannot be read ({error}).") from error


def check_sample_tile(name: str, declared: str, sample: bytes | None) -> str:
    """Check that a stored tile is what the metadata says; return the kind (``"raster"`` or ``"vector"``).

    Args:
        name: The file's name, for the message.
        declared: The format the metadata names (``"png"``, ``"pbf"``, ... or ``""``).
        sample: One tile's stored bytes, or ``None`` if the file holds none.

    Raises:
        MapFileError: if the tile is neither a picture nor a vector tile, or is a
            different kind from what the metadata says.
    """
    declared = declared.strip().lower()
    if sample is None:
        raise MapFileError(f"The offline map file {name} holds no map tiles.")
    content = tile_content(sample)
    actual = VECTOR if content in ("gzip", "zlib", "mvt") else RASTER if content != "unknown" else ""
    if not actual:
        raise MapFileError(
            f"{name} is not a usable offline map: its tiles are neither pictures (PNG, JPEG, WebP) "
            "nor vector tiles. The file may be damaged or of another kind."
        )
    if declared in VECTOR_FORMATS and actual != VECTOR:
        raise MapFileError(f"{name} says it holds vector tiles, but its tiles are pictures. The file is inconsistent.")
    if declared in RASTER_MIMES and actual != RASTER:
        raise MapFileError(
            f"{name} says it holds {declared.upper()} pictures, but its tiles are vector tiles. "
            "The file is inconsistent."
        )
    if declared and declared not in VECTOR_FORMATS and declared not in RASTER_MIMES:
        raise MapFileError(f"{name} holds tiles in the '{declared}' format, which this app cannot draw.")
    if actual == VECTOR:
        inflate_vector_tile(sample)  # damaged compression is refused now, not tile by tile later
    return actual


def _squash(text: str) -> str:
    return re.sub(r"[\s_:]+", "", text.lower())


def check_web_mercator(name: str, metadata: dict[str, Any]) -> None:
    """Refuse a tile set whose metadata names a grid other than Web Mercator.

    MBTiles and PMTiles tiles are Web Mercator by specification, but tools can
    write tiles cut in another grid (e.g. Ordnance Survey's British National
    Grid, EPSG:27700) and say so in a ``crs``/``srs``-like metadata key; bounds
    given in metres instead of degrees say the same.

    Raises:
        MapFileError: naming the grid found.
    """
    for key, value in metadata.items():
        if str(key).strip().lower() not in PROJECTION_KEYS or value in (None, ""):
            continue
        text = str(value)
        if not any(_squash(known) in _squash(text) for known in WEB_MERCATOR_NAMES):
            grid = "British National Grid (EPSG:27700)" if "27700" in text else f"'{text[:60]}'"
            raise MapFileError(
                f"{name} is cut in {grid}, not in Web Mercator (EPSG:3857), so it cannot be laid under the map. "
                "Choose the Web Mercator (EPSG:3857) version of the map."
            )


def parse_bounds_text(name: str, text: str) -> Bounds | None:
    """Parse MBTiles ``bounds`` (``west,south,east,north`` in degrees); ``None`` if absent or unreadable.

    Raises:
        MapFileError: if the numbers are far outside degrees (metres of another grid).
    """
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        return None
    if max(abs(west), abs(east)) > 1000 or max(abs(south), abs(north)) > 1000:
        raise MapFileError(
            f"{name} gives its area in metres, not degrees: it is cut in another grid than Web Mercator "
            "(EPSG:3857) and cannot be laid under the map. Choose the Web Mercator version of the map."
        )
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        return None
    return Bounds(south, west, north, east)


def plain_attribution(text: str) -> str:
    """Return an attribution as plain text: HTML tags removed, entities such as ``&copy;`` turned into characters."""
    stripped = re.sub(r"<[^>]*>", " ", text or "")
    return " ".join(html.unescape(stripped).split())


def vector_layer_names(metadata_json: Any) -> tuple[str, ...]:
    """Return the ``vector_layers`` ids of TileJSON-like metadata (a dict), in order; empty if none."""
    if not isinstance(metadata_json, dict):
        return ()
    layers = metadata_json.get("vector_layers")
    if not isinstance(layers, list):
        return ()
    return tuple(str(layer["id"]) for layer in layers if isinstance(layer, dict) and layer.get("id"))
