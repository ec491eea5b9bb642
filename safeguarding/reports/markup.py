"""Turn text a person typed into safe reportlab Paragraph markup.

Two jobs:

* **Escaping.** reportlab Paragraphs read a small XML-like markup, so ``&``,
  ``<`` and ``>`` are escaped (a note containing ``<script>`` or ``<b>`` prints
  literally), control characters are dropped and newlines become ``<br/>``.
* **Font fallback per script run.** The body font has no Arabic-script letters,
  so each run of Arabic, Urdu or Persian text is wrapped in
  ``<font name="NotoSansArabic">``. reportlab shapes (joins and orders right to
  left) each *word* with the font of its first character, and fails when a word
  mixes two fonts, so every run is made a word of its own: touching punctuation
  the Arabic font has is taken into the run, and a space is put
  between the run and any touching Latin letter. Consecutive Arabic-script words
  are joined with no-break spaces, so HarfBuzz shapes the whole phrase in one
  right-to-left buffer and the words come out in the right order (a long phrase
  therefore moves to the next line as a whole).

Paragraphs whose markup contains an Arabic-script run need ``shaping=1`` on
their style; :func:`has_arabic_script` tells which.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container
from xml.sax.saxutils import escape

NBSP = "\u00a0"

_ARABIC_RANGES = (
    (0x0600, 0x06FF),  # Arabic (includes Urdu letters such as ٹ ڈ ڑ ں ے)
    (0x0750, 0x077F),  # Arabic Supplement
    (0x0870, 0x08FF),  # Arabic Extended-B and -A
    (0xFB50, 0xFDFF),  # Arabic Presentation Forms-A
    (0xFE70, 0xFEFF),  # Arabic Presentation Forms-B
)
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
    return any(is_arabic_script(char) for char in text)


def clean_text(text: str) -> str:
    """Normalise line endings and drop control characters other than newline and tab."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(char for char in text if char in "\n\t" or unicodedata.category(char) != "Cc")


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


def to_markup(text: str, arabic_font: str, arabic_coverage: Container[int]) -> str:
    """Return ``text`` as reportlab Paragraph markup, escaped, with Arabic-script runs in ``arabic_font``.

    Args:
        text: Any text a person typed (may contain ``<``, ``&``, newlines, any script).
        arabic_font: reportlab name of the Arabic-script font.
        arabic_coverage: Code points that font can draw.

    Returns:
        Markup in which every newline is ``<br/>`` and nothing the user typed is
        read as a tag.
    """
    lines = []
    for line in clean_text(text).split("\n"):
        parts = []
        for is_run, run in script_runs(line, arabic_coverage):
            if is_run:
                parts.append(f'<font name="{arabic_font}">{escape(run)}</font>')
            else:
                parts.append(escape(run))
        lines.append("".join(parts))
    return "<br/>".join(lines)
