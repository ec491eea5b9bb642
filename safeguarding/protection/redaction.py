"""Redaction by substitution: every registered real name becomes its pseudonym.

Multi-agency papers never name young people (domain guide): the assessor
records each person mentioned once, on the "People (for redaction)" page, with a
pseudonym such as "Young person A". A redacted export runs every piece of text
that reaches the paper through :class:`Redactor`, so no real name is printed
(substitution, never black boxes over live text), and then reads the written
file back (:mod:`safeguarding.protection.leak_check`) before it is kept.

How names are found is in :mod:`safeguarding.protection.name_matching`: normalised text
(compatibility forms, every apostrophe and hyphen, soft hyphens and zero-width
characters, accents both ways, any case), the full name, other names, each word
and each part of a double-barrelled or apostrophe name, possessives, an Arabic
one-letter prefix. Each rule is tested in ``tests/protection``.

What is replaced:

* a **certain** match (a name that is not an everyday word, or a full name
  written with capitals) always, unless the user rejected that occurrence in the
  preview;
* a **doubtful** match (a name that is also an everyday word, "Will", "May",
  "Green", written with a capital, in capitals or at the start of a sentence)
  unless the user rejected it; the preview asks about each one;
* an everyday word in lower case ("we will return") never.

The user's answers are remembered per assessment and occurrence
(:func:`safeguarding.protection.name_matching.occurrence_key`: the words either side of
the match), so the next export of the same text asks nothing new.

The redacted text is returned in NFC. Longer names win over shorter ones where
they overlap, and substitution is a single pass, so a pseudonym is never
itself rewritten.
"""

from __future__ import annotations

import copy
import dataclasses
import enum
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from safeguarding.model import Person, PersonRole
from safeguarding.protection.name_matching import Certainty, Found, NameMatcher, decide

_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss", "æ": "ae"})
_JOINABLE = re.compile(r"[\s\-'\u2019.\u00ad\u200b-\u200d\u2060\ufeff]*")
"""What may stand between two parts of one name that are replaced as one ("Łukasz  Nowak")."""
CONTEXT_CHARS = 40
"""Characters of text shown either side of a match in the preview."""
Redacted = TypeVar("Redacted")
"""A record redacted by :func:`redact_copy`: the copy has the original's type."""


def nfc(text: str) -> str:
    """Return ``text`` in Unicode normal form C (composed accents)."""
    return unicodedata.normalize("NFC", text)


def without_accents(text: str) -> str:
    """Return ``text`` with accents removed ("Zoë" → "Zoe", "Łukasz" → "Lukasz")."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD))
    return nfc("".join(char for char in decomposed if not unicodedata.combining(char)))


@dataclass
class Replacement:
    """What was replaced, for the preview shown before a redacted export.

    Attributes:
        found: The text as it was written (e.g. ``"Zoë"``).
        pseudonym: What it became.
        where: Where it was found, in words (e.g. ``"Observation 2 (3 March 2026): notes"``).
        count: How many times.
    """

    found: str
    pseudonym: str
    where: str
    count: int


@dataclass(frozen=True)
class Occurrence:
    """One match of a registered name, as the preview shows it.

    Attributes:
        key: Identifies the occurrence for a remembered choice.
        found: The text as written.
        pseudonym: What it becomes if replaced.
        where: Where it was found, in words.
        context: The text around it on one line, the match in brackets: ``"…we saw [Will] at the gate…"``.
        reason: Why it is asked about ("written in capitals", "at the start of a sentence",
            "also an everyday word"); "" for a certain match.
        replaced: Whether this export replaces it.
        remembered: The user answered for this occurrence before.
        form: The folded name form that matched (for the read-back allowance).
        start, end: Where it is in the text (NFC), as character offsets.
    """

    key: str
    found: str
    pseudonym: str
    where: str
    context: str
    reason: str
    replaced: bool
    remembered: bool
    form: str
    start: int = 0
    end: int = 0

    @property
    def doubtful(self) -> bool:
        """The user is asked to accept or reject it."""
        return bool(self.reason)


@dataclass
class RedactionLog:
    """Replacements made while redacting, grouped by (found, pseudonym, where), and every occurrence."""

    counts: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    occurrences: list[Occurrence] = field(default_factory=list)

    def add(self, found: str, pseudonym: str, where: str) -> None:
        """Count one replacement."""
        self.counts[(found, pseudonym, where)] += 1

    @property
    def replacements(self) -> list[Replacement]:
        """Every replacement, in the order first found."""
        return [Replacement(found, pseudo, where, count) for (found, pseudo, where), count in self.counts.items()]

    @property
    def total(self) -> int:
        """How many substitutions were made in all."""
        return sum(self.counts.values())

    @property
    def doubtful(self) -> list[Occurrence]:
        """The occurrences the user is asked about."""
        return [item for item in self.occurrences if item.doubtful]

    def kept_certain(self) -> Counter[str]:
        """How many certain matches of each name form the user chose to keep (the read-back allows them)."""
        return Counter(item.form for item in self.occurrences if not item.replaced and not item.doubtful)


def _context(text: str, start: int, end: int) -> str:
    before = " ".join(text[max(0, start - CONTEXT_CHARS) : start].split())
    after = " ".join(text[end : end + CONTEXT_CHARS].split())
    lead = "…" if start > CONTEXT_CHARS else ""
    trail = "…" if end + CONTEXT_CHARS < len(text) else ""
    spaced_before = f"{before} " if before and text[start - 1 : start].isspace() else before
    spaced_after = f" {after}" if after and text[end : end + 1].isspace() else after
    return f"{lead}{spaced_before}[{' '.join(text[start:end].split())}]{spaced_after}{trail}"


class Redactor:
    """Replaces the registered people's names with their pseudonyms.

    Args:
        people: The people registered for the assessment.
        decisions: Remembered choices, occurrence key → True (replace) / False (keep).
    """

    def __init__(self, people: Iterable[Person], decisions: Mapping[str, bool] | None = None) -> None:
        self.matcher = NameMatcher(people)
        self.people = self.matcher.people
        self.decisions: Mapping[str, bool] = decisions or {}

    def find(self, text: str) -> list[Found]:
        """Every match of a registered name in ``text``.

        See :class:`~safeguarding.protection.name_matching.NameMatcher`.
        """
        return self.matcher.find(text)

    def redact(self, text: str, where: str = "", log: RedactionLog | None = None) -> str:
        """Return ``text`` (in NFC) with every registered name replaced by its pseudonym.

        Args:
            text: Any user text.
            where: Where the text comes from, for the preview.
            log: Receives one entry per replacement and per occurrence shown, if given.
        """
        if not self.people or not text:
            return text
        text = nfc(text)
        chosen: list[Found] = []
        for found in self.find(text):
            replaced = decide(found, self.decisions)
            if log is not None and found.certainty is not Certainty.WORD:
                written = text[found.start : found.end]
                log.occurrences.append(
                    Occurrence(
                        key=found.key,
                        found=written,
                        pseudonym=found.person.pseudonym,
                        where=where,
                        context=_context(text, found.start, found.end),
                        reason=found.reason,
                        replaced=replaced,
                        remembered=found.key in self.decisions,
                        form=found.form.text,
                        start=found.start,
                        end=found.end,
                    )
                )
                if replaced:
                    log.add(written, found.person.pseudonym, where)
            if replaced:
                chosen.append(found)
        return _substitute(text, chosen)


def _substitute(text: str, chosen: list[Found]) -> str:
    """Replace each chosen match; parts of one person's name written next to each other become one pseudonym."""
    pieces: list[str] = []
    last = 0
    previous: Found | None = None
    for found in chosen:
        gap = text[last : found.start]
        joined = (
            previous is not None
            and previous.person is found.person
            and not previous.bare_possessive
            and _JOINABLE.fullmatch(gap) is not None
        )
        if not joined:
            pieces.append(gap)
            pieces.append(found.person.pseudonym + ("’s" if found.bare_possessive else ""))
        elif found.bare_possessive:
            pieces.append("’s")
        last, previous = found.end, found
    pieces.append(text[last:])
    return "".join(pieces)


def _walk(value: Any, redactor: Redactor, log: RedactionLog, where: str) -> Any:
    """Return ``value`` with every string inside it redacted (dataclasses are changed in place)."""
    if isinstance(value, enum.Enum) or value is None or isinstance(value, bytes | bytearray | int | float):
        return value
    if isinstance(value, str):
        return redactor.redact(value, where, log)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            current = getattr(value, item.name)
            label = _field_label(value, item.name)
            inner = where if _holds_records(current) else (f"{where}: {label}" if where else label)
            redacted = _walk(current, redactor, log, inner)
            if redacted is not current:
                object.__setattr__(value, item.name, redacted)
        return value
    if isinstance(value, list):
        return [_walk(item, redactor, log, _item_where(where, item, number)) for number, item in enumerate(value, 1)]
    if isinstance(value, tuple):
        return tuple(_walk(item, redactor, log, where) for item in value)
    if isinstance(value, set | frozenset):
        return type(value)(_walk(item, redactor, log, where) for item in value)
    if isinstance(value, dict):
        return {key: _walk(item, redactor, log, where) for key, item in value.items()}  # keys are ids
    return value


def _holds_records(value: Any) -> bool:
    """True for a list or dict of records (each record names itself in the preview)."""
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return any(dataclasses.is_dataclass(item) for item in items) or dataclasses.is_dataclass(value)


_TYPE_LABELS = {
    "Observation": "Visit",
    "Photo": "Photo",
    "Consultation": "Consultation",
    "MapPin": "Map pin",
    "SafetyGoal": "Safety goal",
    "Action": "Action",
    "ActionUpdate": "Action history",
    "Review": "DCSM review",
    "ContextWeight": "Context weight",
    "SafetySession": "Safety-mapping session",
    "SafetyMark": "Safety-mapping mark",
}


def _item_where(where: str, item: Any, number: int) -> str:
    kind = _TYPE_LABELS.get(type(item).__name__)
    if kind is None:
        return where
    label = f"{kind} {number}"
    return f"{where} › {label}" if where else label


def _field_label(owner: Any, name: str) -> str:
    if type(owner).__name__ == "SideFinding":
        return f"{owner.side.label} side: {name.replace('_', ' ')}"
    return name.replace("_", " ").capitalize()


def redact_copies(
    location: Any, assessment: Any, people: Iterable[Person], decisions: Mapping[str, bool] | None = None
) -> tuple[Any, Any, RedactionLog]:
    """Return redacted deep copies of a location and an assessment, and what was replaced.

    Every string anywhere inside them (fields, nested lists, dicts, the plan,
    photo captions, map pin labels...) goes through :meth:`Redactor.redact`;
    enums, numbers, dates and bytes are kept. The originals are not changed.

    Args:
        location: A :class:`~safeguarding.model.Location`.
        assessment: A whole :class:`~safeguarding.model.Assessment` (plan included).
        people: The people registered for the assessment.
        decisions: Remembered choices for doubtful (or rejected) occurrences, key → replace.
    """
    redactor = Redactor(people, decisions)
    log = RedactionLog()
    location_copy = _walk(copy.deepcopy(location), redactor, log, "Location")
    assessment_copy = copy.deepcopy(assessment)
    _walk(assessment_copy, redactor, log, "")
    return location_copy, assessment_copy, log


def redact_copy(
    value: Redacted,
    people: Iterable[Person],
    decisions: Mapping[str, bool] | None = None,
    log: RedactionLog | None = None,
    where: str = "",
) -> Redacted:
    """Return a redacted deep copy of any other record that reaches the report, the original kept.

    For what the report prints beside the assessment (its police figures and
    safety-mapping sessions: :class:`~safeguarding.reports.place_data.PlaceData`),
    by the same rules and remembered answers as :func:`redact_copies`.

    Args:
        value: Any record (dataclasses, lists, dicts and strings inside it are walked).
        people: The people registered for the assessment.
        decisions: Remembered choices for doubtful (or rejected) occurrences, key → replace.
        log: Receives what was replaced (pass the log of :func:`redact_copies` so the
            preview and the leak check see both); None: not recorded.
        where: Where the record is, in words, for the preview.
    """
    copied: Redacted = _walk(
        copy.deepcopy(value), Redactor(people, decisions), log if log is not None else RedactionLog(), where
    )
    return copied


def check_names(people: Iterable[Person], text: str) -> list[str]:
    """Return the real names of the people a certain form of whose name is still in ``text``.

    Pseudonyms in ``text`` are not looked into. Used by tests; exports use
    :mod:`safeguarding.protection.leak_check`, which also names the place.
    """
    from safeguarding.protection.leak_check import certain_leaks

    names: list[str] = []
    for found in certain_leaks(Redactor(people), text):
        if found.person.real_name not in names:
            names.append(found.person.real_name)
    return names


def next_pseudonym(people: list[Person], role: PersonRole = PersonRole.YOUNG_PERSON) -> str:
    """Suggest the next free pseudonym: "Young person A", "Young person B"... (or "Person A" for others)."""
    stem = {PersonRole.YOUNG_PERSON: "Young person", PersonRole.ALLEGED_PERPETRATOR: "Adult"}.get(role, "Person")
    used = {person.pseudonym.strip().casefold() for person in people}
    for index in range(26 * 27):
        letter = chr(65 + index % 26) if index < 26 else chr(65 + index // 26 - 1) + chr(65 + index % 26)
        candidate = f"{stem} {letter}"
        if candidate.casefold() not in used:
            return candidate
    return f"{stem} {len(people) + 1}"
