"""The locations list read at start-up before the database is opened for work (issue 14).

Opening the store imports sqlite-utils and checks the audit trail: about half of
the time from the window shown to the locations listed. Start-up lists the
locations first, read here through a plain read-only connection (no sqlite-utils),
then opens the store, which checks the audit trail before anything can be written
and lists the locations again. Until then the window changes nothing.

Reading never writes to the database file (``mode=ro``; SQLite may create the empty
``-wal`` and ``-shm`` files beside it, as any reader of a WAL database does). Anything
unusual (no file, a file that is not SQLite, a rollback journal left beside it, an
older or newer layout, damage, a wrong key) gives None, and the store's opening
decides and explains as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlcipher3 import dbapi2 as sqlcipher

from safeguarding.errors import SafeguardingError
from safeguarding.store.database_file import check_header, connect
from safeguarding.store.dberrors import UNREADABLE_ERRORS, Connection
from safeguarding.store.location_rows import Query, location_summaries, locations_by_name

if TYPE_CHECKING:
    from safeguarding.model import LocationSummary
    from safeguarding.security.keys import Key

_NOT_LISTED: tuple[type[Exception], ...] = (OSError, SafeguardingError, ValueError, LookupError, *UNREADABLE_ERRORS)
"""What reading the list this way may meet: not this app's layout (a missing table or column, an unknown
value), a file that is not SQLite or is damaged, a key that does not fit, a file that cannot be read."""


def read_first_list(path: Path, key: Key | None = None) -> list[LocationSummary] | None:
    """The unarchived locations as the store lists them, read without opening the store; None if not possible.

    Args:
        path: The database file.
        key: Its data key if it is encrypted (else None).

    Returns:
        The rows :meth:`~safeguarding.store.locations.LocationRepository.summaries` would
        give, or None when the file cannot be read this way (see the module docstring).
        Never raises for a problem with the file.
    """
    path = Path(path)
    try:
        if not path.is_file() or path.stat().st_size == 0 or Path(f"{path}-journal").exists():
            return None  # nothing to list, or a journal only a writing connection may roll back
        check_header(path, key)
        conn = connect(f"{path.resolve().as_uri()}?mode=ro", key, uri=True)
    except _NOT_LISTED:
        return None
    try:
        query = _query(conn)
        return location_summaries(query, locations_by_name(query))
    except _NOT_LISTED:
        return None
    finally:
        conn.close()


def _query(conn: Connection) -> Query:
    """A :data:`~safeguarding.store.location_rows.Query` on ``conn``: rows read by column name (SQLite's own rows)."""
    conn.row_factory = sqlcipher.Row

    def query(sql: str, parameters: Sequence[Any]) -> Iterable[Mapping[str, Any]]:
        return cast("Iterable[Mapping[str, Any]]", conn.execute(sql, parameters))

    return query
