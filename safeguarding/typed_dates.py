"""Dates as people type them, read the UK way, and the years a record may carry.

A date field takes what a practitioner types after a visit: ``7/12/2026``,
``07-12-26``, ``7.12.2026``, ``07122026``, ``7 Dec 2026``, ``Monday 7 December 2026`` or
``2026-12-07``. Day comes before month (UK order). A two-digit year means 20YY.
Nothing is guessed silently: text without a year, a day the month does not have,
or a year outside :data:`EARLIEST_DATE`..:data:`LATEST_DATE` is refused with a
sentence saying what to change; the date field shows the date it read in words
("Monday 7 December 2026") as it is typed, so a two-digit year is never a surprise.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from safeguarding.errors import ValidationError
from safeguarding.timeutil import format_uk_date

EARLIEST_DATE = date(2000, 1, 1)
"""No record of this tool is dated before 2000 (Contextual Safeguarding began in the
2010s), so an earlier year is a slip of the keyboard: 1752 is Qt's smallest date."""
LATEST_DATE = date(2100, 12, 31)
"""Nor after 2100: a due date or review date further away is a typing slip."""

EXAMPLE = "7/12/2026 or 7 Dec 2026"
"""How to type a date, for placeholders and messages."""

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower() for name in (*calendar.day_name, *calendar.day_abbr)}

_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})(?:\s*[/.\-\s]\s*(\d+))?$")
_COMPACT = re.compile(r"^(\d{2})(\d{2})(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?(?:\s+(\d+))?$")


def parse_typed_date(text: str, what: str = "date") -> date | None:
    """Read a date typed the UK way; ``None`` for empty text (the date is not set).

    Args:
        text: What was typed, e.g. ``"7/12/2026"``, ``"7 Dec 26"``, ``"2026-12-07"``.
        what: What the date is, for messages, e.g. ``"due date"``.

    Returns:
        The date, or None if ``text`` is blank.

    Raises:
        ValidationError: in words, if the text is not a whole date (no year, no
            such day, a month name not known) or its year is outside
            :data:`EARLIEST_DATE`..:data:`LATEST_DATE`.
    """
    cleaned = " ".join(text.replace(",", " ").split()).lower()
    if not cleaned:
        return None
    words = cleaned.split(" ")
    if words[0] in _WEEKDAYS and len(words) > 1:
        cleaned = " ".join(words[1:])
    day, month, year = _parts(cleaned, text, what)
    full_year = _full_year(year, text, what)
    try:
        value = date(full_year, month, day)
    except ValueError:
        raise ValidationError(_no_such_day(day, month, full_year, text, what), "date") from None
    check_date_range(value, what)
    return value


def _parts(cleaned: str, text: str, what: str) -> tuple[int, int, str | None]:
    """Day, month and the year as typed (None when missing)."""
    if match := _ISO.match(cleaned):
        return int(match.group(3)), int(match.group(2)), match.group(1)
    if match := _COMPACT.match(cleaned):
        return int(match.group(1)), int(match.group(2)), match.group(3)
    if match := _NUMERIC.match(cleaned):
        return int(match.group(1)), int(match.group(2)), match.group(3)
    if match := _WORDS.match(cleaned):
        month = _MONTHS.get(match.group(2))
        if month is None:
            raise ValidationError(
                f"“{text.strip()}” is not a date: “{match.group(2)}” is not a month. Type the {what} like {EXAMPLE}.",
                "date",
            )
        return int(match.group(1)), month, match.group(3)
    raise ValidationError(f"“{text.strip()}” is not a date. Type the {what} like {EXAMPLE}.", "date")


def _full_year(year: str | None, text: str, what: str) -> int:
    if year is None:
        raise ValidationError(f"“{text.strip()}” has no year. Type the {what} with its year, like {EXAMPLE}.", "date")
    if len(year) == 2:
        return 2000 + int(year)
    if len(year) != 4:
        raise ValidationError(
            f"“{text.strip()}”: the year “{year}” needs four digits (or two, for 20{year[-2:].zfill(2)}).", "date"
        )
    return int(year)


def _no_such_day(day: int, month: int, year: int, text: str, what: str) -> str:
    if not 1 <= month <= 12:
        return f"“{text.strip()}” is not a date: there is no month {month}. The day comes first, then the month."
    days = calendar.monthrange(year, month)[1]
    return f"“{text.strip()}” is not a date: {calendar.month_name[month]} {year} has {days} days."


def check_date_range(value: date, what: str = "date", field: str = "date") -> None:
    """Refuse a date outside :data:`EARLIEST_DATE`..:data:`LATEST_DATE` (a mistyped year).

    Args:
        value: The date.
        what: What it is, in words, e.g. ``"visit date"``.
        field: The field id the error names.

    Raises:
        ValidationError: naming the date in words and what to check.
    """
    if value < EARLIEST_DATE:
        raise ValidationError(
            f"The {what} {format_uk_date(value)} is before {EARLIEST_DATE.year}, which cannot be right "
            "for this record. Please check the year.",
            field,
        )
    if value > LATEST_DATE:
        raise ValidationError(
            f"The {what} {format_uk_date(value)} is after {LATEST_DATE.year}. Please check the year.", field
        )


def date_in_words(value: date) -> str:
    """A date with its weekday, for showing what was read: ``"Monday 7 December 2026"``."""
    return f"{value:%A} {format_uk_date(value)}"
