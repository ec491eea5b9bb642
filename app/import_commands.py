"""The command line's import commands: ``import-map DB FILE`` and ``import-crime DB FILE...``.

``import-map`` checks a background map (MBTiles or PMTiles, raster or vector,
judged by content) and copies it into the maps folder of the user data folder,
which every database on the laptop shares; it names the locations of ``DB`` the
map covers, and refuses a map that covers none of them. ``import-crime`` imports
police.uk street-level CSV files (or their zip) into ``DB`` and prints, per
file, the month and force, the rows imported, the rows without a position and
the rows refused with why. Both print plain English and never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.console import say, stderr_progress

if TYPE_CHECKING:
    import argparse

    from safeguarding.store import Store

COMMANDS = ("import-map", "import-crime")
"""The subcommands this module adds and runs."""
OpenStore = Callable[[Path, "str | None"], "Store"]


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], passphrase_options: Callable[..., None]
) -> None:
    """Add ``import-map`` and ``import-crime`` to the command line's subcommands."""
    import_map = commands.add_parser(
        "import-map",
        help="import a background map (MBTiles or PMTiles, e.g. OS Open Zoomstack) for the locations of a database",
    )
    import_map.add_argument("path", type=Path, metavar="DB", help="database whose locations the map should cover")
    import_map.add_argument("file", type=Path, metavar="FILE", help="the .mbtiles or .pmtiles file")
    passphrase_options(import_map, "the passphrase of an encrypted database is the first line of FILE")
    import_crime = commands.add_parser(
        "import-crime", help="import police.uk street-level crime files (CSV or zip) into a database"
    )
    import_crime.add_argument("path", type=Path, metavar="DB", help="database to import into")
    import_crime.add_argument(
        "files", type=Path, nargs="+", metavar="FILE", help="YYYY-MM-<force>-street.csv files or zips"
    )
    passphrase_options(import_crime, "the passphrase of an encrypted database is the first line of FILE")


def import_map(store: Store, file: Path) -> int:
    """Import a background map covering at least one located place of ``store``; return the exit code.

    Raises:
        MapFileError: the file is not a usable map, or covers none of the database's locations.
    """
    from safeguarding.maps.mapfiles import open_map_file
    from safeguarding.maps.offline import OfflineMaps
    from safeguarding.maps.tilecheck import MapFileError

    places = [
        (loc.name, loc.latitude, loc.longitude)
        for loc in store.locations.by_name(include_archived=True)
        if loc.latitude is not None and loc.longitude is not None
    ]
    checked = open_map_file(file)
    try:
        covered = [name for name, latitude, longitude in places if checked.covers(latitude, longitude)]
        info = checked.info
    finally:
        checked.close()
    if places and not covered:
        b = info.bounds
        raise MapFileError(
            f"{file.name} covers latitude {b.south:.3f} to {b.north:.3f}, longitude {b.west:.3f} to {b.east:.3f}, "
            f"which holds none of the {len(places)} located places of {store.path.name}. Nothing was imported."
        )
    imported = OfflineMaps().import_file(file)
    kind = "vector" if imported.is_vector else "picture"
    say(
        f"Imported {imported.name} ({imported.container}, {kind} tiles, zoom {imported.min_zoom}-{imported.max_zoom}) "
        f"as {imported.path}. Credit: {imported.attribution or 'none given'}.",
        sys.stdout,
    )
    if covered:
        say(f"It covers {len(covered)} of {len(places)} located places: {', '.join(covered)}.", sys.stdout)
    return 0


def import_crime(store: Store, files: list[Path]) -> int:
    """Import police.uk files into ``store``, print the report; 0 if all files were imported, else 1."""
    from safeguarding.crime.importer import import_police_data

    report = import_police_data(store.crime, files, stderr_progress)
    for line in report.lines():
        say(line, sys.stdout)
    return 0 if report.imported and not report.refused else 1


def run(args: argparse.Namespace, open_existing: OpenStore, passphrase: str | None) -> int:
    """Run ``import-map`` or ``import-crime`` on the database ``args.path`` (opened with ``open_existing``)."""
    store = open_existing(args.path, passphrase)
    try:
        if args.command == "import-map":
            return import_map(store, args.file)
        return import_crime(store, list(args.files))
    finally:
        store.close()
