"""Where a database's key file lies (a module of its own: it imports no cryptography, so start-up stays lean)."""

from __future__ import annotations

from pathlib import Path

KEYFILE_SUFFIX = ".keys.json"


def keyfile_path(database: Path) -> Path:
    """The key file that belongs to ``database`` (``assessments.sqlite3.keys.json``)."""
    database = Path(database)
    return database.with_name(database.name + KEYFILE_SUFFIX)
