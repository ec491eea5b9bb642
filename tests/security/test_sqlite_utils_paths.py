"""The sqlite-utils calls the app uses behave on an encrypted (sqlcipher3) connection.

sqlite-utils catches ``sqlite3.OperationalError`` in a few places, which does not
catch sqlcipher3's errors; these tests pin down which paths are safe.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database, Migrations

from safeguarding.security.keys import Key
from safeguarding.store.database import connect
from safeguarding.store.dberrors import INTEGRITY_ERRORS, OPERATIONAL_ERRORS


@pytest.fixture
def db(enc_path: Path, enc_key: Key) -> Database:
    return Database(connect(enc_path, enc_key))


def test_everyday_calls_work_encrypted(db: Database) -> None:
    assert not db["things"].exists()
    db["things"].insert({"id": "a", "name": "one"}, pk="id")
    db["things"].upsert({"id": "a", "name": "uno"}, pk="id")
    db["things"].update("a", {"name": "eins"})
    with db.atomic():
        db["things"].insert({"id": "b", "name": "two"})
    assert db["things"].exists() and db.table_names() == ["things"]
    assert [r["name"] for r in db["things"].rows_where("id = ?", ["a"])] == ["eins"]
    assert list(db.query("SELECT count(*) AS n FROM things")) == [{"n": 2}]
    db["things"].transform(rename={"name": "label"})
    assert db["things"].columns_dict == {"id": str, "label": str}
    db.execute("DROP TABLE IF EXISTS missing")


def test_migrations_table_and_steps_work_encrypted(db: Database) -> None:
    steps = Migrations("test")

    @steps(name="0001_one")
    def one(d: Database) -> None:
        d.execute("CREATE TABLE one (id TEXT PRIMARY KEY NOT NULL)")

    steps.apply(db)
    steps.apply(db)  # idempotent
    assert [m.name for m in steps.pending(db)] == []
    assert "one" in db.table_names()


def test_errors_are_the_sqlcipher_family(db: Database) -> None:
    db["things"].insert({"id": "a"}, pk="id")
    with pytest.raises(INTEGRITY_ERRORS):
        db["things"].insert({"id": "a"})
    # Known limitation: drop(ignore=True) relies on sqlite3.OperationalError; use DROP TABLE IF EXISTS.
    with pytest.raises(OPERATIONAL_ERRORS):
        db["missing"].drop(ignore=True)
