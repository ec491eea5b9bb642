"""Time conventions: UTC in storage, UK local time (Europe/London) on screen.

Rules (design.md, "Data rules"): timestamps are stored as ISO 8601 strings in
UTC; date-only values as ``YYYY-MM-DD``. A local time that is ambiguous at the
October clock change (01:00-01:59 happens twice) resolves to the first
occurrence (British Summer Time, ``fold=0``), so saving and reopening is stable.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")

Clock = Callable[[], datetime]
"""A callable returning the current time as an aware UTC datetime (tests pass a fixed one)."""


def utc_now() -> datetime:
    """Return the current time as an aware UTC datetime, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def uk_today(clock: Clock = utc_now) -> date:
    """Today's date in UK local time (Europe/London) by ``clock`` (tests pass a fixed one)."""
    return utc_to_local(clock()).date()


def local_to_utc(local: datetime) -> datetime:
    """Convert a naive UK local wall-clock time to an aware UTC datetime.

    Args:
        local: Naive datetime read as Europe/London wall-clock time. An aware
            datetime is converted as it is.

    Returns:
        The same instant in UTC. A time in the spring-forward gap (e.g. 01:30 on
        30 March 2025) is read with the offset before the change, as zoneinfo does.
    """
    if local.tzinfo is not None:
        return local.astimezone(UTC)
    return local.replace(tzinfo=UK).astimezone(UTC)


def local_time_exists(local: datetime) -> bool:
    """Return False for a UK wall-clock time skipped when the clocks go forward (e.g. 01:30 on 30 March 2025).

    Args:
        local: Naive datetime read as Europe/London wall-clock time.
    """
    return utc_to_local(local_to_utc(local)) == local.replace(fold=0)


def utc_to_local(moment: datetime) -> datetime:
    """Convert an aware datetime to a naive UK local wall-clock time.

    Raises:
        ValueError: if ``moment`` is naive (we never guess a naive time's zone).
    """
    if moment.tzinfo is None:
        raise ValueError("utc_to_local needs a timezone-aware datetime")
    return moment.astimezone(UK).replace(tzinfo=None, fold=0)


def to_iso(moment: datetime) -> str:
    """Format an aware datetime as ISO 8601 in UTC, e.g. ``2025-03-30T00:30:00+00:00``.

    Raises:
        ValueError: if ``moment`` is naive.
    """
    if moment.tzinfo is None:
        raise ValueError("to_iso needs a timezone-aware datetime")
    return moment.astimezone(UTC).isoformat()


def from_iso(text: str) -> datetime:
    """Parse an ISO 8601 timestamp written by :func:`to_iso` into an aware UTC datetime."""
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def date_to_iso(value: date | None) -> str | None:
    """Format a date as ``YYYY-MM-DD`` (``None`` stays ``None``)."""
    return value.isoformat() if value is not None else None


def date_from_iso(text: str | None) -> date | None:
    """Parse ``YYYY-MM-DD`` into a date; empty or ``None`` gives ``None``."""
    return date.fromisoformat(text) if text else None


def format_uk_date(value: date | None) -> str:
    """Format a date the UK way for people, e.g. ``3 March 2025``; ``""`` for ``None``."""
    if value is None:
        return ""
    return f"{value.day} {value.strftime('%B %Y')}"
