"""Pin numbers written short for the map figure: runs as ranges, and a count for what does not fit.

A crowd's box and a legend line have a fixed amount of room, whatever the number of pins.
Consecutive numbers are written as one range ("3–7"), and when even the ranges do not fit
in the lines allowed, the first ones are kept and the rest counted ("1–12, 15, … and 980
more"). The report's pin table lists every pin, so the figure loses nothing the paper lacks.
Numbers in the list carry no thousands separator (in a list split by commas, "999, 1,000"
would read as three numbers); the counts outside it do ("… and 1,245 more").
"""

from __future__ import annotations

from collections.abc import Callable

DASH = "–"
"""Between the ends of a range (an en dash, as in "3–7")."""


def number_ranges(numbers: list[int]) -> list[str]:
    """Numbers as ascending pieces, runs of consecutive numbers as one ``"first–last"`` piece.

    Two consecutive numbers stay two pieces ("3, 4": no shorter as "3–4"). Duplicates are
    dropped; the order given does not matter. ``[]`` gives ``[]``.
    """
    pieces: list[str] = []
    ordered = sorted(set(numbers))
    start = 0
    for end in range(len(ordered)):
        if end + 1 < len(ordered) and ordered[end + 1] == ordered[end] + 1:
            continue
        first, last = ordered[start], ordered[end]
        if last - first >= 2:
            pieces.append(f"{first}{DASH}{last}")
        else:
            pieces += [str(n) for n in range(first, last + 1)]
        start = end + 1
    return pieces


def _count(piece: str) -> int:
    """How many numbers a piece of :func:`number_ranges` stands for."""
    if DASH in piece:
        first, last = piece.split(DASH)
        return int(last) - int(first) + 1
    return 1


def wrap_pieces(pieces: list[str], prefix: str, fits: Callable[[str], bool]) -> list[str]:
    """Join ``prefix`` and the pieces with ", " into lines that each satisfy ``fits``.

    A line ends with its comma; a piece too long for a line on its own gets a line anyway
    (the caller's check of the whole then fails and it shortens).
    """
    lines: list[str] = []
    current = prefix
    for k, piece in enumerate(pieces):
        word = piece + ("," if k + 1 < len(pieces) else "")
        candidate = f"{current} {word}".strip() if current else word
        if current and not fits(candidate):
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


def fit_numbers(
    numbers: list[int], fits: Callable[[str], bool], max_lines: int, prefix: str = ""
) -> tuple[list[str], int]:
    """The numbers as at most ``max_lines`` lines that each satisfy ``fits``, shortened with a count if need be.

    Args:
        numbers: Pin numbers (any order).
        fits: Whether a line of text has room (e.g. its width in pixels against the box's).
        max_lines: Most lines allowed (at least 1).
        prefix: Words before the first number ("Pins"), kept on the first line if it fits.

    Returns:
        ``(lines, left_out)``: the lines, and how many numbers they do not show (written at the
        end as "… and N more"; 0 when every number is shown). With no room even for one piece,
        the lines are just the count ("1000 pins").
    """
    max_lines = max(1, max_lines)
    pieces = number_ranges(numbers)
    lines = wrap_pieces(pieces, prefix, fits)
    if len(lines) <= max_lines and all(fits(line) for line in lines):
        return lines, 0
    total = len(set(numbers))
    low, high = 0, len(pieces) - 1  # the most pieces kept, found by bisection (fewer pieces never need more room)
    best: list[str] | None = None
    while low <= high:
        keep = (low + high) // 2
        shown = sum(_count(piece) for piece in pieces[:keep])
        tail = f"… and {total - shown:,} more"
        trial = wrap_pieces([*pieces[:keep], tail], prefix, fits)
        if len(trial) <= max_lines and all(fits(line) for line in trial):
            best, low = trial, keep + 1
        else:
            high = keep - 1
    if best is None:
        return [f"{total:,} pins"], total
    shown = sum(_count(piece) for piece in pieces[: max(0, low - 1)])
    return best, total - shown
