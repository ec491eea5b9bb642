"""Pin shapes: each pin category has a shape as well as a colour, so a map printed in greyscale still reads.

A shape is a polygon around the pin's centre in units of the pin's radius
(``y`` grows downwards, as on screen and in Pillow); ``circle`` has no polygon.
The same outlines are drawn in the report (Pillow), on the Map page (SVG, from
the points sent to the page) and in the category lists (Qt), so the legend
matches everywhere. Every shape leaves room for a two-digit number in its middle.
"""

from __future__ import annotations

import math

CIRCLE = "circle"


def _regular(sides: int, radius: float, turn: float) -> tuple[tuple[float, float], ...]:
    return tuple(
        (
            round(radius * math.cos(math.radians(turn + 360 * i / sides)), 4),
            round(radius * math.sin(math.radians(turn + 360 * i / sides)), 4),
        )
        for i in range(sides)
    )


SHAPES: dict[str, tuple[tuple[float, float], ...]] = {
    CIRCLE: (),
    "square": ((-0.9, -0.9), (0.9, -0.9), (0.9, 0.9), (-0.9, 0.9)),
    "diamond": ((0.0, -1.25), (1.25, 0.0), (0.0, 1.25), (-1.25, 0.0)),
    "triangle": ((0.0, -1.45), (1.35, 0.9), (-1.35, 0.9)),
    "triangle_down": ((-1.35, -0.9), (1.35, -0.9), (0.0, 1.45)),
    "hexagon": _regular(6, 1.1, 0),
    "pentagon": _regular(5, 1.15, -90),
}
"""Shape name → outline (empty for a circle). Names are what ``pin_categories.toml`` may give as ``shape``."""

SHAPE_WORDS = {
    CIRCLE: "circle",
    "square": "square",
    "diamond": "diamond",
    "triangle": "triangle",
    "triangle_down": "upside-down triangle",
    "hexagon": "hexagon",
    "pentagon": "pentagon",
}
"""How each shape is named in words (for screen readers and the legend's description)."""


def outline(shape: str, x: float, y: float, radius: float) -> list[tuple[float, float]]:
    """The shape's corners around ``(x, y)`` at ``radius`` pixels; empty for a circle (draw an ellipse).

    An unknown shape is drawn as a circle.
    """
    return [(x + dx * radius, y + dy * radius) for dx, dy in SHAPES.get(shape, ())]


def text_centre(shape: str, x: float, y: float, radius: float) -> tuple[float, float]:
    """Where a number sits inside the shape: lower in a triangle, higher in an upside-down one."""
    if shape == "triangle":
        return x, y + radius * 0.18
    if shape == "triangle_down":
        return x, y - radius * 0.18
    return x, y
