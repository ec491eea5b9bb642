"""The migrations run in one explicit order (safeguarding.store.migrations.STEPS), and nothing else runs."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from safeguarding.store import open_store
from safeguarding.store.database import MIGRATIONS_TABLE
from safeguarding.store.migrations import MIGRATION_SET, STEPS, known_names

NAME = re.compile(r"^(?P<number>\d{4})_[a-z0-9_]+$")
SCHEMA = Path(__file__).resolve().parents[2] / "safeguarding" / "store" / "schema"


def test_names_are_numbered_ascending_and_unique() -> None:
    names = known_names()
    assert names == [name for name, _ in STEPS]
    assert all(NAME.match(name) for name in names), [name for name in names if not NAME.match(name)]
    numbers = [int(name[:4]) for name in names]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers), names
    assert len(set(names)) == len(names)


def test_each_step_is_the_function_named_after_it_with_a_docstring() -> None:
    for name, step in STEPS:
        assert step.__name__ == f"m{name}", (name, step.__name__)
        assert step.__module__.startswith("safeguarding.store.schema."), (name, step.__module__)
        assert (step.__doc__ or "").strip(), f"{name} has no docstring"


def test_every_step_written_in_the_schema_modules_is_listed() -> None:
    listed = {(step.__module__, step.__name__) for _, step in STEPS}
    written = set()
    for path in sorted(SCHEMA.glob("*.py")):
        module = f"safeguarding.store.schema.{path.stem}"
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and re.match(r"^m\d{4}_", node.name):
                written.add((module, node.name))
    assert written, "no steps found: the scan looks in the wrong place"
    assert written - listed == set(), "written in a schema module but missing from STEPS"


def test_a_new_database_records_exactly_the_list_in_order(tmp_path: Path) -> None:
    store = open_store(tmp_path / "new.sqlite3")
    try:
        recorded = [
            row["name"]
            for row in store.db.query(
                f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET]
            )
        ]
        every_set = {row["migration_set"] for row in store.db.query(f"SELECT migration_set FROM {MIGRATIONS_TABLE}")}
    finally:
        store.close()
    assert recorded == known_names()
    assert every_set == {MIGRATION_SET}
