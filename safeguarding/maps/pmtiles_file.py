"""Offline maps in the PMTiles format (version 3: one file of tiles addressed by a Hilbert-curve index).

The file starts with a 127-byte header (``PMTiles`` and version 3, the offsets
and lengths of the root directory, the JSON metadata, the leaf directories and
the tile data, the zoom range, the area in 1e-7 degrees, the tile type and the
compression), read with the ``pmtiles`` package's own functions. A file shorter
than its header says (a download cut short) is refused; so are tiles compressed
with Brotli or Zstandard, which this app cannot inflate.

PMTiles are Web Mercator by specification. OpenStreetMap extracts (for example
Protomaps builds) and OpenMapTiles-schema vector tiles come in this format.
"""

from __future__ import annotations

import gzip
import json
import mmap
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from pmtiles.tile import (
    Compression,
    Entry,
    HeaderDict,
    MagicNumberNotFound,
    SpecVersionUnsupported,
    TileType,
    deserialize_directory,
    deserialize_header,
    find_tile,
    zxy_to_tileid,
)

from safeguarding.maps.geo import Bounds, tile_for
from safeguarding.maps.tilecheck import (
    RASTER,
    RASTER_MIMES,
    VECTOR,
    VECTOR_MIME,
    MapFileError,
    MapInfo,
    TileFileInfo,
    check_sample_tile,
    check_web_mercator,
    inflate_vector_tile,
    plain_attribution,
    vector_layer_names,
)

HEADER_BYTES = 127
MAX_DIRECTORY_DEPTH = 4
_TYPES = {
    TileType.MVT: (VECTOR, VECTOR_MIME, "pbf"),
    TileType.PNG: (RASTER, RASTER_MIMES["png"], "png"),
    TileType.JPEG: (RASTER, RASTER_MIMES["jpeg"], "jpeg"),
    TileType.WEBP: (RASTER, RASTER_MIMES["webp"], "webp"),
}


class PMTilesFile(TileFileInfo):
    """An open, checked PMTiles file, read-only (memory-mapped).

    Args:
        path: The ``.pmtiles`` file.

    Raises:
        MapFileError: if the file is missing, not PMTiles version 3, cut short,
            damaged, holds no tiles, holds a tile type or compression this app
            cannot draw, or is cut in another grid than Web Mercator.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        name = self.path.name
        try:
            self._handle = self.path.open("rb")
        except OSError as error:
            raise MapFileError(f"The offline map file {name} cannot be opened ({error.strerror or error}).") from error
        try:
            self._map = mmap.mmap(self._handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as error:
            self._handle.close()
            raise MapFileError(f"The offline map file {name} is empty or cannot be read.") from error
        self._directories: Callable[[int, int], list[Entry]] = lru_cache(maxsize=64)(self._read_directory)
        try:
            self.header = self._read_header()
            self.info = self._read_info()
        except MapFileError:
            self.close()
            raise
        except (ValueError, KeyError, IndexError, OSError, EOFError, gzip.BadGzipFile) as error:
            self.close()
            raise MapFileError(f"The offline map file {name} is damaged and cannot be read ({error}).") from error

    def _bytes(self, offset: int, length: int) -> bytes:
        return self._map[offset : offset + length]

    def _read_header(self) -> HeaderDict:
        name = self.path.name
        try:
            header = deserialize_header(self._bytes(0, HEADER_BYTES))
        except MagicNumberNotFound:
            raise MapFileError(f"{name} is not a PMTiles file.") from None
        except SpecVersionUnsupported:
            raise MapFileError(
                f"{name} is an older PMTiles file (version 1 or 2). Convert it to version 3 with the "
                "pmtiles tool ('pmtiles convert') and import the result."
            ) from None
        except ValueError as error:  # an unknown compression or tile type code
            raise MapFileError(f"{name} is a PMTiles file this app cannot read ({error}).") from error
        end = max(
            header["root_offset"] + header["root_length"],
            header["metadata_offset"] + header["metadata_length"],
            header["leaf_directory_offset"] + header["leaf_directory_length"],
            header["tile_data_offset"] + header["tile_data_length"],
        )
        if len(self._map) < end:
            raise MapFileError(
                f"{name} is incomplete: it is {len(self._map):,} bytes but its header says {end:,}, so it was cut "
                "short while copying or downloading. Download it again."
            )
        if header["internal_compression"] not in (Compression.GZIP, Compression.NONE, Compression.UNKNOWN):
            raise MapFileError(
                f"{name} keeps its index compressed with {header['internal_compression'].name.title()}, which this "
                "app cannot read. Make the file with gzip compression (the pmtiles tool's default)."
            )
        return header

    def _read_info(self) -> MapInfo:
        name = self.path.name
        header = self.header
        if header["tile_type"] not in _TYPES:
            raise MapFileError(f"{name} holds {header['tile_type'].name} tiles, which this app cannot draw.")
        if header["tile_compression"] not in (Compression.GZIP, Compression.NONE, Compression.UNKNOWN):
            raise MapFileError(
                f"{name} holds tiles compressed with {header['tile_compression'].name.title()}, which this app "
                "cannot read. Make the file with gzip compression (the pmtiles tool's default)."
            )
        if header["addressed_tiles_count"] == 0 and header["tile_entries_count"] == 0:
            raise MapFileError(f"The offline map file {name} holds no map tiles.")
        metadata = self._metadata()
        check_web_mercator(name, metadata)
        kind, mime, declared = _TYPES[header["tile_type"]]
        check_sample_tile(name, declared, self._first_tile(header["max_zoom"]))
        bounds = Bounds(
            header["min_lat_e7"] / 1e7,
            header["min_lon_e7"] / 1e7,
            header["max_lat_e7"] / 1e7,
            header["max_lon_e7"] / 1e7,
        )
        if not (-90 <= bounds.south < bounds.north <= 90 and -180 <= bounds.west < bounds.east <= 180):
            raise MapFileError(f"{name} gives an impossible area ({bounds}); the file is damaged.")
        return MapInfo(
            path=self.path,
            name=str(metadata.get("name") or "").strip() or self.path.stem,
            bounds=bounds,
            min_zoom=int(header["min_zoom"]),
            max_zoom=int(header["max_zoom"]),
            mime=mime,
            attribution=plain_attribution(str(metadata.get("attribution") or "")),
            kind=kind,
            layers=vector_layer_names(metadata),
            container="PMTiles",
        )

    def _metadata(self) -> dict[str, Any]:
        raw = self._bytes(self.header["metadata_offset"], self.header["metadata_length"])
        if not raw:
            return {}
        if self.header["internal_compression"] == Compression.GZIP:
            raw = gzip.decompress(raw)
        try:
            data = json.loads(raw)
        except ValueError as error:
            raise MapFileError(f"The metadata of {self.path.name} is damaged ({error}).") from error
        return data if isinstance(data, dict) else {}

    def _read_directory(self, offset: int, length: int) -> list[Entry]:
        raw = self._bytes(offset, length)
        if self.header["internal_compression"] != Compression.GZIP:
            raw = gzip.compress(raw)  # the pmtiles reader always inflates directories
        return deserialize_directory(raw)

    def _stored(self, tile_id: int) -> bytes | None:
        offset, length = self.header["root_offset"], self.header["root_length"]
        for _ in range(MAX_DIRECTORY_DEPTH):
            entry = find_tile(self._directories(offset, length), tile_id)
            if entry is None:
                return None
            if entry.run_length == 0:  # a leaf directory
                offset, length = self.header["leaf_directory_offset"] + entry.offset, entry.length
                continue
            return self._bytes(self.header["tile_data_offset"] + entry.offset, entry.length)
        return None

    def _first_tile(self, zoom: int) -> bytes | None:
        """One stored tile at ``zoom`` (the centre tile when the header names one), to check what tiles hold."""
        lat, lon = self.header["center_lat_e7"] / 1e7, self.header["center_lon_e7"] / 1e7
        if not (lat or lon):
            lat = (self.header["min_lat_e7"] + self.header["max_lat_e7"]) / 2e7
            lon = (self.header["min_lon_e7"] + self.header["max_lon_e7"]) / 2e7
        x, y = tile_for(lat, lon, zoom)
        found = self._stored(zxy_to_tileid(zoom, x, y))
        if found is not None:
            return found
        root = self._directories(self.header["root_offset"], self.header["root_length"])
        for entry in root:
            if entry.run_length > 0:
                return self._bytes(self.header["tile_data_offset"] + entry.offset, entry.length)
        return None

    def tile(self, zoom: int, x: int, y: int) -> bytes | None:
        """Return XYZ tile ``(zoom, x, y)``: image bytes, or uncompressed vector tile bytes; ``None`` if none.

        A damaged tile or index also returns ``None``: a blank square, never an error on the map.
        """
        if not (self.info.min_zoom <= zoom <= self.info.max_zoom) or not (0 <= x < 2**zoom and 0 <= y < 2**zoom):
            return None
        try:
            data = self._stored(zxy_to_tileid(zoom, x, y))
        except (ValueError, IndexError, EOFError, OSError, gzip.BadGzipFile):
            return None
        if data is None or not self.info.is_vector:
            return data
        try:
            return inflate_vector_tile(data)
        except MapFileError:
            return None

    def close(self) -> None:
        """Close the file."""
        mapped = getattr(self, "_map", None)
        if mapped is not None and not mapped.closed:
            mapped.close()
        self._handle.close()
