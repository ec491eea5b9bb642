"""Encrypted rotating backups: round trip, rotation, the restore list, damaged databases."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from safeguarding.errors import DamagedDatabaseError, StorageError
from safeguarding.model import Location
from safeguarding.security.keys import Key
from safeguarding.store import latest_good_backup, list_backups, open_store
from safeguarding.store.backups import KEEP_AUTOMATIC, check_backup, rotate
from safeguarding.workflows.restore import restore_backup
from tests.conftest import FixedClock


def test_backup_and_restore_round_trip(enc_path: Path, enc_key: Key, clock: FixedClock) -> None:
    store = open_store(enc_path, clock, key=enc_key)
    store.locations.add(Location(name="Brenchley Gardens"))
    backup = store.backups.take("periodic")
    store.locations.add(Location(name="North Week Street"))
    store.close()

    [listed] = list_backups(enc_path)
    assert listed.path == backup and listed.encrypted
    assert listed.contents() == "1 location, 0 assessments"
    assert listed.reason_label == "Automatic (while working)"

    clock.now += timedelta(minutes=5)
    kept = restore_backup(enc_path, backup, enc_key, clock=clock)

    store = open_store(enc_path, clock, key=enc_key)
    assert [loc.name for loc in store.locations.by_name()] == ["Brenchley Gardens"]
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()
    assert kept is not None and check_backup(kept, enc_key)["locations"] == 2  # nothing lost: the state before


def test_restore_refuses_a_backup_that_does_not_open(enc_path: Path, enc_key: Key, clock: FixedClock) -> None:
    store = open_store(enc_path, clock, key=enc_key)
    store.locations.add(Location(name="Brenchley Gardens"))
    backup = store.backups.take("periodic")
    store.close()
    before = enc_path.read_bytes()
    with pytest.raises(StorageError):
        restore_backup(enc_path, backup, Key.generate(), clock=clock)
    assert enc_path.read_bytes() == before


def test_rotation_keeps_the_newest_automatic_and_recent_migration_copies(
    enc_path: Path, enc_key: Key, clock: FixedClock
) -> None:
    store = open_store(enc_path, clock, key=enc_key)
    for _ in range(KEEP_AUTOMATIC + 3):
        clock.now += timedelta(minutes=1)
        store.backups.take("on-start")
    store.close()
    automatic = [b for b in list_backups(enc_path) if b.reason == "on-start"]
    assert len(automatic) == KEEP_AUTOMATIC
    assert automatic[0].taken_at == clock()
    folder = enc_path.parent / "backups"
    assert len(list(folder.glob("*.json"))) == KEEP_AUTOMATIC  # manifests go with their copies
    clock.now += timedelta(days=200)
    assert rotate(enc_path, clock) == []


def test_damaged_database_offers_the_latest_good_backup(enc_path: Path, enc_key: Key, clock: FixedClock) -> None:
    store = open_store(enc_path, clock, key=enc_key)
    store.locations.add(Location(name="Brenchley Gardens"))
    store.backups.take("on-start")
    clock.now += timedelta(minutes=1)
    newest = store.backups.take("periodic")
    store.close()
    (newest).write_bytes(newest.read_bytes()[:4096] + b"\0" * 4096)  # the newest backup is damaged too
    data = bytearray(enc_path.read_bytes())
    data[0:64] = b"\xff" * 64  # salt and first page destroyed
    enc_path.write_bytes(bytes(data))

    with pytest.raises(DamagedDatabaseError, match="damaged"):
        open_store(enc_path, clock, key=enc_key)
    good = latest_good_backup(enc_path, enc_key)
    assert good is not None and good.reason == "on-start"
    aside = restore_backup(enc_path, good.path, enc_key, damaged=True, clock=clock)
    assert aside is not None and aside.name.startswith("assessments.sqlite3.damaged-") and aside.exists()
    store = open_store(enc_path, clock, key=enc_key)
    assert [loc.name for loc in store.locations.by_name()] == ["Brenchley Gardens"]
    store.close()


def test_full_disk_during_backup_is_a_plain_message(
    enc_path: Path, enc_key: Key, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(enc_path, clock, key=enc_key)
    store.locations.add(Location(name="Brenchley Gardens"))
    import safeguarding.store.database as database

    def full(*args: object, **kwargs: object) -> object:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(database, "connect", full)
    with pytest.raises(StorageError, match="No space left"):
        store.backups.take("periodic")
    monkeypatch.undo()
    assert list_backups(enc_path) == []
    assert store.locations.by_name()[0].name == "Brenchley Gardens"
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()
