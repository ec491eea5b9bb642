"""The app's few own colours, and when to give them up for the system's (high contrast, dark themes).

The app uses the system palette everywhere except a handful of text colours
(error and confirmation messages, help text, rating words) chosen for a light
window, and pale cell backgrounds (ratings, visit coverage, overdue actions).
With a high-contrast theme (Windows "High contrast", or any system that asks
Qt for more contrast) or a dark window, those text colours would fail WCAG
1.4.3, so the system's own text colour is used instead; bold type and the words
themselves still carry the meaning. Pale cells always get black text, which is
readable on them (at least 4.5:1) whatever the theme.

The choice is made from the palette when called: the app decides when it starts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

ERROR = "#b00020"
"""Error messages on a light window (7.0:1 on white)."""
OK = "#1b5e20"
"""Confirmations on a light window (7.9:1 on white)."""
HELP = "#444444"
"""Help text under fields on a light window (9.7:1 on white)."""
FOCUS = "#1a5fb4"
"""The keyboard focus outline on a light window (6.3:1 on white; WCAG 1.4.11 asks 3:1)."""
ON_PALE = QColor("#000000")
"""Text on the app's pale cell backgrounds, in every theme."""


def system_colours_preferred() -> bool:
    """True when the app should use only the system's text colours.

    That is when the system asks for high contrast (Qt's accessibility hints:
    Windows high-contrast themes, and other systems where Qt reads the
    setting) or when the window background is dark (a dark or high-contrast
    palette), where colours picked for a light window would be hard to read. Needs a QGuiApplication; False without one.
    """
    if QGuiApplication.instance() is None:
        return False
    try:
        if QGuiApplication.styleHints().accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast:
            return True
    except RuntimeError:  # PySide may hand back a stale wrapper after a style change; the palette still tells
        pass
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def text_colour(colour: str) -> str:
    """``colour`` as a style-sheet value, or ``"palette(window-text)"`` when system colours are preferred."""
    return "palette(window-text)" if system_colours_preferred() else colour


def focus_colour() -> str:
    """The focus outline's colour: :data:`FOCUS`, or the system's highlight colour in high contrast and dark themes.

    On a dark window :data:`FOCUS` falls below the 3:1 that WCAG 1.4.11 asks of a
    focus indicator; the system's highlight is made to stand out on its own background.
    """
    return "palette(highlight)" if system_colours_preferred() else FOCUS


def message_style(colour: str = ERROR, *, bold: bool = True) -> str:
    """A label's style sheet for a message in ``colour`` (the system text colour in high contrast)."""
    return f"color: {text_colour(colour)};" + (" font-weight: bold;" if bold else "")
