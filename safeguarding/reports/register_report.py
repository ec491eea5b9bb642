"""The DCSM register on paper: every location (as filtered and sorted in the window), one row each.

Columns as the window shows them (:class:`~safeguarding.meetings.register.RegisterColumn`);
ratings in words, never colour alone. OFFICIAL-SENSITIVE on every page. Characters
no report font has print as a placeholder and are counted by row ("the register row
of Brenchley Gardens"; :func:`~safeguarding.reports.export.paper_styles`).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safeguarding.meetings.register import RegisterColumn, RegisterRow
from safeguarding.model import Side
from safeguarding.reports.export import (
    DEMO_NOTICE,
    FOOTER_PLACE,
    FULL_COPY,
    PROTECTIVE_MARKING,
    PdfDocument,
    paper_styles,
    render_pdf,
)
from safeguarding.reports.page_layout import CONTENT_WIDTH, PageDecor
from safeguarding.reports.styles import rating_word
from safeguarding.reports.tables import grid, head_row
from safeguarding.reports.text_fitting import uk_datetime
from safeguarding.timeutil import format_uk_date

if TYPE_CHECKING:
    from safeguarding.reports.glyphs import Unprintable

REGISTER_TITLE = "DCSM register"
_SHARES = (0.17, 0.1, 0.17, 0.16, 0.17, 0.09, 0.07, 0.07)


def _cells(row: RegisterRow) -> list[str]:
    ratings = row.ratings
    decision = row.last_decision
    return [
        row.name + (f" ({row.ward})" if row.ward else ""),
        row.status.label,
        "\n".join(f"{side.label}: {rating_word(ratings[side])}" for side in Side),
        ", ".join(part for part in (row.lead_agency, row.lead_worker) if part),
        f"{decision.words} ({format_uk_date(decision.on)})" if decision else "None yet",
        format_uk_date(row.next_review) if row.next_review else "Not set",
        str(row.open_actions),
        str(row.overdue_actions),
    ]


def export_register(
    rows: list[RegisterRow],
    out: Path,
    *,
    generated_at: datetime,
    demo: bool = False,
    described: str = "",
    unprintable: Unprintable | None = None,
) -> Path:
    """Write the register as a PDF at ``out`` (replaced in one step).

    Args:
        rows: The rows, in the order to print.
        out: The PDF to write.
        generated_at: When (aware UTC).
        demo: Mark every page as demo data.
        described: How the rows were chosen, e.g. "Sorted by next review; status: on the plan".
        unprintable: Filled with the characters no report font could draw (printed as "[emoji]"
            or "[character not printable]"), by row; None: not reported.

    Raises:
        ExportError: see :func:`~safeguarding.reports.export.render_pdf`.
    """
    styles = paper_styles(unprintable)
    styles.unprintable.place = "the register's heading"
    heading = [
        styles.text(REGISTER_TITLE, "title", bold=True),
        styles.text(f"{len(rows)} locations. {described}".strip(), "intro"),
    ]
    table: list[list[Any]] = [head_row(styles, [column.label for column in RegisterColumn])]
    for row in rows:
        styles.unprintable.place = f"the register row of {row.name}"
        table.append([styles.text(text, "cell") for text in _cells(row)])
    story = [
        *heading,
        grid(styles, table, [CONTENT_WIDTH * share for share in _SHARES]),
    ]
    styles.unprintable.place = FOOTER_PLACE
    footer = styles.text(f"{REGISTER_TITLE} · Generated {uk_datetime(generated_at)}", "label")
    decor = PageDecor(
        marking=PROTECTIVE_MARKING,
        font=styles.fonts.body,
        footer_left=footer,
        title=REGISTER_TITLE,
        notice=DEMO_NOTICE if demo else "",
        copy_label=FULL_COPY,
    )
    return render_pdf(PdfDocument(story, styles, decor, REGISTER_TITLE, name="the register"), out)
