"""The report's "Recorded crime and anti-social behaviour near the place" (police.uk street-level data).

In the order a DCSM chair reads it: what was counted (area, distance, the two
periods, the forces), the months for which no data is held, a table of records
by crime type (inside the boundary and within the distance, this year and the
year before), a monthly bar chart of the 24 months, the streets with most
records, and beside them the caveats police.uk gives and the source and licence.
When no police data is held for the months, the section says so plainly (and
never tells the reader to do anything in the software).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from safeguarding.crime.summary import CAVEATS, SOURCE, TITLE, CrimeFigures, Period, records_word
from safeguarding.reports.page_layout import CONTENT_WIDTH
from safeguarding.reports.styles import RULE, SHADE, filled_box
from safeguarding.reports.tables import grid

if TYPE_CHECKING:
    from safeguarding.reports.dcsm import ReportBuilder

RECENT_FILL = colors.HexColor("#3949AB")
EARLIER_FILL = colors.HexColor("#9FA8DA")
MISSING_FILL = colors.HexColor("#E0E0E0")


def _month_short(month: str) -> str:
    names = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return f"{names[int(month[5:7]) - 1]} {month[2:4]}"


def monthly_chart(figures: CrimeFigures, font: str, width: float = CONTENT_WIDTH, height: float = 120) -> Drawing:
    """Bars of records within the distance per month, the earlier year light, this year dark, no-data months hatched."""
    drawing = Drawing(width, height)
    counts = figures.monthly
    top = max([count for _, count in counts] + [1])
    left, bottom, right = 28, 22, 8
    span = (width - left - right) / max(1, len(counts))
    plot = height - bottom - 14
    step = 1 if top <= 5 else 2 if top <= 10 else 5 if top <= 25 else 10 if top <= 50 else 50 if top <= 250 else 100
    scale_top = ((top + step - 1) // step) * step
    for tick in range(0, scale_top + 1, step):
        y = bottom + plot * tick / scale_top
        drawing.add(Line(left, y, width - right, y, strokeColor=RULE, strokeWidth=0.3))
        drawing.add(String(left - 3, y - 2.5, str(tick), fontName=font, fontSize=6.5, textAnchor="end"))
    for index, (month, count) in enumerate(counts):
        x = left + index * span + span * 0.15
        if month in figures.missing:
            drawing.add(
                filled_box(x, bottom, span * 0.7, plot * 0.12, MISSING_FILL, outline=colors.grey, outline_width=0.3)
            )
            drawing.add(
                String(
                    x + span * 0.35,
                    bottom + plot * 0.12 + 2,
                    "no data",
                    fontName=font,
                    fontSize=4.5,
                    textAnchor="middle",
                )
            )
        elif count:
            fill = RECENT_FILL if month >= figures.recent.first else EARLIER_FILL
            drawing.add(filled_box(x, bottom, span * 0.7, plot * count / scale_top, fill))
        if index % 3 == 0:
            drawing.add(
                String(
                    x + span * 0.35, bottom - 9, _month_short(month), fontName=font, fontSize=6.5, textAnchor="middle"
                )
            )
    drawing.add(filled_box(left, height - 10, 8, 6, EARLIER_FILL))
    drawing.add(String(left + 11, height - 9.5, f"{figures.earlier.label}", fontName=font, fontSize=7))
    drawing.add(filled_box(left + width / 2, height - 10, 8, 6, RECENT_FILL))
    drawing.add(String(left + width / 2 + 11, height - 9.5, f"{figures.recent.label}", fontName=font, fontSize=7))
    return drawing


def _area_words(figures: CrimeFigures) -> str:
    if figures.has_boundary:
        return f"inside the boundary of the place and within {figures.radius_m:,} m of it"
    return f"within {figures.radius_m:,} m of the location's point (no boundary is drawn)"


def _missing_words(figures: CrimeFigures) -> str:
    months = figures.missing
    if not months:
        return ""
    runs: list[list[str]] = []
    for month in months:
        if runs and _next(runs[-1][-1]) == month:
            runs[-1].append(month)
        else:
            runs.append([month])
    text = "; ".join(
        Period(run[0], run[0]).label.split(" to ")[0] if len(run) == 1 else Period(run[0], run[-1]).label
        for run in runs
    )
    return f"No police data is held for {text}: figures for those months are missing, not zero."


def _next(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7]) + 1
    return f"{year + number // 13:04d}-{(number - 1) % 12 + 1:02d}"


def _type_table(builder: ReportBuilder, figures: CrimeFigures) -> Table:
    s = builder.s
    near = f"Within {figures.radius_m:,} m"
    head = ["Crime type"]
    if figures.has_boundary:
        head += ["Inside, last 12 months", "Inside, year before"]
    head += [f"{near}, last 12 months", f"{near}, year before"]
    rows: list[list[Any]] = [[s.text(h, "cell_head", bold=True) for h in head]]
    for count in figures.by_type:
        values = [count.inside_recent, count.inside_earlier] if figures.has_boundary else []
        values += [count.near_recent, count.near_earlier]
        rows.append([s.text(count.crime_type, "cell"), *(s.text(f"{v:,}", "cell") for v in values)])
    totals = [figures.total(True, True), figures.total(True, False)] if figures.has_boundary else []
    totals += [figures.total(False, True), figures.total(False, False)]
    rows.append([s.text("All records", "cell", bold=True), *(s.text(f"{v:,}", "cell", bold=True) for v in totals)])
    first = CONTENT_WIDTH * 0.36
    others = (CONTENT_WIDTH - first) / (len(head) - 1)
    return grid(builder.s, rows, [first] + [others] * (len(head) - 1), [("BACKGROUND", (0, -1), (-1, -1), SHADE)])


def _streets(builder: ReportBuilder, figures: CrimeFigures) -> list[Flowable]:
    s = builder.s
    if not figures.streets:
        return []
    rows: list[list[Any]] = [
        [s.text("Street (as police.uk gives it)", "cell_head", bold=True), s.text("Records", "cell_head", bold=True)]
    ]
    rows += [[s.text(place, "cell"), s.text(f"{count:,}", "cell")] for place, count in figures.streets]
    return [
        KeepTogether(
            [
                builder._heading(f"Streets with most records within {figures.radius_m:,} m, last 12 months", "h2"),
                grid(builder.s, rows, [CONTENT_WIDTH * 0.75, CONTENT_WIDTH * 0.25]),
            ]
        )
    ]


def caveats(builder: ReportBuilder) -> list[Flowable]:
    """The caveats and the source, in a shaded box."""
    s = builder.s
    cells = [[s.text("Read these figures with care", "small", bold=True)]]
    cells += [[s.text(f"• {caveat}", "small")] for caveat in CAVEATS]
    cells.append([s.text(SOURCE, "label")])
    box = Table(cells, colWidths=[CONTENT_WIDTH])
    box.setStyle(
        builder._table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return [KeepTogether([Spacer(0, 6), box, Spacer(0, 10)])]


def crime_section(builder: ReportBuilder) -> list[Flowable]:
    """The section, or nothing when the report has no police figures (no place data, or the place is unmapped)."""
    data = getattr(builder, "place_data", None)
    figures: CrimeFigures | None = data.crime if data is not None else None
    if figures is None:
        return []
    s = builder.s
    parts: list[Flowable] = [CondPageBreak(220), builder._heading(TITLE)]
    if not figures.held:
        parts.append(
            s.text(
                f"No police data is held for {figures.earlier.label} or {figures.recent.label}, so no figures are "
                "given for this place.",
                "body",
            )
        )
        return [*parts, *caveats(builder)]
    forces = ", ".join(figures.forces)
    parts.append(
        s.text(
            f"Records of crime and anti-social behaviour positioned {_area_words(figures)}, for the 12 months "
            f"before the assessment ({figures.recent.label}) and the 12 before that ({figures.earlier.label}). "
            f"Data from: {forces}. Last 12 months: {records_word(figures.total(False, True))} within "
            f"{figures.radius_m:,} m"
            + (f", {figures.total(True, True):,} inside the boundary." if figures.has_boundary else "."),
            "intro",
        )
    )
    missing = _missing_words(figures)
    if missing:
        parts.append(s.text(missing, "body", bold=True))
    parts.append(_type_table(builder, figures))
    parts.append(
        KeepTogether(
            [
                builder._heading(f"Records within {figures.radius_m:,} m by month", "h2"),
                monthly_chart(figures, s.fonts.body),
            ]
        )
    )
    parts += _streets(builder, figures)
    parts += caveats(builder)
    return parts
