"""Draw vector map tiles (Mapbox Vector Tiles) into a Pillow image, without a browser.

Tiles are decoded with ``mapbox-vector-tile`` and drawn with the paint rules of
their layout (:mod:`safeguarding.maps.vector_style`): each rule in order over
every tile, so a street's casing lies under every street's fill. Polygons with
holes (a building round a courtyard) are filled through a mask. The picture is
drawn at twice the size and reduced, which smooths edges (Pillow draws without
anti-aliasing). Street names are written along the straightest long stretch of
each named street, upright, with a white halo, and never over another name.

Tiles hold data up to their own maximum zoom (14 for OpenMapTiles and OS Open
Zoomstack); a more detailed view scales that data up, as map viewers do.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from PIL import Image, ImageDraw, ImageFont

from safeguarding.maps.geo import TILE_SIZE
from safeguarding.maps.vector_style import REFERENCE_ZOOM, LabelRule, PaintRule, VectorStyle, width_at

SUPERSAMPLE = 2
"""Drawn at this many times the size, then reduced: smooth edges."""
LABEL_PADDING = 6
"""Pixels kept clear around each street name."""

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
Points = list[tuple[float, float]]


class VectorTileSource(Protocol):
    """Anything that returns uncompressed vector tile bytes by XYZ number."""

    def tile(self, zoom: int, x: int, y: int) -> bytes | None:
        """Return the tile's bytes, or ``None``."""
        ...


def rgb(colour: str) -> tuple[int, int, int]:
    """``#rrggbb`` as an ``(r, g, b)`` tuple."""
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


@dataclass
class _Tile:
    """A decoded tile and where its corner lies in the (supersampled) picture."""

    layers: dict[str, Any]
    origin_x: float
    origin_y: float
    scale: float
    """Picture pixels per tile unit."""


@dataclass
class VectorDrawing:
    """What :func:`draw_vector_map` drew.

    Attributes:
        tiles: Tiles found and drawn.
        labels: Street names written.
        data_zoom: The zoom of the tiles used.
    """

    tiles: int = 0
    labels: list[str] = field(default_factory=list)
    data_zoom: int = 0


def _decode(data: bytes) -> dict[str, Any]:
    import mapbox_vector_tile  # imported on first use: ~0.1 s with shapely

    try:
        decoded = mapbox_vector_tile.decode(data, default_options={"y_coord_down": True})
    except Exception:  # the decoder raises many kinds on damaged data: a blank tile, never an error
        return {}
    return decoded if isinstance(decoded, dict) else {}


def _features(tiles: list[_Tile], layers: tuple[str, ...]) -> Iterator[tuple[_Tile, dict[str, Any]]]:
    for tile in tiles:
        for layer in layers:
            for feature in tile.layers.get(layer, {}).get("features", []):
                yield tile, feature


def _ring(tile: _Tile, ring: list[list[float]]) -> Points:
    s, ox, oy = tile.scale, tile.origin_x, tile.origin_y
    return [(ox + x * s, oy + y * s) for x, y in ring]


def _visible(points: Points, size: tuple[int, int], margin: float) -> bool:
    """True if the points' box overlaps the picture (with ``margin`` pixels): off-picture shapes are not drawn."""
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return max(xs) >= -margin and min(xs) <= size[0] + margin and max(ys) >= -margin and min(ys) <= size[1] + margin


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        return [coords]
    if kind == "MultiPolygon":
        return list(coords)
    return []


def _lines(geometry: dict[str, Any]) -> list[list[list[float]]]:
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "LineString":
        return [coords]
    if kind == "MultiLineString":
        return list(coords)
    if kind in ("Polygon", "MultiPolygon"):  # outlines of areas drawn as lines (e.g. riverbanks)
        return [ring for polygon in _polygons(geometry) for ring in polygon]
    return []


def _fill(canvas: Image.Image, tiles: list[_Tile], rule: PaintRule, zoom: int) -> None:
    mask = Image.new("L", canvas.size, 0)
    draw = ImageDraw.Draw(mask)
    outlines: list[Points] = []
    drawn = False
    for tile, feature in _features(tiles, rule.layers):
        if not rule.matches(feature.get("properties") or {}):
            continue
        for polygon in _polygons(feature.get("geometry") or {}):
            rings = [_ring(tile, ring) for ring in polygon if len(ring) >= 3]
            if not rings or not _visible(rings[0], canvas.size, 4):
                continue
            draw.polygon(rings[0], fill=255)
            for hole in rings[1:]:
                draw.polygon(hole, fill=0)
            if rule.outline:
                outlines += rings
            drawn = True
    if not drawn:
        return
    canvas.paste(rgb(rule.colour), mask=mask)
    if outlines:
        pen = ImageDraw.Draw(canvas)
        for ring in outlines:
            pen.line([*ring, ring[0]], fill=rgb(rule.outline), width=SUPERSAMPLE)


def _stroke(canvas: Image.Image, tiles: list[_Tile], rule: PaintRule, zoom: int) -> None:
    pen = ImageDraw.Draw(canvas)
    width = max(1, round(width_at(rule.width, zoom) * SUPERSAMPLE))
    colour = rgb(rule.colour)
    radius = width / 2
    for tile, feature in _features(tiles, rule.layers):
        if not rule.matches(feature.get("properties") or {}):
            continue
        for line in _lines(feature.get("geometry") or {}):
            points = _ring(tile, line)
            if len(points) < 2 or not _visible(points, canvas.size, width):
                continue
            pen.line(points, fill=colour, width=width, joint="curve" if width >= 6 else None)
            if width >= 6:  # round ends, so streets meet without notches
                for x, y in (points[0], points[-1]):
                    pen.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)


def _label_candidates(tiles: list[_Tile], rule: LabelRule) -> dict[str, list[Points]]:
    """Each name's lines in picture pixels (whether they cross the picture is judged when placing)."""
    found: dict[str, list[Points]] = {}
    for tile, feature in _features(tiles, rule.layers):
        properties = feature.get("properties") or {}
        if not rule.matches(properties):
            continue
        name = rule.text(properties)
        if not name:
            continue
        for line in _lines(feature.get("geometry") or {}):
            found.setdefault(name, []).append(_ring(tile, line))
    return found


def _clip(
    a: tuple[float, float], b: tuple[float, float], box: tuple[float, float, float, float]
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The part of segment ``a``-``b`` inside ``box`` (left, top, right, bottom), or ``None`` (Liang-Barsky)."""
    (x1, y1), (x2, y2) = a, b
    dx, dy = x2 - x1, y2 - y1
    low, high = 0.0, 1.0
    for p, q in ((-dx, x1 - box[0]), (dx, box[2] - x1), (-dy, y1 - box[1]), (dy, box[3] - y1)):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return None
    return (x1 + low * dx, y1 + low * dy), (x1 + high * dx, y1 + high * dy)


def _best_stretch(points: Points, needed: float, size: tuple[int, int]) -> tuple[float, float, float] | None:
    """The middle and angle (degrees, upright) of the longest straight stretch inside the picture, if long enough."""
    box = (20.0, 20.0, size[0] - 20.0, size[1] - 20.0)
    best: tuple[float, float, float, float] | None = None
    for a, b in itertools.pairwise(points):
        clipped = _clip(a, b, box)
        if clipped is None:
            continue
        (x1, y1), (x2, y2) = clipped
        length = math.hypot(x2 - x1, y2 - y1)
        if length < needed or (best is not None and length <= best[0]):
            continue
        angle = math.degrees(math.atan2(y2 - y1, x2 - x1))
        if angle > 90:
            angle -= 180
        elif angle < -90:
            angle += 180
        best = (length, (x1 + x2) / 2, (y1 + y2) / 2, angle)
    return None if best is None else best[1:]


def _overlaps(box: tuple[float, float, float, float], taken: list[tuple[float, float, float, float]]) -> bool:
    left, top, right, bottom = box
    return any(not (right < l2 or left > r2 or bottom < t2 or top > b2) for l2, t2, r2, b2 in taken)


def _write_labels(
    image: Image.Image,
    size: tuple[int, int],
    tiles: list[_Tile],
    style: VectorStyle,
    zoom: int,
    font_for: Callable[[int], Font],
) -> list[str]:
    """Write street names on the final (reduced) picture: the straightest long stretch of each, never overlapping.

    Where a name would go is worked out from its measured length and angle first; only names that fit
    are drawn and turned (drawing and turning is most of the cost).
    """
    written: list[str] = []
    taken: list[tuple[float, float, float, float]] = []
    halo = 2
    for rule in style.labels:
        if zoom < rule.min_zoom:
            continue
        font = font_for(round(rule.size * min(1.25, max(0.85, 2 ** ((zoom - REFERENCE_ZOOM) * 0.3)))))
        ascent, descent = font.getmetrics() if isinstance(font, ImageFont.FreeTypeFont) else (10, 3)
        text_h = ascent + descent + 2 * halo
        candidates = _label_candidates(tiles, rule)
        lengths = {name: max(_length(line) for line in lines) for name, lines in candidates.items()}
        for name in sorted(candidates, key=lambda n: -lengths[n]):
            text_w = font.getlength(name) + 2 * halo
            spot = None
            for line in sorted(candidates[name], key=_length, reverse=True):
                spot = _best_stretch(line, text_w * 1.1 * SUPERSAMPLE, (size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE))
                if spot:
                    break
            if spot is None:
                continue
            cx, cy, angle = spot[0] / SUPERSAMPLE, spot[1] / SUPERSAMPLE, spot[2]
            turn = math.radians(angle)
            half_w = (abs(math.cos(turn)) * text_w + abs(math.sin(turn)) * text_h) / 2
            half_h = (abs(math.sin(turn)) * text_w + abs(math.cos(turn)) * text_h) / 2
            box = (
                cx - half_w - LABEL_PADDING,
                cy - half_h - LABEL_PADDING,
                cx + half_w + LABEL_PADDING,
                cy + half_h + LABEL_PADDING,
            )
            if _overlaps(box, taken):
                continue
            taken.append(box)
            label = Image.new("LA", (round(text_w) + 4, text_h + 4), (0, 0))
            ImageDraw.Draw(label).text(
                (2 + halo, 2 + halo), name, font=font, fill=(43, 255), stroke_width=halo, stroke_fill=(255, 255)
            )
            turned = label.rotate(-angle, expand=True, resample=Image.Resampling.BICUBIC)
            x, y = round(cx - turned.width / 2), round(cy - turned.height / 2)
            image.paste(turned.convert("RGB"), (x, y), turned.getchannel("A"))
            written.append(name)
    return written


def _length(points: Points) -> float:
    return sum(math.hypot(x2 - x1, y2 - y1) for (x1, y1), (x2, y2) in itertools.pairwise(points))


def draw_vector_map(
    image: Image.Image,
    source: VectorTileSource,
    style: VectorStyle,
    *,
    zoom: int,
    left: float,
    top: float,
    size: tuple[int, int],
    min_data_zoom: int,
    max_data_zoom: int,
    font_for: Callable[[int], Font],
) -> VectorDrawing:
    """Draw the map's streets, buildings, water, green space and street names into ``image``.

    Args:
        image: The RGB picture; the map is drawn into its box ``(0, 0, *size)``.
        source: The vector tiles.
        style: The paint rules of the tiles' layout.
        zoom: The Web Mercator zoom of the picture.
        left, top: World pixel position (at ``zoom``) of the picture's top-left corner.
        size: ``(width, height)`` of the map box in pixels.
        min_data_zoom, max_data_zoom: Zoom levels the tiles hold.
        font_for: Returns a font of a pixel size (for street names).

    Returns:
        What was drawn; nothing is drawn (and ``tiles`` is 0) where the source
        has no tiles, leaving ``image`` as it was.
    """
    data_zoom = max(min_data_zoom, min(zoom, max_data_zoom))
    factor = 2 ** (zoom - data_zoom)
    span = TILE_SIZE * factor
    width, height = size
    canvas = Image.new("RGB", (width * SUPERSAMPLE, height * SUPERSAMPLE), rgb(style.background))
    tiles: list[_Tile] = []
    last = 2**data_zoom
    for tx in range(int(left // span), int((left + width) // span) + 1):
        for ty in range(int(top // span), int((top + height) // span) + 1):
            if not (0 <= tx < last and 0 <= ty < last):
                continue
            data = source.tile(data_zoom, tx, ty)
            if not data:
                continue
            layers = _decode(data)
            extent = next((layer.get("extent", 4096) for layer in layers.values()), 4096) or 4096
            tiles.append(
                _Tile(
                    layers,
                    (tx * span - left) * SUPERSAMPLE,
                    (ty * span - top) * SUPERSAMPLE,
                    span * SUPERSAMPLE / extent,
                )
            )
    result = VectorDrawing(tiles=len(tiles), data_zoom=data_zoom)
    if not tiles:
        return result
    for rule in style.rules:
        if zoom < rule.min_zoom:
            continue
        if rule.kind == "fill":
            _fill(canvas, tiles, rule, zoom)
        else:
            _stroke(canvas, tiles, rule, zoom)
    image.paste(canvas.reduce(SUPERSAMPLE), (0, 0))
    result.labels = _write_labels(image, size, tiles, style, zoom, font_for)
    return result
