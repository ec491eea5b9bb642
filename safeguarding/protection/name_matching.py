"""Finding registered names in text as people really type them.

Notes are typed on phones and in Word, pasted from e-mails and PDFs, so one name
reaches the app in many spellings. Matching is done on a *folded* copy of the
text, in which every character is mapped (keeping a link back to where it came
from, so the replacement lands on the original characters):

* Unicode compatibility forms become their plain letters (NFKC: full-width
  "Ｚｏｅ", ligatures, Arabic presentation forms);
* every apostrophe (’ ‘ ʼ ` ´ ′ ...) becomes ``'`` and every hyphen or dash
  (‐ ‑ ‒ – — ― − ...) becomes ``-``; any space, no-break space or line break
  becomes one space;
* soft hyphens, zero-width spaces and joiners, word joiners, byte-order marks,
  direction marks and the Arabic tatweel are dropped;
* case is folded and accents are removed both ways ("Seán" registered matches
  "Sean", and "Sean" registered matches "Seán"; "Łukasz" and "Lukasz").

Each registered person gives several *forms* (:func:`name_forms`): the full
name, each line of "Other names", each word of the name ("Kowalska-Smith",
"O'Brien") and each part of those words ("Kowalska", "Smith", "Brien"), except
titles, particles ("Ó", "Ní", "van", "bin") and single letters. Between the
parts of a form any run of spaces, hyphens, apostrophes or full stops (or none)
is accepted, so "O'Brien" also matches "OBrien", "O BRIEN" and "o’brien";
"Zoë Green" matches "Zoë\\nGreen". A form matches whole words only; a possessive
keeps its ending ("o’brien’s" → "Young person A’s") and, for names that are not
everyday words, a possessive typed without the apostrophe ("Zoes bag") is
matched too.

A form whose every part is also an everyday word (:mod:`safeguarding.protection.everyday_words`)
is judged by how it is written: lower case ("we will return") is the word and
is left alone; capitals, the start of a sentence or an everyday word written
with a capital are *doubtful* and are shown for the user to accept or reject.
Every other match is *certain*.
"""

from __future__ import annotations

import enum
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from safeguarding.model import Person
from safeguarding.protection.everyday_words import ORDINARY_WORDS, PARTICLES, TITLES

APOSTROPHES = frozenset("'\u2019\u2018\u02bc`\u00b4\u2032\u2035\u201b\u02b9\u02bb\u02bd\uff07\u055a\ua78c")
"""Characters typed as apostrophes: straight, curly (Word, phones), modifier letter, backtick, acute, prime."""
HYPHENS = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2043\u058a\u2e3a\u2e3b")
"""Hyphens, dashes and the minus sign."""
_DROPPED = frozenset("\u0640")
"""Dropped besides every format character (category Cf: soft hyphen, zero-width characters, marks): tatweel."""
_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d", "ħ": "h", "ŧ": "t"}
)
"""Letters that carry their accent inside the letter (no Unicode decomposition)."""
ARABIC_PREFIXES = "وفبلك"
"""One-letter Arabic proclitics written joined to the next word (and, so, with, for, like)."""

_WORD = r"[^\W_]"
_SEPARATOR = r"[\s\-'.]*"
_TOKEN = re.compile(r"[^\W_]+")
CONTEXT_WORDS = 3
"""Words either side of a match that identify it for a remembered choice."""


def _canonical(char: str) -> str:
    if char in APOSTROPHES:
        return "'"
    if char in HYPHENS:
        return "-"
    if char.isspace():
        return " "
    if char in _DROPPED or unicodedata.category(char) == "Cf":
        return ""
    return char


@lru_cache(maxsize=8192)
def fold_char(char: str) -> str:
    """Return the folded form of one character ("" for characters that are dropped; see the module notes)."""
    first = _canonical(char)
    if first != char:
        return first
    out = []
    for composed in unicodedata.normalize("NFKC", char).casefold():
        for part in unicodedata.normalize("NFD", composed):
            if unicodedata.category(part) in ("Mn", "Me"):
                continue
            out.append(_canonical(part))
    return "".join(out).translate(_LETTERS)


@dataclass(frozen=True)
class Folded:
    """Folded text with a link from each of its characters back to the source.

    Attributes:
        source: The text as written.
        text: The folded text.
        origin: ``origin[i]`` is the index in ``source`` of the character that gave ``text[i]``.
    """

    source: str
    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the source span of folded ``[start, end)``, taking in dropped characters either side."""
        first, last = self.origin[start], self.origin[end - 1] + 1
        while first > 0 and not fold_char(self.source[first - 1]):
            first -= 1
        while last < len(self.source) and not fold_char(self.source[last]):
            last += 1
        return first, last


def fold(text: str) -> Folded:
    """Fold ``text`` for matching (see the module notes)."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = fold_char(char)
        chars.append(folded)
        origin.extend([index] * len(folded))
    return Folded(text, "".join(chars), tuple(origin))


def fold_name(text: str) -> str:
    """Return a name folded and reduced to its words joined by single spaces ("O’Brien" → "o brien")."""
    return " ".join(_TOKEN.findall(fold(text).text))


class Certainty(enum.Enum):
    """How sure a match is to be the person's name."""

    CERTAIN = "certain"
    DOUBTFUL = "doubtful"
    WORD = "word"
    """An everyday word written in lower case: left alone."""


@dataclass(frozen=True)
class NameForm:
    """One form of a person's name that is looked for.

    Attributes:
        text: The folded form, words joined by single spaces.
        person: Whose name it is.
        ordinary: Every word of it is an everyday English word.
        words: How many words it has.
    """

    text: str
    person: Person
    ordinary: bool
    words: int

    @property
    def bare_possessive(self) -> bool:
        """A possessive typed without its apostrophe ("Zoes") is matched: not for everyday words or short names."""
        return not self.ordinary and len(self.text) >= 3

    @property
    def pattern(self) -> str:
        """Regular expression for the form over folded text."""
        return _SEPARATOR.join(re.escape(word) for word in self.text.split())


def _alone_ok(word: str) -> bool:
    return len(word) >= 2 and word not in TITLES and word not in PARTICLES


def name_forms(person: Person) -> list[NameForm]:
    """Return every form of ``person``'s name that is replaced (see the module notes)."""
    texts: list[str] = []
    real = fold_name(person.real_name)
    texts.append(real)
    texts.extend(fold_name(line) for line in person.other_names.splitlines())
    written = person.real_name.split()
    core = list(written)
    while core and fold_name(core[0]) in TITLES:
        core.pop(0)
    texts.append(fold_name(" ".join(core)))  # "Mr Łukasz Nowak" is also written "Łukasz Nowak"
    for index, word in enumerate(core[:-1]):
        if fold_name(word) in PARTICLES:  # the surname with its particle: "Ó Súilleabháin", "van der Berg"
            texts.append(fold_name(" ".join(core[index:])))
    if len(written) > 1 or any(_TOKEN.findall(fold(word).text)[1:] for word in written):
        for word in written:
            whole = fold_name(word)
            parts = whole.split()
            if len(parts) > 1 and any(_alone_ok(part) for part in parts):
                texts.append(whole)
            texts.extend(part for part in parts if _alone_ok(part))
    forms: dict[str, NameForm] = {}
    for text in texts:
        if text and text not in forms:
            words = text.split()
            ordinary = all(word in ORDINARY_WORDS for word in words)
            forms[text] = NameForm(text, person, ordinary, len(words))
    return list(forms.values())


@dataclass(frozen=True)
class Found:
    """One match of a registered name in a text.

    Attributes:
        start, end: Span in the source text (the Arabic prefix, if any, is outside it).
        form: The form that matched.
        certainty: Certain, doubtful or an everyday word.
        reason: Why a doubtful match is asked about ("" otherwise).
        key: Identifies this occurrence for a remembered choice (see :func:`occurrence_key`).
        bare_possessive: A possessive typed without its apostrophe ("Zoes"): the ``s`` is inside the span.
    """

    start: int
    end: int
    form: NameForm
    certainty: Certainty
    reason: str
    key: str
    bare_possessive: bool = False

    @property
    def person(self) -> Person:
        """Whose name was found."""
        return self.form.person


def occurrence_key(folded: str, start: int, end: int) -> str:
    """Return the key of the match at folded ``[start, end)``: a hash of it and the words around it.

    The key is the SHA-256 of the matched words and up to :data:`CONTEXT_WORDS`
    words either side, folded, so a remembered choice survives edits elsewhere
    in the text, applies wherever the same phrase recurs in the assessment, and
    keeps no words of the notes in the database.
    """
    before = _TOKEN.findall(folded[:start])[-CONTEXT_WORDS:]
    after = _TOKEN.findall(folded[end:])[:CONTEXT_WORDS]
    words = _TOKEN.findall(folded[start:end])
    material = " ".join(before) + "|" + " ".join(words) + "|" + " ".join(after)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


_SENTENCE_END = ".!?:;\n\r\u2029\u2028•"
_OPENERS = "\"'“”‘’«»([{*-–—·>"


def at_sentence_start(source: str, start: int) -> bool:
    """True if only spaces, quotes or brackets stand between ``start`` and the start of the text or a sentence."""
    index = start - 1
    while index >= 0 and (source[index] in " \t\u00a0" or source[index] in _OPENERS):
        index -= 1
    return index < 0 or source[index] in _SENTENCE_END


def _judge(form: NameForm, source: str, start: int, end: int) -> tuple[Certainty, str]:
    if not form.ordinary:
        return Certainty.CERTAIN, ""
    cased = [char for char in source[start:end] if char.lower() != char.upper()]
    if not any(char.isupper() for char in cased):
        return Certainty.WORD, ""
    if len(cased) >= 2 and all(char.isupper() for char in cased):
        return Certainty.DOUBTFUL, "written in capitals"
    if at_sentence_start(source, start):
        return Certainty.DOUBTFUL, "at the start of a sentence"
    words = [word for word in re.split(r"[\s\-'\u2019.]+", source[start:end]) if word]
    if form.words > 1 and all(word[:1].isupper() for word in words):
        return Certainty.CERTAIN, ""
    return Certainty.DOUBTFUL, "also an everyday word"


class NameMatcher:
    """Finds every form of the registered people's names in a text.

    Args:
        people: The people registered for the assessment (those with no name are skipped).

    Longer forms win over shorter ones where they overlap ("Zoë Green" before
    "Zoë"); where two people share a form, the first registered person wins.
    """

    def __init__(self, people: Iterable[Person]) -> None:
        self.people = [person for person in people if person.real_name.strip()]
        forms: dict[str, NameForm] = {}
        for person in self.people:
            for form in name_forms(person):
                forms.setdefault(form.text, form)
        self.forms = sorted(forms.values(), key=lambda form: len(form.text), reverse=True)
        self._pattern: re.Pattern[str] | None = None
        if self.forms:
            alternatives = "|".join(
                f"(?P<f{index}>{form.pattern})" + (f"(?P<s{index}>s)?" if form.bare_possessive else "")
                for index, form in enumerate(self.forms)
            )
            # At a word start, or right after a one-letter Arabic prefix that starts the word ("وأحمد").
            start = f"(?:(?<!{_WORD})|(?<=(?<!{_WORD})[{ARABIC_PREFIXES}])(?=[\u0621-\u064a]))"
            self._pattern = re.compile(f"{start}(?:{alternatives})(?!{_WORD})")

    def find(self, text: str) -> list[Found]:
        """Return every match in ``text``, in order, each judged certain, doubtful or an everyday word."""
        if self._pattern is None or not text:
            return []
        folded = fold(text)
        found: list[Found] = []
        for match in self._pattern.finditer(folded.text):
            index = next(int(name[1:]) for name, value in match.groupdict().items() if value and name[0] == "f")
            form = self.forms[index]
            possessive = bool(match.groupdict().get(f"s{index}"))
            start, end = match.span()
            source_start, source_end = folded.span(start, end)
            certainty, reason = _judge(form, text, source_start, source_end - possessive)
            key = occurrence_key(folded.text, start, end)
            found.append(Found(source_start, source_end, form, certainty, reason, key, possessive))
        return found


def decide(found: Found, decisions: Mapping[str, bool]) -> bool:
    """Return True if ``found`` is replaced: the remembered choice, else yes unless it is an everyday word."""
    remembered = decisions.get(found.key)
    if remembered is not None:
        return remembered
    return found.certainty is not Certainty.WORD
