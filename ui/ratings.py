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
SWATCH = {
    Rating.RED: QColor("#c62828"),
    Rating.AMBER: QColor("#ef8f00"),
    Rating.GREEN: QColor("#2e7d32"),
}


def rating_text(rating: Rating | None) -> str:
    """Return the rating in words: ``"Red"``, ``"Amber"``, ``"Green"`` or ``"Not rated"``."""
    return rating.label if rating else NOT_RATED
