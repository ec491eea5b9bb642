"""Tables shared by every paper: facts (label and value), grids with a shaded heading row, rating chips.

Each takes the document's :class:`~safeguarding.reports.styles.Styles`; every
piece of typed text goes through ``Styles.text`` (escaped, any script).
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Paragraph, TableStyle

from safeguarding.model import Rating
from safeguarding.reports.page_layout import CONTENT_WIDTH
from safeguarding.reports.styles import ACCENT, RULE, FlowingTable, Styles, rating_fill, rating_text_colour, rating_word

NOT_RECORDED = "Not recorded."


def table_style(styles: Styles, commands: list[Any]) -> TableStyle:
    """A TableStyle whose cell font is the body font (reportlab's default is Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), styles.fonts.body), *commands])


def value_cell(styles: Styles, value: str) -> Paragraph:
    """A small paragraph of ``value``, or "Not recorded" in italics when it is empty."""
    if not value.strip():
        return styles.text(NOT_RECORDED.rstrip("."), styles.style("small", fontName=styles.fonts.italic))
    return styles.text(value.strip(), "small")


def facts_table(styles: Styles, rows: list[tuple[str, str]], label_share: float = 0.28) -> FlowingTable:
    """Label and value rows across the page (labels in the left ``label_share`` of the width)."""
    data = [[styles.text(label, "label"), value_cell(styles, value)] for label, value in rows]
    table = FlowingTable(data, colWidths=[CONTENT_WIDTH * label_share, CONTENT_WIDTH * (1 - label_share)])
    table.setStyle(
        table_style(
            styles,
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ],
        )
    )
    return table


def grid(styles: Styles, rows: list[list[Any]], widths: list[float], extra: list[Any] | None = None) -> FlowingTable:
    """A table whose first row is a heading row (repeated on each page) in the accent colour."""
    table = FlowingTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        table_style(
            styles,
            [
                ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                *(extra or []),
            ],
        )
    )
    return table


def head_row(styles: Styles, labels: list[str]) -> list[Flowable]:
    """The heading cells of a :func:`grid`."""
    return [styles.text(label, "cell_head", bold=True) for label in labels]


def rating_cell(styles: Styles, rating: Rating | None) -> Paragraph:
    """A rating in words for a table cell, in the text colour that reads on :func:`rating_fill` behind it."""
    return styles.text(rating_word(rating), styles.style("cell", textColor=rating_text_colour(rating)), bold=True)


def rating_chip(styles: Styles, rating: Rating | None, width: float) -> FlowingTable:
    """A coloured box with the rating in words (never colour alone)."""
    chip = FlowingTable(
        [[styles.text(rating_word(rating), styles.style("rating", textColor=rating_text_colour(rating)), bold=True)]],
        colWidths=[width],
    )
    chip.setStyle(
        table_style(
            styles,
            [
                ("BACKGROUND", (0, 0), (-1, -1), rating_fill(rating)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ],
        )
    )
    return chip
