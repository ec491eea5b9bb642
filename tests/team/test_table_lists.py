"""Every local table is decided: shared with the team, or kept on the laptop for a stated reason.

A feature that adds a table must put it in ``SYNCED_TABLES`` (with its link to an
assessment, so the server can keep it to those on the assessment) or in
``LOCAL_TABLES`` with the reason; docs/team.md names each one. Otherwise the
team's work silently stays on one laptop, or a private table silently travels.
"""

from __future__ import annotations

from pathlib import Path

from safeguarding.store import open_store
from safeguarding.team.tables import (
    ASSESSMENT_COLUMNS,
    LOCAL_TABLES,
    NO_ASSESSMENT,
    PARENTS,
    SYNCED_TABLES,
    existing_synced_tables,
    table_info,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "team.md"


def _local_tables(path: Path) -> set[str]:
    store = open_store(path)
    try:
        rows = store.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        ).fetchall()
    finally:
        store.close()
    return {row[0] for row in rows}


def test_every_local_table_is_either_shared_or_listed_as_local_only(tmp_path: Path) -> None:
    tables = _local_tables(tmp_path / "fresh.sqlite3")
    undecided = sorted(tables - set(SYNCED_TABLES) - set(LOCAL_TABLES))
    assert undecided == [], (
        f"Tables neither shared with the team nor listed as local-only: {undecided}. Add each to SYNCED_TABLES "
        "(with its assessment link) or to LOCAL_TABLES with the reason, in safeguarding/team/tables.py, "
        "and say which in docs/team.md."
    )
    assert sorted(set(SYNCED_TABLES) & set(LOCAL_TABLES)) == []
    assert sorted((set(SYNCED_TABLES) | set(LOCAL_TABLES)) - tables) == []  # no list names a table that is gone
    assert all(reason.strip() for reason in LOCAL_TABLES.values())


def test_every_shared_table_leads_to_its_assessment_or_is_team_wide(tmp_path: Path) -> None:
    """A shared record with no assessment would be readable by every practitioner: each table must say."""
    path = tmp_path / "fresh.sqlite3"
    open_store(path).close()
    store = open_store(path)
    try:
        infos = {info.name: info for info in existing_synced_tables(store.db)}
        assert set(infos) == set(SYNCED_TABLES)
        unlinked = []
        for name, info in infos.items():
            if name in NO_ASSESSMENT or name == "assessments":
                continue
            if name in PARENTS:
                column, parent = PARENTS[name]
                assert column in info.columns and parent in SYNCED_TABLES, name
                assert SYNCED_TABLES.index(parent) < SYNCED_TABLES.index(name), f"{parent} must come before {name}"
                continue
            if ASSESSMENT_COLUMNS.get(name, "assessment_id") not in table_info(store.db, name).columns:
                unlinked.append(name)
        assert unlinked == []
    finally:
        store.close()


def test_docs_team_md_names_every_shared_and_every_local_only_table() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [name for name in (*SYNCED_TABLES, *LOCAL_TABLES) if f"`{name}`" not in text]
    assert missing == [], f"docs/team.md does not say whether these travel: {missing}"
