"""The Neighbourhood Assessment Triangle as a reportlab Drawing.

An upward-pointing equilateral triangle is cut into three parts by lines from
its centre to its corners; each part touches one side and is filled with that
side's place rating (red, amber, green, or grey for "Not rated"). The rating is
written in words inside the part and the side's name outside the edge, so the
graphic never relies on colour alone.
"""

from __future__ import annotations

import math
from typing import Literal

from reportlab.graphics.shapes import Circle, Drawing, Polygon, String
from reportlab.lib import colors

from safeguarding.model import Rating, Side
from safeguarding.reports.styles import INK, MUTED, rating_fill, rating_text_colour, rating_word

Point = tuple[float, float]
Anchor = Literal["start", "middle", "end"]


def triangle_drawing(
    ratings: dict[Side, Rating | None],
    titles: dict[Side, str],
    font: str,
    width: float = 440.0,
    edge: float = 210.0,
) -> Drawing:
    """Return the triangle graphic.

    Args:
        ratings: Place rating per side (``None`` = not rated).
        titles: Short name of each side, e.g. ``"Guardianship"``.
        font: reportlab name of a registered font for the labels.
        width: Width of the drawing in points.
        edge: Length of each triangle edge in points.

    Returns:
        A Drawing about ``edge * 0.87 + 70`` points high. Young people is the
        left edge, guardianship the right edge, community and environment the base.
    """
    height = edge * math.sqrt(3) / 2
    margin_bottom = 34.0
    margin_top = 30.0
    # The renderer's starting font would otherwise be the built-in Helvetica.
    drawing = Drawing(width, height + margin_bottom + margin_top, initialFontName=font)
    left: Point = ((width - edge) / 2, margin_bottom)
    right: Point = ((width + edge) / 2, margin_bottom)
    apex: Point = (width / 2, margin_bottom + height)
    centre: Point = ((left[0] + right[0] + apex[0]) / 3, (left[1] + right[1] + apex[1]) / 3)

    parts: dict[Side, tuple[Point, Point]] = {
        Side.YOUNG_PEOPLE: (left, apex),
        Side.GUARDIANSHIP: (apex, right),
        Side.ENVIRONMENT: (right, left),
    }
    for side, (a, b) in parts.items():
        rating = ratings.get(side)
        drawing.add(
            Polygon(
                [*a, *b, *centre],
                fillColor=rating_fill(rating),
                strokeColor=colors.white,
                strokeWidth=2.5,
            )
        )
        # The rating word sits between the centre and the middle of the edge.
        mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        inside = (centre[0] + (mid[0] - centre[0]) * 0.55, centre[1] + (mid[1] - centre[1]) * 0.55)
        drawing.add(
            String(
                inside[0],
                inside[1] - 4,
                rating_word(rating),
                fontName=font,
                fontSize=11,
                fillColor=rating_text_colour(rating),
                textAnchor="middle",
            )
        )
    # A small disc at the centre: the safety of young people in this location.
    drawing.add(Circle(centre[0], centre[1], 9, fillColor=colors.white, strokeColor=INK, strokeWidth=0.6))

    def label(x: float, y: float, text: str, anchor: Anchor) -> String:
        return String(x, y, text, textAnchor=anchor, fontName=font, fontSize=9.5, fillColor=INK)

    def note(x: float, y: float, text: str, anchor: Anchor) -> String:
        return String(x, y, text, textAnchor=anchor, fontName=font, fontSize=8, fillColor=MUTED)

    left_mid = ((left[0] + apex[0]) / 2, (left[1] + apex[1]) / 2)
    right_mid = ((right[0] + apex[0]) / 2, (right[1] + apex[1]) / 2)
    drawing.add(label(left_mid[0] - 12, left_mid[1] + 2, titles[Side.YOUNG_PEOPLE], "end"))
    drawing.add(note(left_mid[0] - 12, left_mid[1] - 10, rating_word(ratings.get(Side.YOUNG_PEOPLE)), "end"))
    drawing.add(label(right_mid[0] + 12, right_mid[1] + 2, titles[Side.GUARDIANSHIP], "start"))
    drawing.add(note(right_mid[0] + 12, right_mid[1] - 10, rating_word(ratings.get(Side.GUARDIANSHIP)), "start"))
    base_label = f"{titles[Side.ENVIRONMENT]}: {rating_word(ratings.get(Side.ENVIRONMENT))}"
    drawing.add(label(width / 2, margin_bottom - 16, base_label, "middle"))
    drawing.add(note(width / 2, apex[1] + 12, "Safety of young people in this location", "middle"))
    return drawing
