"""Text made to fit the report: UK date and time, long notes cut into table rows, names shortened.

Concerns on the summary are cut between sentences only (:mod:`safeguarding.reports.sentences`).
"""

from __future__ import annotations

from datetime import datetime

from safeguarding.timeutil import format_uk_date, utc_to_local

KEY_CONCERN_LIMIT = 300
"""About how many characters of each side's concerns the summary page shows (whole sentences only)."""
NOTE_CHUNK = 1500
"""Most characters of a visit's notes in one table row; longer notes continue in extra rows,
because a table row taller than a page cannot be laid out."""


def uk_datetime(moment: datetime) -> str:
    """Format an aware datetime as UK local date and time, e.g. ``30 November 2026 at 12:00``."""
    local = utc_to_local(moment)
    return f"{format_uk_date(local.date())} at {local:%H:%M}"


def chunk_text(text: str, limit: int = NOTE_CHUNK) -> list[str]:
    """Split ``text`` into pieces of at most about ``limit`` characters, at line or word boundaries."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            head, line = line[:cut], line[cut:].lstrip(" ")
            if current:
                pieces.append(current)
                current = ""
            pieces.append(head)
        candidate = f"{current}\n{line}" if current else line
        if current and len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current or not pieces:
        pieces.append(current)
    return pieces


NAME_IN_TEXT_LIMIT = 200
"""Longest location name repeated in the report's sentences; the cover prints it whole."""


def shorten(text: str, limit: int) -> str:
    """Return ``text`` on one line, cut at a word boundary to at most ``limit`` characters plus "…"."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return f"{cut or flat[:limit]}…"
