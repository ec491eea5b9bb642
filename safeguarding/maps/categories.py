"""Map pin categories, kept as data in ``forms/libraries/pin_categories.toml``.

A category says what a pin stands for (a CCTV camera, a hidden area, a place
young people gather), which side of the Neighbourhood Assessment Triangle it
usually evidences, and how it is drawn (a colour, a shape so the printed map
reads in greyscale, and a one- or two-character symbol). A local area can adapt
the file; a pin keeps its category id, and an id that is no longer in the file
is shown as :data:`OTHER`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safeguarding.errors import FormDefinitionError
from safeguarding.maps.pin_shapes import CIRCLE, SHAPES
from safeguarding.model import Side
from safeguarding.paths import resource_path

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
"""A category colour: ``#RRGGBB``."""

LIBRARY_KIND = "pin_categories"


@dataclass(frozen=True)
class PinCategory:
    """What a pin stands for.

    Attributes:
        id: Stable id stored with each pin, e.g. ``"cctv"``.
        side: The triangle side this kind of pin usually evidences.
        label: Name shown in the legend and lists, e.g. ``"CCTV camera"``.
        help: One sentence on when to use it.
        colour: ``#RRGGBB``.
        symbol: One or two characters drawn inside the pin.
        shape: The pin's outline, one of :data:`~safeguarding.maps.pin_shapes.SHAPES`
            (``"circle"`` when the file gives none).
    """

    id: str
    side: Side
    label: str
    help: str
    colour: str
    symbol: str
    shape: str = CIRCLE

    @property
    def rgb(self) -> tuple[int, int, int]:
        """The colour as an ``(r, g, b)`` tuple of 0..255."""
        return (int(self.colour[1:3], 16), int(self.colour[3:5], 16), int(self.colour[5:7], 16))

    @property
    def text_rgb(self) -> tuple[int, int, int]:
        """Black or white, whichever reads better on the category colour."""
        return contrast_rgb(self.rgb)

    @property
    def text_colour(self) -> str:
        """:attr:`text_rgb` as ``#rrggbb``."""
        return "#{:02x}{:02x}{:02x}".format(*self.text_rgb)


def contrast_rgb(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    """Return black for a light colour and white for a dark one (by relative luminance)."""
    luminance = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
    return (0, 0, 0) if luminance > 150 else (255, 255, 255)


OTHER = PinCategory(
    "other", Side.ENVIRONMENT, "Other", "A pin whose category is no longer defined.", "#57606a", "?", "square"
)
"""Shown for a pin whose category id is not in the file."""


@dataclass(frozen=True)
class PinCategories:
    """The loaded categories in file order.

    Attributes:
        categories: Every category, grouped by side in the order of the file.
        source: The file they came from.
    """

    categories: tuple[PinCategory, ...]
    source: Path

    def get(self, category_id: str) -> PinCategory:
        """Return the category with ``category_id``, or :data:`OTHER` if unknown."""
        return next((c for c in self.categories if c.id == category_id), OTHER)

    def __contains__(self, category_id: object) -> bool:
        return any(c.id == category_id for c in self.categories)

    def by_side(self) -> dict[Side, list[PinCategory]]:
        """Return the categories grouped by side, sides in triangle order."""
        groups: dict[Side, list[PinCategory]] = {side: [] for side in Side}
        for category in self.categories:
            groups[category.side].append(category)
        return groups


def categories_path() -> Path:
    """Return the shipped pin categories file (works frozen and from source)."""
    return resource_path("forms", "libraries", "pin_categories.toml")


def load_pin_categories(path: Path | None = None) -> PinCategories:
    """Load and check a pin categories file.

    Args:
        path: The TOML file (default: :func:`categories_path`).

    Returns:
        The categories in file order.

    Raises:
        FormDefinitionError: if the file cannot be read, is not TOML, or breaks a
            rule (unique ids; label and help present; a known side; ``#RRGGBB``
            colour; a symbol of one or two characters, used by no other category
            (issue 16: two categories drew the same letter); a known shape, if given).
            The message names the file and the entry.
    """
    path = path or categories_path()

    def fail(where: str, message: str) -> FormDefinitionError:
        return FormDefinitionError(f"Pin categories file {path.name}: {where}{': ' if where else ''}{message}")

    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise fail("", f"cannot be read ({error.strerror or error})") from error
    except UnicodeDecodeError:
        raise fail("", "is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise fail("", f"is not valid TOML ({error})") from error
    head = data.get("library")
    if not isinstance(head, dict) or head.get("kind") != LIBRARY_KIND:
        raise fail("library", f"'kind' must be '{LIBRARY_KIND}'")
    items = data.get("categories")
    if not isinstance(items, list) or not items:
        raise fail("categories", "a non-empty list of categories is missing")
    sides = {side.value for side in Side}
    seen: set[str] = set()
    symbols: dict[str, str] = {}  # symbol (upper case) -> the id of the category using it
    result: list[PinCategory] = []
    for index, item in enumerate(items):
        where = f"categories[{index}]"
        if not isinstance(item, dict):
            raise fail(where, "each category must be a table")
        values: dict[str, str] = {}
        for key in ("id", "side", "label", "help", "colour", "symbol"):
            value = item.get(key)
            if not isinstance(value, str) or not value.strip():
                raise fail(where, f"'{key}' is missing or is not text")
            values[key] = value.strip()
        if values["id"] in seen or values["id"] == OTHER.id:
            raise fail(where, f"id '{values['id']}' is used twice (or is the reserved id 'other')")
        seen.add(values["id"])
        if values["side"] not in sides:
            raise fail(where, f"side '{values['side']}' is not one of {', '.join(sorted(sides))}")
        if not COLOUR.match(values["colour"]):
            raise fail(where, f"colour '{values['colour']}' is not a colour like #1a7f37")
        if len(values["symbol"]) > 2:
            raise fail(where, f"symbol '{values['symbol']}' is longer than two characters")
        if values["symbol"].upper() in symbols:
            raise fail(
                where,
                f"symbol '{values['symbol']}' is already used by '{symbols[values['symbol'].upper()]}' "
                "(a pin is told apart by its symbol on a greyscale copy: each needs its own)",
            )
        symbols[values["symbol"].upper()] = values["id"]
        shape = item.get("shape", CIRCLE)
        if shape not in SHAPES:
            raise fail(where, f"shape '{shape}' is not one of {', '.join(SHAPES)}")
        result.append(
            PinCategory(
                id=values["id"],
                side=Side(values["side"]),
                label=values["label"],
                help=values["help"],
                colour=values["colour"].lower(),
                symbol=values["symbol"],
                shape=shape,
            )
        )
    return PinCategories(tuple(result), path)
