"""Colours, paragraph styles and small flowables shared by the report's pages.

All sizes are in points (1/72 inch). Ratings are always written in words as well
as shown in colour; the colours and their text colours have enough contrast to
print legibly in greyscale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.graphics.shapes import Rect
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table

from safeguarding.model import Rating
from safeguarding.reports.cjk import CjkText
from safeguarding.reports.fonts import ReportFonts
from safeguarding.reports.glyphs import Unprintable, drawable, printable_text
from safeguarding.reports.markup import (
    BidiError,
    BidiLine,
    base_level,
    bidi_lines,
    clean_text,
    has_arabic_script,
    has_right_to_left,
    to_markup,
    visual_words,
    words_markup,
)

FontOf = Callable[[str], str | None]
"""Names the font for one character outside Arabic-script runs (None: the body font)."""

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
OVERDUE_FILL = colors.HexColor("#FDE0E0")
"""Background of an overdue action's status (light red; the word "Overdue" is always printed too)."""
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


class FlowingTable(Table):
    """A report table whose rows, and the text inside a row, continue across pages.

    reportlab's default table moves a row that does not fit to the next page and
    fails ("too large on page") when one row is taller than a page, which any
    typed text of a few thousand characters makes. Here a table splits between
    rows (``splitByRow``) and, when one row is taller than the space left, inside
    the row (``splitInRow``): each cell's paragraphs continue on the next page, so
    text of any length prints in full. Every table of the report with typed text
    in it is a FlowingTable.

    Args:
        data: Rows of cells (strings, flowables or lists of flowables).
        colWidths: Column widths in points.
        **kwargs: As for :class:`reportlab.platypus.Table` (``repeatRows`` etc.).
    """

    def __init__(self, data: list[list[Any]], colWidths: list[float] | None = None, **kwargs: Any) -> None:  # noqa: N803 (reportlab API)
        kwargs.setdefault("splitByRow", 1)
        kwargs.setdefault("splitInRow", 1)
        self._sized_for: tuple[float, float] | None = None
        super().__init__(data, colWidths=colWidths, **kwargs)

    def _calc(self, availWidth: float, availHeight: float) -> None:  # noqa: N803 (reportlab API)
        """Size the rows and columns, unless they were last sized for this very space.

        reportlab sizes a table (every cell's paragraphs wrapped) on each ``wrap`` and again
        on ``split``, and a frame asks twice in a row with the same space (wrap: too tall,
        then split), as does a heading kept with its table
        (:class:`~safeguarding.reports.page_layout.KeepWithNext`). Sizing again for the same
        space gives the same sizes, so it is skipped; a new style or a split forgets it.
        """
        if self._sized_for == (availWidth, availHeight):
            return
        super()._calc(availWidth, availHeight)  # type: ignore[misc]
        self._sized_for = (availWidth, availHeight)

    def setStyle(self, tblstyle: Any) -> None:
        """As reportlab's, and the table is sized afresh (padding changes the heights)."""
        self._sized_for = None
        super().setStyle(tblstyle)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803 (reportlab API)
        """As reportlab's; the table is sized afresh after (splitting may change its cells)."""
        try:
            return list(super().split(availWidth, availHeight))
        finally:
            self._sized_for = None


BREAK_SLACK = 1.0
"""Points kept free when breaking lines in logical order, so that a line still fits
when drawn in visual order (kerning inside a word can change a little)."""


class BidiParagraph(Paragraph):
    """A Paragraph of mixed-direction text, broken into lines in logical order, drawn in visual order.

    reportlab has no bidi support for paragraphs with several fonts (and its
    optional ``rlbidi`` is not on PyPI), so this class does the Unicode
    Bidirectional Algorithm itself, per printed line as UAX #9 requires: for the
    width it is given, it first lets reportlab break each typed line into
    printed lines with the words in logical order, then builds a second,
    ordinary Paragraph whose lines hold the same words in visual order (rule L2)
    and draws and splits that one. Text whose first strong letter is
    right-to-left is right-aligned. The Paragraph itself keeps the logical text
    (``getPlainText``, ``minWidth``).

    Args:
        lines: The text from :func:`safeguarding.reports.markup.bidi_lines`.
        style: A style with ``shaping=1``.
        arabic_font: reportlab name of the Arabic-script font.
        kind: Paragraph class that draws the visual lines (e.g. :class:`BoldParagraph`).
        font_of: The font of other characters (Hebrew, Chinese...; see :meth:`Styles.font_of`).
    """

    def __init__(
        self,
        lines: list[BidiLine],
        style: ParagraphStyle,
        arabic_font: str,
        kind: type[Paragraph] = Paragraph,
        font_of: FontOf | None = None,
    ) -> None:
        self._lines = lines
        self._arabic_font = arabic_font
        self._font_of = font_of
        self._kind = kind
        self._laid_out: tuple[float, Paragraph] | None = None
        logical = [self._markup([(word.arabic, word.text) for word in line.words]) for line in lines]
        super().__init__("<br/>".join(logical), style)
        if base_level(lines) % 2 and style.alignment in (TA_LEFT, TA_JUSTIFY):
            self._visual_style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
        else:
            self._visual_style = style
        self._break_style = ParagraphStyle(
            f"{style.name}-break",
            parent=style,
            alignment=TA_LEFT,
            splitLongWords=0,
            hyphenationLang="",
            embeddedHyphenation=0,
            uriWasteReduce=0,
        )

    def _markup(self, words: list[tuple[bool, str]]) -> str:
        return words_markup(words, self._arabic_font, self._font_of)

    def _printed_lines(self, line: BidiLine, width: float) -> list[tuple[int, int]]:
        """Return ``(start, stop)`` word ranges of ``line`` on each printed line at ``width``."""
        if not line.words:
            return []
        markup = self._markup([(word.arabic, word.text) for word in line.words])
        logical = Paragraph(markup, self._break_style)
        logical.wrap(max(width - BREAK_SLACK, 1), 1e6)
        # wrap() keeps its broken lines in blPara, which the reportlab stubs do not declare.
        counts = [printed.wordCount for printed in logical.blPara.lines]  # type: ignore[attr-defined]
        if sum(counts) != len(line.words) or not all(counts):
            return [(0, len(line.words))]  # unexpected layout: one line, reportlab re-wraps it
        ranges, start = [], 0
        for count in counts:
            ranges.append((start, start + count))
            start += count
        return ranges

    def visual(self, width: float) -> Paragraph:
        """Return the Paragraph that draws this text at ``width`` points, in visual order."""
        if self._laid_out and self._laid_out[0] == width:
            return self._laid_out[1]
        printed = []
        for line in self._lines:
            ranges = self._printed_lines(line, width) or [(0, 0)]
            printed += [self._markup(visual_words(line, start, stop)) for start, stop in ranges]
        paragraph = self._kind("<br/>".join(printed), self._visual_style)
        self._laid_out = (width, paragraph)
        return paragraph

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab API)
        """Lay the text out at ``availWidth``; return its size in points."""
        self.width, self.height = self.visual(availWidth).wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 (reportlab API)
        """Split the visual paragraph where the frame ends (ordinary Paragraphs come back)."""
        return self.visual(availWidth).split(availWidth, availHeight)

    def draw(self) -> None:
        """Draw the visual paragraph laid out by the last :meth:`wrap` (laying it out if needed)."""
        if not (self._laid_out and self._laid_out[0] == self.width):
            self.wrap(self.width, self.height)
        self.visual(self.width).drawOn(self.canv, 0, 0)


@dataclass(frozen=True)
class Styles:
    """The report's paragraph styles and a factory for user-text paragraphs.

    One Styles serves one document: its ``cjk`` collects the Chinese, Japanese,
    Korean and Hebrew characters the document prints, and ``cjk.register()`` must run before
    the document is laid out (:func:`safeguarding.reports.export.render_pdf` does).

    Attributes:
        fonts: The registered fonts.
        cjk: The document's Chinese, Japanese, Korean and Hebrew text and its fonts.
        unprintable: Characters no font could draw, printed as a placeholder, counted per part.
    """

    fonts: ReportFonts
    cjk: CjkText = field(default_factory=CjkText)
    unprintable: Unprintable = field(default_factory=Unprintable)

    def font_of(self, char: str) -> str | None:
        """The font for ``char`` outside an Arabic-script run: None for the body font, else a per-document font.

        A character no font has also gives None: :func:`safeguarding.reports.glyphs.printable_text`
        has already replaced it.
        """
        if ord(char) in self.fonts.body_coverage or not self.fonts.body_coverage:
            return None
        return self.cjk.font_for(char)

    def printable(self, text: str) -> str:
        """``text`` as it can be printed: control characters dropped, characters no font has as a placeholder."""
        can_draw = drawable(self.fonts.body_coverage, self.fonts.arabic_coverage, self.cjk.covers)
        return printable_text(clean_text(text), can_draw, self.unprintable) if self.fonts.body_coverage else text

    def style(self, name: str, **overrides: Any) -> ParagraphStyle:
        """Return a new style based on one of the named base styles below."""
        base = _BASE[name]
        return ParagraphStyle(
            f"{name}-{id(overrides)}",
            **{**base, "fontName": self.fonts.body, "bulletFontName": self.fonts.body, **overrides},
        )

    def text(self, text: str, style: str | ParagraphStyle = "body", *, bold: bool = False) -> Paragraph:
        """Return a Paragraph of user text: escaped, newlines kept, every script in a font that has it.

        The one way text a person typed gets into a report: Arabic runs are shaped, right-to-left
        text (Arabic, Hebrew) is laid out in visual order, Chinese, Japanese, Korean and Hebrew
        are drawn in per-document fonts, and characters no font has (emoji) print as a visible
        placeholder and are counted in :attr:`unprintable`.

        Args:
            text: Any text a person typed.
            style: A base style name or a ParagraphStyle.
            bold: Draw with fake bold (:class:`BoldParagraph`).
        """
        text = self.printable(text)
        if has_right_to_left(text):
            try:
                lines = bidi_lines(text, self.fonts.arabic_coverage, self.font_of)
            except BidiError:
                pass  # printed in logical order below rather than not at all
            else:
                resolved = self.style(style) if isinstance(style, str) else style
                shaped = ParagraphStyle(f"{resolved.name}-shaped", parent=resolved, shaping=1)
                kind = BoldParagraph if bold else Paragraph
                return BidiParagraph(lines, shaped, self.fonts.arabic, kind, self.font_of)
        markup = to_markup(text, self.fonts.arabic, self.fonts.arabic_coverage, self.font_of)
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
    "intro": {"fontSize": 9, "leading": 12.5, "textColor": MUTED, "spaceAfter": 8, "keepWithNext": 1},
    "title": {"fontSize": 22, "leading": 27, "textColor": ACCENT, "spaceAfter": 6},
    "subtitle": {"fontSize": 15, "leading": 20, "textColor": INK, "spaceAfter": 2},
    # Headings and introductions keep with what follows: never stranded at the foot of a page.
    "h1": {"fontSize": 15, "leading": 19, "textColor": ACCENT, "spaceBefore": 4, "spaceAfter": 6, "keepWithNext": 1},
    "h2": {"fontSize": 11, "leading": 14, "textColor": ACCENT, "spaceBefore": 8, "spaceAfter": 3, "keepWithNext": 1},
    "rating": {"fontSize": 10, "leading": 13, "alignment": TA_CENTER},
    "empty": {"fontSize": 9.5, "leading": 13, "textColor": MUTED, "spaceAfter": 4},
    "left": {"fontSize": 10, "leading": 14, "alignment": TA_LEFT},
}


def filled_box(
    x: float,
    y: float,
    width: float,
    height: float,
    fill: colors.Color,
    *,
    outline: colors.Color | None = None,
    outline_width: float = 1.0,
) -> Rect:
    """A filled rectangle of a chart, in points from the drawing's bottom left; no outline unless given.

    The colours are set on the made shape: the reportlab stubs type ``Rect``'s keywords wrongly.
    """
    box = Rect(x, y, width, height)
    box.fillColor = fill
    box.strokeColor = outline
    box.strokeWidth = outline_width
    return box
