"""The offline maps the user imported: copies kept in one folder of the user data folder.

Maps are not personal data; they are shared by every database on the laptop.
A map is chosen for a place by what it covers and how much detail it holds,
whatever container (MBTiles or PMTiles) or kind of tiles (pictures or vector).
"""

from __future__ import annotations

from pathlib import Path

from safeguarding.maps.mapfiles import SUFFIXES, MapFile, open_map_file
from safeguarding.maps.mbtiles import NOT_COVERED
from safeguarding.maps.tilecheck import MapFileError, MapInfo
from safeguarding.os_errors import save_failure
from safeguarding.paths import user_data_dir
from safeguarding.private_files import copy_private_atomically


def maps_dir() -> Path:
    """Return the folder holding imported offline maps (inside the user data folder)."""
    return user_data_dir() / "maps"


class OfflineMaps:
    """The offline maps the user imported, kept as copies in one folder.

    Args:
        folder: Where imported maps are kept (default: :func:`maps_dir`).
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or maps_dir()

    def files(self) -> list[Path]:
        """Return the imported map files (``.mbtiles`` and ``.pmtiles``), by name."""
        if not self.folder.is_dir():
            return []
        return sorted(path for suffix in SUFFIXES.values() for path in self.folder.glob(f"*{suffix}"))

    def for_point(self, latitude: float, longitude: float) -> MapFile | None:
        """Open and return the imported map covering the point in most detail, or ``None``.

        Files that can no longer be read are skipped. Among maps of equal detail,
        vector maps are preferred (they print sharper and carry street names).
        """
        best: MapFile | None = None
        for path in self.files():
            try:
                candidate = open_map_file(path)
            except MapFileError:
                continue
            rank = (candidate.info.max_zoom, candidate.info.is_vector)
            if candidate.covers(latitude, longitude) and (
                best is None or rank > (best.info.max_zoom, best.info.is_vector)
            ):
                if best is not None:
                    best.close()
                best = candidate
            else:
                candidate.close()
        return best

    def import_file(self, source: Path, point: tuple[float, float] | None = None) -> MapInfo:
        """Check a map file (MBTiles or PMTiles, judged by content) and copy it into the maps folder.

        The copy is named after the file with the ending of what it really is
        (a PMTiles file named ``.mbtiles`` is kept as ``.pmtiles``).

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
        checked = open_map_file(source)
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
        suffix = SUFFIXES[info.container]
        target = self.folder / f"{source.stem if source.suffix.lower() in SUFFIXES.values() else source.name}{suffix}"
        if target.exists() and target.resolve() == source.resolve():
            return info
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            copy_private_atomically(source, target)
        except OSError as error:
            raise MapFileError(save_failure(error, "the offline map", folder=self.folder)) from error
        imported = open_map_file(target)
        imported.close()
        return imported.info
