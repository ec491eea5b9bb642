"""The tester's forgery, for tests: change a database past its audit triggers with the ``sqlite3`` module.

Every audit trigger but the trail's own guards (``audit_log*``) is dropped, the statement
run, and the triggers put back exactly from the SQL they were saved with, in one
transaction of a connection of its own (as another program would), so the app's next
check finds every trigger in place and the trail's chain intact.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path


def forge(path: Path, sql: str, params: Sequence[object] = (), *, put_back: bool = True) -> None:
    """Run ``sql`` (one statement, with ``params``) on the database at ``path`` with its audit triggers dropped.

    ``put_back=False`` leaves them dropped (as the tester did with ``sqlite3``): the app puts them
    back when it next opens the database, and records in the trail that it found them missing.

    Raises:
        sqlite3.Error: the statement fails (the triggers are then left as they were).
    """
    conn = sqlite3.connect(path)
    try:
        triggers = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE 'audit\\_%' ESCAPE '\\' AND name NOT LIKE 'audit_log%'"
        ).fetchall()
        assert triggers, "no audit trigger to drop: not the database meant"
        for name, _ in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute(sql, list(params))
        for _, statement in triggers if put_back else ():
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()
