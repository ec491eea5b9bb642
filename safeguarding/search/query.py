"""A search: the words typed, the filters chosen, and the results in words.

Words are matched whole, in any case and with or without accents ("Zoe" finds
"Zoë"); ``word*`` matches words starting so; ``"red car"`` in double quotes matches
the phrase; every word or phrase must be present. Words in Chinese, Japanese or
Korean script (written without spaces) are matched as text anywhere in a record.

Results are ranked by SQLite FTS5's BM25 (a record's title counts three times
its text), or newest first when only filters are given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from safeguarding.model import Side

RECORD_TYPE_LABELS = {
    "location": "Location",
    "assessment": "Scope and summary",
    "finding": "Findings (side of the triangle)",
    "visit": "Visit",
    "consultation": "Consultation",
    "pin": "Map pin",
    "photo": "Photo caption",
    "goal": "Safety goal",
    "action": "Action",
    "review": "DCSM review",
    "meeting": "Meeting notes",
}
"""Each record type the index holds, in words (the order the search offers them)."""

MARK_START = "\ue000"
MARK_END = "\ue001"
"""Put around matching words in :attr:`SearchResult.snippet` (private-use characters no one types);
each front end shows them its own way (bold in the window, ``[...]`` on the command line)."""

_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]")
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_FTS_SPECIAL = re.compile(r'["()^:+{}\[\]]')


def has_cjk(text: str) -> bool:
    """True if ``text`` has a Chinese, Japanese or Korean character (written without spaces between words)."""
    return _CJK.search(text) is not None


@dataclass(frozen=True)
class SearchQuery:
    """What to look for.

    Attributes:
        words: What was typed ("" with filters only: the newest matching records).
        record_types: Only these record types (keys of :data:`RECORD_TYPE_LABELS`); empty for all.
        location_id: Only records of this location.
        since, until: Only records dated in this range (inclusive; visits by their UK local day).
        time_band: Only visits in this time band (a form time band id, e.g. ``"late_evening"``).
        side: Only records tagged with this side of the triangle.
        limit: How many results at most.
    """

    words: str = ""
    record_types: frozenset[str] = frozenset()
    location_id: str | None = None
    since: date | None = None
    until: date | None = None
    time_band: str | None = None
    side: Side | None = None
    limit: int = 50

    def terms(self) -> tuple[list[str], list[str]]:
        """The FTS5 terms (quoted, ``*`` kept for prefixes) and the CJK texts matched anywhere."""
        fts: list[str] = []
        anywhere: list[str] = []
        for phrase, word in _TOKEN.findall(self.words):
            text = phrase or word
            if has_cjk(text):
                anywhere.append(text.strip('"*'))
                continue
            prefix = bool(word) and word.endswith("*")
            clean = _FTS_SPECIAL.sub(" ", text).replace("*", " ").strip()
            if not clean:
                continue
            fts.append(f'"{clean}"' + ("*" if prefix else ""))
        return fts, anywhere

    def match_expression(self) -> str:
        """The FTS5 MATCH expression for the words ("" when there are no indexable words)."""
        return " AND ".join(self.terms()[0])


@dataclass(frozen=True)
class SearchResult:
    """One record found.

    Attributes:
        record_type: Key of :data:`RECORD_TYPE_LABELS`.
        record_id: The record's id.
        assessment_id: Its assessment (None for a location or a meeting).
        location_id, location_name: Its location (None for a whole meeting).
        on: Its date (a visit's UK local start), if it has one.
        starts: A visit's start (aware UTC).
        title: Its title (a visit's observer, an action's agency...).
        snippet: The matching words in context, marked with :data:`MARK_START` / :data:`MARK_END`.
        time_band: A visit's time band, in words.
        score: BM25 rank (lower is better); 0 for filter-only searches.
    """

    record_type: str
    record_id: str
    assessment_id: str | None
    location_id: str | None
    location_name: str
    on: date | None
    title: str
    snippet: str
    starts: datetime | None = None
    time_band: str = ""
    score: float = 0.0
    sides: tuple[Side, ...] = field(default_factory=tuple)

    @property
    def type_label(self) -> str:
        """The record type in words."""
        return RECORD_TYPE_LABELS.get(self.record_type, self.record_type)

    def plain_snippet(self, start: str = "[", end: str = "]") -> str:
        """The snippet on one line, its marks shown as ``start`` / ``end``."""
        return " ".join(self.snippet.replace(MARK_START, start).replace(MARK_END, end).split())
