"""Distances and areas on the ground: metres between points, inside a boundary, near a boundary.

Places assessed here are a few hundred metres across, so distances near a place
are worked out on a flat local projection (equirectangular about the place's
latitude: error well under 0.1 % within a few kilometres); the distance between
two arbitrary points uses the haversine formula on a sphere of the Earth's mean
radius. Coordinates are WGS84 degrees, ``(latitude, longitude)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from safeguarding.maps.geo import Bounds

MEAN_EARTH_RADIUS_M = 6_371_008.8
"""IUGG mean radius of the Earth, metres (for haversine distances)."""


def haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two ``(lat, lon)`` points, in metres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * MEAN_EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def point_in_polygon(point: tuple[float, float], polygon: list[tuple[float, float]]) -> bool:
    """True if ``point`` lies inside ``polygon`` (``[(lat, lon), ...]``, not closed), by ray casting."""
    lat, lon = point
    inside = False
    count = len(polygon)
    for i in range(count):
        lat1, lon1 = polygon[i]
        lat2, lon2 = polygon[(i + 1) % count]
        if (lat1 > lat) != (lat2 > lat):
            crossing = lon1 + (lat - lat1) * (lon2 - lon1) / (lat2 - lat1)
            if lon < crossing:
                inside = not inside
    return inside


@dataclass(frozen=True)
class Area:
    """A place on the ground: a boundary polygon, or a single point when no boundary is drawn.

    Attributes:
        points: The boundary ``[(lat, lon), ...]`` (three or more), or one point.
    """

    points: tuple[tuple[float, float], ...]

    @property
    def has_boundary(self) -> bool:
        """True if the area is a polygon (three or more corners)."""
        return len(self.points) >= 3

    def _local(self, lat: float, lon: float) -> tuple[float, float]:
        """Metres east and north of the first corner (flat local projection)."""
        lat0, lon0 = self.points[0]
        metres_per_degree = math.pi * MEAN_EARTH_RADIUS_M / 180
        return (lon - lon0) * metres_per_degree * math.cos(math.radians(lat0)), (lat - lat0) * metres_per_degree

    def contains(self, lat: float, lon: float) -> bool:
        """True if the point is inside the boundary (always False for a single point)."""
        return self.has_boundary and point_in_polygon((lat, lon), list(self.points))

    def distance_m(self, lat: float, lon: float) -> float:
        """Metres from the point to the area: 0 inside the boundary, else to its nearest edge (or the point)."""
        if self.contains(lat, lon):
            return 0.0
        px, py = self._local(lat, lon)
        corners = [self._local(*corner) for corner in self.points]
        if len(corners) == 1:
            return math.hypot(px - corners[0][0], py - corners[0][1])
        best = math.inf
        for (x1, y1), (x2, y2) in zip(corners, corners[1:] + corners[:1], strict=True):
            dx, dy = x2 - x1, y2 - y1
            length = dx * dx + dy * dy
            t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / length))
            best = min(best, math.hypot(px - (x1 + t * dx), py - (y1 + t * dy)))
        return best

    def box(self, margin_m: float) -> Bounds:
        """A latitude/longitude box holding the area and everything within ``margin_m`` metres of it."""
        box = Bounds.around(list(self.points))
        lat_margin = margin_m / (math.pi * MEAN_EARTH_RADIUS_M / 180)
        lon_margin = lat_margin / max(0.01, math.cos(math.radians(box.centre[0])))
        return Bounds(box.south - lat_margin, box.west - lon_margin, box.north + lat_margin, box.east + lon_margin)
