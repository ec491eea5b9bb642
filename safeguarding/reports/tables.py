"""The report's data tables: a header row on the accent colour, thin rules, rows that split across pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.platypus import Table

from safeguarding.reports.styles import ACCENT, RULE

if TYPE_CHECKING:
    from safeguarding.reports.dcsm import ReportBuilder


def grid(builder: ReportBuilder, rows: list[list[Any]], widths: list[float], extra: list[Any] | None = None) -> Table:
    """A table whose first row is the header (repeated on each page), with ``extra`` style commands added."""
    table = Table(rows, colWidths=widths, repeatRows=1, splitByRow=1)
    table.setStyle(
        builder._table_style(
            [
                ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                *(extra or []),
            ]
        )
    )
    return table
