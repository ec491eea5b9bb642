"""The legend panel of the report's map figures (:mod:`safeguarding.maps.static`)."""

from __future__ import annotations

from PIL import ImageDraw

from safeguarding.maps.categories import PinCategories, PinCategory
from safeguarding.maps.figure_fonts import Font, figure_font
from safeguarding.maps.number_lists import fit_numbers
from safeguarding.maps.pin_shapes import outline
from safeguarding.model import MapPin

BOUNDARY_LINE = (26, 95, 180)
INK = (30, 30, 30)
NUMBER_LINES = 2
"""Most lines of pin numbers under a kind (ranges, counted past what fits): the kinds come first."""


def draw_legend(
    draw: ImageDraw.ImageDraw,
    pins: list[MapPin],
    categories: PinCategories,
    has_boundary: bool,
    origin: tuple[int, int],
    title_font: Font,
    font: Font,
) -> list[str]:
    """Boundary, then each category in use: its shape and colour, its name, and the numbers of its pins.

    Listing the numbers makes the legend readable in greyscale: a pin is found by
    its number whatever its colour. Runs of numbers are written as ranges and, past
    :data:`NUMBER_LINES` lines, counted ("Pins 1–12, 15, … and 980 more"), so a kind
    with many pins does not push the other kinds out. When the panel has no room for every category,
    the last lines name the ones left out ("2 more kinds: Shop front and Bus stop.");
    the figure may stand where no pin table is (the meeting pack's front sheet).

    Returns:
        The lines of text written, top to bottom.
    """
    x, y = origin
    written = ["Legend"]
    draw.text((x, y), "Legend", font=title_font, fill=INK)
    y += 40
    if has_boundary:
        draw.rectangle((x, y, x + 26, y + 18), fill=(212, 224, 240), outline=BOUNDARY_LINE, width=3)
        draw.text((x + 38, y + 9), "Boundary of the place", font=font, fill=INK, anchor="lm")
        written.append("Boundary of the place")
        y += 34
    numbers: dict[str, list[int]] = {}
    used: list[PinCategory] = []
    for number, pin in enumerate(pins, start=1):
        category = categories.get(pin.category)
        if category not in used:
            used.append(category)
        numbers.setdefault(category.id, []).append(number)
    small = figure_font(16)
    right = draw.im.size[0] - 8
    bottom = draw.im.size[1] - 8
    for index, category in enumerate(used):
        prefix = "Pin" if len(numbers[category.id]) == 1 else "Pins"
        lines, _ = fit_numbers(
            numbers[category.id], lambda line: draw.textlength(line, font=small) <= right - x - 38, NUMBER_LINES, prefix
        )
        after = _more_kinds(draw, used[index + 1 :], small, right - x)
        needed = 36 + 20 * (len(lines) + len(after)) if after else 26 + 20 * len(lines)
        if y + needed > bottom:
            left_out = _more_kinds(draw, used[index:], small, right - x)
            room = max(1, int((bottom - y - 4) // 20))
            if len(left_out) > room:
                left_out = [*left_out[: room - 1], left_out[room - 1] + " …"]
            for line in left_out:
                draw.text((x, y + 4), line, font=small, fill=INK)
                y += 20
            return written + left_out
        centre = (x + 13, y + 12)
        corners = outline(category.shape, *centre, 11)
        if corners:
            draw.polygon(corners, fill=category.rgb, outline=INK, width=1)
        else:
            draw.ellipse((x + 2, y + 1, x + 24, y + 23), fill=category.rgb, outline=INK, width=1)
        draw.text((x + 38, y + 12), category.label, font=font, fill=INK, anchor="lm")
        written += [category.label, *lines]
        for line in lines:
            y += 20
            draw.text((x + 38, y + 12), line, font=small, fill=(80, 80, 80), anchor="lm")
        y += 32
    if not used:
        draw.text((x, y), "No pins yet.", font=font, fill=(90, 90, 90))
        written.append("No pins yet.")
    return written


def more_kinds_words(labels: list[str]) -> str:
    """The legend's last line naming the kinds it has no room for: "2 more kinds: Shop front and Bus stop."."""
    if not labels:
        return ""
    names = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"
    return f"{len(labels)} more {'kind' if len(labels) == 1 else 'kinds'}: {names}."


def _more_kinds(draw: ImageDraw.ImageDraw, left_out: list[PinCategory], font: Font, width: float) -> list[str]:
    return wrap_text(draw, more_kinds_words([category.label for category in left_out]), font, width)


def wrap_text(draw: ImageDraw.ImageDraw, text: str, font: Font, width: float) -> list[str]:
    """Break ``text`` at spaces into lines at most ``width`` pixels wide."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}".strip()
        if current and draw.textlength(candidate, font=font) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines
