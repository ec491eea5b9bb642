"""Whole sentences for summaries: a paper shortens typed text only between sentences, never inside one.

A chair reading "A 15-year-old was…" on a summary cannot tell what happened; the
summary shows the first sentences that fit and says where the rest is.
Sentences end at ``.``, ``!`` or ``?`` (and the Chinese and Japanese full stops)
followed by a space and a capital letter, digit, quote or bracket; a single
capital before the full stop ("PCSO K. Byrne") is an initial, not an ending.
"""

from __future__ import annotations

import re

_ENDING = re.compile(r"(?<=[.!?])\s+(?=[\"“‘'(\[A-Z0-9])|(?<=[。！？])")
_INITIAL = re.compile(r"(?:^|\s)[A-Z]\.$")


def sentences(text: str) -> list[str]:
    """Split one paragraph of ``text`` into sentences (whitespace inside each kept as typed)."""
    flat = text.strip()
    if not flat:
        return []
    pieces: list[str] = []
    start = 0
    for match in _ENDING.finditer(flat):
        head = flat[start : match.start()]
        if _INITIAL.search(head):
            continue  # "K. Byrne": an initial
        pieces.append(head.strip())
        start = match.end()
    pieces.append(flat[start:].strip())
    return [piece for piece in pieces if piece]


def first_sentences(text: str, limit: int) -> tuple[str, bool]:
    """The first paragraph's first whole sentences within about ``limit`` characters.

    At least one whole sentence is returned, however long: a sentence is never cut.

    Returns:
        The sentences, and True if the text has more after them.
    """
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    if not paragraphs:
        return "", False
    chosen: list[str] = []
    found = sentences(paragraphs[0])
    for sentence in found:
        if chosen and len(" ".join([*chosen, sentence])) > limit:
            break
        chosen.append(sentence)
    more = len(chosen) < len(found) or len(paragraphs) > 1
    return " ".join(chosen), more
