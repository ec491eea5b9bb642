"""The content of the DCSM report: a list of platypus flowables for one assessment.

The parts, in the order a District Contextual Safeguarding Meeting chair reads them on
paper, are one list, :data:`REPORT_PARTS`, which :meth:`ReportBuilder.build` follows
(a new section of the report is a module of ``safeguarding/reports/`` added there):

1. the front sheet (:mod:`~safeguarding.reports.front_sheet`): status, ratings and direction
   of travel, last decision, next review, overdue actions, recommendation, a small map;
2. cover (new page): title, location, ward, dates, assessor, status, form, referral, scope;
3. a one-page summary (new page): the three ratings in words and colour, the triangle, and
   the key concerns of each side;
4. the map of the place and its pins (new page; :mod:`~safeguarding.reports.map_section`);
5. police-recorded crime nearby (:mod:`~safeguarding.reports.crime_section`) and
6. safety mapping with young people (:mod:`~safeguarding.reports.safety_section`), when
   the report is given place data;
7. one section per side of the triangle (strengths, concerns, evidence, any fields a local
   area added to the side's form, and the rating);
8. the overall analysis and the recommendation to the DCSM;
9. from findings to a plan (:mod:`~safeguarding.reports.plan_section`): context weighting,
   safety goals and actions, DCSM decision and reviews;
10. the observation log (new page; UK local times, time bands derived from the times);
11. the evidence (:mod:`~safeguarding.reports.evidence_section`): coverage of days and
    times, visit details, consultations;
12. the photo appendix (new page, last).

Every piece of text a person typed goes through
:meth:`safeguarding.reports.styles.Styles.text`, which escapes it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from reportlab.lib import colors
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepInFrame,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    TableStyle,
)

from safeguarding.crime.summary import TITLE as CRIME_TITLE
from safeguarding.forms import NO_LONGER_IN_FORM, SIDE_CORE_FIELDS, FormDefinition, Section
from safeguarding.model import Assessment, AssessmentStatus, Location, Observation, Rating, Side
from safeguarding.reports.crime_section import crime_section
from safeguarding.reports.evidence_section import evidence_section, photo_appendix
from safeguarding.reports.front_sheet import FRONT_SHEET_TITLE, FrontSheet, front_sheet, sheet_of
from safeguarding.reports.map_section import map_section
from safeguarding.reports.page_layout import CONTENT_HEIGHT, CONTENT_WIDTH
from safeguarding.reports.plan_section import plan_section
from safeguarding.reports.safety_section import TITLE as SAFETY_TITLE
from safeguarding.reports.safety_section import safety_section
from safeguarding.reports.sentences import first_sentences
from safeguarding.reports.styles import (
    ACCENT,
    RULE,
    SHADE,
    FlowingTable,
    Styles,
    rating_word,
)
from safeguarding.reports.tables import facts_table, rating_chip, table_style
from safeguarding.reports.text_fitting import KEY_CONCERN_LIMIT, NAME_IN_TEXT_LIMIT, chunk_text, shorten, uk_datetime
from safeguarding.reports.triangle import triangle_drawing
from safeguarding.timebands import band_label
from safeguarding.timeutil import format_uk_date, utc_to_local

if TYPE_CHECKING:
    from safeguarding.reports.place_data import PlaceData

REPORT_TITLE = "Contextual Safeguarding location assessment"
NOT_RECORDED = "Not recorded."
_SIDE_FALLBACK_TITLES = {
    Side.YOUNG_PEOPLE: "Young people's needs, experiences and strengths",
    Side.GUARDIANSHIP: "Guardianship capacity",
    Side.ENVIRONMENT: "Community and environmental factors",
}


class ReportBuilder:
    """Builds the report's flowables for one assessment.

    Args:
        location: The assessed place.
        assessment: The assessment, with its findings and observations.
        form: The form the assessment was written with (titles, help, bands).
        styles: Styles and the user-text paragraph factory.
        generated_at: When the report is generated (aware datetime).
        place_data: Police figures and safety mapping worked out from the database, or ``None``
            (those sections are then left out).
        front: The front sheet (default: made from the assessment alone, see
            :func:`~safeguarding.reports.front_sheet.sheet_of`).
        notice: Said under the front sheet's title (e.g. which meeting saw this version).
    """

    def __init__(
        self,
        location: Location,
        assessment: Assessment,
        form: FormDefinition,
        styles: Styles,
        generated_at: datetime,
        place_data: PlaceData | None = None,
        *,
        front: FrontSheet | None = None,
        notice: str = "",
    ) -> None:
        self.location = location
        self.assessment = assessment
        self.form = form
        self.s = styles
        self.generated_at = generated_at
        self.place_data = place_data
        self.front = front
        self.notice = notice

    # Helpers -------------------------------------------------------------

    def _section(self, section_id: str) -> Section | None:
        try:
            return self.form.section(section_id)
        except KeyError:
            return None

    def _label(self, section_id: str, field_id: str, default: str) -> str:
        section = self._section(section_id)
        if section is None:
            return default
        return next((field.label for field in section.fields if field.id == field_id), default)

    def place_name(self) -> str:
        """The location's name for the report's sentences: whole up to :data:`NAME_IN_TEXT_LIMIT` characters.

        A longer name (any text a field accepts prints) is printed whole on the
        cover and shortened with "…" where it is repeated, so the one-page summary
        stays readable.
        """
        return shorten(self.location.name, NAME_IN_TEXT_LIMIT)

    def side_title(self, side: Side) -> str:
        """Return the form's full title of a side (falls back to a built-in title)."""
        section = self._section(side.value)
        return section.title if section else _SIDE_FALLBACK_TITLES[side]

    def side_short_title(self, side: Side) -> str:
        """Return the form's short title of a side, e.g. ``"Guardianship"``."""
        section = self._section(side.value)
        return section.short_title if section and section.short_title else side.label

    def _table_style(self, commands: list[Any]) -> TableStyle:
        """A TableStyle whose cell font is the body font (reportlab's default is Helvetica)."""
        return table_style(self.s, commands)

    def _heading(self, text: str, level: str = "h1") -> Paragraph:
        return self.s.text(text, level, bold=True)

    def _body(self, text: str) -> Flowable:
        if not text.strip():
            return self.s.text(NOT_RECORDED, self.s.style("empty", fontName=self.s.fonts.italic))
        return self.s.text(text.strip(), "body")

    def _rating_chip(self, rating: Rating | None, width: float) -> FlowingTable:
        """A coloured box with the rating in words."""
        return rating_chip(self.s, rating, width)

    def _facts_table(self, rows: list[tuple[str, str]]) -> FlowingTable:
        return facts_table(self.s, rows)

    # Parts ---------------------------------------------------------------

    def build(self) -> list[Flowable]:
        """Return every flowable of the report, part by part in the order of :data:`REPORT_PARTS`.

        Each part is named on ``self.s.unprintable`` while it is made, so characters that
        could not be printed are counted where they are (:mod:`safeguarding.reports.glyphs`).
        """
        story: list[Flowable] = []
        for part in REPORT_PARTS:
            self.s.unprintable.place = f"the {part.name}"
            if part.new_page:
                story.append(PageBreak())
            story += part.build(self)
        return story

    def front_page(self) -> list[Flowable]:
        """The front sheet: given (read from the store) or made from the assessment alone."""
        today = utc_to_local(self.generated_at).date()
        sheet = self.front or sheet_of(self.location, self.assessment, today)
        return front_sheet(self.s, sheet, self.generated_at, notice=self.notice)

    def _form_in_words(self) -> str:
        """The form the assessment was written with, by its title (issue 16: not its file id), and its version."""
        a = self.assessment
        name = self.form.title if self.form.id == a.form_id else a.form_id
        return f"{name}, version {a.form_version}"

    def cover(self) -> list[Flowable]:
        """The first page: what, where, who, when, why."""
        a, loc = self.assessment, self.location
        period = format_uk_date(a.start_date) or "Not recorded"
        if a.end_date:
            period = f"{period} to {format_uk_date(a.end_date)}"
        elif a.start_date:
            # Issue 16: "(in progress)" beside a Complete status read as a contradiction.
            still = "end date not recorded" if a.status is AssessmentStatus.COMPLETE else "in progress"
            period = f"From {period} ({still})"
        referral = [
            ("Reason for referral", loc.referral_reason),
            ("Referral date", format_uk_date(loc.referral_date)),
            ("Referral source", loc.referral_source),
        ]
        details = [
            ("Location", loc.name),
            ("Address", loc.address),
            ("Ward", loc.ward),
            ("District", loc.district),
            ("Type of place", loc.place_type),
            ("Assessment period", period),
            (self._label("overview", "assessor_name", "Assessor"), a.assessor_name),
            (self._label("overview", "assessor_agency", "Agency"), a.assessor_agency),
            ("Status", a.status.label),
            ("Assessment form", self._form_in_words()),
            ("Report generated", uk_datetime(self.generated_at)),
        ]
        scope = [
            (self._label("overview", "scope_boundary", "Boundary of the place"), a.scope_boundary),
            (self._label("overview", "scope_times", "Days and times covered"), a.scope_times),
        ]
        return [
            self.s.text(REPORT_TITLE, "title", bold=True),
            self.s.text(self.place_name(), "subtitle"),
            self.s.text(
                f"For the District Contextual Safeguarding Meeting (DCSM). Status: {a.status.label}.",
                "intro",
            ),
            Spacer(0, 6),
            self._facts_table(details),
            self._heading("Referral", "h2"),
            self._facts_table(referral),
            self._heading("Scope of the assessment", "h2"),
            self._facts_table(scope),
        ]

    def summary_page(self) -> list[Flowable]:
        """One page: the three ratings in words and colour, the triangle and the key concerns."""
        ratings = {side: self.assessment.rating(side) for side in Side}
        rows: list[list[Flowable | str]] = [
            [
                self.s.text("Side of the triangle", "cell_head", bold=True),
                self.s.text("Place rating", "cell_head", bold=True),
                self.s.text("What the rating means", "cell_head", bold=True),
            ]
        ]
        for side in Side:
            rating = ratings[side]
            meaning = self.form.rating_meaning(rating) if rating else "This side has not been rated yet."
            rows.append(
                [
                    self.s.text(self.side_title(side), "small"),
                    self._rating_chip(rating, 70),
                    self.s.text(meaning, "small"),
                ]
            )
        table = FlowingTable(rows, colWidths=[CONTENT_WIDTH * 0.36, 82, CONTENT_WIDTH * 0.64 - 82], repeatRows=1)
        table.setStyle(
            self._table_style(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ]
            )
        )
        drawing = triangle_drawing(
            ratings, {side: self.side_short_title(side) for side in Side}, self.s.fonts.body, width=CONTENT_WIDTH
        )
        concerns: list[Flowable] = [self._heading("Key concerns", "h2")]
        for number, side in enumerate(Side, start=1):
            concern, more = first_sentences(self.assessment.findings[side].concerns, KEY_CONCERN_LIMIT)
            concerns.append(self.s.text(f"{self.side_short_title(side)} ({rating_word(ratings[side])})", "label"))
            concerns.append(self._body(concern + (f" (more under Side {number})" if more else "")))
        content: list[Flowable] = [
            self._heading("Summary of the assessment"),
            self.s.text(
                f"{self.place_name()}: place ratings on each side of the Neighbourhood Assessment Triangle. "
                "A place rating says how safe the place is for young people; it is not the status of an action.",
                "intro",
            ),
            table,
            Spacer(0, 8),
            drawing,
            *concerns,
        ]
        # Shrink rather than spill: the summary must stay on one page.
        return [KeepInFrame(CONTENT_WIDTH, CONTENT_HEIGHT - 4, content, mode="shrink")]

    def side_section(self, side: Side) -> list[Flowable]:
        """One side of the triangle: intro, strengths, concerns, evidence and place rating."""
        finding = self.assessment.findings[side]
        section = self._section(side.value)
        number = list(Side).index(side) + 1
        parts: list[Flowable] = [
            CondPageBreak(120),
            self._heading(f"Side {number}: {self.side_title(side)}"),
        ]
        if section and section.help:
            parts.append(self.s.text(section.help, "intro"))
        for field_id, default in (("strengths", "Strengths"), ("concerns", "Concerns"), ("evidence", "Evidence")):
            text = getattr(finding, field_id)
            parts.append(
                KeepTogether([self._heading(self._label(side.value, field_id, default), "h2"), self._body(text)])
            )
        parts += self.side_answers(side)
        rating = finding.rating
        meaning = self.form.rating_meaning(rating) if rating else "This side has not been rated yet."
        rating_row = FlowingTable(
            [[self._rating_chip(rating, 70), self.s.text(meaning, "small")]],
            colWidths=[80, CONTENT_WIDTH - 80],
        )
        rating_row.setStyle(
            self._table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (0, 0), 0),
                ]
            )
        )
        parts.append(KeepTogether([self._heading(self._label(side.value, "rating", "Place rating"), "h2"), rating_row]))
        parts.append(Spacer(0, 14))
        return parts

    def side_answers(self, side: Side) -> list[Flowable]:
        """The side's other fields (those a local area adds to the form), each with its label and answer in words.

        Every field of the side's section beyond the core four prints, answered
        or not, in the form's order; then any stored answer whose field the form
        no longer has (opened with another version), under its id marked
        "(no longer in the form)", so nothing typed is left out of the report.
        """
        section = self._section(side.value)
        answers = self.assessment.findings[side].answers
        fields = [field for field in section.fields if field.id not in SIDE_CORE_FIELDS] if section else []
        parts: list[Flowable] = []
        for field in fields:
            text = field.answer_text(answers.get(field.id, ""))
            parts.append(KeepTogether([self._heading(field.label, "h2"), self._body(text)]))
        known = {field.id for field in fields} | set(SIDE_CORE_FIELDS)
        for field_id in sorted(set(answers) - known):
            if answers[field_id].strip():
                heading = self._heading(f"{field_id} {NO_LONGER_IN_FORM}", "h2")
                parts.append(KeepTogether([heading, self._body(answers[field_id])]))
        return parts

    def analysis(self) -> list[Flowable]:
        """The summary section: overall analysis and the recommendation to the DCSM."""
        section = self._section("summary")
        parts: list[Flowable] = [CondPageBreak(120), self._heading(section.title if section else "Summary")]
        if section and section.help:
            parts.append(self.s.text(section.help, "intro"))
        parts += [
            self._heading(self._label("summary", "analysis", "Overall analysis"), "h2"),
            self._body(self.assessment.analysis),
            self._heading(self._label("summary", "recommendation", "Recommendation to the DCSM"), "h2"),
            self._body(self.assessment.recommendation),
        ]
        return parts

    def observation_log(self) -> list[Flowable]:
        """The observation visits as a table that splits across pages with a repeated header."""
        observations = sorted(self.assessment.observations, key=lambda obs: obs.start)
        parts: list[Flowable] = [self._heading("Observation log")]
        count = len(observations)
        visits = "1 visit" if count == 1 else f"{count} visits"
        parts.append(
            self.s.text(
                f"{visits}. Dates and times are UK local time; each visit's time band is worked out from its times.",
                "intro",
            )
        )
        if not observations:
            parts.append(self._body(""))
            return parts
        headers = ["Date and time", "Time band", "Observer", "Weather and light", "What was seen"]
        widths: list[float] = [74, 64, 70, 72]
        widths.append(CONTENT_WIDTH - sum(widths))
        rows: list[list[Flowable]] = [[self.s.text(h, "cell_head", bold=True) for h in headers]]
        shaded: list[tuple[str, tuple[int, int], tuple[int, int], colors.Color]] = []
        for index, obs in enumerate(observations):
            visit_rows = self._observation_rows(obs)
            if index % 2:
                shaded.append(("BACKGROUND", (0, len(rows)), (-1, len(rows) + len(visit_rows) - 1), SHADE))
            rows += visit_rows
        table = FlowingTable(rows, colWidths=widths, repeatRows=1)
        table.setStyle(
            self._table_style(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                    *shaded,
                ]
            )
        )
        parts.append(table)
        return parts

    def _observation_rows(self, obs: Observation) -> list[list[Flowable]]:
        """One row per visit; very long notes continue in further rows marked "(continued)"."""
        start, end = utc_to_local(obs.start), utc_to_local(obs.end)
        when = f"{start:%a} {format_uk_date(start.date())}\n{start:%H:%M}–{end:%H:%M}"
        if end.date() != start.date():
            when += f" ({end:%a})"
        band = band_label(obs, self.form.time_bands)
        light = self.form.light_label(obs.light) if obs.light else ""
        conditions = "\n".join(part for part in (obs.weather.strip(), light) if part)
        notes = chunk_text(obs.notes.strip())
        rows: list[list[Flowable]] = [
            [
                self.s.text(when, "cell"),
                self.s.text(band, "cell"),
                self.s.text(obs.observer, "cell"),
                self.s.text(conditions, "cell"),
                self.s.text(notes[0], "cell"),
            ]
        ]
        for more in notes[1:]:
            continued = self.s.text(f"{start:%a} {format_uk_date(start.date())} (continued)", "cell")
            rows.append([continued, Spacer(0, 0), Spacer(0, 0), Spacer(0, 0), self.s.text(more, "cell")])
        return rows


class ReportPart(NamedTuple):
    """One part of the report.

    Attributes:
        name: The part in words (for readers of the code and the test of the order).
        build: Makes its flowables (none when there is nothing to show, e.g. no place data).
        new_page: It starts on a new page.
        heading: A heading it prints, when that is fixed ("" when the form words it); the
            test of the order finds these in the printed report.
    """

    name: str
    build: Callable[[ReportBuilder], list[Flowable]]
    new_page: bool = False
    heading: str = ""


def _side(side: Side) -> Callable[[ReportBuilder], list[Flowable]]:
    return lambda builder: builder.side_section(side)


REPORT_PARTS: tuple[ReportPart, ...] = (
    ReportPart("front sheet", ReportBuilder.front_page, heading=FRONT_SHEET_TITLE),
    ReportPart("cover", ReportBuilder.cover, new_page=True, heading="Referral"),
    ReportPart("summary", ReportBuilder.summary_page, new_page=True, heading="Summary of the assessment"),
    ReportPart("map", map_section, new_page=True, heading="Map of the place"),
    ReportPart("police figures", crime_section, heading=CRIME_TITLE),
    ReportPart("safety mapping", safety_section, heading=SAFETY_TITLE),
    *(
        ReportPart(f"side {number}: {side.label}", _side(side), heading=f"Side {number}:")
        for number, side in enumerate(Side, 1)
    ),
    ReportPart("analysis and recommendation", ReportBuilder.analysis),
    ReportPart("plan", plan_section, heading="From findings to a plan"),
    ReportPart("observation log", ReportBuilder.observation_log, new_page=True, heading="Observation log"),
    ReportPart("evidence", evidence_section, heading="Coverage of the visits"),
    ReportPart("photo appendix", photo_appendix, heading="Photo appendix"),
)
"""Every part of the DCSM report, in the order printed (see the module's docstring)."""
