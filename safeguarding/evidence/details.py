"""Rules and wording for the extra facts of a visit and for consultations.

Validation raises :class:`~safeguarding.errors.ValidationError` with a
plain-English message naming the field; wording helpers give the text used in
tables and the report.
"""

from __future__ import annotations

import datetime as dt

from safeguarding.errors import ValidationError
from safeguarding.model import AgeBand, Consultation, Observation, ObservedGender, Side
from safeguarding.typed_dates import check_date_range

MAX_COUNT = 9999
"""Most people of one age band and gender recorded on one visit."""


def validate_observation_details(observation: Observation) -> None:
    """Check a visit's counts, guardian presence and side tags.

    Raises:
        ValidationError: if a count is negative, not whole or above :data:`MAX_COUNT`,
            or a key or side is not a known value.
    """
    for key, count in observation.counts.items():
        band, gender = key
        if not isinstance(band, AgeBand) or not isinstance(gender, ObservedGender):
            raise ValidationError("A head count uses an unknown age band or gender (internal error).", "counts")
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_COUNT:
            raise ValidationError(
                f"The number of {band.label} ({gender.label.lower()}) must be a whole number from 0 to {MAX_COUNT}.",
                "counts",
            )
    if any(not isinstance(side, Side) for side in observation.sides):
        raise ValidationError("A visit is tagged with an unknown side (internal error).", "sides")


def validate_consultation(consultation: Consultation) -> None:
    """Check a consultation before saving.

    Rules: who was consulted is given (a role or organisation); the date is a
    date within 2000-2100; the number of people is 0 or more.

    Raises:
        ValidationError: naming the offending field.
    """
    if not consultation.consulted.strip():
        raise ValidationError(
            "Please say who was consulted, by role or organisation (never a young person's name).", "consulted"
        )
    if not isinstance(consultation.held_on, dt.date) or isinstance(consultation.held_on, dt.datetime):
        raise ValidationError("Please give the date of the consultation.", "held_on")
    check_date_range(consultation.held_on, "consultation date", "held_on")
    if consultation.people is not None and not 0 <= consultation.people <= 100_000:
        raise ValidationError("The number of people must be 0 or more.", "people")
    if any(not isinstance(side, Side) for side in consultation.sides):
        raise ValidationError("A consultation is tagged with an unknown side (internal error).", "sides")


def young_people_seen(observation: Observation) -> int:
    """Total young people (every age band except adults) counted on a visit."""
    return sum(n for (band, _), n in observation.counts.items() if band is not AgeBand.ADULTS)


def counts_text(observation: Observation) -> str:
    """The head counts in words, e.g. ``"14-15: 5 (3 male, 2 female); Adults: 2 (2 not clear)"``.

    Returns ``""`` when nothing was counted.
    """
    parts: list[str] = []
    for band in AgeBand:
        by_gender = [(g, observation.counts.get((band, g), 0)) for g in ObservedGender]
        total = sum(n for _, n in by_gender)
        if total:
            detail = ", ".join(f"{n} {g.label.lower()}" for g, n in by_gender if n)
            parts.append(f"{band.label}: {total} ({detail})")
    return "; ".join(parts)


def sides_text(sides: set[Side]) -> str:
    """The tagged sides in triangle order, e.g. ``"Young people, Guardianship"``; ``""`` if none."""
    return ", ".join(side.label for side in Side if side in sides)
