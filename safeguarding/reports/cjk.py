"""Chinese, Japanese, Korean and Hebrew text in reports: a small font made for each document.

The report's Noto Sans has no Han, kana or Hangul, so such text printed as empty
boxes. The PyPI package ``justmytype-intl-cjk`` ships Google Fonts' Noto Sans SC
(Chinese, simplified and most traditional characters, and Japanese kana) and
Noto Sans KR (Korean) as variable TrueType files of 10-18 MB whose default
instance is the Thin weight. Embedding them whole would make every PDF huge and
faint, so for each document :class:`CjkText` collects the characters its
paragraphs print and, just before layout, cuts the font down to those characters
and sets it to the Regular weight (``fontTools``: subset, then instancer), about
0.7 s when a document has any such text and nothing otherwise. reportlab then
embeds a subset of that small font, as it does for every font.

Hebrew is done the same way: ``justmytype-intl-rtl`` ships Noto Sans Hebrew (SIL OFL 1.1)
as a variable font whose default instance is also Thin.

A paragraph names the per-document font before the font exists (the markup is
made first), so the name is mapped in reportlab's font families at once
(:func:`reportlab.lib.fonts.addMapping`) and the font registered by
:meth:`CjkText.register`, which every PDF export calls before ``build``.
"""

from __future__ import annotations

import functools
import importlib
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from safeguarding.errors import ExportError
from safeguarding.model import new_id

REGULAR_WEIGHT = 400
_FILES = {
    "sc": ("justmytype_intl_cjk", "fonts/ofl/notosanssc", "NotoSansSC[wght].ttf"),
    "kr": ("justmytype_intl_cjk", "fonts/ofl/notosanskr", "NotoSansKR[wght].ttf"),
    "he": ("justmytype_intl_rtl", "fonts/ofl/notosanshebrew", "NotoSansHebrew[wdth,wght].ttf"),
}
"""The fonts tried in order for each character: Chinese (with Japanese kana), Korean, then Hebrew."""
_FAMILY = {"sc": "NotoSansCJKSC", "kr": "NotoSansCJKKR", "he": "NotoSansHebrew"}
_WHAT = {"sc": "Chinese and Japanese", "kr": "Korean", "he": "Hebrew"}

_RANGES = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK and Kangxi radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x31FF),  # Bopomofo, Hangul compatibility Jamo, Kanbun, Katakana extensions
    (0x3200, 0x33FF),  # enclosed and compatibility forms
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xA960, 0xA97F),  # Hangul Jamo Extended-A
    (0xAC00, 0xD7FF),  # Hangul syllables, Jamo Extended-B
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half-width and full-width forms
    (0x20000, 0x3134F),  # supplementary ideographs
)


def is_cjk(char: str) -> bool:
    """True if ``char`` is Chinese, Japanese or Korean script or punctuation (drawn by the CJK font)."""
    code = ord(char)
    return any(low <= code <= high for low, high in _RANGES)


def has_cjk(text: str) -> bool:
    """True if ``text`` holds any character :func:`is_cjk` accepts."""
    return any(is_cjk(char) for char in text)


def cjk_font_file(which: str) -> Path:
    """The variable TrueType file of one font (``"sc"``, ``"kr"`` or ``"he"``), from source or a PyInstaller bundle.

    Raises:
        ExportError: the font is not installed.
    """
    package, folder, name = _FILES[which]
    candidates: list[Path] = []
    try:
        module = importlib.import_module(package)
    except ImportError:
        module = None
    if module is not None and module.__file__:
        candidates.append(Path(module.__file__).parent / folder / name)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / package / folder / name)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise ExportError(
        f"The report font {name} (for {_WHAT[which]} text) is missing, so the report cannot be made. "
        "Please reinstall the Location Assessment Tool."
    )


@functools.cache
def _coverage(which: str) -> frozenset[int]:
    """Code points the font has glyphs for (read once per process)."""
    from fontTools.ttLib import TTFont as FontFile

    with FontFile(str(cjk_font_file(which)), lazy=True) as font:
        return frozenset(font.getBestCmap())


def small_font(which: str, chars: set[str], name: str = "") -> bytes:
    """A TrueType font of just ``chars`` from one font of :data:`_FILES`, at the Regular weight and normal width.

    Each document's font has a name of its own (reportlab keeps typefaces by name
    for the whole process: two fonts both called "NotoSansSC-Thin" would share one
    glyph table, and the second document would draw empty boxes).

    Raises:
        ExportError: the font is missing or cannot be read.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont as FontFile
    from fontTools.ttLib import TTLibError
    from fontTools.varLib import instancer

    try:
        font = FontFile(str(cjk_font_file(which)))
        options = subset.Options()
        options.notdef_outline = True
        options.name_IDs = ["*"]
        cutter = subset.Subsetter(options)
        cutter.populate(text="".join(sorted(chars)))
        cutter.subset(font)
        if "fvar" in font:
            axes = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
            font = instancer.instantiateVariableFont(font, {**axes, "wght": REGULAR_WEIGHT})
        if name:
            table = font["name"]
            table.names = [record for record in table.names if record.nameID not in (1, 3, 4, 6)]
            for name_id in (1, 3, 4, 6):
                table.setName(name, name_id, 3, 1, 0x409)
        out = io.BytesIO()
        font.save(out)
    except (OSError, TTLibError, ValueError, KeyError, AssertionError) as error:
        raise ExportError(f"The report font for {_WHAT[which]} text cannot be read ({error}).") from error
    return out.getvalue()


@dataclass
class CjkText:
    """The Chinese, Japanese, Korean and Hebrew characters one document prints, and the fonts made for them.

    Attributes:
        names: The reportlab font name of each font in this document (unique per document,
            so two exports at once never share one).
        chars: The characters collected per font.
    """

    names: dict[str, str] = field(default_factory=dict)
    chars: dict[str, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        tag = new_id()[:10]
        for which in _FILES:
            name = f"{_FAMILY[which]}-{tag}"
            self.names[which] = name
            self.chars[which] = set()
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(name, bold, italic, name)

    def font_for(self, char: str) -> str | None:
        """The font name to draw ``char`` with (and remember it), or None if none of these fonts has it."""
        code = ord(char)
        for which in _FILES:
            try:
                covered = code in _coverage(which)
            except ExportError:
                return None  # the report says the font is missing when it registers
            if covered:
                self.chars[which].add(char)
                return self.names[which]
        return None

    def covers(self, char: str) -> bool:
        """True if one of these fonts can draw ``char`` (nothing is remembered)."""
        code = ord(char)
        for which in _FILES:
            try:
                if code in _coverage(which):
                    return True
            except ExportError:
                return False
        return False

    def register(self) -> None:
        """Make and register the fonts for the characters collected (nothing when there are none).

        Raises:
            ExportError: a needed font is missing or cannot be read.
        """
        for which, chars in self.chars.items():
            if chars and self.names[which] not in pdfmetrics.getRegisteredFontNames():
                name = self.names[which]
                pdfmetrics.registerFont(TTFont(name, io.BytesIO(small_font(which, chars, name))))
