"""Find and register the Unicode fonts embedded in reports.

Reports never use reportlab's built-in Helvetica for text a person typed: it has
no Polish, Romanian, Cyrillic, Arabic or Urdu letters. The fonts come from the
PyPI packages ``fontpkg-noto-sans`` (Latin, Greek, Cyrillic) and
``fontpkg-noto-sans-arabic`` (Arabic and Urdu), which ship *variable* TrueType
files; reportlab's ``TTFont`` reads their default instance, which is Regular
(weight 400). Bold is drawn by :mod:`safeguarding.reports.flowables` with a thin
outline (text render mode "fill and stroke") because reportlab cannot select
another weight of a variable font and ``fontTools`` is not a dependency.

:func:`register_fonts` registers them once per process (the result is cached)
and works from source and when frozen by PyInstaller (``sys._MEIPASS``).
"""

from __future__ import annotations

import functools
import importlib
import sys
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from safeguarding.errors import ExportError

BODY_FONT = "NotoSans"
"""reportlab name of the body font (Latin, Greek, Cyrillic)."""
ITALIC_FONT = "NotoSans-Italic"
"""reportlab name of the italic body font."""
ARABIC_FONT = "NotoSansArabic"
"""reportlab name of the Arabic-script font (Arabic, Urdu, Persian)."""

_FONT_FILES: dict[str, tuple[str, str]] = {
    BODY_FONT: ("fontpkg_noto_sans", "NotoSans[wdth,wght].ttf"),
    ITALIC_FONT: ("fontpkg_noto_sans", "NotoSans-Italic[wdth,wght].ttf"),
    ARABIC_FONT: ("fontpkg_noto_sans_arabic", "NotoSansArabic[wdth,wght].ttf"),
}


@dataclass(frozen=True)
class ReportFonts:
    """The registered report fonts.

    Attributes:
        body, italic, arabic: reportlab font names to use in styles and markup.
        arabic_coverage: Unicode code points the Arabic font has glyphs for
            (letters, Arabic-Indic digits and common punctuation).
        body_coverage: Unicode code points the body font has glyphs for.
    """

    body: str
    italic: str
    arabic: str
    arabic_coverage: frozenset[int]
    body_coverage: frozenset[int] = frozenset()


def font_file(package: str, filename: str) -> Path:
    """Return the path of a font file shipped by a ``fontpkg-*`` package.

    Looks in the package's ``files`` folder (``<package>.ROOT / "files"``) and,
    when frozen by PyInstaller, also under ``sys._MEIPASS/<package>/files`` and
    ``sys._MEIPASS/fonts``.

    Args:
        package: Import name of the font package, e.g. ``"fontpkg_noto_sans"``.
        filename: File name inside its ``files`` folder.

    Raises:
        ExportError: if the file is in none of those places.
    """
    candidates: list[Path] = []
    try:
        module = importlib.import_module(package)
    except ImportError:
        module = None
    root = getattr(module, "ROOT", None)
    if root is not None:
        candidates.append(Path(root) / "files" / filename)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates += [Path(bundle) / package / "files" / filename, Path(bundle) / "fonts" / filename]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise ExportError(
        f"The report font {filename} is missing, so the report cannot be made. "
        "Please reinstall the Location Assessment Tool."
    )


@functools.cache
def register_fonts() -> ReportFonts:
    """Register the report fonts with reportlab (once per process) and return their names.

    Raises:
        ExportError: if a font file is missing or cannot be read. A failure is
            not cached, so a later call tries again.
    """
    loaded: dict[str, TTFont] = {}
    for name, (package, filename) in _FONT_FILES.items():
        path = font_file(package, filename)
        try:
            loaded[name] = TTFont(name, str(path))
        except (OSError, TTFError) as error:
            raise ExportError(f"The report font {filename} cannot be read ({error}).") from error
        pdfmetrics.registerFont(loaded[name])
    pdfmetrics.registerFontFamily(
        BODY_FONT, normal=BODY_FONT, bold=BODY_FONT, italic=ITALIC_FONT, boldItalic=ITALIC_FONT
    )
    glyphs: dict[int, int] = loaded[ARABIC_FONT].face.charToGlyph
    coverage = frozenset(code for code in glyphs if code < 0xE000 or code > 0xF8FF)
    body: dict[int, int] = loaded[BODY_FONT].face.charToGlyph
    return ReportFonts(
        body=BODY_FONT,
        italic=ITALIC_FONT,
        arabic=ARABIC_FONT,
        arabic_coverage=coverage,
        body_coverage=frozenset(code for code in body if code < 0xE000 or code > 0xF8FF),
    )
