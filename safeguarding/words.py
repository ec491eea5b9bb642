"""Counts and sizes in words: "1 change", "3 changes", "23 KB", never "change(s)" or "23213 bytes".

Issue 16 (a practitioner's first week): "(s)" plurals and sizes written two ways on the
same screen read as jargon. Every count and file size shown to users goes through here,
and so does the one rule for finding rows by the words typed in a find box (:func:`has_words`).
"""

from __future__ import annotations

import re


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` with the noun that fits it, e.g. ``counted(1, "change")`` is ``"1 change"``.

    Args:
        count: How many (any integer; 0 takes the plural, as in "0 changes").
        singular: The noun for one, e.g. ``"assessment"``.
        plural: The noun for any other count; ``singular + "s"`` when not given.
    """
    noun = singular if count == 1 else (plural if plural is not None else f"{singular}s")
    return f"{count:,} {noun}"


def size_in_words(byte_count: int) -> str:
    """A file size in one format: bytes below 1 KB, then KB, MB, GB (1 KB = 1,024 bytes), e.g. ``"22.7 KB"``.

    Raises:
        ValueError: if ``byte_count`` is negative.
    """
    if byte_count < 0:
        raise ValueError(f"a size cannot be negative ({byte_count})")
    if byte_count < 1024:
        return counted(byte_count, "byte")
    size = float(byte_count)
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            return f"{size:.1f} {unit}" if size < 100 else f"{size:,.0f} {unit}"
    raise AssertionError("unreachable")


def has_words(typed: str, *fields: str) -> bool:
    """True if every word of ``typed`` is part of one of ``fields`` (any case, any order); ``""`` matches all.

    The rule of the DCSM register's find box (moved here from :mod:`safeguarding.meetings.register`),
    shared by the main window's locations list: ``"week north"`` finds "North Week Street".
    """
    words = typed.casefold().split()
    haystack = " ".join(fields).casefold()
    return all(word in haystack for word in words)


_NUMBER = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that orders text as a reader expects: any case, and numbers by their value.

    "Ward 2" sorts before "Ward 10", and "place 9" before "Place 10" (a plain text sort puts
    "Ward 10" to "Ward 19" before "Ward 2": a tester sorting 500 locations by ward). Each run
    of digits counts as its number, the rest as case-folded text.
    """
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in _NUMBER.split(text.casefold()) if part != ""
    )
