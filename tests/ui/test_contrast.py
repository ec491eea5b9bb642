"""Colours used for text meet WCAG 2.2 AA contrast (4.5:1) on the window background and on white."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from safeguarding.model import Rating
from ui.ratings import BACKGROUND, SWATCH


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2.x contrast ratio of two colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("rating", list(Rating))
@pytest.mark.parametrize("background", ["#efefef", "#ffffff"])
def test_rating_words_are_readable(rating: Rating, background: str) -> None:
    assert contrast(SWATCH[rating], QColor(background)) >= 4.5


@pytest.mark.parametrize("rating", list(Rating))
def test_black_text_on_rating_cells_is_readable(rating: Rating) -> None:
    assert contrast(QColor("#000000"), BACKGROUND[rating]) >= 4.5


def test_contrast_formula_matches_known_values() -> None:
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
