"""The report's map: a figure of the place and a table of its numbered pins.

The figure is drawn with Pillow (:mod:`safeguarding.maps.static`) from the
offline map covering the place, if one was imported (picture or vector tiles),
else on a plain background that says "Background map not available": the paper
never tells the reader to do anything in the software.
Pins are numbered 1.. in the order they were added; the table below the figure
uses the same numbers. Every piece of user text goes through ``Styles.text``,
which escapes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, Image, KeepTogether, PageBreak

from safeguarding.maps.categories import PinCategories, load_pin_categories
from safeguarding.maps.mapfiles import MapFile
from safeguarding.maps.offline import OfflineMaps
from safeguarding.maps.static import MAX_ZOOM, NO_TILES_NOTICE, render_static_map
from safeguarding.model import CARRIED_PIN_MARK, Side
from safeguarding.reports.page_layout import CONTENT_HEIGHT, CONTENT_WIDTH
from safeguarding.reports.styles import ACCENT, RULE, FlowingTable

if TYPE_CHECKING:
    from safeguarding.reports.dcsm import ReportBuilder

FIGURE_SIZE = (1000, 760)
LEGEND_WIDTH = 380


def _place_point(builder: ReportBuilder) -> tuple[float, float] | None:
    loc, a = builder.location, builder.assessment
    if loc.latitude is not None and loc.longitude is not None:
        return (loc.latitude, loc.longitude)
    if a.boundary:
        return a.boundary[0]
    if a.pins:
        return (a.pins[0].latitude, a.pins[0].longitude)
    return None


def map_section(
    builder: ReportBuilder, offline_maps: OfflineMaps | None = None, categories: PinCategories | None = None
) -> list[Flowable]:
    """Return the map page: heading, figure, attribution and the numbered pin table.

    Args:
        builder: The report being built (its location, assessment, styles).
        offline_maps: Where imported offline maps are (default: the user's maps folder).
        categories: Pin categories (default: the shipped file).

    Returns:
        The flowables, ending with a page break; empty when the assessment has no
        pins, no boundary and the location has no coordinates (nothing to map).
    """
    a = builder.assessment
    point = _place_point(builder)
    if point is None:
        return []
    s = builder.s
    categories = categories or load_pin_categories()
    tiles: MapFile | None = (offline_maps or OfflineMaps()).for_point(*point)
    try:
        figure = render_static_map(
            a.pins,
            a.boundary,
            categories,
            centre=point,
            tiles=tiles,
            max_zoom=tiles.info.max_zoom if tiles and not tiles.info.is_vector else MAX_ZOOM,
            size=FIGURE_SIZE,
            legend_width=LEGEND_WIDTH,
        )
    finally:
        if tiles is not None:
            tiles.close()
    if figure is None:
        return []
    width = CONTENT_WIDTH
    height = width * figure.image.height / figure.image.width
    image = Image(figure.pixels(), width=width, height=min(height, CONTENT_HEIGHT * 0.6))
    parts: list[Flowable] = [
        CondPageBreak(CONTENT_HEIGHT * 0.7),
        builder._heading("Map of the place"),
        s.text(
            f"{builder.place_name()}: the boundary of the place and the pins recorded in the assessment. "
            "Numbers on the map match the table below.",
            "intro",
        ),
        image,
    ]
    credit = f"Background map: {figure.attribution}." if figure.attribution else f"{NO_TILES_NOTICE}."
    notes = [credit, "Scale bar and north arrow on the map."]
    if figure.outside:
        notes.append("The hatched part lies outside the imported background map.")
    if figure.spread:
        notes.append("Pins recorded at almost the same point are drawn side by side, each with a line to its point.")
    if figure.groups:
        notes.append("Where many pins share one point, a box lists all their numbers.")
    parts.append(s.text(" ".join(notes), "label"))
    if any(pin.is_carried for pin in a.pins):
        parts.append(
            s.text(
                f"Pins marked {CARRIED_PIN_MARK} were recorded in the earlier assessment and carried into this one; "
                "they are not new evidence.",
                "label",
            )
        )
    parts += pin_table(builder, categories)
    parts.append(PageBreak())
    return parts


def pin_table(builder: ReportBuilder, categories: PinCategories) -> list[Flowable]:
    """The numbered pins: number, what it shows, label, side and notes."""
    s = builder.s
    pins = builder.assessment.pins
    if not pins:
        return [s.text("No pins have been added to the map.", "intro")]
    headers = ["No.", "What it shows", "Label", "Side", "Notes"]
    rows: list[list[Flowable]] = [[s.text(h, "cell_head", bold=True) for h in headers]]
    for number, pin in enumerate(pins, start=1):
        category = categories.get(pin.category)
        rows.append(
            [
                s.text(str(number), s.style("cell", textColor=colors.HexColor(category.text_colour)), bold=True),
                s.text(category.label, "cell"),
                s.text(f"{pin.label} {CARRIED_PIN_MARK}".strip() if pin.is_carried else pin.label, "cell"),
                s.text(builder.side_short_title(Side(pin.side)), "cell"),
                s.text(pin.notes, "cell"),
            ]
        )
    widths: list[float] = [26, 92, 110, 84]
    widths.append(CONTENT_WIDTH - sum(widths))
    table = FlowingTable(rows, colWidths=widths, repeatRows=1)
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for number, pin in enumerate(pins, start=1):
        # The number on the pin's colour, as on the map.
        commands.append(("BACKGROUND", (0, number), (0, number), colors.HexColor(categories.get(pin.category).colour)))
    table.setStyle(builder._table_style(commands))
    heading = builder._heading("Pins on the map", "h2")
    return [KeepTogether([heading, table])] if len(pins) < 12 else [CondPageBreak(120), heading, table]
