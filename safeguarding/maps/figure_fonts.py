"""The fonts written on the report's map figures (Pillow): the report's body font, else Pillow's own."""

from __future__ import annotations

import contextlib

from PIL import ImageFont

from safeguarding.errors import SafeguardingError

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def figure_font(size: int, bold: bool = False) -> Font:
    """The report's body font at ``size`` pixels (``bold``: its Bold instance); Pillow's own font if it is missing."""
    try:
        from safeguarding.reports.fonts import _FONT_FILES, BODY_FONT, font_file

        package, filename = _FONT_FILES[BODY_FONT]
        font = ImageFont.truetype(str(font_file(package, filename)), size)
    except (ImportError, OSError, SafeguardingError):  # fall back to Pillow's own font
        return ImageFont.load_default(size=size)
    if bold:
        with contextlib.suppress(OSError, ValueError):  # not a variable font: regular weight
            font.set_variation_by_name("Bold")
    return font
