"""Read police.uk street-level crime files: monthly ``YYYY-MM-<force>-street.csv``, alone or in their zip.

data.police.uk publishes, per force and month, one CSV with the header::

    Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,
    LSOA code,LSOA name,Crime type,Last outcome category,Context

under the Open Government Licence v3.0. Anti-social behaviour rows have an
empty Crime ID; some rows have no position (empty Longitude/Latitude); the
Location reads "On or near <street>". The archive download is a zip of
``YYYY-MM/YYYY-MM-<force>-street.csv`` files, often with ``-outcomes`` and
``-stop-and-search`` files beside them, which are skipped.

A file is refused whole (nothing of it imported) if its header is not the
street-level header, if it mixes months (one file holds one month), or if it
names more than one reporting force. Single rows with an impossible position or
no crime type are left out and counted with the reason.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from safeguarding.errors import SafeguardingError

HEADER = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)
STREET_FILE = re.compile(r"(?:^|/)(\d{4}-\d{2})-([a-z0-9-]+?)-street\.csv$", re.IGNORECASE)
"""A street-level file name: ``YYYY-MM-<force>-street.csv`` (the force in lower case with hyphens)."""
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
MAX_REASONS = 20
"""Most refused-row reasons kept per file (the count is always exact)."""
MAX_FIELD = 500
"""Longest text kept from one field."""


class PoliceDataError(SafeguardingError):
    """A police data file cannot be imported; the message names the file and says why."""


@dataclass
class PoliceFile:
    """One month of one force's street-level records, read and checked.

    Attributes:
        name: The file's name (with its folder inside a zip).
        month: ``YYYY-MM``.
        reported_by: The force that recorded the rows (e.g. "Kent Police").
        falls_within: The force area the rows fall within.
        records: ``(latitude, longitude, crime type, location, last outcome)`` per row with a position.
        without_position: Rows with no position (kept out of the map, counted).
        refused: Rows left out for a reason (count).
        reasons: The first :data:`MAX_REASONS` reasons, e.g. "row 57: latitude 'abc' is not a number".
    """

    name: str
    month: str
    reported_by: str
    falls_within: str
    records: list[tuple[float, float, str, str, str]] = field(default_factory=list)
    without_position: int = 0
    refused: int = 0
    reasons: list[str] = field(default_factory=list)

    def refuse_row(self, reason: str) -> None:
        """Count a row left out, keeping the first reasons."""
        self.refused += 1
        if len(self.reasons) < MAX_REASONS:
            self.reasons.append(reason)


def _coordinate(text: str, limit: float) -> float:
    value = float(text)
    if not -limit <= value <= limit:
        raise ValueError(text)
    return value


def _read_row(
    parsed: PoliceFile, number: int, lat_text: str, lon_text: str, crime_type: str, location: str, outcome: str
) -> None:
    """Keep one row's record, or count it as without a position or refused."""
    if not crime_type:
        parsed.refuse_row(f"line {number}: no crime type")
        return
    if not lat_text and not lon_text:
        parsed.without_position += 1
        return
    try:
        latitude = _coordinate(lat_text, 90.0)
        longitude = _coordinate(lon_text, 180.0)
    except ValueError:
        parsed.refuse_row(f"line {number}: position '{lat_text}, {lon_text}' is not a possible latitude and longitude")
        return
    parsed.records.append(
        (latitude, longitude, crime_type[:MAX_FIELD], location[:MAX_FIELD] or "No location", outcome[:MAX_FIELD])
    )


def read_police_csv(name: str, stream: IO[str]) -> PoliceFile:
    """Read one street-level CSV.

    Args:
        name: The file's name, for messages.
        stream: The text (UTF-8; a byte-order mark is allowed).

    Returns:
        The checked file.

    Raises:
        PoliceDataError: the header is not the street-level header, the file
            holds no rows, mixes months or reporting forces, or is not text.
    """
    reader = csv.reader(stream)
    try:
        header = next(reader, None)
    except (csv.Error, UnicodeDecodeError) as error:
        raise PoliceDataError(f"{name} is not a readable CSV file ({error}).") from error
    if header is None:
        raise PoliceDataError(f"{name} is empty.")
    header = [cell.lstrip("\ufeff").strip() for cell in header]
    if tuple(header) != HEADER:
        raise PoliceDataError(
            f"{name} is not a police.uk street-level crime file: its first line should be "
            f"'{','.join(HEADER)}' but is '{','.join(header)[:200]}'. Use the '-street.csv' files "
            "(not the outcomes or stop and search files)."
        )
    parsed = PoliceFile(name, "", "", "")
    months: set[str] = set()
    forces: set[str] = set()
    try:
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(HEADER):
                parsed.refuse_row(f"line {number}: {len(row)} columns instead of {len(HEADER)}")
                continue
            _, month, reported_by, falls_within, lon_text, lat_text, location, _, _, crime_type, outcome, _ = (
                cell.strip() for cell in row
            )
            months.add(month)
            forces.add(reported_by)
            if len(months) > 1 or len(forces) > 1:
                break
            if not parsed.month:
                parsed.month, parsed.reported_by, parsed.falls_within = month, reported_by, falls_within
            _read_row(parsed, number, lat_text, lon_text, crime_type, location, outcome)
    except (csv.Error, UnicodeDecodeError) as error:
        raise PoliceDataError(
            f"{name} could not be read as a CSV file ({error}); nothing of it was imported."
        ) from error
    if len(months) > 1:
        shown = ", ".join(sorted(months)[:4])
        raise PoliceDataError(
            f"{name} mixes months ({shown}): a police.uk street file holds one month, so this file has been "
            "changed or joined with another. Nothing of it was imported; import the monthly files as downloaded."
        )
    if len(forces) > 1:
        shown = ", ".join(sorted(forces)[:4])
        raise PoliceDataError(
            f"{name} mixes forces ({shown}): a police.uk street file holds one force's records. Nothing of it was "
            "imported; import the monthly files as downloaded."
        )
    if not parsed.month:
        raise PoliceDataError(f"{name} holds no records.")
    if not MONTH.match(parsed.month):
        raise PoliceDataError(f"{name} gives the month as '{parsed.month}' instead of YYYY-MM; nothing was imported.")
    if not parsed.reported_by:
        raise PoliceDataError(f"{name} does not say which force reported its records; nothing was imported.")
    return parsed


def read_police_bytes(name: str, data: bytes) -> PoliceFile:
    """Read one street-level CSV from its bytes (UTF-8, with or without a byte-order mark).

    Raises:
        PoliceDataError: as :func:`read_police_csv`, or the bytes are not UTF-8 text.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PoliceDataError(f"{name} is not a text (UTF-8) file, so it is not a police.uk CSV.") from error
    return read_police_csv(name, io.StringIO(text, newline=""))


@dataclass
class Source:
    """A file to read: a CSV on disk, or a member of a zip archive."""

    name: str
    read: Callable[[], bytes]


@dataclass
class Gathered:
    """The CSV files found among the paths the user chose.

    Attributes:
        sources: Street-level files to read, in name order.
        skipped: Files that are not street-level files (outcomes, stop and search, others), by name.
        broken: ``(name, reason)`` of files or archives that cannot be read at all.
    """

    sources: list[Source] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    broken: list[tuple[str, str]] = field(default_factory=list)


def _zip_members(path: Path, gathered: Gathered) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        gathered.broken.append(
            (path.name, "is not a complete zip archive (it may not have finished downloading); download it again")
        )
        return
    except OSError as error:
        gathered.broken.append((path.name, f"cannot be read ({error.strerror or error})"))
        return
    with archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
    for info in sorted(infos, key=lambda i: i.filename):
        member = f"{path.name}: {info.filename}"
        if not STREET_FILE.search(info.filename):
            gathered.skipped.append(member)
            continue

        def read(info: zipfile.ZipInfo = info) -> bytes:
            with zipfile.ZipFile(path) as again:
                return again.read(info)  # checks the member's CRC: a damaged member raises BadZipFile

        gathered.sources.append(Source(member, read))


def gather(paths: list[Path]) -> Gathered:
    """Find the street-level CSV files among ``paths`` (CSV files and zip archives of them).

    A CSV is read whatever its name (its header decides); inside a zip only
    members named ``YYYY-MM-<force>-street.csv`` are read, the rest are listed
    as skipped.
    """
    gathered = Gathered()
    for path in paths:
        path = Path(path)
        try:
            with path.open("rb") as handle:
                head = handle.read(4)
        except OSError as error:
            gathered.broken.append((path.name, f"cannot be read ({error.strerror or error})"))
            continue
        if head.startswith(b"PK"):
            _zip_members(path, gathered)
        else:
            gathered.sources.append(Source(path.name, path.read_bytes))
    return gathered


def read_source(source: Source) -> PoliceFile:
    """Read and check one gathered file.

    Raises:
        PoliceDataError: the file is refused (message says why).
    """
    try:
        data = source.read()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error) as error:
        raise PoliceDataError(
            f"{source.name} is damaged inside the zip archive ({error}); nothing was imported."
        ) from error
    except OSError as error:
        raise PoliceDataError(f"{source.name} cannot be read ({error.strerror or error}).") from error
    return read_police_bytes(source.name, data)


def iter_months(first: str, last: str) -> Iterator[str]:
    """``YYYY-MM`` months from ``first`` to ``last`` inclusive."""
    year, month = int(first[:4]), int(first[5:7])
    while f"{year:04d}-{month:02d}" <= last:
        yield f"{year:04d}-{month:02d}"
        month += 1
        if month > 12:
            year, month = year + 1, 1
