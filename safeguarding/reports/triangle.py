"""The Neighbourhood Assessment Triangle as a reportlab Drawing.

An upward-pointing equilateral triangle is cut into three parts by lines from
its centre to its corners; each part touches one side and is filled with that
side's place rating (red, amber, green, or grey for "Not rated"). The rating is
written in words inside the part and the side's name outside the edge, so the
graphic never relies on colour alone.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Drawing, Polygon, String

from safeguarding.model import Rating, Side
from safeguarding.reports.styles import INK, MUTED, rating_fill, rating_text_colour, rating_word

Point = tuple[float, float]


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
    drawing = Drawing(width, height + margin_bottom + margin_top)
    # The renderer's starting font would otherwise be the built-in Helvetica.
    drawing.initialFontName = font
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
                strokeColor="white",
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
    drawing.add(Circle(centre[0], centre[1], 9, fillColor="white", strokeColor=INK, strokeWidth=0.6))

    label = {"fontName": font, "fontSize": 9.5, "fillColor": INK}
    note = {"fontName": font, "fontSize": 8, "fillColor": MUTED}
    left_mid = ((left[0] + apex[0]) / 2, (left[1] + apex[1]) / 2)
    right_mid = ((right[0] + apex[0]) / 2, (right[1] + apex[1]) / 2)
    drawing.add(String(left_mid[0] - 12, left_mid[1] + 2, titles[Side.YOUNG_PEOPLE], textAnchor="end", **label))
    drawing.add(
        String(
            left_mid[0] - 12, left_mid[1] - 10, rating_word(ratings.get(Side.YOUNG_PEOPLE)), textAnchor="end", **note
        )
    )
    drawing.add(String(right_mid[0] + 12, right_mid[1] + 2, titles[Side.GUARDIANSHIP], textAnchor="start", **label))
    drawing.add(
        String(
            right_mid[0] + 12,
            right_mid[1] - 10,
            rating_word(ratings.get(Side.GUARDIANSHIP)),
            textAnchor="start",
            **note,
        )
    )
    base_label = f"{titles[Side.ENVIRONMENT]}: {rating_word(ratings.get(Side.ENVIRONMENT))}"
    drawing.add(String(width / 2, margin_bottom - 16, base_label, textAnchor="middle", **label))
    drawing.add(String(width / 2, apex[1] + 12, "Safety of young people in this location", textAnchor="middle", **note))
    return drawing
