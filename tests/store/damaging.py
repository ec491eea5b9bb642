"""Damage a real database file the way a failing disk does: junk bytes over one page."""

from __future__ import annotations

from pathlib import Path

from safeguarding.security.keys import Key
from safeguarding.store.database import connect

JUNK = b"\xde\xad\xbe\xef"
"""Written over a page: 0xde is no b-tree page type, so SQLite reports the page as malformed."""


def damage_table(path: Path, table: str, key: Key | None = None) -> list[int]:
    """Write junk over the first page of ``table`` and of each of its indexes in the closed database at ``path``.

    The file keeps its header, schema and migration record, so it still passes the
    opening checks; reading ``table`` then fails with "database disk image is
    malformed" (plain and encrypted alike: an encrypted page no longer decrypts),
    whether the read goes through an index or not.

    Returns:
        The page numbers overwritten (1-based).
    """
    conn = connect(path, key)
    try:
        pages = [
            int(row[0])
            for row in conn.execute("SELECT rootpage FROM sqlite_master WHERE tbl_name = ? AND rootpage > 0", [table])
        ]
        size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    finally:
        conn.close()
    assert pages and 1 not in pages, "page 1 holds the schema: damaging it fails the opening checks"
    with path.open("r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * size)
            handle.write(JUNK * (size // len(JUNK)))
    return pages
