"""A sqlite-utils :class:`Database` whose transactions take the write lock when they begin.

sqlite-utils' ``atomic()`` starts a plain (deferred) ``BEGIN``. A deferred
transaction that reads first and writes later cannot wait for another writer:
when it tries to upgrade its read snapshot to a write, SQLite answers
``SQLITE_BUSY`` at once (the busy timeout does not apply, because waiting could
not help a snapshot that is already stale). With two app windows or processes on
one database that refused about half of the second writer's saves within
milliseconds, although ``busy_timeout`` was 5 seconds.

``BEGIN IMMEDIATE`` takes the write lock before the first read, so a second
writer waits (up to ``busy_timeout``) instead of failing, and what the
transaction reads cannot change under it. Readers are never blocked (WAL).
See https://www.sqlite.org/lang_transaction.html and https://www.sqlite.org/wal.html.
"""

from __future__ import annotations

from collections.abc import Generator
from contextlib import contextmanager

from sqlite_utils import Database


class ImmediateDatabase(Database):
    """A :class:`sqlite_utils.Database` whose outermost ``atomic()`` block runs in ``BEGIN IMMEDIATE``.

    Nested blocks are savepoints, as in sqlite-utils. Everything else is unchanged.
    """

    @contextmanager
    def atomic(self) -> Generator[Database, None, None]:
        """Run the block in one write transaction (or a savepoint inside one); roll back on any exception."""
        if self._in_transaction():
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            with super().atomic():  # in a transaction now: a savepoint
                yield self
        except BaseException:
            if self._in_transaction():  # a RAISE(ROLLBACK) trigger may have ended it already
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _in_transaction(self) -> bool:
        """True inside a transaction (a call, so a type checker does not carry the answer past ``execute``)."""
        return self.conn.in_transaction
