"""A received record whose parent is not on the laptop is set aside, never inserted and then removed.

Found in a full test run: a sync received an action's history entry (append-only: its rows can
never be deleted) before the action itself; it was inserted, found to be an orphan, and removing it
again was refused, so the whole sync stopped.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from safeguarding.store import open_store
from safeguarding.team.local_apply import LocalApplier
from safeguarding.team.merge import ServerRecord
from safeguarding.team.state import TeamState
from safeguarding.team.tables import existing_synced_tables


def _records(path: Path, table: str) -> list[tuple[dict[str, object], str]]:
    store = open_store(path)
    try:
        info = {info.name: info for info in existing_synced_tables(store.db)}[table]
        cursor = store.db.execute(f'SELECT * FROM "{table}"')
        columns = [item[0] for item in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        return [(row, info.key_of(row)) for row in rows]
    finally:
        store.close()


def test_an_action_history_entry_without_its_action_is_set_aside(demo_template: Path, tmp_path: Path) -> None:
    source = tmp_path / "a.sqlite3"
    shutil.copyfile(demo_template, source)
    (row, key), *_ = _records(source, "plan_action_updates")
    record = ServerRecord("plan_action_updates", key, None, dict(row), revision=7, updated_by="sam")

    laptop = open_store(tmp_path / "b.sqlite3")  # an empty laptop: the action is not there
    try:
        applier = LocalApplier(laptop, TeamState(laptop.db), lambda hashes: [])
        count = applier.apply([record])  # raised "action history is append-only" before
        assert count.parked == 1
        assert laptop.db.execute("SELECT count(*) FROM plan_action_updates").fetchone()[0] == 0
        (reason,) = laptop.db.execute("SELECT reason FROM team_pending").fetchone()
        assert reason == "it refers to a plan_actions record that is not on this laptop"
    finally:
        laptop.close()
