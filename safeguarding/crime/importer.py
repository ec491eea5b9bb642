"""Import police.uk files (CSV or zip, one or many) into the database, file by file, and report what happened.

Each street-level file is read and checked whole before anything of it is
stored (:func:`~safeguarding.crime.police_csv.read_police_csv`); a refused file
leaves the database as it was. Files that were imported stay imported if a
later file is refused. The report says, per file, the month, the force and the
rows imported, how many rows had no position, and which rows or files were
refused and why: the command line prints it, the window shows it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from safeguarding.crime.police_csv import Gathered, PoliceDataError, PoliceFile, gather, read_source
from safeguarding.progress import Progress, no_progress
from safeguarding.store.crime import CrimeImport, CrimeRepository
from safeguarding.words import counted


@dataclass
class ImportReport:
    """What an import did.

    Attributes:
        imported: One entry per file stored (month, force, counts; ``replaced`` if it replaced a copy).
        refused: ``(file name, reason)`` of files of which nothing was imported.
        skipped: Files in a zip that are not street-level files (outcomes, stop and search...).
        row_reasons: ``{file name: [reason, ...]}`` for rows left out of imported files.
    """

    imported: list[CrimeImport] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    row_reasons: dict[str, list[str]] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        """Records stored by this import."""
        return sum(item.records for item in self.imported)

    def lines(self) -> list[str]:
        """The report in plain English, one line per fact (for the command line and the window)."""
        out: list[str] = []
        for item in self.imported:
            again = " (replacing the earlier copy of that month)" if item.replaced else ""
            out.append(
                f"{item.month} {item.reported_by}: {item.records:,} records imported{again}; "
                f"{item.without_position:,} without a position; {item.refused:,} refused."
            )
            out += [f"  refused {reason}" for reason in self.row_reasons.get(item.file_name, [])]
            if item.refused > len(self.row_reasons.get(item.file_name, [])):
                out.append(f"  (and {item.refused - len(self.row_reasons[item.file_name]):,} more rows refused)")
        months = sorted({item.month for item in self.imported})
        if months:
            span = months[0] if len(months) == 1 else f"{months[0]} to {months[-1]}"
            out.append(
                f"Imported {counted(len(self.imported), 'file')}, {counted(self.rows, 'record')}, months {span}."
            )
        else:
            out.append("Nothing was imported.")
        for name, reason in self.refused:
            out.append(f"Not imported: {name}: {reason}")
        if self.skipped:
            out.append(
                f"Skipped {counted(len(self.skipped), 'file')} that are not street-level crime files (e.g. "
                "outcomes or stop "
                f"and search): {', '.join(self.skipped[:3])}{', ...' if len(self.skipped) > 3 else ''}."
            )
        return out


def import_police_data(
    repository: CrimeRepository, paths: list[Path], progress: Progress = no_progress
) -> ImportReport:
    """Import street-level CSV files and zip archives of them, one file at a time (little memory).

    Args:
        repository: Where records are stored.
        paths: Files the user chose: ``*-street.csv`` files and/or the zip archives police.uk provides.
        progress: Called as ``progress(fraction, message)`` per file; raising
            :class:`~safeguarding.progress.OperationCancelled` stops after the files already stored.

    Returns:
        What was imported, refused and skipped. A refused file does not stop the others.

    Raises:
        StorageError: if the database cannot be written (files stored before stay stored).
    """
    found = gather(paths)
    report = ImportReport(refused=list(found.broken), skipped=list(found.skipped))
    for parsed in _read_each(found, report.refused, progress, 1.0):
        _store(repository, parsed, report)
    progress(1.0, "Police data imported")
    return report


@dataclass
class ReadFiles:
    """Files read and checked, not yet stored (see :func:`read_police_files`)."""

    files: list[PoliceFile] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def read_police_files(paths: list[Path], progress: Progress = no_progress) -> ReadFiles:
    """Read and check every file without touching the database (safe off the GUI thread)."""
    found = gather(paths)
    result = ReadFiles(refused=list(found.broken), skipped=list(found.skipped))
    result.files = list(_read_each(found, result.refused, progress, 0.95))
    progress(0.95, "Files read; storing them")
    return result


def _read_each(
    found: Gathered, refused: list[tuple[str, str]], progress: Progress, share: float
) -> Iterator[PoliceFile]:
    """Read the gathered files one by one, yielding each accepted file and noting each refused one."""
    total = max(1, len(found.sources))
    for index, source in enumerate(found.sources):
        progress(index / total * share, f"Reading {source.name}")
        try:
            yield read_source(source)
        except PoliceDataError as error:
            refused.append((source.name, _reason(str(error), source.name)))


def store_police_files(repository: CrimeRepository, read: ReadFiles) -> ImportReport:
    """Store files read by :func:`read_police_files` (on the thread that owns the database).

    Raises:
        StorageError: if the database cannot be written (files stored before stay stored).
    """
    report = ImportReport(refused=list(read.refused), skipped=list(read.skipped))
    for parsed in read.files:
        _store(repository, parsed, report)
    return report


def _store(repository: CrimeRepository, parsed: PoliceFile, report: ImportReport) -> None:
    report.imported.append(repository.store_file(parsed))
    if parsed.reasons:
        report.row_reasons[parsed.name] = parsed.reasons


def _reason(message: str, name: str) -> str:
    """The refusal message without the file name it starts with (the report names the file itself)."""
    return message[len(name) :].lstrip(" :") if message.startswith(name) else message
