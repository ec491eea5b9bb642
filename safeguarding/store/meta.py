"""Facts about the database itself, such as whether it holds demo data."""

from __future__ import annotations

from sqlite_utils import Database

from safeguarding.store.dberrors import DB_ERRORS, write_error

DEMO_KEY = "demo"


class MetaRepository:
    """Reads and writes the ``app_meta`` key-value table.

    Args:
        db: An open database.
    """

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str, default: str = "") -> str:
        """Return the value stored under ``key``, or ``default``."""
        rows = list(self._db["app_meta"].rows_where("key = ?", [key]))
        return str(rows[0]["value"]) if rows else default

    def set(self, key: str, value: str) -> None:
        """Store ``value`` under ``key``, replacing any earlier value.

        Raises:
            StorageError: if the database cannot be written.
        """
        try:
            with self._db.atomic():
                self._db.table("app_meta").upsert({"key": key, "value": value}, pk="key")
        except DB_ERRORS as error:
            raise write_error(error) from error

    def is_demo(self) -> bool:
        """True if the database was built as the demo (fictional data for practice)."""
        return self.get(DEMO_KEY) == "1"

    def mark_demo(self) -> None:
        """Record that this database holds demo data, so every screen and report can say so."""
        self.set(DEMO_KEY, "1")
