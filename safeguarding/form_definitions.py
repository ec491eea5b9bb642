"""What an assessment form is, once read: its sections, fields, prompts, rating levels and time bands.

The form files themselves (``forms/*.toml``) are read and checked by
:mod:`safeguarding.forms`, which also offers every name defined here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

from safeguarding.model import Rating, Side
from safeguarding.timeutil import format_uk_date

FIELD_TYPES = frozenset({"text", "multiline", "date", "rating", "choice"})
"""Field types the editor knows how to show."""

SECTION_KINDS = frozenset(
    {"overview", "observations", "side", "summary", "photos", "consultations", "map", "weighting", "plan", "reviews"}
    | {"people"}
    | {"police", "safety_mapping"}
)

RECORD_SECTION_KINDS = frozenset(
    {"observations", "photos", "consultations", "map", "weighting", "plan", "reviews", "people"}
    | {"police", "safety_mapping"}
)
"""Section kinds that list records (visits, photos...) and need no ``fields`` in the form."""

OVERVIEW_FIELDS = frozenset(
    {"assessor_name", "assessor_agency", "start_date", "end_date", "scope_boundary", "scope_times"}
)
SUMMARY_FIELDS = frozenset({"analysis", "recommendation", "status"})
SIDE_CORE_FIELDS = ("strengths", "concerns", "evidence", "rating")
"""Fields every side must define; extra side fields are stored as answers."""

DEFAULT_FORM_ID = "cs-location-assessment"

NO_LONGER_IN_FORM = "(no longer in the form)"
LIGHT_NOT_RECORDED = "Not recorded"
"""What a visit saved with no light condition (the visit form's first choice) shows."""
"""Shown after an answer whose option the form no longer offers (the answer itself is kept)."""


@dataclass(frozen=True)
class Choice:
    """One option of a choice field, a light condition, or a rating level."""

    id: str
    label: str
    meaning: str = ""


@dataclass(frozen=True)
class FieldDef:
    """A field the assessor fills in.

    Attributes:
        type: One of :data:`FIELD_TYPES`.
        options: For ``choice`` fields, the allowed options.
    """

    id: str
    type: str
    label: str
    help: str
    options: tuple[Choice, ...] = ()

    def option_label(self, value: str) -> str | None:
        """Return the label of the option ``value`` of a choice field, or None if it is not offered."""
        return next((option.label for option in self.options if option.id == value), None)

    def answer_text(self, value: str) -> str:
        """Return a stored answer (text, as kept in a side's answers) in words, for reports.

        A choice shows its option's label, or the stored value marked
        :data:`NO_LONGER_IN_FORM` when the option is not offered; a date kept as
        ``YYYY-MM-DD`` shows as a UK date ("7 December 2026"); a rating shows as
        "Red"/"Amber"/"Green". Anything else, and any value that is not what the
        field type expects, is returned as stored: nothing typed is hidden.
        """
        if not value:
            return ""
        if self.type == "choice":
            label = self.option_label(value)
            return label if label is not None else f"{value} {NO_LONGER_IN_FORM}"
        if self.type == "date":
            try:
                day = date.fromisoformat(value)
            except ValueError:
                return value
            return format_uk_date(day)
        if self.type == "rating" and value in {r.value for r in Rating}:
            return Rating(value).label
        return value


@dataclass(frozen=True)
class Prompt:
    """A guiding question shown on a side of the triangle, with its help text."""

    id: str
    text: str
    help: str


@dataclass(frozen=True)
class Section:
    """One page of the assessment editor.

    Attributes:
        kind: One of :data:`SECTION_KINDS`.
        side: For ``kind == "side"``, the triangle side; otherwise ``None``.
    """

    id: str
    kind: str
    title: str
    short_title: str
    help: str
    fields: tuple[FieldDef, ...] = ()
    prompts: tuple[Prompt, ...] = ()

    @property
    def side(self) -> Side | None:
        """The :class:`Side` this section writes up, if it is a side section."""
        return Side(self.id) if self.kind == "side" else None


@dataclass(frozen=True)
class TimeBand:
    """A named part of the day in UK local time; ``start`` inclusive, ``end`` exclusive.

    A band whose ``start`` is later than its ``end`` runs past midnight.
    ``weekend_label`` names the same hours on a Saturday or Sunday (there is no
    school run at a weekend); it defaults to ``label``.
    """

    id: str
    label: str
    start: time
    end: time
    weekend_label: str = ""

    def label_for(self, weekend: bool) -> str:
        """Return the band's name on a weekend day or a weekday."""
        return (self.weekend_label or self.label) if weekend else self.label

    def minutes(self) -> list[tuple[int, int]]:
        """Return the band as minute-of-day ranges ``[(from, to), ...]`` within 0..1440."""
        start = self.start.hour * 60 + self.start.minute
        end = self.end.hour * 60 + self.end.minute
        if start < end:
            return [(start, end)]
        return [(start, 1440), (0, end)]


@dataclass(frozen=True)
class FormDefinition:
    """A complete, validated assessment form.

    Attributes:
        id, version: Identify the form; assessments store both.
        rating_levels: Place rating levels in order red, amber, green.
        light: Light conditions for observation visits.
        time_bands: Bands covering the whole day without overlap.
        sections: Editor pages in order.
        source: The file the form was loaded from (for a form kept in a
            database, a name saying so).
        text: The exact TOML text the form was read from: what a database keeps
            so an assessment opens with its own form whatever is installed later.
    """

    id: str
    version: int
    title: str
    description: str
    rating_help: str
    rating_levels: tuple[Choice, ...]
    observations_help: str
    light: tuple[Choice, ...]
    time_bands: tuple[TimeBand, ...]
    sections: tuple[Section, ...]
    source: Path
    text: str = field(default="", repr=False)

    @property
    def digest(self) -> str:
        """SHA-256 of :attr:`text` (UTF-8) as 64 hex characters: names this exact wording."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def section(self, section_id: str) -> Section:
        """Return the section with ``section_id``.

        Raises:
            KeyError: if there is no such section.
        """
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def side_section(self, side: Side) -> Section:
        """Return the section that writes up ``side``."""
        return self.section(side.value)

    def light_label(self, light_id: str) -> str:
        """Return the label of a light condition id; an id this form does not offer is marked so.

        E.g. ``"dusk (no longer in the form)"`` for a visit recorded with an older form. An empty
        id is the visit form's "Not recorded" choice, not a removed option: it gives :data:`LIGHT_NOT_RECORDED`.
        """
        if not light_id.strip():
            return LIGHT_NOT_RECORDED
        return next((c.label for c in self.light if c.id == light_id), f"{light_id} {NO_LONGER_IN_FORM}")

    def rating_meaning(self, rating: Rating) -> str:
        """Return the form's wording of what ``rating`` means."""
        return next((c.meaning for c in self.rating_levels if c.id == rating.value), "")
