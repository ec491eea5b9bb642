"""Characters no report font can draw: an honest placeholder on paper, and a count of them.

The report's fonts draw Latin, Greek and Cyrillic (Noto Sans), Arabic-script
letters (Noto Sans Arabic), Chinese, Japanese, Korean and Hebrew (per-document
fonts, :mod:`safeguarding.reports.cjk`). Anything else, most often an emoji,
would print as an empty box that a reader takes for a printer fault, or as
nothing at all. Instead every run of such characters prints as ``[emoji]`` or
``[character not printable]``, and :class:`Unprintable` counts them per part of
the report, so the export can say in words how many there were and where. The
database keeps the text exactly: only the printed copy changes.

Invisible formatting characters that no font has (zero-width joiners, direction
marks, variation selectors) are dropped from the printed copy without a placeholder,
except inside an emoji, where they are part of it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Container
from dataclasses import dataclass, field

EMOJI_PLACEHOLDER = "[emoji]"
UNPRINTABLE_PLACEHOLDER = "[character not printable]"

_EMOJI_RANGES = (
    (0x1F000, 0x1FAFF),  # mahjong, cards, enclosed, pictographs, emoticons, transport, symbols and pictographs
    (0x2600, 0x27BF),  # miscellaneous symbols, dingbats
    (0x2B00, 0x2BFF),  # arrows and stars used as emoji
    (0xE0020, 0xE007F),  # tag characters (flags of England, Scotland, Wales)
)
_ZWJ = 0x200D
_EMOJI_GLUE = frozenset({_ZWJ, 0xFE0E, 0xFE0F, 0x20E3})
"""Zero-width joiner, variation selectors and the keycap mark: parts of one emoji, not characters of their own."""


def is_emoji(char: str) -> bool:
    """True if ``char`` is an emoji or pictograph (or a skin-tone modifier, U+1F3FB to U+1F3FF)."""
    code = ord(char)
    return any(low <= code <= high for low, high in _EMOJI_RANGES)


@dataclass
class Unprintable:
    """How many characters of one document could not be printed, per part of the document.

    Attributes:
        place: The part of the document being made now, in words (e.g. "the observation log");
            the report's builder sets it before each part.
        counts: Characters replaced by a placeholder, per place, in the order first met.
    """

    place: str = "the report"
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, count: int) -> None:
        """Count ``count`` characters that could not be printed in the current place."""
        if count:
            self.counts[self.place] = self.counts.get(self.place, 0) + count

    @property
    def total(self) -> int:
        """All characters that could not be printed."""
        return sum(self.counts.values())

    def message(self) -> str:
        """The count in plain English, with where ("" when every character printed)."""
        if not self.total:
            return ""
        total = self.total
        noun = "character" if total == 1 else "characters"
        places = "; ".join(f"{count} in {place}" for place, count in self.counts.items())
        return (
            f"{total} {noun} could not be printed (emoji, or letters none of the report's fonts has) "
            f"and show as “{EMOJI_PLACEHOLDER}” or “{UNPRINTABLE_PLACEHOLDER}”: {places}. "
            "The text is kept exactly as typed in the database."
        )


def _continues_emoji(code: int, previous: int | None) -> bool:
    """True if the character ``code``, after ``previous`` inside an emoji, is part of the same emoji a reader sees.

    The parts of one emoji (Unicode Technical Standard #51): a variation selector or keycap
    mark after it, a skin-tone modifier (U+1F3FB to U+1F3FF), tag characters (the flags of
    England, Scotland and Wales), anything after a zero-width joiner (a family, a
    profession), and the second of two regional indicators (a country's flag).
    """
    if code in _EMOJI_GLUE or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:
        return True
    if previous == _ZWJ:
        return True
    return _is_regional(code) and previous is not None and _is_regional(previous)


def _is_regional(code: int) -> bool:
    return 0x1F1E6 <= code <= 0x1F1FF


def printable_text(text: str, can_draw: Callable[[str], bool], tally: Unprintable) -> str:
    """Return ``text`` with each character no font draws replaced by a placeholder, and count them.

    One placeholder stands for one character as a reader sees it: an emoji made of several
    code points (a family joined by zero-width joiners, a flag, a thumbs-up with a skin
    tone) is one ``[emoji]``; each other character no font has is one
    ``[character not printable]``. The count is the number of placeholders printed, so
    the message agrees with the page.

    Args:
        text: Text a person typed.
        can_draw: True if some report font has the character.
        tally: Counts the placeholders printed in the current place.

    Returns:
        The text to print. Newlines, tabs and spaces are kept as they are.
    """
    if all(char.isspace() or can_draw(char) for char in set(text)):
        return text  # the usual case: every character drawn, each distinct one checked once
    out: list[str] = []
    replaced = 0
    previous: int | None = None  # the last code point of the emoji being printed, None outside one
    pair_open = False  # the emoji so far is one regional indicator, waiting for its pair
    for char in text:
        code = ord(char)
        if previous is not None and _continues_emoji(code, previous) and not (_is_regional(code) and not pair_open):
            pair_open = False
            previous = code
            continue  # part of the emoji already printed as one placeholder
        if char.isspace() or can_draw(char):
            out.append(char)
            previous = None
        elif is_emoji(char):
            replaced += 1
            out.append(EMOJI_PLACEHOLDER)
            previous = code
            pair_open = _is_regional(code)
        elif code in _EMOJI_GLUE or unicodedata.category(char) in ("Cf", "Cc"):
            previous = None  # invisible: nothing to show
        else:
            replaced += 1
            out.append(UNPRINTABLE_PLACEHOLDER)
            previous = None
    tally.add(replaced)
    return "".join(out)


def drawable(body: Container[int], arabic: Container[int], other: Callable[[str], bool]) -> Callable[[str], bool]:
    """A ``can_draw`` for :func:`printable_text` from the body and Arabic fonts' code points and the other fonts."""

    def can_draw(char: str) -> bool:
        code = ord(char)
        return code in body or code in arabic or other(char)

    return can_draw
