"""Open an offline map file by what it holds, whatever its name: MBTiles (SQLite) or PMTiles.

The first bytes decide: ``SQLite format 3`` is an MBTiles file, ``PMTiles`` a
PMTiles file. Anything else is refused with a sentence saying what the file
seems to be (a zip archive, a PDF, a picture, text...), so a user who picked the
wrong download knows what to do. Vector tiles must be in a layout this app can
draw (:mod:`safeguarding.maps.vector_style`); the layout is read from the
file's metadata, or from a tile when the metadata does not list its layers.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from safeguarding.maps.geo import tile_for
from safeguarding.maps.mbtiles import MBTiles
from safeguarding.maps.pmtiles_file import PMTilesFile
from safeguarding.maps.tilecheck import MapFileError
from safeguarding.maps.vector_style import STYLES, VectorStyle, credit_for, style_for_layers

MapFile = MBTiles | PMTilesFile
"""An open offline map: both kinds have ``info``, ``attribution``, ``covers()``, ``tile()`` and ``close()``."""

SUFFIXES = {"MBTiles": ".mbtiles", "PMTiles": ".pmtiles"}
"""The file name ending each container is kept under."""

_LOOKS_LIKE = (
    (
        b"PK\x03\x04",
        "a zip archive. If the map came in a zip, unzip it first and choose the .mbtiles or .pmtiles file inside",
    ),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG picture"),
    (b"\xff\xd8\xff", "a JPEG picture"),
    (b"\x1f\x8b", "a gzip-compressed file. Uncompress it first"),
    (b"GPKG", "a GeoPackage"),
)


def sniff(path: Path) -> str:
    """Say which container ``path`` is by its first bytes: ``"MBTiles"`` or ``"PMTiles"``.

    Raises:
        MapFileError: if the file cannot be read, is empty, or is something else
            (the message says what it seems to be).
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(64)
    except FileNotFoundError:
        raise MapFileError(f"The offline map file {path.name} cannot be found.") from None
    except IsADirectoryError:
        raise MapFileError(f"{path.name} is a folder, not a map file.") from None
    except OSError as error:
        raise MapFileError(f"The offline map file {path.name} cannot be read ({error.strerror or error}).") from error
    if head.startswith(b"SQLite format 3\x00"):
        return "MBTiles"
    if head.startswith(b"PMTiles"):
        return "PMTiles"
    if not head:
        raise MapFileError(f"{path.name} is empty: it is not a map. It may not have finished downloading.")
    seems = next((what for magic, what in _LOOKS_LIKE if head.startswith(magic)), "")
    if not seems and head.lstrip()[:1] in (b"{", b"["):
        seems = "a text (JSON or GeoJSON) file, not map tiles"
    if not seems:
        seems = "not a file this app can read as a map"
    return _refuse(path, seems)


def _refuse(path: Path, seems: str) -> str:
    raise MapFileError(
        f"{path.name} is not an offline map: it is {seems}. Choose an MBTiles (.mbtiles) or PMTiles (.pmtiles) file."
    )


def _layers_from_tile(opened: MapFile) -> tuple[str, ...]:
    """Layer names of one vector tile near the middle of the map (when the metadata lists none)."""
    import mapbox_vector_tile  # ~0.1 s with shapely: only for files without a layer list

    info = opened.info
    for zoom in range(info.max_zoom, info.min_zoom - 1, -1):
        data = opened.tile(zoom, *tile_for(*info.bounds.centre, zoom))
        if data:
            try:
                return tuple(mapbox_vector_tile.decode(data))
            except Exception as error:  # the decoder raises many kinds on damaged data
                raise MapFileError(f"{info.path.name} holds a damaged vector tile ({error}).") from error
    return ()


def open_map_file(path: Path) -> MapFile:
    """Open and check an offline map file, whichever container its content shows.

    Returns:
        The open file; its ``info.layers`` lists the vector layers (read from a
        tile when the metadata has none) and ``info.attribution`` is completed as
        the data's licence asks (:func:`~safeguarding.maps.vector_style.credit_for`).

    Raises:
        MapFileError: if the file is not a usable map (see :func:`sniff`,
            :class:`~safeguarding.maps.mbtiles.MBTiles`,
            :class:`~safeguarding.maps.pmtiles_file.PMTilesFile`), or holds vector
            tiles in a layout this app cannot draw.
    """
    container = sniff(path)
    opened: MapFile = MBTiles(path) if container == "MBTiles" else PMTilesFile(path)
    try:
        if opened.info.is_vector:
            layers = opened.info.layers or _layers_from_tile(opened)
            style = style_for_layers(layers)
            if style is None:
                known = "; ".join(s.title for s in STYLES)
                shown = ", ".join(layers[:12]) or "none"
                raise MapFileError(
                    f"{Path(path).name} holds vector tiles in a layout this app cannot draw (its layers: {shown}). "
                    f"Layouts it can draw: {known}."
                )
            opened.info = replace(
                opened.info, layers=tuple(layers), attribution=credit_for(style, opened.info.attribution)
            )
    except MapFileError:
        opened.close()
        raise
    return opened


def style_of(opened: MapFile) -> VectorStyle | None:
    """The vector style to draw an open file with (``None`` for raster tiles)."""
    return style_for_layers(opened.info.layers) if opened.info.is_vector else None
