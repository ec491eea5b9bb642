"""File names the app suggests for exports: made from a location's (or a record's) name, valid on every system.

A location is named by people ("Brenchley Gardens / Fairmeadow", "St. Faith's
Street: the car park?"), and a file name may not hold some of those characters
on Windows, macOS or Linux. :func:`safe_file_stem` replaces each run of them with
"-"; :func:`export_file_name` builds the app's usual
"<name> - <what> - <YYYY-MM-DD>.<suffix>"; :func:`with_suffix` adds the
suffix a save dialog may have left off.

Rules (Microsoft, "Naming Files, Paths, and Namespaces"): no ``\\ / : * ? " < > |``
nor control characters; no trailing dot or space; not a reserved device name
(CON, PRN, AUX, NUL, COM1-9, LPT1-9) even with a suffix. Names are kept to
:data:`MAX_STEM` characters so that a whole path stays well inside 260.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

MAX_STEM = 80
"""Characters kept of a name (long location names are shortened, never refused)."""

_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"{port}{n}" for port in ("COM", "LPT") for n in range(1, 10))})


def safe_file_stem(name: str, fallback: str) -> str:
    """Return ``name`` made fit to start a file name (see the module docstring for the rules).

    Args:
        name: A name as typed, e.g. ``"Brenchley Gardens / Fairmeadow"``.
        fallback: Used when nothing usable is left, e.g. ``"location"``.

    Returns:
        e.g. ``"Brenchley Gardens - Fairmeadow"``; never empty, at most :data:`MAX_STEM` characters.
    """
    stem = _NOT_IN_NAMES.sub("-", " ".join(name.split()))[:MAX_STEM].rstrip(". ")  # line breaks become spaces
    if not stem.strip("-") or stem.split(".")[0].upper() in _RESERVED:
        return fallback
    return stem


def export_file_name(name: str, what: str, suffix: str, *, day: date | None = None, fallback: str = "location") -> str:
    """Return the suggested file name of an export, e.g. ``"Brenchley Gardens - action plan - 2026-12-07.csv"``.

    Args:
        name: The location's (or record's) name; made safe with :func:`safe_file_stem`.
        what: What the file is, e.g. ``"DCSM report (redacted)"``, ``"map"``.
        suffix: With its dot, e.g. ``".csv"``.
        day: The date written into the name (local date of the export), or None for none.
        fallback: The name used when ``name`` has nothing usable.
    """
    parts = [safe_file_stem(name, fallback), what, *([day.isoformat()] if day is not None else [])]
    return " - ".join(parts) + suffix


def with_suffix(path: Path, suffix: str) -> Path:
    """Return ``path`` ending in ``suffix`` (any case), adding it when a save dialog left it off.

    ``report`` becomes ``report.pdf``, and ``report.v2`` becomes ``report.v2.pdf``
    (a dot in a name is kept, never replaced).
    """
    return path if path.suffix.lower() == suffix.lower() else path.with_name(path.name + suffix)


__all__ = ["MAX_STEM", "export_file_name", "safe_file_stem", "with_suffix"]
