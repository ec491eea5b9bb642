"""The interactive map page: folium (Leaflet) HTML that works with no network.

folium builds the map shell (Leaflet, the tile layer, the scale bar) with its
``default_js``/``default_css`` pointed at local copies (:mod:`safeguarding.maps.assets`).
The app's own script, ``resources/map/lat_map.js``, draws the pins, boundary and
legend from a JSON block in the page and talks to Python over QWebChannel.

Every piece of user text reaches the page only inside that JSON block, with
``<``, ``>`` and ``&`` written as ``\\u003c`` etc. so it cannot close the script
element, and the script puts it on screen with ``textContent``.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any

from safeguarding.maps.assets import ASSET_BASE, default_css, default_js
from safeguarding.maps.categories import PinCategories
from safeguarding.maps.static import NO_TILES_NOTICE
from safeguarding.model import MapPin

TILE_URL = "tiles:/{z}/{x}/{y}"
"""Where the page asks for tiles (the UI's ``tiles:`` scheme handler answers)."""
CONTENT_POLICY = (
    "default-src 'none'; script-src app: 'unsafe-inline'; style-src app: 'unsafe-inline'; "
    "img-src app: tiles: data: blob:; font-src app: data:; connect-src app: tiles:"
)
"""Content-Security-Policy of the page: nothing but the app's own schemes. A request elsewhere is
refused by the page itself and reported on the console (which the tests read)."""
DEFAULT_ZOOM = 17
FALLBACK_CENTRE = (51.2776, 0.5196)
"""Where the map opens when the location has no coordinates and nothing is drawn."""


@dataclass(frozen=True)
class TileLayerSpec:
    """The background tiles the page may ask for.

    Attributes:
        min_zoom, max_zoom: Zoom levels the tiles exist for (Leaflet scales beyond ``max_zoom``).
        attribution: Plain text credit, shown (escaped) in the map's corner.
        version: Changes when the tile source changes, so cached tiles are not reused.
    """

    min_zoom: int
    max_zoom: int
    attribution: str
    version: str = "1"


def pin_payload(pins: list[MapPin], categories: PinCategories) -> list[dict[str, Any]]:
    """The pins as the page's script draws them, numbered 1.. in order."""
    result = []
    for number, pin in enumerate(pins, start=1):
        category = categories.get(pin.category)
        result.append(
            {
                "id": pin.id,
                "number": number,
                "lat": pin.latitude,
                "lon": pin.longitude,
                "label": pin.label,
                "category": pin.category,
                "category_label": category.label,
                "colour": category.colour,
                "text_colour": category.text_colour,
                "symbol": category.symbol,
                "side_title": category.side.label,
                "carried": pin.is_carried,
            }
        )
    return result


def script_json(value: Any) -> str:
    """JSON safe to place inside a ``<script>`` element (and as a JavaScript literal)."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def build_map_page(
    *,
    pins: list[MapPin],
    boundary: list[tuple[float, float]],
    categories: PinCategories,
    centre: tuple[float, float] | None,
    tiles: TileLayerSpec | None,
    draft: list[tuple[float, float]] | None = None,
    zoom: int = DEFAULT_ZOOM,
) -> str:
    """Return the HTML of the map page.

    Args:
        pins: The assessment's pins (numbered 1.. in this order).
        boundary: The drawn boundary ``[(lat, lon), ...]`` or empty.
        categories: Pin colours, symbols and the legend.
        centre: The location's point, or ``None``.
        tiles: The tile layer, or ``None`` to show a plain background and the
            notice "No map tiles for this area: import an offline map".
        draft: Corners of a boundary being drawn.
        zoom: The opening zoom level.

    Returns:
        A complete HTML document whose every URL is ``app:`` or ``tiles:``.
    """
    import folium  # ~0.4 s: only when a map page is first built
    from branca.element import Figure

    points = [*boundary, *((p.latitude, p.longitude) for p in pins)]
    start = centre or (points[0] if points else FALLBACK_CENTRE)
    fmap = folium.Map(
        location=list(start),
        zoom_start=zoom,
        tiles=None,
        control_scale=True,
        max_zoom=20,
        min_zoom=3,
        prefer_canvas=False,
    )
    fmap.default_js = default_js()
    fmap.default_css = default_css()
    if tiles is not None:
        folium.TileLayer(
            tiles=f"{TILE_URL}?v={tiles.version}",
            attr=html.escape(tiles.attribution or "Offline map"),
            name="Offline map",
            min_zoom=3,
            max_zoom=20,
            max_native_zoom=tiles.max_zoom,
            min_native_zoom=tiles.min_zoom,
        ).add_to(fmap)
    if len(points) >= 2:
        lats = [p[0] for p in points]
        lons = [p[1] for p in points]
        fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], max_zoom=18)
    data = {
        "mapVar": fmap.get_name(),
        "pins": pin_payload(pins, categories),
        "boundary": [list(p) for p in boundary],
        "draft": [list(p) for p in draft or []],
        "notice": None if tiles is not None else NO_TILES_NOTICE,
        "hasTiles": tiles is not None,
    }
    root = fmap.get_root()
    assert isinstance(root, Figure)  # a folium Map's root is always the page (a branca Figure)
    root.header.add_child(folium.Element(f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_POLICY}">'))
    root.header.add_child(folium.Element(f'<link rel="stylesheet" href="{ASSET_BASE}/lat/lat_map.css"/>'))
    root.html.add_child(
        folium.Element(
            f'<script type="application/json" id="lat-data">{script_json(data)}</script>\n'
            f'<script src="{ASSET_BASE}/qwebchannel/qwebchannel.js"></script>\n'
            f'<script src="{ASSET_BASE}/lat/lat_map.js"></script>'
        )
    )
    return str(root.render())
