"""police.uk street-level files made on the spot, in the real format, with the real quirks.

Each file has police.uk's header, one month, one reporting force; crimes have a
64-hex-digit Crime ID, anti-social behaviour rows an empty one; a share of rows
has no position; positions are drawn from a fixed pool of "anonymous map points"
so several records share a point, as on police.uk. Street names are invented.
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
import zipfile
from pathlib import Path

from safeguarding.crime.police_csv import HEADER
from safeguarding.crime.summary import CRIME_TYPES

OUTCOMES = (
    "Investigation complete; no suspect identified",
    "Unable to prosecute suspect",
    "Under investigation",
    "Offender given a caution",
    "Status update unavailable",
)


def map_points(centre: tuple[float, float], count: int, spread: float, seed: int = 7) -> list[tuple[float, float, str]]:
    """``count`` anonymous points around ``centre`` (within ``spread`` degrees), each on an invented street."""
    rng = random.Random(seed)
    lat, lon = centre
    return [
        (round(lat + rng.uniform(-spread, spread), 6), round(lon + rng.uniform(-spread, spread) * 1.6, 6),
         f"On or near Fictional Road {rng.randint(1, 60)}")
        for _ in range(count)
    ]  # fmt: skip


def street_rows(
    month: str,
    count: int,
    points: list[tuple[float, float, str]],
    *,
    force: str = "Kent Police",
    seed: int = 1,
    asb_share: float = 0.3,
    no_position_share: float = 0.02,
) -> list[list[str]]:
    """``count`` rows of one month in police.uk's column order."""
    rng = random.Random(f"{month}-{seed}")
    rows = []
    for index in range(count):
        kind = "Anti-social behaviour" if rng.random() < asb_share else rng.choice(CRIME_TYPES[1:])
        crime_id = (
            "" if kind == "Anti-social behaviour" else hashlib.sha256(f"{month}{seed}{index}".encode()).hexdigest()
        )
        if rng.random() < no_position_share:
            lon = lat = ""
            location = "No Location"
        else:
            plat, plon, location = rng.choice(points)
            lat, lon = f"{plat:.6f}", f"{plon:.6f}"
        outcome = "" if not crime_id else rng.choice(OUTCOMES)
        rows.append(
            [crime_id, month, force, force, lon, lat, location, "E01024395", "Maidstone 008A", kind, outcome, ""]
        )
    return rows


def csv_text(rows: list[list[str]], header: tuple[str, ...] = HEADER) -> str:
    """The CSV as police.uk writes it (comma-separated, CRLF line ends, quoting where needed)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def write_street_csv(folder: Path, month: str, rows: list[list[str]], force_slug: str = "kent") -> Path:
    """Write ``YYYY-MM-<force>-street.csv`` into ``folder``."""
    path = folder / f"{month}-{force_slug}-street.csv"
    path.write_text(csv_text(rows), encoding="utf-8", newline="")
    return path


def write_archive(path: Path, files: dict[str, str]) -> Path:
    """A zip like police.uk's download: ``{member name: text}`` (e.g. ``2025-01/2025-01-kent-street.csv``)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


def months_of(first: str, count: int) -> list[str]:
    """``count`` consecutive months from ``first`` (``YYYY-MM``)."""
    year, month = int(first[:4]), int(first[5:7])
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return out
