"""A4 page layout: margins, and the header and footer printed on every page.

Every page carries the protective marking (e.g. ``OFFICIAL-SENSITIVE``) centred
and bold at the top and bottom. The footer also shows the location name, when
the report was generated, and "Page X of Y" with the true total: the canvas
keeps each finished page's state and draws headers and footers only when the
document is saved, once the number of pages is known.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Paragraph
from reportlab.platypus.doctemplate import FrameBreak

from safeguarding.reports.styles import ACCENT, BOLD_STROKE, INK, MUTED, RULE, Styles
from safeguarding.reports.text_fitting import shorten

NOTICE = colors.HexColor("#8A4B00")
"""Colour of the per-page notice (dark amber; contrast above 4.5:1 on white)."""

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 26 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
CONTENT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
FOOTER_WIDTH = CONTENT_WIDTH * 0.72
"""Width of the footer's left text (points); the page count is on the right."""
FOOTER_NAME_LIMITS = (45, 36, 28, 20, 12, 6)
"""Longest name tried in the footer, in characters, until the footer fits on one line."""


def footer_line(styles: Styles, name: str, tail: str) -> Paragraph:
    """The footer's left text, ``name`` then ``tail``, on one line: the name shortened with "…" until it fits.

    A long name (wide letters, Chinese, no spaces) would wrap the footer onto a second line,
    down onto the protective marking. Only the printed copy is shortened. The width is
    estimated before the document's own fonts exist: the body font's widths, a full em for
    a full-width (Chinese, Japanese, Korean) character and 0.7 em for any other.

    Args:
        styles: The document's styles.
        name: A location or meeting name, as typed.
        tail: Printed after it, e.g. " · Generated 7 December 2026 at 14:56".
    """
    style = styles.style("label")
    size = float(style.fontSize)

    def width(text: str) -> float:
        return sum(
            stringWidth(char, styles.fonts.body, size)
            if ord(char) in styles.fonts.body_coverage
            else size * (1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.7)
            for char in text
        )

    shown = shorten(name, FOOTER_NAME_LIMITS[-1])
    for limit in FOOTER_NAME_LIMITS:
        if width(shorten(name, limit) + tail) <= FOOTER_WIDTH:
            shown = shorten(name, limit)
            break
    return styles.text(f"{shown}{tail}", style)


@dataclass(frozen=True)
class PageDecor:
    """What the header and footer say.

    Attributes:
        marking: Protective marking, e.g. ``"OFFICIAL-SENSITIVE"``.
        font: reportlab name of the font for header and footer text.
        footer_left: A Paragraph (location name and generated date) drawn at
            the bottom left; may contain Arabic-script text, hence a Paragraph.
        title: Short document title for the header's left side.
        notice: Printed in bold at the header's right on every page when not
            empty, e.g. ``"DEMO DATA - fictional"``.
        copy_label: Which copy this is, printed at the bottom left of every page
            when not empty (e.g. "REDACTED copy for multi-agency papers").
    """

    marking: str
    font: str
    footer_left: Paragraph
    title: str
    notice: str = ""
    copy_label: str = ""


class DecoratedCanvas(Canvas):
    """A canvas that adds the header and footer to each page when the document is saved.

    Args:
        *args, **kwargs: As for :class:`reportlab.pdfgen.canvas.Canvas`.
        decor: What the header and footer say.
    """

    def __init__(self, *args: Any, decor: PageDecor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decor = decor
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        """Keep the finished page's state; it is written in :meth:`save`."""
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # Canvas's own page reset, which the stubs leave out

    def save(self) -> None:
        """Draw header and footer on every kept page, then write the file."""
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_decor(total)
            super().showPage()
        super().save()

    def _bold_centred(self, y: float, text: str, size: float) -> None:
        self.saveState()
        self.setFont(self._decor.font, size)
        self.setFillColor(INK)
        self.setStrokeColor(INK)
        self.setLineWidth(size * BOLD_STROKE * 1.4)
        mode = self.beginText()
        mode.setTextRenderMode(2)
        self.drawText(mode)
        self.drawCentredString(PAGE_WIDTH / 2, y, text)
        self.restoreState()

    def _draw_decor(self, total: int) -> None:
        decor = self._decor
        page = self.getPageNumber()
        self.saveState()
        # Header: marking centred, title on the left, a rule below.
        self._bold_centred(PAGE_HEIGHT - 12 * mm, decor.marking, 10)
        self.setStrokeColor(RULE)
        self.setLineWidth(0.6)
        self.line(MARGIN_X, PAGE_HEIGHT - 15.5 * mm, PAGE_WIDTH - MARGIN_X, PAGE_HEIGHT - 15.5 * mm)
        self.setFont(decor.font, 7.5)
        self.setFillColor(ACCENT)
        self.drawString(MARGIN_X, PAGE_HEIGHT - 14 * mm, decor.title)
        if decor.notice:
            self.saveState()
            size = notice_size(decor.notice, decor.font, decor.marking)
            self.setFont(decor.font, size)
            self.setFillColor(NOTICE)
            self.setStrokeColor(NOTICE)
            self.setLineWidth(size * BOLD_STROKE * 1.4)
            mode = self.beginText()
            mode.setTextRenderMode(2)  # fill and stroke: bold from the regular weight, as the marking
            self.drawText(mode)
            self.drawRightString(PAGE_WIDTH - MARGIN_X, PAGE_HEIGHT - 14 * mm, decor.notice)
            self.restoreState()
        # Footer: a rule, location and date on the left, page count on the right, marking centred below.
        self.line(MARGIN_X, 19 * mm, PAGE_WIDTH - MARGIN_X, 19 * mm)
        footer = decor.footer_left
        _, height = footer.wrap(FOOTER_WIDTH, 12 * mm)
        footer.drawOn(self, MARGIN_X, 17.5 * mm - height)
        self.setFont(decor.font, 8)
        self.setFillColor(MUTED)
        self.drawRightString(PAGE_WIDTH - MARGIN_X, 17.5 * mm - 8, f"Page {page} of {total}")
        self._bold_centred(8 * mm, decor.marking, 10)
        if decor.copy_label:
            self.setFont(decor.font, 7.5)
            self.setFillColor(INK)
            self.drawString(MARGIN_X, 8 * mm, decor.copy_label)
        self.restoreState()


class KeepWithNext(KeepTogether):
    """How a heading (a style with ``keepWithNext``) is kept with what follows it.

    reportlab groups such a flowable with the next one. Kept whole, a heading and a
    long table would both move to the next page, leaving most of a page empty.
    Here they stay where they are when the heading and at least the start of what
    follows (a table's first rows, a paragraph's first lines) fit in the space
    left, and move together to the next page only when nothing of it would: a
    heading is never left alone at the foot of a page.
    """

    def __init__(self, flowables: list[Flowable], maxHeight: float | None = None) -> None:  # noqa: N803
        super().__init__(flowables, maxHeight=maxHeight)
        self._kept = list(flowables)

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 (reportlab API)
        """Stay (the frame splits what follows) or go to the next frame first."""
        content = list(self._kept)
        *heads, last = content
        used = sum(flowable.wrapOn(self.canv, aW, aH)[1] + flowable.getSpaceAfter() for flowable in heads)
        room = aH - used - last.getSpaceBefore()
        frame = getattr(self, "_frame", None)
        at_top = frame is not None and getattr(frame, "_atTop", False)
        if at_top or (room > 0 and (last.wrapOn(self.canv, aW, room)[1] <= room or last.split(aW, room))):
            return content
        return [FrameBreak(), *content]


NOTICE_SIZE = 8.0
MIN_NOTICE_SIZE = 5.5


def notice_size(notice: str, font: str, marking: str) -> float:
    """The font size (points) at which the header's notice fits between the centred marking and the right margin."""
    room = PAGE_WIDTH / 2 - MARGIN_X - stringWidth(marking, font, 10) / 2 - 8
    width = stringWidth(notice, font, NOTICE_SIZE)
    return max(MIN_NOTICE_SIZE, min(NOTICE_SIZE, NOTICE_SIZE * room / width)) if width else NOTICE_SIZE


def report_template(target: Any, *, title: str, author: str, subject: str, font: str) -> BaseDocTemplate:
    """Return an A4 document template with one full-width frame.

    Args:
        target: A file path or a binary file object to write to.
        title, author, subject: PDF metadata.
        font: Initial canvas font (so no built-in Helvetica is referenced).
    """
    doc = BaseDocTemplate(
        target,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=author,
        subject=subject,
        creator="Location Assessment Tool",
        initialFontName=font,
        initialFontSize=10,
    )
    doc.keepTogetherClass = KeepWithNext
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_WIDTH, CONTENT_HEIGHT, id="body", leftPadding=0, rightPadding=0)
    doc.addPageTemplates([PageTemplate(id="report", frames=[frame])])
    return doc
