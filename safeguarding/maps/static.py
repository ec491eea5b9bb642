"""A static map image for the report, drawn with Pillow (no browser, about 20-50 ms).

The figure shows the offline map tiles when a map covers the place (otherwise a
plain background and a notice), the boundary, the pins as numbered circles in
their category colours, a north arrow, a scale bar, the tile attribution and a
legend of the categories used. Pins are numbered 1.. in the order given, so the
report's pin table can use the same numbers.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from typing import Protocol

from PIL import Image, ImageDraw, ImageFont

from safeguarding.errors import SafeguardingError
from safeguarding.maps.categories import PinCategories, PinCategory
from safeguarding.maps.geo import TILE_SIZE, Bounds, lonlat_to_world, metres_per_pixel
from safeguarding.model import MapPin

BACKGROUND = (238, 240, 242)
BOUNDARY_LINE = (26, 95, 180)
BOUNDARY_FILL = (26, 95, 180, 40)
NO_TILES_NOTICE = "No map tiles for this area: import an offline map"
PIN_RADIUS = 17
MAX_ZOOM = 19
SINGLE_POINT_ZOOM = 17
"""Zoom used when there is only one point to show (about 1 km across)."""


class TileSource(Protocol):
    """Anything that returns map tile bytes by XYZ number (e.g. :class:`~safeguarding.maps.mbtiles.MBTiles`)."""

    @property
    def attribution(self) -> str:
        """Who made the map."""
        ...

    def tile(self, zoom: int, x: int, y: int) -> bytes | None:
        """Return the tile image bytes, or ``None``."""
        ...


@dataclass
class StaticMap:
    """A rendered map figure.

    Attributes:
        image: The RGB image: the map in the box ``(0, 0, map_size)``, the legend to its right.
        zoom: The Web Mercator zoom level drawn.
        map_size: ``(width, height)`` of the map area in pixels.
        pin_pixels: Where each pin's centre is drawn, ``{pin id: (x, y)}``.
        tiles_drawn: How many tiles came from the tile source (0 = plain background).
        attribution: The tile attribution printed on the map ("" without tiles).
    """

    image: Image.Image
    zoom: int
    map_size: tuple[int, int]
    pin_pixels: dict[str, tuple[int, int]] = field(default_factory=dict)
    tiles_drawn: int = 0
    attribution: str = ""

    def png(self) -> bytes:
        """The image as PNG bytes."""
        out = io.BytesIO()
        self.image.save(out, format="PNG", optimize=False)
        return out.getvalue()


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        from safeguarding.reports.fonts import _FONT_FILES, BODY_FONT, font_file

        package, filename = _FONT_FILES[BODY_FONT]
        return ImageFont.truetype(str(font_file(package, filename)), size)
    except (ImportError, OSError, SafeguardingError):  # fall back to Pillow's own font
        return ImageFont.load_default(size=size)


def fit_zoom(points: list[tuple[float, float]], size: tuple[int, int], max_zoom: int = MAX_ZOOM) -> int:
    """Return the most detailed zoom at which every point fits in ``size`` pixels (with a margin)."""
    if len(points) < 2:
        return min(SINGLE_POINT_ZOOM, max_zoom)
    box = Bounds.around(points)
    width, height = size[0] - 4 * PIN_RADIUS, size[1] - 4 * PIN_RADIUS
    for zoom in range(max_zoom, 0, -1):
        x1, y1 = lonlat_to_world(box.north, box.west, zoom)
        x2, y2 = lonlat_to_world(box.south, box.east, zoom)
        if x2 - x1 <= width and y2 - y1 <= height:
            return zoom
    return 1


def _nice_length(metres: float) -> float:
    """The largest 1, 2 or 5 x 10^n metres not above ``metres``."""
    power = 10.0 ** math.floor(math.log10(metres))
    return max(step * power for step in (1, 2, 5) if step * power <= metres)


def render_static_map(
    pins: list[MapPin],
    boundary: list[tuple[float, float]],
    categories: PinCategories,
    *,
    centre: tuple[float, float] | None = None,
    tiles: TileSource | None = None,
    max_zoom: int = MAX_ZOOM,
    size: tuple[int, int] = (1000, 700),
    legend_width: int = 360,
) -> StaticMap | None:
    """Draw the map figure of an assessment.

    Args:
        pins: Pins, numbered 1.. in this order.
        boundary: ``[(lat, lon), ...]`` polygon, or empty.
        categories: Pin colours, symbols and legend labels.
        centre: The location's point, used when there is nothing else to show.
        tiles: Offline map tiles, or ``None`` for a plain background.
        max_zoom: The most detailed zoom the tiles hold.
        size: ``(width, height)`` of the map area in pixels.
        legend_width: Width of the legend panel to the right of the map.

    Returns:
        The figure, or ``None`` when there is no point to show at all.
    """
    points = [*boundary, *((p.latitude, p.longitude) for p in pins)]
    if not points and centre is not None:
        points = [centre]
    if not points:
        return None
    width, height = size
    zoom = fit_zoom(points, size, max_zoom)
    box = Bounds.around(points)
    cx, cy = lonlat_to_world(*box.centre, zoom)
    left, top = cx - width / 2, cy - height / 2

    def pixel(lat: float, lon: float) -> tuple[float, float]:
        x, y = lonlat_to_world(lat, lon, zoom)
        return x - left, y - top

    image = Image.new("RGB", (width + legend_width, height), (255, 255, 255))
    image.paste(BACKGROUND, (0, 0, width, height))
    drawn = 0
    if tiles is not None:
        last = 2**zoom
        for tx in range(int(left // TILE_SIZE), int((left + width) // TILE_SIZE) + 1):
            for ty in range(int(top // TILE_SIZE), int((top + height) // TILE_SIZE) + 1):
                if not (0 <= tx < last and 0 <= ty < last):
                    continue
                data = tiles.tile(zoom, tx, ty)
                if not data:
                    continue
                try:
                    tile = Image.open(io.BytesIO(data)).convert("RGB")
                except (OSError, ValueError):
                    continue
                if tile.size != (TILE_SIZE, TILE_SIZE):
                    tile = tile.resize((TILE_SIZE, TILE_SIZE))
                image.paste(tile, (round(tx * TILE_SIZE - left), round(ty * TILE_SIZE - top)))
                drawn += 1
    # Tiles may overhang into the legend panel: clear it again.
    image.paste((255, 255, 255), (width, 0, width + legend_width, height))

    overlay = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    odraw = ImageDraw.Draw(overlay)
    if len(boundary) >= 3:
        corners = [pixel(lat, lon) for lat, lon in boundary]
        odraw.polygon(corners, fill=BOUNDARY_FILL)
        odraw.line([*corners, corners[0]], fill=(*BOUNDARY_LINE, 255), width=3, joint="curve")
    base = image.crop((0, 0, width, height)).convert("RGBA")
    image.paste(Image.alpha_composite(base, overlay).convert("RGB"), (0, 0))

    draw = ImageDraw.Draw(image)
    small, number_font, bold = _font(19), _font(19), _font(23)
    result = StaticMap(image=image, zoom=zoom, map_size=size, tiles_drawn=drawn)
    for number, pin in enumerate(pins, start=1):
        category = categories.get(pin.category)
        x, y = pixel(pin.latitude, pin.longitude)
        r = PIN_RADIUS
        draw.ellipse((x - r - 2, y - r - 2, x + r + 2, y + r + 2), fill=(255, 255, 255))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=category.rgb)
        draw.text((x, y), str(number), font=number_font, fill=category.text_rgb, anchor="mm")
        result.pin_pixels[pin.id] = (round(x), round(y))

    if drawn == 0:
        _label_box(draw, (width / 2, 30), NO_TILES_NOTICE, bold, anchor="mm")
    _north_arrow(draw, bold)
    _scale_bar(draw, box.centre[0], zoom, height, small)
    if drawn and tiles is not None and tiles.attribution:
        result.attribution = tiles.attribution
        _label_box(draw, (width - 6, height - 6), f"Map: {tiles.attribution}", small, anchor="rd")
    draw.rectangle((0, 0, width - 1, height - 1), outline=(120, 120, 120))
    _legend(draw, pins, categories, bool(boundary), (width + 16, 12), bold, small)
    return result


def _label_box(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    anchor: str,
) -> None:
    left, top, right, bottom = draw.textbbox(xy, text, font=font, anchor=anchor)
    draw.rectangle((left - 5, top - 3, right + 5, bottom + 3), fill=(255, 255, 255), outline=(150, 150, 150))
    draw.text(xy, text, font=font, fill=(30, 30, 30), anchor=anchor)


def _north_arrow(draw: ImageDraw.ImageDraw, font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> None:
    x, y = 36, 16
    draw.rectangle((x - 24, y - 8, x + 24, y + 66), fill=(255, 255, 255), outline=(150, 150, 150))
    draw.polygon([(x, y), (x - 13, y + 34), (x, y + 26)], fill=(30, 30, 30))
    draw.polygon([(x, y), (x + 13, y + 34), (x, y + 26)], fill=(255, 255, 255), outline=(30, 30, 30))
    draw.text((x, y + 50), "N", font=font, fill=(30, 30, 30), anchor="mm")


def _scale_bar(
    draw: ImageDraw.ImageDraw,
    latitude: float,
    zoom: int,
    height: int,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
) -> None:
    per_pixel = metres_per_pixel(latitude, zoom)
    metres = _nice_length(per_pixel * 160)
    length = metres / per_pixel
    label = f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"
    x, y = 18, height - 20
    draw.rectangle((x - 10, y - 34, x + length + 10, y + 10), fill=(255, 255, 255), outline=(150, 150, 150))
    draw.rectangle((x, y - 5, x + length, y), fill=(30, 30, 30))
    draw.line((x, y - 12, x, y), fill=(30, 30, 30), width=3)
    draw.line((x + length, y - 12, x + length, y), fill=(30, 30, 30), width=3)
    draw.text((x + length / 2, y - 14), label, font=font, fill=(30, 30, 30), anchor="md")


def _legend(
    draw: ImageDraw.ImageDraw,
    pins: list[MapPin],
    categories: PinCategories,
    has_boundary: bool,
    origin: tuple[int, int],
    title_font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
) -> None:
    x, y = origin
    draw.text((x, y), "Legend", font=title_font, fill=(30, 30, 30))
    y += 40
    if has_boundary:
        draw.rectangle((x, y, x + 26, y + 18), fill=(212, 224, 240), outline=BOUNDARY_LINE, width=2)
        draw.text((x + 36, y + 9), "Boundary of the place", font=font, fill=(30, 30, 30), anchor="lm")
        y += 34
    used: list[PinCategory] = []
    for pin in pins:
        category = categories.get(pin.category)
        if category not in used:
            used.append(category)
    for category in used:
        draw.ellipse((x + 2, y, x + 24, y + 22), fill=category.rgb, outline=(255, 255, 255))
        draw.text((x + 36, y + 11), category.label, font=font, fill=(30, 30, 30), anchor="lm")
        y += 34
    if not used:
        draw.text((x, y), "No pins yet.", font=font, fill=(90, 90, 90))
