"""The fonts written on the report's map figures (Pillow): the report's body font, else Pillow's own.

A font is loaded once per file, pixel size and weight, and kept (per thread: a Pillow
font must not be used by two threads at once, and exports run on the thread pool).
Loading a font is cheap; its first use is not (FreeType sets the face up, about 15 ms
for the variable Noto Sans), so a fresh font for each figure paid that again and again.
"""

from __future__ import annotations

import contextlib
import threading

from PIL import ImageFont

from safeguarding.errors import SafeguardingError

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

_loaded = threading.local()


def _kept() -> dict[tuple[str, int, bool], Font]:
    """This thread's fonts by ``(file, pixel size, bold)``."""
    fonts: dict[tuple[str, int, bool], Font] | None = getattr(_loaded, "fonts", None)
    if fonts is None:
        fonts = _loaded.fonts = {}
    return fonts


def figure_font(size: int, bold: bool = False) -> Font:
    """The report's body font at ``size`` pixels (``bold``: its Bold instance); Pillow's own font if it is missing.

    The same font object is returned for the same file, size and weight on one thread; callers
    must not change it (no ``set_variation_*`` on what this returns).
    """
    try:
        from safeguarding.reports.fonts import _FONT_FILES, BODY_FONT, font_file

        package, filename = _FONT_FILES[BODY_FONT]
        path = str(font_file(package, filename))
    except (ImportError, OSError, SafeguardingError):  # fall back to Pillow's own font
        return ImageFont.load_default(size=size)
    fonts = _kept()
    key = (path, size, bold)
    font = fonts.get(key)
    if font is not None:
        return font
    try:
        loaded = ImageFont.truetype(path, size)
    except OSError:
        return ImageFont.load_default(size=size)
    if bold:
        with contextlib.suppress(OSError, ValueError):  # not a variable font: regular weight
            loaded.set_variation_by_name("Bold")
    fonts[key] = loaded
    return loaded
