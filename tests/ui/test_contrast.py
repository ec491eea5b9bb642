"""Colours used for text meet WCAG 2.2 AA contrast (4.5:1) on the window background and on white,
and stay readable under a high-contrast (black) system palette."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from safeguarding.forms import FormLibrary
from safeguarding.model import Location, Rating, Side
from ui import theme
from ui.main_window import MainWindow
from ui.ratings import BACKGROUND, SWATCH
from ui.startup import app_style
from ui.theme import message_style, system_colours_preferred
from ui.widgets.fields import RatingEditor, make_editor


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


# -- high-contrast and dark themes ------------------------------------------------------------------

HIGH_CONTRAST_BLACK = {
    "Window": "#000000",
    "WindowText": "#ffffff",
    "Base": "#000000",
    "Text": "#ffffff",
    "Button": "#000000",
    "ButtonText": "#ffffff",
    "Highlight": "#1aebff",
    "HighlightedText": "#000000",
}
"""The main colours of Windows' "High contrast black" theme."""


@pytest.fixture
def high_contrast(qapp: QApplication) -> Iterator[QApplication]:
    """The app under a high-contrast black palette, with its style sheet made as at start-up."""
    saved_palette, saved_style = qapp.palette(), qapp.styleSheet()
    palette = QPalette(saved_palette)
    for role, colour in HIGH_CONTRAST_BLACK.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    qapp.setPalette(palette)
    qapp.setStyleSheet(app_style())
    yield qapp
    qapp.setPalette(saved_palette)
    qapp.setStyleSheet(saved_style)


def _text_contrast(widget: QWidget) -> float:
    """Contrast of a widget's text colour (after its style sheet is applied) on the window background."""
    widget.ensurePolished()
    palette = widget.palette()
    return contrast(palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window))


@pytest.mark.parametrize("name", ["helpText", "errorText", "okText"])
def test_help_and_message_text_stays_readable_in_high_contrast(high_contrast: QApplication, name: str) -> None:
    assert system_colours_preferred()
    label = QLabel("Gaps in guardianship: times with nobody present")
    label.setObjectName(name)
    label.setStyleSheet("")
    assert _text_contrast(label) >= 7.0  # AAA: the system's own white on black


def test_the_light_theme_keeps_the_apps_colours(qapp: QApplication) -> None:
    assert not system_colours_preferred()
    assert theme.HELP in app_style() and theme.ERROR in app_style()
    label = QLabel("Not saved")
    label.setStyleSheet(message_style())
    assert _text_contrast(label) >= 4.5


def test_messages_and_rating_words_use_the_system_colour_in_high_contrast(
    high_contrast: QApplication, form_library: FormLibrary
) -> None:
    label = QLabel("Not saved")
    label.setStyleSheet(message_style())
    assert _text_contrast(label) >= 7.0
    assert not any(colour in app_style() for colour in (theme.HELP, theme.ERROR, theme.OK))
    form = form_library.current()
    field = next(f for section in form.sections for f in section.fields if f.type == "rating")
    editor = make_editor(field, form)
    assert isinstance(editor, RatingEditor)
    for rating in Rating:
        assert _text_contrast(editor.buttons[rating]) >= 7.0, rating


def test_pale_cells_keep_black_text_in_high_contrast(
    high_contrast: QApplication, make_window: Callable[[], MainWindow]
) -> None:
    window = make_window()
    assert window.store is not None
    location = window.store.locations.add(Location(name="Brenchley Gardens"))
    assessment = window.store.assessments.create(location.id, window.forms.current())
    assessment.findings[Side.GUARDIANSHIP].rating = Rating.RED
    window.store.assessments.save(assessment)
    window.refresh()
    model = window.locations_page.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    column = headers.index("Guardianship")
    cell = model.index(0, column)
    assert cell.data() == "Red"
    background = cell.data(Qt.ItemDataRole.BackgroundRole)
    foreground = cell.data(Qt.ItemDataRole.ForegroundRole)
    assert contrast(QColor(foreground), QColor(background)) >= 4.5


def test_focus_outline_follows_the_system_highlight_in_high_contrast(high_contrast: QApplication) -> None:
    assert theme.FOCUS not in app_style()
    assert "border: 2px solid palette(highlight)" in app_style()
    highlight = high_contrast.palette().color(QPalette.ColorRole.Highlight)
    assert contrast(highlight, QColor(HIGH_CONTRAST_BLACK["Window"])) >= 3.0  # WCAG 1.4.11


def test_focus_outline_on_a_light_window_meets_non_text_contrast(qapp: QApplication) -> None:
    assert f"border: 2px solid {theme.FOCUS}" in app_style()
    assert contrast(QColor(theme.FOCUS), QColor("#ffffff")) >= 3.0
    assert contrast(QColor(theme.FOCUS), QColor("#efefef")) >= 3.0
