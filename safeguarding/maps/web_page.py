"""The interactive map page: folium (Leaflet) HTML that works with no network.

folium builds the map shell (Leaflet, the view, the picture tile layer, the scale
bar) with its ``default_js``/``default_css`` pointed at local copies
(:mod:`safeguarding.maps.assets`); it is imported when the first map page is
built, never at start-up (:func:`load_folium_in_background` starts that import when
the Map page is created, so it is usually done before the map is first shown). The
app's own script, ``resources/map/lat_map.js``, finds folium's map by name, draws
the pins, boundary, legend and overlays from a JSON block in the page, and talks to
Python over QWebChannel. For vector tiles folium also links protomaps-leaflet
(vendored in ``resources/map/vendor/protomaps-leaflet``), and the script adds the
vector layer with paint rules from :func:`safeguarding.maps.vector_style.style_json`,
the same rules the report uses. When the view leaves the imported map's area the
page says so in words. Optional overlays (police records, safety-mapping marks)
arrive in the same JSON block and are switched on and off in the layer control.

Every piece of user text reaches the page only inside that JSON block, with
``<``, ``>`` and ``&`` written as ``\\u003c`` etc. so it cannot close the script
element, and the script puts it on screen with ``textContent``.
"""

from __future__ import annotations

import hashlib
import html
import json
import secrets
import sys
import threading
from dataclasses import dataclass
from typing import Any

from safeguarding.maps.assets import ASSET_BASE, default_css, default_js
from safeguarding.maps.categories import PinCategories
from safeguarding.maps.geo import Bounds
from safeguarding.maps.mapfiles import MapFile, style_of
from safeguarding.maps.pin_shapes import SHAPES
from safeguarding.maps.vector_style import style_json
from safeguarding.model import MapPin

TILE_URL = "tiles:/{z}/{x}/{y}"
"""Where the page asks for tiles (the UI's ``tiles:`` scheme handler answers)."""
CONTENT_POLICY = (
    "default-src 'none'; script-src app: 'unsafe-inline'; style-src app: 'unsafe-inline'; "
    "img-src app: tiles: data: blob:; font-src app: data:; connect-src app: tiles:"
)
"""Content-Security-Policy of the page: nothing but the app's own schemes. A request elsewhere is
refused by the page itself and reported on the console (which the tests read)."""
NO_TILES_SCREEN_NOTICE = "No background map for this area: import one with File → Import offline map…"
"""Shown on screen (never on paper) when no imported map covers the place."""
OUTSIDE_SCREEN_NOTICE = "You are outside the imported background map: nothing is drawn here."
"""Shown on screen while the view lies wholly outside the imported map's area."""
PROTOMAPS_JS = f"{ASSET_BASE}/lat/vendor/protomaps-leaflet/protomaps-leaflet.js"
DEFAULT_ZOOM = 17
MIN_ZOOM, MAX_ZOOM = 3, 20
"""The zoom range of the map (Leaflet scales tiles beyond the map file's own levels)."""
FIT_MAX_ZOOM = 18
"""The closest zoom the map opens at when it fits the boundary and pins."""
LEGEND_ROOM_PX = (190, 60)
"""Pixels (right, bottom) kept clear when the map is fitted to the place: the legend's corner (issue 16)."""
FALLBACK_CENTRE = (51.2776, 0.5196)
"""Where the map opens when the location has no coordinates and nothing is drawn."""


@dataclass(frozen=True)
class TileLayerSpec:
    """The background tiles the page may ask for.

    Attributes:
        min_zoom, max_zoom: Zoom levels the tiles exist for (Leaflet scales beyond ``max_zoom``).
        attribution: Plain text credit, shown (escaped) in the map's corner.
        version: Changes when the tile source changes, so cached tiles are not reused.
        bounds: The area the tiles cover (the page says when the view leaves it), or ``None``.
        vector_style: For vector tiles, :func:`~safeguarding.maps.vector_style.style_json`;
            ``None`` for picture tiles.
    """

    min_zoom: int
    max_zoom: int
    attribution: str
    version: str = "1"
    bounds: Bounds | None = None
    vector_style: dict[str, Any] | None = None


def tile_layer_spec(opened: MapFile) -> TileLayerSpec:
    """The page's tile layer for an open map file (picture or vector tiles).

    The version changes when the file changes (path and modification time), so
    the web view never shows tiles of an earlier file.
    """
    info = opened.info
    version = hashlib.sha1(f"{info.path}:{info.path.stat().st_mtime_ns}".encode()).hexdigest()[:10]
    style = style_of(opened)
    return TileLayerSpec(
        info.min_zoom,
        info.max_zoom,
        info.attribution,
        version,
        bounds=info.bounds,
        vector_style=style_json(style) if style is not None else None,
    )


def pin_payload(pins: list[MapPin], categories: PinCategories, first: int = 1) -> list[dict[str, Any]]:
    """The pins as the page's script draws them, numbered ``first``.. in order (1.. for all of them)."""
    result = []
    for number, pin in enumerate(pins, start=first):
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
                "shape": category.shape,
                "outline": [list(point) for point in SHAPES.get(category.shape, ())],
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


_folium_loader: threading.Thread | None = None


def load_folium_in_background() -> None:
    """Start importing folium (about 0.4 s) and compiling its page templates on a background thread.

    Called when the Map page is created (an assessment is opened), never at start-up, so
    the import is usually over before the user turns to the map. Once per process; does
    nothing if folium is already loaded. A :func:`build_map_page` that comes first simply
    waits for the import to finish (Python's import lock); an import that fails here is
    left for :func:`build_map_page` to raise, where it is reported.
    """
    global _folium_loader
    if _folium_loader is not None or "folium" in sys.modules:
        return
    _folium_loader = threading.Thread(target=_load_folium, name="load folium", daemon=False)
    _folium_loader.start()


def folium_loading() -> bool:
    """True while :func:`load_folium_in_background` is still importing folium."""
    return _folium_loader is not None and _folium_loader.is_alive()


def _load_folium() -> None:
    try:
        import folium

        folium.Map(tiles=None).get_root().render()  # compiles the templates every map page uses
    except Exception:  # only a warm-up: build_map_page imports folium itself and reports what fails
        return


def build_map_page(
    *,
    pins: list[MapPin],
    boundary: list[tuple[float, float]],
    categories: PinCategories,
    centre: tuple[float, float] | None,
    tiles: TileLayerSpec | None,
    draft: list[tuple[float, float]] | None = None,
    zoom: int = DEFAULT_ZOOM,
    overlays: list[dict[str, Any]] | None = None,
) -> str:
    """Return the HTML of the map page.

    Args:
        pins: The assessment's pins (numbered 1.. in this order).
        boundary: The drawn boundary ``[(lat, lon), ...]`` or empty.
        categories: Pin colours, symbols and the legend.
        centre: The location's point, or ``None``.
        tiles: The tile layer, or ``None`` to show a plain background and
            :data:`NO_TILES_SCREEN_NOTICE`.
        draft: Corners of a boundary being drawn.
        zoom: The opening zoom level.
        overlays: Extra layers the user can switch on, each
            ``{"id", "title", "shown", "points": [{"lat", "lon", "count", "text", "kind"}],
            "lines": [{"points": [[lat, lon], ...], "text", "kind"}]}`` (police records,
            safety-mapping marks); drawn by the page's script, text as text.

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
        prefer_canvas=False,
        minZoom=MIN_ZOOM,  # Leaflet's own options: folium's min_zoom/max_zoom apply only to its default tiles
        maxZoom=MAX_ZOOM,
    )
    vector = tiles is not None and tiles.vector_style is not None
    # The page's own style after Leaflet's (its rules win where both set the same thing), and
    # protomaps-leaflet after Leaflet, which it extends: folium writes these lists in order.
    fmap.default_js = [*default_js(), *([("protomaps_leaflet", PROTOMAPS_JS)] if vector else [])]
    fmap.default_css = [*default_css(), ("lat_map_css", f"{ASSET_BASE}/lat/lat_map.css")]
    if tiles is not None and not vector:
        folium.TileLayer(
            tiles=f"{TILE_URL}?v={tiles.version}",
            attr=html.escape(tiles.attribution or "Offline map"),
            name="Offline map",
            min_zoom=MIN_ZOOM,
            max_zoom=MAX_ZOOM,
            max_native_zoom=tiles.max_zoom,
            min_native_zoom=tiles.min_zoom,
        ).add_to(fmap)
    if len(points) >= 2:
        lats = [p[0] for p in points]
        lons = [p[1] for p in points]
        fmap.fit_bounds(
            [[min(lats), min(lons)], [max(lats), max(lons)]],
            max_zoom=FIT_MAX_ZOOM,
            padding_bottom_right=LEGEND_ROOM_PX,  # no pin starts under the legend (bottom right)
        )
    data = {
        "mapVar": fmap.get_name(),
        "pins": pin_payload(pins, categories),
        "boundary": [list(p) for p in boundary],
        "draft": [list(p) for p in draft or []],
        "notice": None if tiles is not None else NO_TILES_SCREEN_NOTICE,
        "hasTiles": tiles is not None,
        "outsideNotice": OUTSIDE_SCREEN_NOTICE,
        "tileBounds": None if tiles is None or tiles.bounds is None else _bounds(tiles.bounds),
        "vector": _vector(tiles) if tiles is not None and vector else None,
        "overlays": overlays or [],
    }
    root = fmap.get_root()
    assert isinstance(root, Figure)  # a folium Map's root is always the page (a branca Figure)
    root.header.add_child(folium.Element(f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_POLICY}">'))
    # folium renders an Element's text as a Jinja template: user text in it would be read as template code
    # (a label "{{ 7*7 }}" showed as 49) and 1,000 pins' data took 30 ms to compile. So the data go in after
    # rendering, in place of a mark that nothing else in the page can hold.
    mark = f"lat-data-{secrets.token_hex(16)}"
    root.html.add_child(
        folium.Element(
            f'<script type="application/json" id="lat-data">{mark}</script>\n'
            f'<script src="{ASSET_BASE}/qwebchannel/qwebchannel.js"></script>\n'
            f'<script src="{ASSET_BASE}/lat/lat_map.js"></script>'
        )
    )
    before, after = str(root.render()).split(mark)
    return before + script_json(data) + after


def _bounds(bounds: Bounds) -> list[list[float]]:
    return [[bounds.south, bounds.west], [bounds.north, bounds.east]]


def _vector(tiles: TileLayerSpec) -> dict[str, Any]:
    """What the page's script needs to add the vector layer (the attribution is shown as text)."""
    return {
        "url": f"{TILE_URL}?v={tiles.version}",
        "style": tiles.vector_style,
        "minZoom": tiles.min_zoom,
        "maxZoom": tiles.max_zoom,
        "attribution": tiles.attribution or "Offline map",
    }
