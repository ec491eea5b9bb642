"""Helpers for map tests: MBTiles files made on the spot, and a stored assessment to pin."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from safeguarding.forms import FormDefinition
from safeguarding.maps.geo import tile_for, tms_row
from safeguarding.model import Assessment, Location
from safeguarding.store import Store

BRENCHLEY = (51.2776, 0.5196)
"""Brenchley Gardens, Maidstone (approximate, public)."""
TILE_RGB = (200, 230, 255)
"""The colour of every generated test tile (pale blue)."""


def png(rgb: tuple[int, int, int] = TILE_RGB) -> bytes:
    """A plain 256x256 PNG tile of one colour."""
    out = io.BytesIO()
    Image.new("RGB", (256, 256), rgb).save(out, format="PNG")
    return out.getvalue()


def make_mbtiles(
    path: Path,
    centre: tuple[float, float] = BRENCHLEY,
    zooms: range = range(14, 19),
    radius: int = 2,
    rgb: tuple[int, int, int] = TILE_RGB,
    bounds: bool = True,
    attribution: str = "Test tiles (fictional)",
) -> Path:
    """Write an MBTiles file of plain tiles around ``centre`` (rows in TMS order).

    Args:
        radius: Tiles each side of the centre tile at every zoom level.
        bounds: Write the ``bounds`` metadata (else readers work it out from the tiles).
    """
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    conn.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
    meta = {"name": "Test map", "format": "png", "attribution": attribution}
    if bounds:
        lat, lon = centre
        meta["bounds"] = f"{lon - 0.02},{lat - 0.012},{lon + 0.02},{lat + 0.012}"
    conn.executemany("INSERT INTO metadata VALUES (?, ?)", list(meta.items()))
    data = png(rgb)
    for zoom in zooms:
        cx, cy = tile_for(*centre, zoom)
        for x in range(cx - radius, cx + radius + 1):
            for y in range(cy - radius, cy + radius + 1):
                conn.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (zoom, x, tms_row(zoom, y), data))
    conn.commit()
    conn.close()
    return path


@pytest.fixture
def located(store: Store, form: FormDefinition) -> tuple[Location, Assessment]:
    """Brenchley Gardens with a new draft assessment."""
    location = store.locations.add(Location("Brenchley Gardens", latitude=BRENCHLEY[0], longitude=BRENCHLEY[1]))
    return location, store.assessments.create(location.id, form)
