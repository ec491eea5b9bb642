"""How place ratings look on screen: always a word, with colour as a second cue."""

from __future__ import annotations

from PySide6.QtGui import QColor

from safeguarding.model import Rating

NOT_RATED = "Not rated"

# Pale backgrounds keep black text readable (contrast above 4.5:1, WCAG AA).
BACKGROUND = {
    Rating.RED: QColor("#f4c7c3"),
    Rating.AMBER: QColor("#fce8b2"),
    Rating.GREEN: QColor("#b7e1cd"),
}
# Text colours for the rating words: each has a contrast of at least 5:1 on the window's
# light grey (#efefef) and on white, so the coloured word itself meets WCAG 1.4.3 (AA).
SWATCH = {
    Rating.RED: QColor("#b71c1c"),
    Rating.AMBER: QColor("#7a4f00"),
    Rating.GREEN: QColor("#1b5e20"),
}


def rating_text(rating: Rating | None) -> str:
    """Return the rating in words: ``"Red"``, ``"Amber"``, ``"Green"`` or ``"Not rated"``."""
    return rating.label if rating else NOT_RATED
