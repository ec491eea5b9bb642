"""How vector map tiles are drawn: one set of paint rules per tile layout (schema), for screen and paper.

Vector tiles carry named layers of features with properties; which layers exist
depends on who made the tiles:

* **OS Open Zoomstack** (Ordnance Survey, Open Government Licence): layers
  ``roads`` (``type``: Motorway, Primary, A Road, B Road, Minor, Local, Restricted,
  Guided Busway; ``name``), ``buildings``, ``greenspaces``, ``woodland``,
  ``surfacewater``, ``sea``, ``waterlines``, ``rail``, ``sites``, ``foreshore``, ``names``...
* **OpenMapTiles** (OpenStreetMap data, e.g. planetiler or tilemaker output):
  ``transportation`` (``class``: motorway, trunk, primary, secondary, tertiary,
  minor, service, path, rail...), ``transportation_name`` (``name``), ``building``,
  ``water``, ``waterway``, ``landcover`` and ``landuse`` (``class``), ``park``.
* **Protomaps basemap** (OpenStreetMap extracts as PMTiles): ``earth``, ``water``,
  ``landuse`` and ``landcover`` (``kind``), ``buildings``, ``roads`` (``kind``:
  highway, major_road, minor_road, path; ``name``), ``transit``.

The same :class:`VectorStyle` drives the PDF renderer
(:mod:`safeguarding.maps.vector_render`) and the on-screen layer (the page
script turns :func:`style_json` into protomaps-leaflet paint rules), so paper and
screen agree. Colours are chosen to stay apart in greyscale: water mid-grey,
buildings grey, green space light, streets white with a dark casing.
Widths are pixels at zoom 17 and scale with the zoom (:func:`width_at`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

REFERENCE_ZOOM = 17
"""Zoom level at which rule widths and label sizes are given."""
BACKGROUND = "#f3f1ec"
WATER = "#9cc3dc"
GREEN = "#d3e6c0"
WOOD = "#bcd7a6"
BUILDING = "#d6cdc3"
BUILDING_EDGE = "#b3a797"
SITE = "#ebe5da"
CASING = "#8f8a84"
ROAD = "#ffffff"
MAJOR_ROAD = "#fde9b0"
PATH = "#a4754f"
RAIL = "#7d7d7d"
LABEL = "#2b2b2b"
HALO = "#ffffff"


@dataclass(frozen=True)
class PaintRule:
    """Fill polygons or stroke lines of some features of a layer.

    Attributes:
        layers: Layer names the rule applies to (a schema may spell a layer two ways).
        kind: ``"fill"`` or ``"line"``.
        colour: ``#rrggbb``.
        width: Line width in pixels at :data:`REFERENCE_ZOOM` (0 for fills).
        outline: Fill outline colour, or ``""`` for none.
        key: Property to filter on, or ``""`` for every feature.
        values: The property values that match (``key`` given).
        exclude: True to match features whose value is *not* in ``values``.
        min_zoom: Drawn only from this zoom level on.
    """

    layers: tuple[str, ...]
    kind: str
    colour: str
    width: float = 0.0
    outline: str = ""
    key: str = ""
    values: tuple[str, ...] = ()
    exclude: bool = False
    min_zoom: int = 0

    def matches(self, properties: dict[str, Any]) -> bool:
        """True if a feature with ``properties`` is drawn by this rule."""
        if not self.key:
            return True
        found = str(properties.get(self.key, "")) in self.values
        return found != self.exclude


@dataclass(frozen=True)
class LabelRule:
    """Names written along lines (street names).

    Attributes:
        layers: Layer names holding the lines.
        fields: Properties to read the name from, first found wins.
        size: Text size in pixels at :data:`REFERENCE_ZOOM`.
        key, values, exclude: Filter as in :class:`PaintRule`.
        min_zoom: Written only from this zoom level on.
    """

    layers: tuple[str, ...]
    fields: tuple[str, ...] = ("name",)
    size: float = 13.0
    key: str = ""
    values: tuple[str, ...] = ()
    exclude: bool = False
    min_zoom: int = 14

    def matches(self, properties: dict[str, Any]) -> bool:
        """True if a feature with ``properties`` is labelled by this rule."""
        if not self.key:
            return True
        return (str(properties.get(self.key, "")) in self.values) != self.exclude

    def text(self, properties: dict[str, Any]) -> str:
        """The name to write, or ``""``."""
        return next((str(properties[f]).strip() for f in self.fields if str(properties.get(f, "")).strip()), "")


@dataclass(frozen=True)
class VectorStyle:
    """The paint rules of one tile layout.

    Attributes:
        schema: ``"zoomstack"``, ``"openmaptiles"`` or ``"protomaps"``.
        title: The layout's name in messages.
        signature: Layer names that identify the layout (all must be present).
        background: Land colour under everything.
        rules: Paint rules, drawn in order (later on top).
        labels: Street-name rules.
        credit: Attribution to print when the file carries none (the licence asks for it).
    """

    schema: str
    title: str
    signature: frozenset[str]
    background: str
    rules: tuple[PaintRule, ...]
    labels: tuple[LabelRule, ...]
    credit: str

    def layer_names(self) -> frozenset[str]:
        """Every layer some rule draws."""
        names = {layer for rule in self.rules for layer in rule.layers}
        return frozenset(names | {layer for rule in self.labels for layer in rule.layers})


def _roads(
    layers: tuple[str, ...], key: str, classes: list[tuple[tuple[str, ...], float, str, int]]
) -> list[PaintRule]:
    """Casings first (dark, wider), then fills, so crossings read as joined streets."""
    casings = [
        PaintRule(layers, "line", CASING, width + 2.2, key=key, values=values, min_zoom=zoom)
        for values, width, _, zoom in classes
    ]
    fills = [
        PaintRule(layers, "line", colour, width, key=key, values=values, min_zoom=zoom)
        for values, width, colour, zoom in classes
    ]
    return casings + fills


OS_CREDIT = "Contains OS data © Crown copyright and database right"
OSM_CREDIT = "© OpenStreetMap contributors"

ZOOMSTACK = VectorStyle(
    schema="zoomstack",
    title="OS Open Zoomstack",
    signature=frozenset({"roads", "buildings"}),
    background=BACKGROUND,
    rules=(
        PaintRule(("sites",), "fill", SITE),
        PaintRule(("greenspaces", "greenspace", "national_parks"), "fill", GREEN),
        PaintRule(("woodland",), "fill", WOOD),
        PaintRule(("foreshore",), "fill", SITE),
        PaintRule(("sea", "surfacewater"), "fill", WATER),
        PaintRule(("waterlines",), "line", WATER, 1.6),
        PaintRule(("buildings", "local_buildings", "district_buildings"), "fill", BUILDING, outline=BUILDING_EDGE),
        PaintRule(("rail",), "line", RAIL, 1.8, key="type", values=("Tunnel",), exclude=True),
        *_roads(
            ("roads",),
            "type",
            [
                (("Local", "Restricted", "Guided Busway"), 6.0, ROAD, 13),
                (("Minor", "B Road"), 8.0, ROAD, 10),
                (("A Road", "Primary", "Motorway"), 10.0, MAJOR_ROAD, 0),
            ],
        ),
    ),
    labels=(LabelRule(("roads",), ("name", "name1"), key="type", values=("Tunnels",), exclude=True),),
    credit=OS_CREDIT,
)

OPENMAPTILES = VectorStyle(
    schema="openmaptiles",
    title="OpenMapTiles (OpenStreetMap)",
    signature=frozenset({"transportation", "building"}),
    background=BACKGROUND,
    rules=(
        PaintRule(
            ("landuse",), "fill", SITE, key="class", values=("residential", "suburb", "neighbourhood"), exclude=True
        ),
        PaintRule(("landcover",), "fill", GREEN, key="class", values=("grass", "farmland", "sand", "wetland")),
        PaintRule(("landcover",), "fill", WOOD, key="class", values=("wood", "forest")),
        PaintRule(("park",), "fill", GREEN),
        PaintRule(("landuse",), "fill", GREEN, key="class", values=("cemetery", "pitch", "playground", "grass")),
        PaintRule(("water",), "fill", WATER),
        PaintRule(("waterway",), "line", WATER, 1.6),
        PaintRule(("building",), "fill", BUILDING, outline=BUILDING_EDGE, min_zoom=13),
        PaintRule(("transportation",), "line", RAIL, 1.8, key="class", values=("rail", "transit")),
        PaintRule(("transportation",), "line", PATH, 1.4, key="class", values=("path", "track"), min_zoom=14),
        *_roads(
            ("transportation",),
            "class",
            [
                (("minor", "service", "living_street", "pedestrian", "raceway"), 6.0, ROAD, 13),
                (("secondary", "tertiary"), 8.0, ROAD, 10),
                (("motorway", "trunk", "primary"), 10.0, MAJOR_ROAD, 0),
            ],
        ),
    ),
    labels=(LabelRule(("transportation_name",), ("name", "name:latin", "name_en", "name:en")),),
    credit=OSM_CREDIT,
)

PROTOMAPS = VectorStyle(
    schema="protomaps",
    title="Protomaps basemap (OpenStreetMap)",
    signature=frozenset({"earth", "roads"}),
    background=BACKGROUND,
    rules=(
        PaintRule(
            ("landuse", "landcover"),
            "fill",
            GREEN,
            key="kind",
            values=("park", "grass", "garden", "pitch", "playground", "cemetery", "meadow", "grassland"),
        ),
        PaintRule(("landuse", "landcover"), "fill", WOOD, key="kind", values=("wood", "forest", "nature_reserve")),
        PaintRule(("water",), "fill", WATER),
        PaintRule(("buildings",), "fill", BUILDING, outline=BUILDING_EDGE, min_zoom=13),
        PaintRule(("transit",), "line", RAIL, 1.8, key="kind", values=("rail",)),
        PaintRule(("roads",), "line", PATH, 1.4, key="kind", values=("path",), min_zoom=14),
        *_roads(
            ("roads",),
            "kind",
            [
                (("minor_road", "other"), 6.0, ROAD, 13),
                (("major_road",), 8.5, ROAD, 10),
                (("highway",), 10.0, MAJOR_ROAD, 0),
            ],
        ),
    ),
    labels=(LabelRule(("roads",), ("name", "name:en"), key="kind", values=("path",), exclude=True),),
    credit=OSM_CREDIT,
)

STYLES = (ZOOMSTACK, OPENMAPTILES, PROTOMAPS)
"""Every tile layout this app can draw, tried in this order."""


def style_for_layers(layers: tuple[str, ...] | frozenset[str] | list[str]) -> VectorStyle | None:
    """Return the style whose signature layers are all present, or ``None`` if the layout is unknown."""
    names = set(layers)
    if "greenspaces" in names or "surfacewater" in names:  # Zoomstack shares 'roads' with Protomaps
        return ZOOMSTACK
    return next((style for style in STYLES if style.signature <= names), None)


def width_at(width: float, zoom: float) -> float:
    """A rule's line width (pixels at :data:`REFERENCE_ZOOM`) at another zoom: thinner when zoomed out."""
    return max(0.6, width * 2 ** ((zoom - REFERENCE_ZOOM) * 0.7))


def credit_for(style: VectorStyle | None, attribution: str) -> str:
    """The attribution to print: the file's own, completed with what the data's licence requires.

    OS OpenData (Open Government Licence) asks for "Contains OS data © Crown
    copyright and database right"; OpenStreetMap (ODbL) for "© OpenStreetMap
    contributors". A file's attribution that already says so is kept as it is.
    """
    attribution = attribution.strip()
    if style is None:
        return attribution
    needed = "crown copyright" if style.schema == "zoomstack" else "openstreetmap"
    if needed in attribution.lower():
        return attribution
    return f"{attribution} {style.credit}".strip() if attribution else style.credit


def style_json(style: VectorStyle) -> dict[str, Any]:
    """The style as plain data for the map page's script (which builds protomaps-leaflet rules from it)."""
    return {
        "schema": style.schema,
        "background": style.background,
        "referenceZoom": REFERENCE_ZOOM,
        "rules": [
            {
                "layers": list(rule.layers),
                "kind": rule.kind,
                "colour": rule.colour,
                "width": rule.width,
                "outline": rule.outline,
                "key": rule.key,
                "values": list(rule.values),
                "exclude": rule.exclude,
                "minZoom": rule.min_zoom,
            }
            for rule in style.rules
        ],
        "labels": [
            {
                "layers": list(rule.layers),
                "fields": list(rule.fields),
                "size": rule.size,
                "key": rule.key,
                "values": list(rule.values),
                "exclude": rule.exclude,
                "minZoom": rule.min_zoom,
                "colour": LABEL,
                "halo": HALO,
            }
            for rule in style.labels
        ],
    }
