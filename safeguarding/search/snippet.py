"""The matching words of a record in their context, marked, made from the record's text in Python.

SQLite FTS5's ``snippet()`` costs a second pass over the index for each result;
the search keeps within twice a bare FTS5 query by marking the words itself. Words
are compared as the index compares them: case folded and accents removed
("Zoë" matches "zoe"); a term typed with ``*`` matches words starting so.
"""

from __future__ import annotations

import re
import unicodedata

from safeguarding.search.query import MARK_END, MARK_START

_WORD = re.compile(r"\w+")
AROUND = 4
"""Words shown before the first match."""


def fold(text: str) -> str:
    """``text`` case folded and without accents, as the index's tokenizer compares words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def term_tokens(terms: list[str]) -> list[tuple[str, bool]]:
    """``(folded word, is prefix)`` for each word of each FTS5 term (``"red car"`` and ``"lamp"*``)."""
    tokens = []
    for term in terms:
        prefix = term.endswith("*")
        words = _WORD.findall(fold(term.strip('"*')))
        for number, word in enumerate(words):
            tokens.append((word, prefix and number == len(words) - 1))
    return tokens


def _pattern(tokens: list[tuple[str, bool]]) -> re.Pattern[str]:
    """A regular expression finding the tokens as whole words (prefixes as word starts), in any case."""
    parts = sorted((re.escape(token) + (r"\w*" if prefix else "") for token, prefix in tokens), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE)


def make_snippet(text: str, tokens: list[tuple[str, bool]], words: int = 14) -> str:
    """About ``words`` words of ``text`` around its first match, each matching word marked; "" if none matches.

    Plain-letter words are found with one regular expression (fast); when that finds
    nothing, each word is folded and compared, so "zoe" still finds "Zoë".
    """
    if not tokens or not text:
        return ""
    found = list(_WORD.finditer(text))
    quick = _pattern(tokens)

    def matches(word: str) -> bool:
        if quick.fullmatch(word):
            return True
        if word.isascii():
            return False
        folded = fold(word)
        return any(folded == token or (prefix and folded.startswith(token)) for token, prefix in tokens)

    first_hit = quick.search(text)
    if first_hit is not None:
        start = next(number for number, match in enumerate(found) if match.end() >= first_hit.end())
    else:
        start = next((number for number, match in enumerate(found) if matches(match.group())), -1)
        if start < 0:
            return ""
    first = max(0, start - AROUND)
    last = min(len(found), first + words) - 1
    pieces: list[str] = []
    position = found[first].start()
    for number in range(first, last + 1):
        match = found[number]
        word = match.group()
        pieces.append(text[position : match.start()])
        pieces.append(f"{MARK_START}{word}{MARK_END}" if matches(word) else word)
        position = match.end()
    shown = " ".join("".join(pieces).split())
    return ("…" if first > 0 else "") + shown + ("…" if last < len(found) - 1 else "")
