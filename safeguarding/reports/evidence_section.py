"""The field-evidence parts of the DCSM report.

* :func:`evidence_section` follows the observation log: the coverage of the
  visits by day and time band with the gaps in words, the details of each visit
  (people seen by age band and gender as observed, activities, guardians, sides,
  and the numbers of its photos), and the consultations.
* :func:`photo_appendix` comes last: upright thumbnails, two to a row, each
  with its number (as referenced from the visit details) and caption.

Photos in the PDF are the stored thumbnails: JPEGs this tool encoded itself,
upright and with no EXIF, GPS or camera data (see
:mod:`safeguarding.evidence.photos`). The original files never enter a report.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from reportlab.lib.utils import ImageReader
from reportlab.platypus import CondPageBreak, Flowable, Image, PageBreak, Spacer

from safeguarding.evidence.coverage import DAY_NAMES, band_hours, band_names, coverage
from safeguarding.evidence.details import counts_text, sides_text
from safeguarding.model import Consultation, GuardianPresence, Observation, Photo
from safeguarding.reports.page_layout import CONTENT_WIDTH
from safeguarding.reports.styles import ACCENT, RULE, SHADE, FlowingTable
from safeguarding.timebands import band_label
from safeguarding.timeutil import format_uk_date, utc_to_local

if TYPE_CHECKING:
    from safeguarding.reports.dcsm import ReportBuilder

COVERED_FILL = "#CDE8D0"
GAP_FILL = "#F6DADA"
PHOTO_BOX = (CONTENT_WIDTH / 2 - 10, 190.0)
"""Largest size of one photo in the appendix (points): half the text width, 190 pt tall."""


def _table_commands(header_rows: int = 1) -> list[tuple[object, ...]]:
    return [
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]


def photo_numbers(photos: list[Photo], observation_id: str) -> str:
    """``"Photos 1, 3"`` / ``"Photo 2"`` for the photos linked to a visit; ``""`` if none."""
    numbers = [str(p.number) for p in photos if p.observation_id == observation_id]
    if not numbers:
        return ""
    return ("Photo " if len(numbers) == 1 else "Photos ") + ", ".join(numbers)


def _when(visit: Observation) -> str:
    start, end = utc_to_local(visit.start), utc_to_local(visit.end)
    return f"{start:%a} {format_uk_date(start.date())}\n{start:%H:%M}–{end:%H:%M}"


def _guardians(visit: Observation) -> str:
    parts = []
    if visit.guardian_presence is not GuardianPresence.NOT_RECORDED:
        parts.append(visit.guardian_presence.label)
    if visit.guardians.strip():
        parts.append(visit.guardians.strip())
    return "\n".join(parts)


def coverage_part(builder: ReportBuilder) -> list[Flowable]:
    """Coverage of the visits: a day-by-band grid, a summary sentence and the gaps in words."""
    s = builder.s
    bands = builder.form.time_bands
    cover = coverage(builder.assessment.observations, bands)
    parts: list[Flowable] = [CondPageBreak(200), s.text("Coverage of the visits", "h2", bold=True)]
    parts.append(s.text(cover.summary(), "body"))
    rows: list[list[Flowable]] = [
        [
            s.text("Time band (UK local time)", "cell_head", bold=True),
            *(s.text(day, "cell_head", bold=True) for day in DAY_NAMES),
        ]
    ]
    commands = _table_commands()
    for row_number, band in enumerate(bands, start=1):
        row: list[Flowable] = [s.text(f"{band_names(band)} ({band_hours(band)})", "cell")]
        for day in range(7):
            count = cover.count(day, band.id)
            row.append(s.text(str(count) if count else "–", "cell"))
            fill = COVERED_FILL if count else GAP_FILL
            commands.append(("BACKGROUND", (day + 1, row_number), (day + 1, row_number), fill))
        rows.append(row)
    first = CONTENT_WIDTH * 0.37
    table = FlowingTable(rows, colWidths=[first] + [(CONTENT_WIDTH - first) / 7] * 7, repeatRows=1)
    table.setStyle(builder._table_style([*commands, ("ALIGN", (1, 1), (-1, -1), "CENTER")]))
    parts.append(table)
    parts.append(Spacer(0, 4))
    parts.append(s.text("Numbers are visits; a dash is a gap. Each visit counts on the day it started.", "label"))
    gaps = cover.gap_sentences()
    parts.append(s.text("Gaps in coverage", "h2", bold=True))
    if gaps:
        parts += [s.text(sentence, "body") for sentence in gaps]
    else:
        parts.append(s.text("Every time band has a visit on weekdays and at weekends.", "body"))
    return parts


def visit_details_part(builder: ReportBuilder) -> list[Flowable]:
    """One row per visit: people seen, activities, guardians, sides and photo numbers."""
    s = builder.s
    visits = sorted(builder.assessment.observations, key=lambda visit: visit.start)
    if not visits:
        return []
    parts: list[Flowable] = [CondPageBreak(120), s.text("What was seen on each visit", "h2", bold=True)]
    parts.append(
        s.text(
            "People seen are counted by approximate age band and gender as observed; nobody is named. "
            "Photo numbers refer to the photo appendix.",
            "intro",
        )
    )
    headers = ["Visit", "Young people and adults seen", "Activities", "Guardians", "Sides", "Photos"]
    rows: list[list[Flowable]] = [[s.text(h, "cell_head", bold=True) for h in headers]]
    commands = _table_commands()
    for number, visit in enumerate(visits, start=1):
        when = f"{_when(visit)}\n{band_label(visit, builder.form.time_bands)}"
        rows.append(
            [
                s.text(when, "cell"),
                s.text(counts_text(visit) or "Not counted", "cell"),
                s.text(visit.activities, "cell"),
                s.text(_guardians(visit), "cell"),
                s.text(sides_text(visit.sides), "cell"),
                s.text(photo_numbers(builder.assessment.photos, visit.id), "cell"),
            ]
        )
        if number % 2 == 0:
            commands.append(("BACKGROUND", (0, number), (-1, number), SHADE))
    widths: list[float] = [80, 120, 95, 95, 60]
    widths.append(CONTENT_WIDTH - sum(widths))
    table = FlowingTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(builder._table_style(commands))
    parts.append(table)
    return parts


def consultations_part(builder: ReportBuilder) -> list[Flowable]:
    """Who was consulted (by role or organisation), how, when, what they said, and the sides."""
    s = builder.s
    items: list[Consultation] = sorted(builder.assessment.consultations, key=lambda c: (c.held_on, c.consulted))
    parts: list[Flowable] = [CondPageBreak(160), builder._heading("Consultations")]
    count = len(items)
    parts.append(
        s.text(
            f"{'1 consultation' if count == 1 else f'{count} consultations'}. People are recorded by role or "
            "organisation; young people are never named.",
            "intro",
        )
    )
    if not items:
        parts.append(builder._body(""))
        return parts
    headers = ["Date", "How", "Who was consulted", "What they said", "Sides"]
    rows: list[list[Flowable]] = [[s.text(h, "cell_head", bold=True) for h in headers]]
    commands = _table_commands()
    from safeguarding.reports.text_fitting import chunk_text

    for index, item in enumerate(items):
        who = item.consulted if item.people is None else f"{item.consulted} ({item.people} taking part)"
        said = chunk_text(item.said.strip())
        start = len(rows)
        rows.append(
            [
                s.text(format_uk_date(item.held_on), "cell"),
                s.text(item.method.label, "cell"),
                s.text(who, "cell"),
                s.text(said[0], "cell"),
                s.text(sides_text(item.sides), "cell"),
            ]
        )
        for more in said[1:]:
            rows.append(
                [
                    s.text(f"{format_uk_date(item.held_on)} (continued)", "cell"),
                    Spacer(0, 0),
                    Spacer(0, 0),
                    s.text(more, "cell"),
                    Spacer(0, 0),
                ]
            )
        if index % 2:
            commands.append(("BACKGROUND", (0, start), (-1, len(rows) - 1), SHADE))
    widths = [62, 70, 110, 0.0, 70]
    widths[3] = CONTENT_WIDTH - sum(widths)
    table = FlowingTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(builder._table_style(commands))
    parts.append(table)
    return parts


def evidence_section(builder: ReportBuilder) -> list[Flowable]:
    """Everything that follows the observation log: coverage, visit details, consultations."""
    return [*coverage_part(builder), *visit_details_part(builder), *consultations_part(builder)]


def _photo_cell(builder: ReportBuilder, photo: Photo, visits: dict[str, Observation]) -> list[Flowable]:
    s = builder.s
    picture: Flowable
    try:
        width, height = ImageReader(io.BytesIO(photo.thumbnail)).getSize()
        scale = min(PHOTO_BOX[0] / width, PHOTO_BOX[1] / height)
        picture = Image(io.BytesIO(photo.thumbnail), width=width * scale, height=height * scale)
    except Exception:
        picture = s.text("(This photo could not be shown.)", "label")
    caption = f"Photo {photo.number}: {photo.caption}" if photo.caption else f"Photo {photo.number}"
    facts = []
    visit = visits.get(photo.observation_id or "")
    if visit is not None:
        local = utc_to_local(visit.start)
        facts.append(f"Visit {local:%a} {format_uk_date(local.date())} {local:%H:%M}")
    if photo.side is not None:
        facts.append(photo.side.label)
    cell: list[Flowable] = [picture, Spacer(0, 3), s.text(caption, "small", bold=True)]
    if facts:
        cell.append(s.text(" · ".join(facts), "label"))
    return cell


def photo_appendix(builder: ReportBuilder) -> list[Flowable]:
    """The photos, upright, two to a row, numbered as referenced in the text. Empty if none."""
    photos = builder.assessment.photos
    if not photos:
        return []
    visits = {visit.id: visit for visit in builder.assessment.observations}
    parts: list[Flowable] = [PageBreak(), builder._heading("Photo appendix")]
    parts.append(
        builder.s.text(
            "Photos are shown upright and carry no location or camera details. "
            "Numbers match those in the visit details.",
            "intro",
        )
    )
    cells = [_photo_cell(builder, photo, visits) for photo in photos]
    rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    if len(rows[-1]) == 1:
        rows[-1].append([Spacer(0, 0)])
    table = FlowingTable(rows, colWidths=[CONTENT_WIDTH / 2] * 2)
    table.setStyle(
        builder._table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    parts.append(table)
    return parts
