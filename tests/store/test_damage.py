"""Damage found after opening: which errors mean damage, reads that say so, backups that refuse to copy it.

Every damaged file here is a real database made by the app with junk written over
one page (:mod:`tests.store.damaging`), plain and encrypted.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlcipher3 import dbapi2 as sqlcipher

from safeguarding.errors import DamagedDatabaseError, StorageError
from safeguarding.model import Location
from safeguarding.security.keys import Key, ScryptCost, create_keyfile
from safeguarding.store import is_damage, list_backups, open_store
from safeguarding.store.backups import KEEP_AUTOMATIC, take_backup_from_file
from safeguarding.store.dberrors import raising_damage, write_error
from tests.conftest import FixedClock
from tests.store.conftest import file_hash
from tests.store.damaging import damage_table


@pytest.fixture(params=["plain", "encrypted"])
def key(request: pytest.FixtureRequest, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Key | None:
    """None for a plain database, or the data key of an encrypted one at ``db_path``."""
    if request.param == "plain":
        return None
    from safeguarding.security import keys

    monkeypatch.setattr(keys, "DEFAULT_COST", ScryptCost(n=2**10, r=8, p=1))  # a cheap passphrase slot
    db_path.parent.mkdir(parents=True, exist_ok=True)
    return create_keyfile(db_path, "tulip harbour lantern seven")


def make_database(path: Path, key: Key | None, clock: FixedClock, backups: int = 0) -> None:
    """A database with two locations and ``backups`` automatic backups a minute apart, closed."""
    store = open_store(path, clock, key=key)
    store.locations.add(Location(name="Brenchley Gardens"))
    store.locations.add(Location(name="North Week Street"))
    for _ in range(backups):
        clock.now += timedelta(minutes=1)
        store.backups.take_detached("periodic")
    store.close()


def real_error(run: str) -> BaseException:
    """The error a real SQLCipher connection raises for ``run`` (SQL) on a fresh in-memory database."""
    conn = sqlcipher.connect(":memory:")
    try:
        conn.execute("CREATE TABLE t (x UNIQUE)")
        conn.execute("INSERT INTO t VALUES (1)")
        conn.execute(run)
    except sqlcipher.Error as error:
        return error
    finally:
        conn.close()
    raise AssertionError(f"{run} did not fail")


def test_a_damaged_read_is_damage_and_other_database_errors_are_not(db_path: Path, clock: FixedClock) -> None:
    make_database(db_path, None, clock)
    damage_table(db_path, "locations")
    store = open_store(db_path, clock)  # the opening checks do not read the damaged page
    with pytest.raises(sqlcipher.DatabaseError) as raised:
        store.locations.summaries()
    store.close()
    assert "malformed" in str(raised.value)
    assert is_damage(raised.value)
    assert is_damage(sqlite3.DatabaseError("file is not a database"))
    assert is_damage(sqlcipher.DatabaseError("file is encrypted or is not a database"))
    assert is_damage(DamagedDatabaseError("x.sqlite3 is damaged."))

    assert not is_damage(real_error("SELECT json('{')"))  # "malformed JSON": an OperationalError
    assert not is_damage(real_error("INSERT INTO t VALUES (1)"))  # UNIQUE constraint: IntegrityError
    assert not is_damage(real_error("SELECT * FROM missing"))  # no such table
    assert not is_damage(sqlcipher.OperationalError("database or disk is full"))
    assert not is_damage(sqlcipher.OperationalError("database is locked"))
    assert not is_damage(sqlite3.OperationalError("disk I/O error"))
    assert not is_damage(StorageError("The disk is full."))
    assert not is_damage(ValueError("malformed"))


def test_a_read_that_meets_damage_raises_damaged_database_error(
    db_path: Path, key: Key | None, clock: FixedClock
) -> None:
    make_database(db_path, key, clock)
    damage_table(db_path, "locations", key)
    before = file_hash(db_path)
    store = open_store(db_path, clock, key=key)
    message = r"assessments\.sqlite3 is damaged: part of the file could not be read"
    with pytest.raises(DamagedDatabaseError, match=message), store.raising_damage():
        store.locations.summaries()
    store.close()  # closing a damaged database does not raise
    assert file_hash(db_path) == before  # nothing was written to it


def test_other_errors_pass_through_unchanged(tmp_path: Path) -> None:
    locked = sqlcipher.OperationalError("database is locked")
    with pytest.raises(sqlcipher.OperationalError) as raised, raising_damage(tmp_path / "x.sqlite3"):
        raise locked
    assert raised.value is locked


def test_text_that_does_not_decode_is_damage_too(tmp_path: Path) -> None:
    with pytest.raises(DamagedDatabaseError, match="not UTF-8"), raising_damage(tmp_path / "x.sqlite3"):
        b"\xff".decode("utf-8")


def test_a_write_that_meets_damage_says_the_file_is_damaged() -> None:
    error = write_error(sqlcipher.DatabaseError("database disk image is malformed"))
    assert isinstance(error, DamagedDatabaseError)
    assert "damaged" in str(error) and "start it again" in str(error)
    assert not isinstance(write_error(sqlcipher.OperationalError("database is locked")), DamagedDatabaseError)


def test_a_damaged_migration_record_is_reported_as_damage_at_opening(db_path: Path, clock: FixedClock) -> None:
    make_database(db_path, None, clock)
    data = db_path.read_bytes()
    assert b"0001_locations" in data
    db_path.write_bytes(data.replace(b"0001_locations", b"\xff\xfe01_locations"))  # not UTF-8 any more
    with pytest.raises(DamagedDatabaseError, match="could not be read as a database"):
        open_store(db_path, clock)
    with pytest.raises(DamagedDatabaseError):
        open_store(db_path, clock, read_only=True)


def test_backups_of_a_damaged_database_are_refused_and_good_ones_kept(
    db_path: Path, key: Key | None, clock: FixedClock
) -> None:
    make_database(db_path, key, clock, backups=KEEP_AUTOMATIC)
    good = [b.path for b in list_backups(db_path)]
    assert len(good) == KEEP_AUTOMATIC  # the next automatic backup would rotate the oldest out
    damage_table(db_path, "locations", key)
    before = file_hash(db_path)
    folder = db_path.parent / "backups"
    files = sorted(folder.iterdir())

    clock.now += timedelta(minutes=30)
    with pytest.raises(StorageError, match=r"is damaged: .* so no backup was made; the earlier backups are kept\.$"):
        take_backup_from_file(db_path, "periodic", key, clock)
    store = open_store(db_path, clock, key=key)
    for take in (store.backups.take_detached, store.backups.take):
        with pytest.raises(DamagedDatabaseError, match="no backup was made"):
            take("on-start")
    store.close()

    assert [b.path for b in list_backups(db_path)] == good  # none rotated out
    assert sorted(folder.iterdir()) == files  # no partial copy, no manifest left over
    assert file_hash(db_path) == before
