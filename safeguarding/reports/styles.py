"""Colours, paragraph styles and small flowables shared by the report's pages.

All sizes are in points (1/72 inch). Ratings are always written in words as well
as shown in colour; the colours and their text colours have enough contrast to
print legibly in greyscale.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from safeguarding.model import Rating
from safeguarding.reports.fonts import ReportFonts
from safeguarding.reports.markup import has_arabic_script, to_markup

INK = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#555555")
ACCENT = colors.HexColor("#1F3A5F")
RULE = colors.HexColor("#B8C2CC")
SHADE = colors.HexColor("#EEF2F6")

RATING_FILL = {
    Rating.RED: colors.HexColor("#B3261E"),
    Rating.AMBER: colors.HexColor("#F2A900"),
    Rating.GREEN: colors.HexColor("#2E7D32"),
}
RATING_TEXT = {Rating.RED: colors.white, Rating.AMBER: INK, Rating.GREEN: colors.white}
NOT_RATED_FILL = colors.HexColor("#C9CDD2")
NOT_RATED_TEXT = INK
NOT_RATED_LABEL = "Not rated"

BOLD_STROKE = 0.028
"""Outline width for fake bold, as a fraction of the font size."""


def rating_fill(rating: Rating | None) -> colors.Color:
    """Return the fill colour of a rating (grey when not rated)."""
    return RATING_FILL[rating] if rating else NOT_RATED_FILL


def rating_text_colour(rating: Rating | None) -> colors.Color:
    """Return the text colour that reads well on :func:`rating_fill`."""
    return RATING_TEXT[rating] if rating else NOT_RATED_TEXT


def rating_word(rating: Rating | None) -> str:
    """Return the rating in words, e.g. ``"Amber"`` or ``"Not rated"``."""
    return rating.label if rating else NOT_RATED_LABEL


class BoldParagraph(Paragraph):
    """A Paragraph drawn heavier by outlining its glyphs (fake bold).

    The variable Noto fonts only give reportlab their Regular instance, so bold
    is drawn with text render mode 2 (fill, then stroke) and a thin outline in
    the text colour. Text stays real text: it is selectable and extractable.
    """

    def draw(self) -> None:
        """Draw the paragraph with a stroked outline, restoring the graphics state after."""
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(self.style.textColor)
        canv.setLineWidth(self.style.fontSize * BOLD_STROKE)
        mode = canv.beginText()
        mode.setTextRenderMode(2)
        canv.drawText(mode)
        super().draw()
        canv.restoreState()


@dataclass(frozen=True)
class Styles:
    """The report's paragraph styles and a factory for user-text paragraphs.

    Attributes:
        fonts: The registered fonts.
    """

    fonts: ReportFonts

    def style(self, name: str, **overrides: Any) -> ParagraphStyle:
        """Return a new style based on one of the named base styles below."""
        base = _BASE[name]
        return ParagraphStyle(
            f"{name}-{id(overrides)}",
            **{**base, "fontName": self.fonts.body, "bulletFontName": self.fonts.body, **overrides},
        )

    def text(self, text: str, style: str | ParagraphStyle = "body", *, bold: bool = False) -> Paragraph:
        """Return a Paragraph of user text: escaped, newlines kept, Arabic runs shaped.

        Args:
            text: Any text a person typed.
            style: A base style name or a ParagraphStyle.
            bold: Draw with fake bold (:class:`BoldParagraph`).
        """
        markup = to_markup(text, self.fonts.arabic, self.fonts.arabic_coverage)
        return self.markup(markup, style, bold=bold, shaping=has_arabic_script(text))

    def markup(
        self, markup: str, style: str | ParagraphStyle = "body", *, bold: bool = False, shaping: bool = False
    ) -> Paragraph:
        """Return a Paragraph of trusted markup written by this package (never user text).

        Args:
            markup: reportlab Paragraph markup.
            style: A base style name or a ParagraphStyle.
            bold: Draw with fake bold.
            shaping: Shape the text with HarfBuzz (needed for Arabic-script runs).
        """
        resolved = self.style(style) if isinstance(style, str) else style
        if shaping:
            resolved = ParagraphStyle(f"{resolved.name}-shaped", parent=resolved, shaping=1)
        kind = BoldParagraph if bold else Paragraph
        return kind(markup, resolved)


_BASE: dict[str, dict[str, Any]] = {
    "body": {"fontSize": 10, "leading": 14, "textColor": INK, "spaceAfter": 4},
    "small": {"fontSize": 8.5, "leading": 11, "textColor": INK},
    "cell": {"fontSize": 8, "leading": 10, "textColor": INK},
    "cell_head": {"fontSize": 8, "leading": 10, "textColor": colors.white},
    "label": {"fontSize": 8.5, "leading": 11, "textColor": MUTED},
    "intro": {"fontSize": 9, "leading": 12.5, "textColor": MUTED, "spaceAfter": 8},
    "title": {"fontSize": 22, "leading": 27, "textColor": ACCENT, "spaceAfter": 6},
    "subtitle": {"fontSize": 15, "leading": 20, "textColor": INK, "spaceAfter": 2},
    "h1": {"fontSize": 15, "leading": 19, "textColor": ACCENT, "spaceBefore": 4, "spaceAfter": 6},
    "h2": {"fontSize": 11, "leading": 14, "textColor": ACCENT, "spaceBefore": 8, "spaceAfter": 3},
    "rating": {"fontSize": 10, "leading": 13, "alignment": TA_CENTER},
    "empty": {"fontSize": 9.5, "leading": 13, "textColor": MUTED, "spaceAfter": 4},
    "left": {"fontSize": 10, "leading": 14, "alignment": TA_LEFT},
}
