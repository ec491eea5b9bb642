"""A static map image for the report, drawn with Pillow (no browser).

The figure shows the offline map covering the place when one was imported
(picture tiles pasted as they are; vector tiles drawn with
:mod:`safeguarding.maps.vector_render`), else a plain background with the words
"Background map not available" (paper never carries instructions for software
users). Parts of the figure outside the imported map are hatched and say so.
Over that: the boundary, the pins as numbered shapes in their category colours
(the shape keeps categories apart in greyscale), a north arrow, a scale bar, the
map's credit, and a legend listing each category with its shape and the numbers
of its pins. Pins that would overlap are spread around their common point with a
line to where each was recorded; a crowd of more than :data:`MAX_SPREAD` becomes
one box listing their numbers (runs as ranges, counted past what fits in the map). Pins
are numbered 1.. in the order given, so the report's pin table uses the same numbers.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from PIL import Image, ImageDraw

from safeguarding.maps.categories import PinCategories, PinCategory
from safeguarding.maps.figure_fonts import Font, figure_font
from safeguarding.maps.geo import TILE_SIZE, Bounds, lonlat_to_world, metres_per_pixel
from safeguarding.maps.legend import BOUNDARY_LINE, INK, draw_legend
from safeguarding.maps.number_lists import fit_numbers
from safeguarding.maps.pin_shapes import outline, text_centre
from safeguarding.model import MapPin

BACKGROUND = (238, 240, 242)
BOUNDARY_FILL = (26, 95, 180, 40)
NO_TILES_NOTICE = "Background map not available"
OUTSIDE_NOTICE = "Hatched: outside the imported background map"
PIN_RADIUS = 17
MAX_ZOOM = 19
SINGLE_POINT_ZOOM = 17
"""Zoom used when there is only one point to show (about 1 km across)."""
MAX_SPREAD = 6
"""Most overlapping pins spread around their point; more become one box listing their numbers."""


class TileSource(Protocol):
    """Anything that returns map tile bytes by XYZ number (e.g. :class:`~safeguarding.maps.mbtiles.MBTiles`)."""

    @property
    def attribution(self) -> str:
        """Who made the map."""
        ...

    def tile(self, zoom: int, x: int, y: int) -> bytes | None:
        """Return the tile bytes (image, or uncompressed vector tile), or ``None``."""
        ...


@dataclass
class StaticMap:
    """A rendered map figure.

    Attributes:
        image: The RGB image: the map in the box ``(0, 0, map_size)``, the legend to its right.
        zoom: The Web Mercator zoom level drawn.
        map_size: ``(width, height)`` of the map area in pixels.
        pin_pixels: Where each pin's centre is drawn, ``{pin id: (x, y)}`` (spread pins: where
            their shape is drawn; grouped pins: the group's box).
        tiles_drawn: How many tiles came from the tile source (0 = plain background).
        attribution: The map credit printed on the figure ("" without tiles).
        groups: Numbers of the pins drawn as one box each (crowds of more than :data:`MAX_SPREAD`).
        spread: Numbers of pins moved aside so they do not hide each other.
        outside: True if part of the figure lies outside the imported map (hatched).
        labels: Street names written on a vector background.
        legend: The legend's lines of text, top to bottom.
        group_boxes: The box of each crowd (as ``groups``), ``(left, top, right, bottom)`` in pixels,
            always inside the map.
        group_texts: The text written in each crowd's box (as ``groups``).
    """

    image: Image.Image
    zoom: int
    map_size: tuple[int, int]
    pin_pixels: dict[str, tuple[int, int]] = field(default_factory=dict)
    tiles_drawn: int = 0
    attribution: str = ""
    groups: list[list[int]] = field(default_factory=list)
    spread: list[int] = field(default_factory=list)
    outside: bool = False
    labels: list[str] = field(default_factory=list)
    group_boxes: list[tuple[int, int, int, int]] = field(default_factory=list)
    group_texts: list[str] = field(default_factory=list)
    legend: list[str] = field(default_factory=list)

    def pixels(self) -> io.BytesIO:
        """The image as an uncompressed picture file (PPM), for reportlab.

        reportlab decodes any picture but a JPEG to raw pixels and compresses them itself,
        so a PNG would be compressed only to be decoded again (about 45 ms for the report's
        figure); the PDF holds the same pixels either way.
        """
        out = io.BytesIO()
        self.image.save(out, format="PPM")
        out.seek(0)
        return out

    def png(self) -> bytes:
        """The image as PNG bytes."""
        out = io.BytesIO()
        self.image.save(out, format="PNG", optimize=False, compress_level=3)
        return out.getvalue()


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


@dataclass(frozen=True)
class _View:
    """Where the figure lies in the Web Mercator world at its zoom."""

    zoom: int
    left: float
    top: float
    width: int
    height: int

    def pixel(self, lat: float, lon: float) -> tuple[float, float]:
        x, y = lonlat_to_world(lat, lon, self.zoom)
        return x - self.left, y - self.top


def _paste_raster(image: Image.Image, tiles: TileSource, view: _View) -> int:
    drawn = 0
    last = 2**view.zoom
    for tx in range(int(view.left // TILE_SIZE), int((view.left + view.width) // TILE_SIZE) + 1):
        for ty in range(int(view.top // TILE_SIZE), int((view.top + view.height) // TILE_SIZE) + 1):
            if not (0 <= tx < last and 0 <= ty < last):
                continue
            data = tiles.tile(view.zoom, tx, ty)
            if not data:
                continue
            try:
                tile = Image.open(io.BytesIO(data)).convert("RGB")
            except (OSError, ValueError):
                continue
            if tile.size != (TILE_SIZE, TILE_SIZE):
                tile = tile.resize((TILE_SIZE, TILE_SIZE))
            image.paste(tile, (round(tx * TILE_SIZE - view.left), round(ty * TILE_SIZE - view.top)))
            drawn += 1
    return drawn


def _background(image: Image.Image, tiles: TileSource | None, view: _View, result: StaticMap) -> None:
    """Draw the offline map (raster or vector) into the map box; record what was drawn."""
    if tiles is None:
        return
    info: Any = getattr(tiles, "info", None)
    if info is not None and getattr(info, "is_vector", False):
        from safeguarding.maps.vector_render import draw_vector_map
        from safeguarding.maps.vector_style import style_for_layers

        style = style_for_layers(info.layers)
        if style is None:
            return
        drawing = draw_vector_map(
            image,
            tiles,
            style,
            zoom=view.zoom,
            left=view.left,
            top=view.top,
            size=(view.width, view.height),
            min_data_zoom=info.min_zoom,
            max_data_zoom=info.max_zoom,
            font_for=figure_font,
        )
        result.tiles_drawn, result.labels = drawing.tiles, drawing.labels
    else:
        result.tiles_drawn = _paste_raster(image, tiles, view)
    if result.tiles_drawn and info is not None:
        _hatch_outside(image, info.bounds, view, result)


def _hatch_outside(image: Image.Image, bounds: Bounds, view: _View, result: StaticMap) -> None:
    """Hatch the parts of the map box outside the imported map's area, so a blank is never read as empty land."""
    west, north = view.pixel(bounds.north, bounds.west)
    east, south = view.pixel(bounds.south, bounds.east)
    if west <= 0 and north <= 0 and east >= view.width and south >= view.height:
        return
    result.outside = True
    mask = Image.new("L", (view.width, view.height), 255)
    ImageDraw.Draw(mask).rectangle((west, north, east, south), fill=0)
    hatch = Image.new("RGB", (view.width, view.height), (226, 226, 226))
    pen = ImageDraw.Draw(hatch)
    for offset in range(-view.height, view.width, 14):
        pen.line((offset, view.height, offset + view.height, 0), fill=(170, 170, 170), width=2)
    image.paste(hatch, (0, 0), mask)


def _cluster(points: list[tuple[float, float]], distance: float) -> list[list[int]]:
    """Groups of point indexes closer than ``distance`` to another of the group (single linkage)."""
    parent = list(range(len(points)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(points)), key=lambda i: points[i][0])
    for a_pos, a in enumerate(order):
        for b in order[a_pos + 1 :]:
            if points[b][0] - points[a][0] > distance:
                break
            if math.dist(points[a], points[b]) < distance:
                parent[root(b)] = root(a)
    groups: dict[int, list[int]] = {}
    for i in range(len(points)):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values(), key=lambda group: group[0])


def _draw_pin(draw: ImageDraw.ImageDraw, category: PinCategory, x: float, y: float, number: str, font: Font) -> None:
    r = PIN_RADIUS
    corners = outline(category.shape, x, y, r)
    if corners:
        draw.polygon(outline(category.shape, x, y, r + 3), fill=(255, 255, 255))
        draw.polygon(corners, fill=category.rgb, outline=INK, width=1)
    else:
        draw.ellipse((x - r - 3, y - r - 3, x + r + 3, y + r + 3), fill=(255, 255, 255))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=category.rgb, outline=INK, width=1)
    tx, ty = text_centre(category.shape, x, y, r)
    draw.text((tx, ty), number, font=font, fill=category.text_rgb, anchor="mm")


def _draw_pins(
    draw: ImageDraw.ImageDraw, pins: list[MapPin], categories: PinCategories, view: _View, result: StaticMap
) -> None:
    number_font = figure_font(18, bold=True)
    where = [view.pixel(pin.latitude, pin.longitude) for pin in pins]
    for group in _cluster(where, PIN_RADIUS * 2.9 + 6):  # the widest shapes (triangles) with their white edge
        cx = sum(where[i][0] for i in group) / len(group)
        cy = sum(where[i][1] for i in group) / len(group)
        if len(group) == 1:
            (i,) = group
            _draw_pin(draw, categories.get(pins[i].category), *where[i], str(i + 1), number_font)
            result.pin_pixels[pins[i].id] = (round(where[i][0]), round(where[i][1]))
        elif len(group) <= MAX_SPREAD:
            ring = max(PIN_RADIUS * 2.4, PIN_RADIUS * 2.3 * len(group) / math.pi)
            for k, i in enumerate(group):
                angle = -math.pi / 2 + 2 * math.pi * k / len(group)
                x, y = cx + ring * math.cos(angle), cy + ring * math.sin(angle)
                draw.line((where[i], (x, y)), fill=INK, width=2)
                draw.ellipse((where[i][0] - 3, where[i][1] - 3, where[i][0] + 3, where[i][1] + 3), fill=INK)
                _draw_pin(draw, categories.get(pins[i].category), x, y, str(i + 1), number_font)
                result.pin_pixels[pins[i].id] = (round(x), round(y))
                result.spread.append(i + 1)
        else:
            numbers = [i + 1 for i in group]
            result.groups.append(numbers)
            text, font = _group_text(draw, numbers, (view.width, view.height))
            result.group_texts.append(text)
            result.group_boxes.append(_draw_group(draw, (cx, cy), text, font, (view.width, view.height)))
            for i in group:
                result.pin_pixels[pins[i].id] = (round(cx), round(cy))


GROUP_MARGIN = 4
"""Least distance in pixels between a crowd's box and the edge of the map."""


def _height(box: tuple[float, float, float, float]) -> float:
    return box[3] - box[1]


GROUP_LINES = 4
"""Most lines of numbers in a crowd's box (fewer when the map is not tall enough); the rest are counted."""


def _fits(draw: ImageDraw.ImageDraw, font: Font, width: float) -> Callable[[str], bool]:
    """Whether a line of text in ``font`` is at most ``width`` pixels long."""
    return lambda line: draw.textlength(line, font=font) <= width


def _group_text(draw: ImageDraw.ImageDraw, numbers: list[int], map_size: tuple[int, int]) -> tuple[str, Font]:
    """The text of a crowd's box and its font: ranges in lines that fit the map, shortened with a count if need be.

    The font gets smaller (down to 9 pixels) only when the map is too small for even one line.
    """
    width, height = map_size
    room_x, room_y = width - 2 * GROUP_MARGIN - 16, height - 2 * GROUP_MARGIN - 12
    header = f"{len(numbers):,} pins here:"
    for size in (17, 14, 11, 9):
        font = figure_font(size, bold=True)
        line_height = _height(draw.multiline_textbbox((0, 0), "1\n1", font=font, spacing=3)) / 2
        lines_allowed = min(GROUP_LINES, int(room_y // line_height) - 1)
        if lines_allowed < 1 or draw.textlength(header, font=font) > room_x:
            continue
        lines, _ = fit_numbers(numbers, _fits(draw, font, room_x), lines_allowed)
        return header + "\n" + "\n".join(lines), font
    return f"{len(numbers):,}", figure_font(9, bold=True)


def _draw_group(
    draw: ImageDraw.ImageDraw,
    centre: tuple[float, float],
    text: str,
    font: Font,
    map_size: tuple[int, int],
) -> tuple[int, int, int, int]:
    """A box of a crowd's pin numbers (``text`` from :func:`_group_text`), pointing at their middle.

    The text is made to fit the map, so the box always can: it stands
    above the point, or below it when there is no room above, and is moved sideways to stay
    inside the map: a box running off the figure would hide numbers. When it fits neither
    above nor below, it is moved up or down to fit (over the point, which keeps its dot).

    Returns:
        ``(left, top, right, bottom)`` of the box in pixels, inside ``(0, 0, *map_size)``.
    """
    width, height = map_size
    x, y = centre

    def box_at(xy: tuple[float, float], anchor: str, text: str) -> tuple[float, float, float, float]:
        box = draw.multiline_textbbox(xy, text, font=font, anchor=anchor, align="center", spacing=3)
        return box[0] - 8, box[1] - 6, box[2] + 8, box[3] + 6

    anchor, xy, pointer = "md", (x, y - 16), "below"
    left, top, right, bottom = box_at(xy, anchor, text)
    if top < GROUP_MARGIN:  # no room above: below the point, or moved to fit
        anchor, xy, pointer = "ma", (x, y + 16), "above"
        left, top, right, bottom = box_at(xy, anchor, text)
        if bottom > height - GROUP_MARGIN:
            shift = max(GROUP_MARGIN - top, min(0.0, height - GROUP_MARGIN - bottom))
            xy, top, bottom, pointer = (xy[0], xy[1] + shift), top + shift, bottom + shift, ""
    shift_x = max(GROUP_MARGIN - left, min(0.0, width - GROUP_MARGIN - right))
    xy, left, right = (xy[0] + shift_x, xy[1]), left + shift_x, right + shift_x
    foot = min(max(x, left + 10), right - 10)
    if pointer == "below":
        draw.polygon([(foot - 8, bottom), (foot + 8, bottom), (x, y)], fill=INK)
    elif pointer == "above":
        draw.polygon([(foot - 8, top), (foot + 8, top), (x, y)], fill=INK)
    draw.rectangle((left, top, right, bottom), fill=(255, 255, 255), outline=INK, width=2)
    draw.multiline_text(xy, text, font=font, fill=INK, anchor=anchor, align="center", spacing=3)
    draw.ellipse((x - 4, y - 4, x + 4, y + 4), fill=INK)
    return math.floor(left), math.floor(top), math.ceil(right), math.ceil(bottom)


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
        categories: Pin colours, shapes, symbols and legend labels.
        centre: The location's point, used when there is nothing else to show.
        tiles: Offline map tiles (an open map file: picture or vector tiles), or
            ``None`` for a plain background that says "Background map not available".
        max_zoom: The most detailed zoom to draw (picture tiles: the most detailed
            they hold; vector tiles are drawn sharp at any zoom).
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
    view = _View(zoom, cx - width / 2, cy - height / 2, width, height)

    image = Image.new("RGB", (width + legend_width, height), (255, 255, 255))
    image.paste(BACKGROUND, (0, 0, width, height))
    result = StaticMap(image=image, zoom=zoom, map_size=size)
    _background(image, tiles, view, result)
    # Tiles may overhang into the legend panel: clear it again.
    image.paste((255, 255, 255), (width, 0, width + legend_width, height))

    if len(boundary) >= 3:
        _draw_boundary(image, [view.pixel(lat, lon) for lat, lon in boundary], size)

    draw = ImageDraw.Draw(image)
    small, bold = figure_font(19), figure_font(23, bold=True)
    _draw_pins(draw, pins, categories, view, result)
    if result.tiles_drawn == 0:
        _label_box(draw, (width / 2, 30), NO_TILES_NOTICE, bold, anchor="mm")
    elif result.outside:
        _label_box(draw, (width / 2, 30), OUTSIDE_NOTICE, small, anchor="mm")
    _north_arrow(draw, bold)
    _scale_bar(draw, box.centre[0], zoom, height, small)
    if result.tiles_drawn and tiles is not None and tiles.attribution:
        result.attribution = tiles.attribution
        _label_box(draw, (width - 6, height - 6), f"Map: {tiles.attribution}", small, anchor="rd")
    draw.rectangle((0, 0, width - 1, height - 1), outline=(120, 120, 120))
    result.legend = draw_legend(draw, pins, categories, bool(boundary), (width + 16, 12), bold, small)
    return result


def _draw_boundary(image: Image.Image, corners: list[tuple[float, float]], size: tuple[int, int]) -> None:
    """Shade and outline the boundary, blended over the map in the box around it only (the rest is untouched)."""
    pad = 8  # the 4-pixel outline and its rounded joints reach past the corners
    left = max(0, math.floor(min(x for x, _ in corners)) - pad)
    top = max(0, math.floor(min(y for _, y in corners)) - pad)
    right = min(size[0], math.ceil(max(x for x, _ in corners)) + pad)
    bottom = min(size[1], math.ceil(max(y for _, y in corners)) + pad)
    if left >= right or top >= bottom:
        return
    overlay = Image.new("RGBA", (right - left, bottom - top), (0, 0, 0, 0))
    shifted = [(x - left, y - top) for x, y in corners]
    odraw = ImageDraw.Draw(overlay)
    odraw.polygon(shifted, fill=BOUNDARY_FILL)
    odraw.line([*shifted, shifted[0]], fill=(*BOUNDARY_LINE, 255), width=4, joint="curve")
    base = image.crop((left, top, right, bottom)).convert("RGBA")
    image.paste(Image.alpha_composite(base, overlay).convert("RGB"), (left, top))


def _label_box(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, font: Font, anchor: str) -> None:
    left, top, right, bottom = draw.textbbox(xy, text, font=font, anchor=anchor)
    draw.rectangle((left - 5, top - 3, right + 5, bottom + 3), fill=(255, 255, 255), outline=(150, 150, 150))
    draw.text(xy, text, font=font, fill=INK, anchor=anchor)


def _north_arrow(draw: ImageDraw.ImageDraw, font: Font) -> None:
    x, y = 36, 16
    draw.rectangle((x - 24, y - 8, x + 24, y + 66), fill=(255, 255, 255), outline=(150, 150, 150))
    draw.polygon([(x, y), (x - 13, y + 34), (x, y + 26)], fill=INK)
    draw.polygon([(x, y), (x + 13, y + 34), (x, y + 26)], fill=(255, 255, 255), outline=INK)
    draw.text((x, y + 50), "N", font=font, fill=INK, anchor="mm")


def _scale_bar(draw: ImageDraw.ImageDraw, latitude: float, zoom: int, height: int, font: Font) -> None:
    per_pixel = metres_per_pixel(latitude, zoom)
    metres = _nice_length(per_pixel * 160)
    length = metres / per_pixel
    label = f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"
    x, y = 18, height - 20
    draw.rectangle((x - 10, y - 34, x + length + 10, y + 10), fill=(255, 255, 255), outline=(150, 150, 150))
    draw.rectangle((x, y - 5, x + length, y), fill=INK)
    draw.line((x, y - 12, x, y), fill=INK, width=3)
    draw.line((x + length, y - 12, x + length, y), fill=INK, width=3)
    draw.text((x + length / 2, y - 14), label, font=font, fill=INK, anchor="md")
