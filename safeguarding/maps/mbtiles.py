"""Offline maps in the MBTiles format (a SQLite file of map tiles), and the folder that keeps them.

MBTiles 1.3: a ``metadata`` table of ``name``/``value`` rows (``bounds`` as
``west,south,east,north``, ``minzoom``, ``maxzoom``, ``format``, ``attribution``)
and a ``tiles`` table or view with ``zoom_level``, ``tile_column``, ``tile_row``
and ``tile_data``. Rows are in **TMS order** (row 0 at the south), so the XYZ row
``y`` that Leaflet asks for is stored as ``2**z - 1 - y``.

Only raster tiles (PNG, JPEG, WebP) can be shown; vector tiles are refused.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from safeguarding.errors import SafeguardingError
from safeguarding.maps.geo import Bounds, tile_bounds, tms_row
from safeguarding.paths import user_data_dir

RASTER_FORMATS = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"}
"""Tile formats a browser and Pillow can draw, with their MIME types."""

NOT_COVERED = "This map does not cover the location"


class MapFileError(SafeguardingError):
    """An offline map file cannot be used; the message says why in plain English."""


@dataclass(frozen=True)
class MapInfo:
    """What an offline map file holds.

    Attributes:
        path: The file.
        name: Its name from the metadata, or the file name.
        bounds: The area it covers.
        min_zoom, max_zoom: The zoom levels it holds tiles for.
        mime: The tiles' MIME type, e.g. ``"image/png"``.
        attribution: Who made the map (shown on the map and in the report).
    """

    path: Path
    name: str
    bounds: Bounds
    min_zoom: int
    max_zoom: int
    mime: str
    attribution: str


class MBTiles:
    """An open, checked MBTiles file, read-only.

    Args:
        path: The ``.mbtiles`` file.

    Raises:
        MapFileError: if the file is missing, not SQLite, damaged, has no tiles,
            or holds vector tiles.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        name = self.path.name
        if not self.path.is_file():
            raise MapFileError(f"The offline map file {name} cannot be found.")
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
                    "Choose a file ending in .mbtiles exported from a map tool."
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
        zooms = self._conn.execute("SELECT min(zoom_level), max(zoom_level) FROM tiles").fetchone()
        if zooms is None or zooms[0] is None:
            raise MapFileError(f"The offline map file {name} holds no map tiles.")
        min_zoom, max_zoom = int(zooms[0]), int(zooms[1])
        fmt = meta.get("format", "png").strip().lower()
        if fmt not in RASTER_FORMATS:
            raise MapFileError(
                f"The offline map file {name} holds '{fmt}' tiles (vector tiles), which this app cannot draw. "
                "Export the map as PNG or JPEG tiles."
            )
        bounds = _parse_bounds(meta.get("bounds", "")) or self._bounds_from_tiles(max_zoom)
        return MapInfo(
            path=self.path,
            name=meta.get("name", "").strip() or self.path.stem,
            bounds=bounds,
            min_zoom=min_zoom,
            max_zoom=max_zoom,
            mime=RASTER_FORMATS[fmt],
            attribution=meta.get("attribution", "").strip(),
        )

    def _bounds_from_tiles(self, zoom: int) -> Bounds:
        row = self._conn.execute(
            "SELECT min(tile_column), max(tile_column), min(tile_row), max(tile_row) FROM tiles WHERE zoom_level = ?",
            (zoom,),
        ).fetchone()
        west_col, east_col, south_row, north_row = (int(v) for v in row)
        north_west = tile_bounds(zoom, west_col, tms_row(zoom, north_row))
        south_east = tile_bounds(zoom, east_col, tms_row(zoom, south_row))
        return Bounds(south_east.south, north_west.west, north_west.north, south_east.east)

    @property
    def attribution(self) -> str:
        """Who made the map."""
        return self.info.attribution

    def covers(self, latitude: float, longitude: float) -> bool:
        """True if the map's area holds the point."""
        return self.info.bounds.contains(latitude, longitude)

    def tile(self, zoom: int, x: int, y: int) -> bytes | None:
        """Return the image bytes of XYZ tile ``(zoom, x, y)``, or ``None`` if the file has none.

        A read failure (e.g. the file was removed) also returns ``None``: a
        missing tile leaves a blank square, never an error on the map.
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
        return bytes(row[0]) if row and row[0] is not None else None

    def close(self) -> None:
        """Close the file."""
        self._conn.close()


def _parse_bounds(text: str) -> Bounds | None:
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        return None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        return None
    return Bounds(south, west, north, east)


def maps_dir() -> Path:
    """Return the folder holding imported offline maps (inside the user data folder)."""
    return user_data_dir() / "maps"


class OfflineMaps:
    """The offline maps the user imported, kept as copies in one folder.

    Maps are not personal data; they are shared by every database on the laptop.

    Args:
        folder: Where imported maps are kept (default: :func:`maps_dir`).
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or maps_dir()

    def files(self) -> list[Path]:
        """Return the imported map files, by name."""
        return sorted(self.folder.glob("*.mbtiles")) if self.folder.is_dir() else []

    def for_point(self, latitude: float, longitude: float) -> MBTiles | None:
        """Open and return the imported map covering the point in most detail, or ``None``.

        Files that can no longer be read are skipped.
        """
        best: MBTiles | None = None
        for path in self.files():
            try:
                candidate = MBTiles(path)
            except MapFileError:
                continue
            if candidate.covers(latitude, longitude) and (best is None or candidate.info.max_zoom > best.info.max_zoom):
                if best is not None:
                    best.close()
                best = candidate
            else:
                candidate.close()
        return best

    def import_file(self, source: Path, point: tuple[float, float] | None = None) -> MapInfo:
        """Check an MBTiles file and copy it into the maps folder.

        Args:
            source: The file the user chose.
            point: ``(latitude, longitude)`` the map must cover (the location), or ``None``.

        Returns:
            The imported copy's details.

        Raises:
            MapFileError: if the file is not a usable offline map, does not cover
                ``point`` ("This map does not cover the location ..."), or cannot
                be copied. Nothing is copied in those cases.
        """
        source = Path(source)
        checked = MBTiles(source)
        try:
            info = checked.info
            if point is not None and not checked.covers(*point):
                b = info.bounds
                raise MapFileError(
                    f"{NOT_COVERED}: {source.name} covers latitude {b.south:.3f} to {b.north:.3f}, "
                    f"longitude {b.west:.3f} to {b.east:.3f}, but the location is at "
                    f"{point[0]:.4f}, {point[1]:.4f}. Choose a map of the area around the location."
                )
        finally:
            checked.close()
        target = self.folder / source.name
        if target.suffix.lower() != ".mbtiles":
            target = target.with_suffix(".mbtiles")
        if target.exists() and target.resolve() == source.resolve():
            return info
        partial = target.with_suffix(".mbtiles.part")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, partial)
            partial.replace(target)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise MapFileError(f"The offline map could not be copied into {self.folder} ({error.strerror}).") from error
        imported = MBTiles(target)
        imported.close()
        return imported.info
