"""Redaction by substitution: every registered real name becomes its pseudonym.

Multi-agency papers never name young people (domain guide): the assessor
records each person mentioned once, on the "People (for redaction)" page, with a
pseudonym such as "Young person A". A redacted export runs every piece of text
that reaches the PDF through :class:`Redactor`, so no real name is printed
(substitution, never black boxes over live text).

What is matched, and why (each rule is tested in ``tests/protection``):

* **the full name**, whatever the spacing or line breaks between its parts,
  case-insensitively ("ZOË GREEN", "zoë green");
* **each part of a name of several parts on its own** (first name alone, surname
  alone), because notes say "Zoë said" more often than "Zoë Green said".
  A part that is also a common English word ("Green", "Park", "Rose", "Will")
  is replaced only when written with a capital letter, so "the green space" is
  left alone while "Green was seen" is not. Parts of one letter (initials) and
  titles (Mr, Ms, Dr...) are not matched alone;
* **other names** the assessor lists for the person (nicknames, spellings,
  street names), each matched as a whole phrase like a full name, never word by
  word ("Little Z" does not make "a little later" change);
* **whole words only**: a name is not replaced inside a longer word ("Ann" in
  "Annual"), judged with Unicode letters, so it works for Polish, Cyrillic and
  Arabic names; a possessive keeps its ending ("Zoë's" → "Young person A's");
  an Arabic name keeps an attached one-letter prefix (و ف ب ل ك: "and", "so",
  "with", "for", "like"), so "وأحمد" becomes "و" + pseudonym;
* **with or without accents**: "Zoe" and "Lukasz" are matched for "Zoë" and
  "Łukasz"; text and names are compared in Unicode NFC, so a decomposed "é"
  (e + combining accent) is matched like a composed one.

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
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from safeguarding.model import Person, PersonRole

_COMMON = """
    able ash bank banks bell berry bird black bloom blue bond book bridge brook brooks brown bush
    by chance child church clay cliff close cook cross crown day dean deep dell duke dunn east fair
    field fields fish fisher ford forest fox frank free friend frost gate gates gay gold good grace
    gray green grey grove hall hill hills holly home hope house hunt hunter ivy jack jay joy just
    king knight lake lamb land lane law lee long love lucky major march mark marsh mason may mill
    miller mills moon moore moss new newman noble north page palmer park parks pat penny pike pool
    poole pope power price prince queen rain ray read reed rich ridge river rivers rock rose rowe
    rush sage sea shaw short silver sky small smith snow south spring stone storm street summer
    summers sunny swift taylor wall walker ward warden water waters way west white wild will wills
    winter wood woods worth wren young
    """
COMMON_WORDS = frozenset(_COMMON.split())
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame"})
"""Titles that are never replaced on their own."""
"""Name parts that are also everyday English words: matched alone only when capitalised."""

ARABIC_PREFIXES = "وفبلك"
"""One-letter Arabic proclitics written joined to the next word (and, so, with, for, like)."""

_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss", "æ": "ae"})
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u064b-\u065f\u0670"
_WORD = rf"[^\W_]|[{_COMBINING}]"
_BEFORE = rf"(?<![^\W_])(?<![{_COMBINING}])"
_AFTER = rf"(?!{_WORD})"


def nfc(text: str) -> str:
    """Return ``text`` in Unicode normal form C (composed accents)."""
    return unicodedata.normalize("NFC", text)


def without_accents(text: str) -> str:
    """Return ``text`` with accents removed ("Zoë" → "Zoe", "Łukasz" → "Lukasz")."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD))
    return nfc("".join(char for char in decomposed if not unicodedata.combining(char)))


def _name_pattern(name: str) -> str:
    """Regex for ``name`` with any run of spaces between its parts."""
    return r"\s+".join(re.escape(part) for part in name.split())


@dataclass(frozen=True)
class NameVariant:
    """One spelling of a person's name that the redactor looks for.

    Attributes:
        text: The spelling (NFC).
        person: The person it names.
        case_sensitive: True for common-word parts (matched only capitalised).
    """

    text: str
    person: Person
    case_sensitive: bool = False


def name_variants(person: Person) -> list[NameVariant]:
    """Return every spelling of ``person``'s name that is replaced (see the module notes)."""
    spellings: list[tuple[str, bool]] = []
    real = " ".join(nfc(person.real_name).split())
    others = [" ".join(nfc(line).split()) for line in person.other_names.splitlines()]
    for name in [real, *others]:
        if name:
            spellings.append((name, False))
    # The first name or surname alone is replaced only for the real name: an "other name" is
    # a phrase the assessor listed ("Little Z", "Ms Abu Bakr") and is matched only as written,
    # so its words ("little", "Ms") are never replaced on their own elsewhere.
    parts = real.split()
    if len(parts) > 1:
        for part in parts:
            bare = part.strip(".-'’")
            if len(bare) < 2 or bare.casefold() in TITLES:
                continue
            spellings.append((bare, bare.casefold() in COMMON_WORDS))
    variants: dict[tuple[str, bool], NameVariant] = {}
    for text, sensitive in spellings:
        for spelling in {text, without_accents(text)}:
            if sensitive:
                spelling = spelling[:1].upper() + spelling[1:]
            key = (spelling.casefold() if not sensitive else spelling, sensitive)
            variants.setdefault(key, NameVariant(spelling, person, sensitive))
    return list(variants.values())


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


@dataclass
class RedactionLog:
    """Replacements made while redacting, grouped by (found, pseudonym, where)."""

    counts: Counter[tuple[str, str, str]] = field(default_factory=Counter)

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


class Redactor:
    """Replaces the registered people's names with their pseudonyms.

    Args:
        people: The people registered for the assessment.
    """

    def __init__(self, people: Iterable[Person]) -> None:
        self.people = [person for person in people if person.real_name.strip()]
        variants = [variant for person in self.people for variant in name_variants(person)]
        variants.sort(key=lambda variant: len(variant.text), reverse=True)  # longest first: full names win
        self._variants = variants
        self._pattern: re.Pattern[str] | None = None
        if variants:
            alternatives = []
            for index, variant in enumerate(variants):
                case = "-i" if variant.case_sensitive else "i"
                alternatives.append(f"(?P<v{index}>(?{case}:{_name_pattern(variant.text)}))")
            prefix = f"(?P<prefix>[{ARABIC_PREFIXES}](?=[\u0621-\u064a]))?"
            self._pattern = re.compile(f"{_BEFORE}{prefix}(?:{'|'.join(alternatives)}){_AFTER}")

    def redact(self, text: str, where: str = "", log: RedactionLog | None = None) -> str:
        """Return ``text`` (in NFC) with every registered name replaced by its pseudonym.

        Args:
            text: Any user text.
            where: Where the text comes from, for the preview.
            log: Receives one entry per replacement, if given.
        """
        if self._pattern is None or not text:
            return text
        pattern = self._pattern

        def substitute(match: re.Match[str]) -> str:
            prefix = match.group("prefix") or ""
            index = next(int(name[1:]) for name, value in match.groupdict().items() if value and name != "prefix")
            variant = self._variants[index]
            found = match.group(f"v{index}")
            if log is not None:
                log.add(found, variant.person.pseudonym, where)
            return prefix + variant.person.pseudonym

        return pattern.sub(substitute, nfc(text))


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
}


def _item_where(where: str, item: Any, number: int) -> str:
    kind = _TYPE_LABELS.get(type(item).__name__)
    if kind is None:
        return where
    label = f"{kind} {number}"
    return f"{where} › {label}" if where else label


def _field_label(owner: Any, name: str) -> str:
    if type(owner).__name__ == "SideFinding":
        return f"{owner.side.title} side: {name.replace('_', ' ')}"
    return name.replace("_", " ").capitalize()


def redact_copies(location: Any, assessment: Any, people: Iterable[Person]) -> tuple[Any, Any, RedactionLog]:
    """Return redacted deep copies of a location and an assessment, and what was replaced.

    Every string anywhere inside them (fields, nested lists, dicts, the plan,
    photo captions, map pin labels...) goes through :meth:`Redactor.redact`;
    enums, numbers, dates and bytes are kept. The originals are not changed.

    Args:
        location: A :class:`~safeguarding.model.Location`.
        assessment: A whole :class:`~safeguarding.model.Assessment` (plan included).
        people: The people registered for the assessment.
    """
    redactor = Redactor(people)
    log = RedactionLog()
    location_copy = _walk(copy.deepcopy(location), redactor, log, "Location")
    assessment_copy = copy.deepcopy(assessment)
    _walk(assessment_copy, redactor, log, "")
    return location_copy, assessment_copy, log


def redact_copy(value: Any, people: Iterable[Person]) -> Any:
    """Return a redacted deep copy of any record (e.g. the report's safety-mapping data); the original is kept."""
    return _walk(copy.deepcopy(value), Redactor(people), RedactionLog(), "")


def check_names(people: Iterable[Person], text: str) -> list[str]:
    """Return the registered full names (or accent-free spellings) still present in ``text``.

    Used by tests and as a last check on a redacted export's text.
    """
    folded = without_accents(nfc(text)).casefold()
    found = []
    for person in people:
        name = without_accents(nfc(person.real_name)).casefold()
        if name and re.search(f"{_BEFORE}{_name_pattern(name)}{_AFTER}", folded):
            found.append(person.real_name)
    return found


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
