"""Coordinates: checks with plain-English messages, and Web Mercator tile arithmetic.

Coordinates are WGS84 decimal degrees, latitude first, as everywhere in the app
(GeoJSON, which puts longitude first, is handled in :mod:`safeguarding.maps.geojson`).
Tile numbers follow the "slippy map" XYZ scheme used by Leaflet and OpenStreetMap:
``x`` grows eastwards and ``y`` southwards from the north-west corner.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from safeguarding.errors import ValidationError

TILE_SIZE = 256
"""Pixels along a side of a map tile."""
MAX_MERCATOR_LATITUDE = 85.05112878
"""Web Mercator cannot show the poles; latitudes are clamped to this."""
EARTH_RADIUS_M = 6378137.0
"""The WGS84 equatorial radius used by Web Mercator, in metres."""


@dataclass(frozen=True)
class Bounds:
    """A latitude/longitude box (WGS84 degrees); ``west <= east`` (no antimeridian crossing)."""

    south: float
    west: float
    north: float
    east: float

    def contains(self, latitude: float, longitude: float) -> bool:
        """True if the point lies inside or on the edge of the box."""
        return self.south <= latitude <= self.north and self.west <= longitude <= self.east

    def intersects(self, other: Bounds) -> bool:
        """True if the two boxes overlap or touch."""
        return not (
            other.west > self.east or other.east < self.west or other.south > self.north or other.north < self.south
        )

    @property
    def centre(self) -> tuple[float, float]:
        """The middle of the box as ``(latitude, longitude)``."""
        return ((self.south + self.north) / 2, (self.west + self.east) / 2)

    @classmethod
    def around(cls, points: list[tuple[float, float]]) -> Bounds:
        """The smallest box holding ``points`` (``[(lat, lon), ...]``, at least one)."""
        lats = [p[0] for p in points]
        lons = [p[1] for p in points]
        return cls(min(lats), min(lons), max(lats), max(lons))


def check_point(latitude: object, longitude: object, what: str = "The pin") -> tuple[float, float]:
    """Check a point typed or clicked by the user and return it as floats.

    Args:
        latitude, longitude: Numbers (or text of numbers) in WGS84 degrees.
        what: How to name the point in the message, e.g. ``"The pin"``.

    Returns:
        ``(latitude, longitude)`` as floats.

    Raises:
        ValidationError: if either is missing, not a number, not finite, or out of
            range (latitude -90..90, longitude -180..180), naming the field.
    """
    values: list[float] = []
    for name, value, limit in (("latitude", latitude, 90.0), ("longitude", longitude, 180.0)):
        try:
            number = float(str(value).strip()) if not isinstance(value, int | float) else float(value)
        except ValueError:
            raise ValidationError(f"{what}'s {name} '{value}' is not a number of degrees.", name) from None
        if isinstance(value, bool) or not math.isfinite(number) or not -limit <= number <= limit:
            raise ValidationError(
                f"{what}'s {name} must be between -{limit:g} and {limit:g} degrees; {value} is not possible.", name
            )
        values.append(number)
    return values[0], values[1]


def lonlat_to_world(latitude: float, longitude: float, zoom: int) -> tuple[float, float]:
    """Return the point's Web Mercator pixel position at ``zoom`` (origin: north-west corner).

    The world is ``256 * 2**zoom`` pixels wide; latitudes beyond
    :data:`MAX_MERCATOR_LATITUDE` are clamped.
    """
    lat = max(-MAX_MERCATOR_LATITUDE, min(MAX_MERCATOR_LATITUDE, latitude))
    scale = TILE_SIZE * 2**zoom
    x = (longitude + 180.0) / 360.0 * scale
    sin = math.sin(math.radians(lat))
    y = (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * scale
    return x, y


def world_to_lonlat(x: float, y: float, zoom: int) -> tuple[float, float]:
    """Inverse of :func:`lonlat_to_world`: return ``(latitude, longitude)``."""
    scale = TILE_SIZE * 2**zoom
    longitude = x / scale * 360.0 - 180.0
    n = math.pi - 2 * math.pi * y / scale
    latitude = math.degrees(math.atan(math.sinh(n)))
    return latitude, longitude


def tile_for(latitude: float, longitude: float, zoom: int) -> tuple[int, int]:
    """Return the XYZ tile ``(x, y)`` holding the point at ``zoom``."""
    x, y = lonlat_to_world(latitude, longitude, zoom)
    last = 2**zoom - 1
    return min(last, max(0, int(x // TILE_SIZE))), min(last, max(0, int(y // TILE_SIZE)))


def tile_bounds(zoom: int, x: int, y: int) -> Bounds:
    """Return the latitude/longitude box of XYZ tile ``(zoom, x, y)``."""
    north, west = world_to_lonlat(x * TILE_SIZE, y * TILE_SIZE, zoom)
    south, east = world_to_lonlat((x + 1) * TILE_SIZE, (y + 1) * TILE_SIZE, zoom)
    return Bounds(south, west, north, east)


def metres_per_pixel(latitude: float, zoom: int) -> float:
    """Ground distance of one map pixel at ``latitude`` and ``zoom``, in metres."""
    return math.cos(math.radians(latitude)) * 2 * math.pi * EARTH_RADIUS_M / (TILE_SIZE << zoom)


def tms_row(zoom: int, y: int) -> int:
    """Convert an XYZ tile row to the TMS row MBTiles stores (``2**z - 1 - y``) and back."""
    return (1 << zoom) - 1 - y
