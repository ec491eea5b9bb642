"""Turn text a person typed into safe reportlab Paragraph markup, in the right direction.

Three jobs:

* **Escaping.** reportlab Paragraphs read a small XML-like markup, so ``&``,
  ``<`` and ``>`` are escaped (a note containing ``<script>`` or ``<b>`` prints
  literally), control characters are dropped and newlines become ``<br/>``.
* **Font fallback per script run.** The body font has no Arabic-script letters,
  so each run of Arabic, Urdu or Persian text is drawn in the Arabic font.
  reportlab shapes (joins, and lays out right to left) each *word* with the
  font of its first character, and fails when a word mixes two fonts, so every
  run is made a word of its own: touching punctuation the Arabic font has is
  taken into the run, and a space is put between the run and any touching
  Latin letter (:func:`script_runs`, :func:`_token_pieces`).
* **Chinese, Japanese, Korean and Hebrew.** Runs of characters the body font
  lacks are drawn in a font made for the document (:mod:`safeguarding.reports.cjk`),
  on every path (plain, and mixed-direction text alike): :func:`font_markup`.
* **Direction (Unicode Bidirectional Algorithm, UAX #9).** Text with any
  right-to-left letter (Arabic script, Hebrew) goes through :func:`bidi_lines`: python-bidi (the Rust
  ``unicode-bidi`` crate) resolves every character's embedding level for each
  typed line; :class:`safeguarding.reports.styles.BidiParagraph` lets reportlab
  break the lines with the words in logical order, then :func:`visual_words`
  reorders each printed line by rule L2 and mirrors brackets (L4). Words that
  HarfBuzz lays out right to left are handed to it reversed, so its output is
  the visual order. Paragraphs whose first strong letter is right to left are
  right-aligned. Latin-only text never comes here: it is markup from
  :func:`to_markup` as before, unshaped.

:func:`to_markup` also still wraps Arabic runs in ``<font>``, joins neighbouring
Arabic words with no-break spaces and moves their edge punctuation. That is only
the fallback (logical order, right for an Arabic name inside English) used if
python-bidi's levels cannot be read (:class:`BidiError`).

Known limits:

* A paragraph is aligned by its first typed line with words: in a note whose
  lines change direction each line reads in the right order, but all lines
  align like the first.
* The levels come from python-bidi's pure-Python ``bidi.algorithm`` (UAX #9
  as that module implements it); the package is pinned, and if its levels
  cannot be read the report falls back to logical order rather than failing.
* In mixed-direction text a word of more than 20 characters is printed in
  pieces with spaces between (:func:`long_word_pieces`); elsewhere reportlab
  cuts a word wider than its column.
* Right-to-left scripts other than Arabic and Hebrew are ordered correctly, but
  no report font has their letters: they print as a placeholder
  (:mod:`safeguarding.reports.glyphs`).
* Justified right-to-left paragraphs are right-aligned instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Container
from dataclasses import dataclass
from xml.sax.saxutils import escape

import uharfbuzz
from bidi import algorithm as bidi_algorithm
from bidi.mirror import MIRRORED

NBSP = "\u00a0"

_ARABIC_RANGES = (
    (0x0600, 0x06FF),  # Arabic (includes Urdu letters such as ٹ ڈ ڑ ں ے)
    (0x0750, 0x077F),  # Arabic Supplement
    (0x0870, 0x08FF),  # Arabic Extended-B and -A
    (0xFB50, 0xFDFF),  # Arabic Presentation Forms-A
    (0xFE70, 0xFEFC),  # Arabic Presentation Forms-B (U+FEFF after it is the byte-order mark, not Arabic)
)
_ARABIC_CHAR = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in _ARABIC_RANGES) + "]")
"""One character of :data:`_ARABIC_RANGES` (a text is searched in one pass, not character by character)."""
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Unicode's control characters (category Cc: U+0000-U+001F, U+007F-U+009F) but tab and newline."""
_JOINERS = frozenset({0x200C, 0x200D})  # zero-width non-joiner and joiner, used in Urdu and Persian
_SPACE_RUN = re.compile(r"(\s+)")
_LTR_EDGE = ".,:;!?'\"-–—/%"
"""Punctuation that is not mirrored in right-to-left text (brackets are)."""


def is_arabic_script(char: str) -> bool:
    """Return True if ``char`` (one character) belongs to the Arabic script blocks."""
    code = ord(char)
    return any(low <= code <= high for low, high in _ARABIC_RANGES)


def has_arabic_script(text: str) -> bool:
    """Return True if ``text`` contains any Arabic-script character."""
    return _ARABIC_CHAR.search(text) is not None


def clean_text(text: str) -> str:
    """Normalise line endings and drop control characters other than newline and tab."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def _is_absorbable(char: str, arabic_coverage: Container[int]) -> bool:
    """Return True for punctuation the Arabic font can draw inside a right-to-left run.

    Letters and European digits are never taken into a run: HarfBuzz does not
    reorder bidirectional text, so they would come out reversed.
    """
    return unicodedata.category(char)[0] in "PS" and ord(char) in arabic_coverage


def _token_pieces(token: str, arabic_coverage: Container[int]) -> list[tuple[bool, str]]:
    """Split one whitespace-free token into ``(is_arabic_run, text)`` pieces."""
    if not has_arabic_script(token):
        return [(False, token)]
    groups: list[tuple[bool, str]] = []
    for char in token:
        covered = is_arabic_script(char) or ord(char) in _JOINERS or _is_absorbable(char, arabic_coverage)
        if groups and groups[-1][0] == covered:
            groups[-1] = (covered, groups[-1][1] + char)
        else:
            groups.append((covered, char))
    pieces: list[tuple[bool, str]] = []
    for covered, text in groups:
        is_run = covered and has_arabic_script(text)
        if pieces and pieces[-1][0] == is_run:
            pieces[-1] = (is_run, pieces[-1][1] + text)
        else:
            pieces.append((is_run, text))
    return pieces


def script_runs(line: str, arabic_coverage: Container[int]) -> list[tuple[bool, str]]:
    """Split one line into runs of ``(is_arabic_run, text)``, each run its own word.

    Args:
        line: Text without newlines.
        arabic_coverage: Code points the Arabic font can draw.

    Returns:
        Runs in logical order. Neighbouring Arabic-script words are one run,
        joined by a single no-break space; a space is inserted where an Arabic run touched a
        Latin letter, so no word mixes two fonts.
    """
    runs: list[tuple[bool, str]] = []
    for part in _SPACE_RUN.split(line):
        if not part:
            continue
        if part.isspace():
            runs.append((False, part))
            continue
        for index, (is_run, text) in enumerate(_token_pieces(part, arabic_coverage)):
            if index:
                runs.append((False, " "))
            runs.append((is_run, text))
    merged: list[tuple[bool, str]] = []
    for is_run, text in runs:
        # Join "arabic, spaces, arabic" into one run so the phrase is shaped right to left.
        if is_run and len(merged) >= 2 and merged[-2][0] and merged[-1][1].isspace() and not merged[-1][0]:
            merged.pop()
            merged[-1] = (True, merged[-1][1] + NBSP + text)
        else:
            merged.append((is_run, text))
    return [(is_run, _edge_punctuation_for_ltr(text) if is_run else text) for is_run, text in merged]


def _edge_punctuation_for_ltr(run: str) -> str:
    """Reorder a run's outer punctuation so it lands where the Unicode bidi rules put it.

    HarfBuzz lays the whole run out right to left. In a left-to-right line, a
    comma or full stop typed after an Arabic word belongs to its right, so
    trailing punctuation moves to the run's logical start (and leading to its
    end). Mirrored pairs such as brackets are left alone: HarfBuzz mirrors them.
    """
    core = run
    lead = len(core) - len(core.lstrip(_LTR_EDGE))
    trail = len(core) - len(core.rstrip(_LTR_EDGE))
    if not lead and not trail:
        return run
    leading, core = core[:lead], core[lead:]
    trailing = core[len(core) - trail :] if trail else ""
    core = core[: len(core) - trail] if trail else core
    return trailing + core + leading


_NEWLINE = frozenset("\n")


def to_markup(
    text: str, arabic_font: str, arabic_coverage: Container[int], font_of: Callable[[str], str | None] | None = None
) -> str:
    """Return ``text`` as reportlab Paragraph markup, escaped, with Arabic-script runs in ``arabic_font``.

    Args:
        text: Any text a person typed (may contain ``<``, ``&``, newlines, any script).
        arabic_font: reportlab name of the Arabic-script font.
        arabic_coverage: Code points that font can draw.
        font_of: Names the font for a character outside Arabic-script runs (None: the body font); see
            :meth:`safeguarding.reports.styles.Styles.font_of`. None: all such text is in the body font.

    Returns:
        Markup in which every newline is ``<br/>`` and nothing the user typed is
        read as a tag.
    """
    text = clean_text(text)
    one_font = font_of is None or all(font_of(char) is None for char in set(text) - _NEWLINE)
    if one_font and not has_arabic_script(text):  # no runs to find: the usual case, done in C
        return "<br/>".join(escape(line) for line in text.split("\n"))
    lines = []
    for line in text.split("\n"):
        parts = []
        for is_run, run in script_runs(line, arabic_coverage):
            if is_run:
                parts.append(f'<font name="{arabic_font}">{escape(run)}</font>')
            else:
                parts.append(font_markup(run, font_of))
        lines.append("".join(parts))
    return "<br/>".join(lines)


def font_runs(text: str, font_of: Callable[[str], str | None] | None) -> list[tuple[str | None, str]]:
    """Split ``text`` into ``(font, text)`` runs of one font each (None: the body font)."""
    if font_of is None:
        return [(None, text)]
    pieces: list[tuple[str | None, str]] = []
    for char in text:
        font = font_of(char)
        if pieces and pieces[-1][0] == font:
            pieces[-1] = (font, pieces[-1][1] + char)
        else:
            pieces.append((font, char))
    return pieces


def font_markup(run: str, font_of: Callable[[str], str | None] | None) -> str:
    """Escape ``run``, putting each stretch of characters the body font lacks (Chinese, Hebrew...) in its font."""
    return "".join(
        f'<font name="{font}">{escape(text)}</font>' if font else escape(text) for font, text in font_runs(run, font_of)
    )


def has_right_to_left(text: str) -> bool:
    """Return True if ``text`` has any right-to-left letter (Arabic script, Hebrew...: bidi class R or AL)."""
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in set(text))


# --- Right-to-left and mixed-direction text (Unicode Bidirectional Algorithm, UAX #9) ---

_WHITESPACE = re.compile(r"\s+")


class BidiError(ValueError):
    """python-bidi gave levels this module cannot read (e.g. after an upgrade)."""


@dataclass(frozen=True)
class BidiWord:
    """One word of a bidi paragraph: a unit reportlab never splits between lines.

    Attributes:
        text: The word in logical (typed) order.
        arabic: True if the word is drawn in the Arabic-script font.
        levels: Resolved embedding level of each character (UAX #9 rules X1 to I2).
        gap_level: Level of the space before the word (unused for the first word).
    """

    text: str
    arabic: bool
    levels: tuple[int, ...]
    gap_level: int


@dataclass(frozen=True)
class BidiLine:
    """One typed line of text, which UAX #9 treats as a paragraph of its own.

    Attributes:
        base_level: 0 if the line reads left to right, 1 if right to left (rules P2, P3).
        words: The line's words in logical order.
    """

    base_level: int
    words: tuple[BidiWord, ...]


def embedding_levels(text: str) -> tuple[int, list[int]]:
    """Return the paragraph level and the resolved embedding level of each character of ``text``.

    Uses the steps of the Unicode Bidirectional Algorithm (UAX #9, rules P2 to
    I2) from python-bidi's pure-Python module ``bidi.algorithm``, which keeps
    the resolved level of every character (its Rust ``get_display`` returns
    only the reordered string).

    Args:
        text: One paragraph without newlines, not empty.

    Raises:
        BidiError: if python-bidi does not return one level per character.
    """
    storage = bidi_algorithm.get_empty_storage()
    base_level = bidi_algorithm.get_base_level(text)
    storage["base_level"] = base_level
    storage["base_dir"] = ("L", "R")[base_level]
    bidi_algorithm.get_embedding_levels(text, storage)
    bidi_algorithm.explicit_embed_and_overrides(storage)
    bidi_algorithm.resolve_weak_types(storage)
    bidi_algorithm.resolve_neutral_types(storage, False)
    bidi_algorithm.resolve_implicit_levels(storage, False)
    levels = [int(char["level"]) for char in storage["chars"]]
    if len(levels) != len(text):
        raise BidiError("Unexpected output from python-bidi.")
    return int(base_level), levels


def bidi_lines(
    text: str, arabic_coverage: Container[int], font_of: Callable[[str], str | None] | None = None
) -> list[BidiLine]:
    """Split typed text into lines of words with their bidi levels.

    Whitespace is reduced to single spaces. Each Arabic-script run (with the
    punctuation the Arabic font has, see :func:`_token_pieces`) is a word of its
    own, as are the Latin parts on either side of it. So is each run of one
    other font (``font_of``, e.g. Hebrew or Chinese), since reportlab shapes a
    word with the font of its first character.

    Raises:
        BidiError: see :func:`embedding_levels`.
    """
    lines = []
    for raw in clean_text(text).split("\n"):
        pieces = [
            (arabic, chunk)
            for token in _WHITESPACE.split(raw)
            if token
            for arabic, piece in _token_pieces(token, arabic_coverage)
            for run in ([piece] if arabic else [part for _, part in font_runs(piece, font_of)])
            for chunk in long_word_pieces(run)
        ]
        if not pieces:
            lines.append(BidiLine(0, ()))
            continue
        joined = " ".join(piece for _, piece in pieces)
        base_level, levels = embedding_levels(joined)
        words, start = [], 0
        for arabic, piece in pieces:
            gap = levels[start - 1] if start else base_level
            words.append(BidiWord(piece, arabic, tuple(levels[start : start + len(piece)]), gap))
            start += len(piece) + 1
        lines.append(BidiLine(base_level, tuple(words)))
    return lines


LONG_WORD = 20
"""Longest word of mixed-direction text printed whole; longer ones are printed in pieces (see below)."""
_PIECE = 10
_WIDE_PIECE = 5


def long_word_pieces(word: str) -> list[str]:
    """``word``, or for a word of more than :data:`LONG_WORD` characters, its pieces of 10 (5 if full-width).

    reportlab cannot cut a word of a shaped (right-to-left) paragraph across lines: a
    5,000-character word without a space ran past its table cell, over the page footer
    and the protective marking, and lost its font (empty boxes). No real word is that
    long, so such a word is printed in pieces with a space between them; every
    character is kept, in order. Full-width (Chinese, Japanese, Korean) pieces are shorter.
    """
    if len(word) <= LONG_WORD:
        return [word]
    size = _WIDE_PIECE if any(unicodedata.east_asian_width(char) in ("W", "F") for char in word[:8]) else _PIECE
    return [word[start : start + size] for start in range(0, len(word), size)]


def base_level(lines: list[BidiLine]) -> int:
    """Return the base level of the first line that has any words (0 if none)."""
    return next((line.base_level for line in lines if line.words), 0)


def _visual_order(levels: list[int]) -> list[int]:
    """Return logical indices in visual order, by UAX #9 rule L2.

    From the highest level down to the lowest odd level, every maximal
    sequence of characters at that level or higher is reversed.
    """
    items = list(enumerate(levels))
    if not items:
        return []
    lowest_odd = min(levels) | 1
    for level in range(max(levels), lowest_odd - 1, -1):
        index = 0
        while index < len(items):
            if items[index][1] < level:
                index += 1
                continue
            end = index
            while end < len(items) and items[end][1] >= level:
                end += 1
            items[index:end] = items[index:end][::-1]
            index = end
    return [logical for logical, _ in items]


def _shaped_right_to_left(text: str) -> bool:
    """Return True if HarfBuzz (as reportlab calls it) lays ``text`` out right to left.

    reportlab lets HarfBuzz guess the direction from the script of the text, so
    a word with Arabic letters or Arabic-Indic digits is laid out right to left.
    """
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    direction: str = buffer.direction
    return direction == "rtl"


def visual_words(line: BidiLine, start: int, stop: int) -> list[tuple[bool, str]]:
    """Return the words ``start:stop`` of ``line`` (one printed line) as they must be drawn.

    Rule L2 reorders the printed line's characters. Words come back in visual
    order (left to right), each as ``(arabic, text)``. ``text`` is the string to
    hand to reportlab: since HarfBuzz reverses (and mirrors) what it lays out
    right to left, such a word is given reversed and mirrored, so that HarfBuzz
    draws exactly the visual order; other words are given in visual order, with
    brackets at odd levels mirrored (rule L4).
    """
    chars: list[str] = []
    levels: list[int] = []
    owner: list[int] = []
    words = line.words[start:stop]
    for number, word in enumerate(words):
        if number:
            chars.append(" ")
            levels.append(word.gap_level)
            owner.append(-1)
        chars += word.text
        levels += word.levels
        owner += [number] * len(word.text)
    visual: dict[int, list[str]] = {}
    for index in _visual_order(levels):
        if owner[index] >= 0:
            char = chars[index]
            visual.setdefault(owner[index], []).append(MIRRORED.get(char, char) if levels[index] % 2 else char)
    result = []
    for number, drawn in visual.items():
        text = "".join(drawn)
        if _shaped_right_to_left(text):
            text = "".join(MIRRORED.get(char, char) for char in reversed(text))
        result.append((words[number].arabic, text))
    return result


def words_markup(
    words: list[tuple[bool, str]], arabic_font: str, font_of: Callable[[str], str | None] | None = None
) -> str:
    """Return ``(arabic, text)`` words as markup: escaped, space-separated, Arabic ones in ``arabic_font``,
    others in the font ``font_of`` names (see :func:`font_markup`)."""
    return " ".join(
        f'<font name="{arabic_font}">{escape(text)}</font>' if arabic else font_markup(text, font_of)
        for arabic, text in words
    )
