"""GeoJSON (RFC 7946) of an assessment's map: the boundary as a Polygon and each pin as a Point.

RFC 7946 puts **longitude before latitude** in every position, and wants a
polygon's outer ring closed (first position repeated last) and anticlockwise
(the right-hand rule). The app keeps ``(latitude, longitude)`` everywhere else,
so the swap happens only here. Text properties are plain strings; a GIS tool
(QGIS, ArcGIS) opens the file as two layers' worth of features.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from safeguarding.errors import SafeguardingError
from safeguarding.maps.categories import PinCategories
from safeguarding.maps.geo import check_point
from safeguarding.model import MapPin, Side
from safeguarding.private_files import write_private_atomically


class GeoJSONError(SafeguardingError):
    """A GeoJSON file cannot be written or read; the message says why."""


def _ring(boundary: list[tuple[float, float]]) -> list[list[float]]:
    ring = [[lon, lat] for lat, lon in boundary]
    # Shoelace sum over (x=lon, y=lat): positive means anticlockwise.
    area2 = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))
    if area2 < 0:
        ring.reverse()
    return [*ring, ring[0]]


def to_geojson(
    pins: list[MapPin],
    boundary: list[tuple[float, float]],
    categories: PinCategories,
    *,
    name: str = "",
) -> dict[str, Any]:
    """Return a GeoJSON FeatureCollection of the boundary and the pins.

    Args:
        pins: The pins, numbered 1.. in this order (the numbers match the report).
        boundary: ``[(lat, lon), ...]`` polygon corners, or empty.
        categories: To add each pin's category label and colour.
        name: The location's name, stored as the collection's ``name``.

    Returns:
        A dict ready for :func:`json.dumps`.
    """
    features: list[dict[str, Any]] = []
    if boundary:
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [_ring(boundary)]},
                "properties": {"kind": "boundary", "name": name},
            }
        )
    for number, pin in enumerate(pins, start=1):
        category = categories.get(pin.category)
        features.append(
            {
                "type": "Feature",
                "id": pin.id,
                "geometry": {"type": "Point", "coordinates": [pin.longitude, pin.latitude]},
                "properties": {
                    "kind": "pin",
                    "number": number,
                    "category": pin.category,
                    "category_label": category.label,
                    "colour": category.colour,
                    "label": pin.label,
                    "notes": pin.notes,
                    "side": Side(pin.side).value,
                    "observation_id": pin.observation_id,
                    "carried_forward": pin.is_carried,
                },
            }
        )
    return {"type": "FeatureCollection", "name": name, "features": features}


def write_geojson(path: Path, collection: dict[str, Any]) -> Path:
    """Write ``collection`` to ``path`` as UTF-8 JSON (replacing it atomically), owner-only.

    Raises:
        GeoJSONError: if the file cannot be written (message says why).
    """
    text = json.dumps(collection, ensure_ascii=False, indent=1)
    return write_private_atomically(Path(path), text, what="the map", error=GeoJSONError)


def from_geojson(data: dict[str, Any]) -> tuple[list[MapPin], list[tuple[float, float]]]:
    """Read pins and a boundary back from a collection written by :func:`to_geojson`.

    Returns:
        ``(pins, boundary)``, with ``(lat, lon)`` order restored and the closing
        corner of the ring dropped. Pins keep their ids.

    Raises:
        GeoJSONError: if the data is not a FeatureCollection of Points and Polygons
            with possible coordinates.
    """
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise GeoJSONError("This is not a GeoJSON FeatureCollection.")
    pins: list[MapPin] = []
    boundary: list[tuple[float, float]] = []
    try:
        for feature in data["features"]:
            geometry, props = feature["geometry"], feature.get("properties") or {}
            if geometry["type"] == "Polygon" and not boundary:
                ring = geometry["coordinates"][0]
                boundary = [check_point(lat, lon, "A boundary corner") for lon, lat in ring[:-1]]
            elif geometry["type"] == "Point":
                lon, lat = geometry["coordinates"][:2]
                lat, lon = check_point(lat, lon)
                pin = MapPin(
                    lat,
                    lon,
                    str(props.get("category") or "other"),
                    str(props.get("label") or ""),
                    str(props.get("notes") or ""),
                    Side(props.get("side") or Side.ENVIRONMENT.value),
                    props.get("observation_id"),
                )
                if feature.get("id"):
                    pin.id = str(feature["id"])
                pins.append(pin)
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise GeoJSONError(f"This GeoJSON file is not in the expected shape ({error}).") from error
    return pins, boundary
