"""Offline maps in the MBTiles format (a SQLite file of map tiles).

MBTiles 1.3: a ``metadata`` table of ``name``/``value`` rows (``bounds`` as
``west,south,east,north``, ``minzoom``, ``maxzoom``, ``format``, ``attribution``,
and for vector tiles ``json`` with the ``vector_layers``) and a ``tiles`` table or
view with ``zoom_level``, ``tile_column``, ``tile_row`` and ``tile_data``. Rows are
in **TMS order** (row 0 at the south), so the XYZ row ``y`` that Leaflet asks for
is stored as ``2**z - 1 - y``.

Raster tiles (PNG, JPEG, WebP) and Mapbox Vector Tiles (``format=pbf``, usually
gzip-compressed, as in OS Open Zoomstack or OpenMapTiles) are read; what a file
holds is judged from a stored tile, not only from the metadata
(:mod:`safeguarding.maps.tilecheck`). A file cut short while copying or
downloading (smaller than its own header says) is refused.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from safeguarding.maps.geo import Bounds, tile_bounds, tms_row
from safeguarding.maps.tilecheck import (
    RASTER_MIMES,
    VECTOR,
    VECTOR_MIME,
    MapFileError,
    MapInfo,
    TileFileInfo,
    check_sample_tile,
    check_web_mercator,
    inflate_vector_tile,
    parse_bounds_text,
    plain_attribution,
    tile_content,
    vector_layer_names,
)

__all__ = ["NOT_COVERED", "RASTER_FORMATS", "MBTiles", "MapFileError", "MapInfo", "sqlite_file_complete"]

RASTER_FORMATS = RASTER_MIMES
"""Tile formats a browser and Pillow can draw, with their MIME types."""

NOT_COVERED = "This map does not cover the location"


def sqlite_file_complete(path: Path) -> bool:
    """True unless the SQLite file is shorter than its header says (cut short while copying or downloading).

    The header records the page size (bytes 16-17) and, when valid, the page
    count (bytes 28-31). A file with a write-ahead log beside it may be shorter
    until the log is checkpointed, so it is not judged.
    """
    try:
        with Path(path).open("rb") as handle:
            header = handle.read(100)
        size = Path(path).stat().st_size
    except OSError:
        return False
    if len(header) < 100 or Path(f"{path}-wal").exists():
        return len(header) == 100
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    change_counter = int.from_bytes(header[24:28], "big")
    if pages == 0 or valid_for != change_counter:
        return True  # the count is not kept by the writer: nothing to compare
    return size >= pages * page_size


class MBTiles(TileFileInfo):
    """An open, checked MBTiles file, read-only.

    Args:
        path: The ``.mbtiles`` file.

    Raises:
        MapFileError: if the file is missing, not SQLite, cut short, damaged,
            has no tiles, holds tiles that are not what its metadata says, or is
            cut in another grid than Web Mercator.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        name = self.path.name
        if not self.path.is_file():
            raise MapFileError(f"The offline map file {name} cannot be found.")
        if not sqlite_file_complete(self.path):
            raise MapFileError(
                f"{name} is incomplete: it is shorter than its own header says, so it was cut short while "
                "copying or downloading. Copy or download it again."
            )
        try:
            self._conn = sqlite3.connect(f"{self.path.absolute().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        except sqlite3.Error as error:
            raise MapFileError(f"The offline map file {name} cannot be opened ({error}).") from error
        try:
            self.info = self._read_info()
        except sqlite3.DatabaseError as error:
            self._conn.close()
            text = str(error).lower()
            if "not a database" in text or "file is encrypted" in text:
                raise MapFileError(
                    f"{name} is not an offline map: it is not an MBTiles (SQLite) file. "
                    "Choose a file ending in .mbtiles or .pmtiles exported from a map tool."
                ) from error
            if "no such table" in text or "no such column" in text:
                raise MapFileError(
                    f"{name} is a database but not an offline map: it has no MBTiles tiles table."
                ) from error
            raise MapFileError(f"The offline map file {name} is damaged and cannot be read ({error}).") from error
        except MapFileError:
            self._conn.close()
            raise

    def _read_info(self) -> MapInfo:
        name = self.path.name
        meta = {str(row[0]): str(row[1]) for row in self._conn.execute("SELECT name, value FROM metadata")}
        min_zoom, max_zoom = self._zooms(meta)
        extra = self._json_metadata(meta)
        check_web_mercator(name, {**meta, **extra})
        sample = self._conn.execute(
            "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_data IS NOT NULL LIMIT 1", (max_zoom,)
        ).fetchone()
        declared = meta.get("format", "").strip().lower()
        kind = check_sample_tile(name, declared, bytes(sample[0]) if sample else None)
        if kind == VECTOR:
            mime = VECTOR_MIME
        else:
            mime = RASTER_FORMATS.get(declared) or RASTER_FORMATS[tile_content(bytes(sample[0]))]
        bounds = parse_bounds_text(name, meta.get("bounds", "")) or self._bounds_from_tiles(max_zoom)
        return MapInfo(
            path=self.path,
            name=meta.get("name", "").strip() or self.path.stem,
            bounds=bounds,
            min_zoom=min_zoom,
            max_zoom=max_zoom,
            mime=mime,
            attribution=plain_attribution(meta.get("attribution", "")),
            kind=kind,
            layers=vector_layer_names(extra),
            container="MBTiles",
        )

    def _zooms(self, meta: dict[str, str]) -> tuple[int, int]:
        """The zoom range from the metadata when it gives one (a country-wide file, e.g. OS Open Zoomstack, keeps
        its tiles in a view over millions of rows, too slow to scan each time a map opens), else from the tiles.
        """
        try:
            low, high = int(meta["minzoom"]), int(meta["maxzoom"])
            if 0 <= low <= high <= 30:
                return low, high
        except (KeyError, ValueError):
            pass
        zooms = self._conn.execute("SELECT min(zoom_level), max(zoom_level) FROM tiles").fetchone()
        if zooms is None or zooms[0] is None:
            raise MapFileError(f"The offline map file {self.path.name} holds no map tiles.")
        return int(zooms[0]), int(zooms[1])

    @staticmethod
    def _json_metadata(meta: dict[str, str]) -> dict[str, object]:
        try:
            extra = json.loads(meta.get("json", "") or "{}")
        except ValueError:
            return {}
        return extra if isinstance(extra, dict) else {}

    def _bounds_from_tiles(self, zoom: int) -> Bounds:
        row = self._conn.execute(
            "SELECT min(tile_column), max(tile_column), min(tile_row), max(tile_row) FROM tiles WHERE zoom_level = ?",
            (zoom,),
        ).fetchone()
        west_col, east_col, south_row, north_row = (int(v) for v in row)
        north_west = tile_bounds(zoom, west_col, tms_row(zoom, north_row))
        south_east = tile_bounds(zoom, east_col, tms_row(zoom, south_row))
        return Bounds(south_east.south, north_west.west, north_west.north, south_east.east)

    def tile(self, zoom: int, x: int, y: int) -> bytes | None:
        """Return XYZ tile ``(zoom, x, y)``: image bytes, or uncompressed vector tile bytes; ``None`` if none.

        A read failure (e.g. the file was removed) or a damaged tile also returns
        ``None``: a missing tile leaves a blank square, never an error on the map.
        """
        if zoom < 0 or not (0 <= x < 2**zoom and 0 <= y < 2**zoom):
            return None
        try:
            row = self._conn.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                (zoom, x, tms_row(zoom, y)),
            ).fetchone()
        except sqlite3.Error:
            return None
        if not row or row[0] is None:
            return None
        if not self.info.is_vector:
            return bytes(row[0])
        try:
            return inflate_vector_tile(bytes(row[0]))
        except MapFileError:
            return None

    def close(self) -> None:
        """Close the file."""
        self._conn.close()
