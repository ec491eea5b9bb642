"""Databases, key files, recovery keys and backups are readable by their owner only (POSIX)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from safeguarding.store import open_store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX; Windows profiles are per-user")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_database_and_its_backups_are_owner_only(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)  # the usual default: new files readable by everyone
    try:
        store = open_store(tmp_path / "private.sqlite3")
        backup = store.backups.take("periodic")
        store.close()
    finally:
        os.umask(old_umask)
    assert _mode(tmp_path / "private.sqlite3") == 0o600
    assert _mode(backup) == 0o600


def test_key_file_and_recovery_key_are_owner_only(tmp_path: Path) -> None:
    from safeguarding.security.keys import create_keyfile, keyfile_path, new_recovery_key, save_recovery_key_file

    old_umask = os.umask(0o022)
    try:
        database = tmp_path / "enc.sqlite3"
        recovery = new_recovery_key()
        create_keyfile(database, "correct horse battery staple 2026", recovery_key=recovery)
        save_recovery_key_file(tmp_path / "recovery.txt", database, recovery)
    finally:
        os.umask(old_umask)
    assert _mode(keyfile_path(database)) == 0o600
    assert _mode(tmp_path / "recovery.txt") == 0o600


@pytest.fixture
def world_readable_umask() -> Iterator[None]:
    """New files readable by everyone unless the app says otherwise (the usual default)."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_every_file_with_records_is_owner_only_from_its_creation(tmp_path: Path, world_readable_umask: None) -> None:
    from safeguarding.maps.geojson import write_geojson
    from safeguarding.protection.history import write_history_csv
    from safeguarding.protection.sharing import write_sharing_csv
    from safeguarding.store.audit_anchor import anchor_path
    from safeguarding.store.database import backup_copy, manifest_path

    folder = tmp_path / "new" / "data"
    path = folder / "assessments.sqlite3"
    store = open_store(path)
    from safeguarding.model import Location

    store.locations.add(Location(name="Brenchley Gardens"))
    seen: list[int] = []

    def watch(_done: float) -> None:
        partial = next((folder / "backups").glob(".*.partial"))
        seen.append(_mode(partial))

    copy = backup_copy(store.db.conn, path, "manual", progress=watch)
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), copy, manifest_path(copy), anchor_path(path)):
        assert _mode(file) == 0o600, file.name
    assert seen and set(seen) == {0o600}  # the partial copy, while it was being written
    assert _mode(folder) == 0o700 and _mode(folder / "backups") == 0o700 and _mode(tmp_path / "new") == 0o700
    assert _mode(write_geojson(tmp_path / "map.geojson", {"type": "FeatureCollection", "features": []})) == 0o600
    assert _mode(write_history_csv([], tmp_path / "history.csv", ["Audit trail intact."])) == 0o600
    assert _mode(write_sharing_csv(store.sharing.entries(), tmp_path / "log.csv")) == 0o600
    store.close()


def test_an_encrypted_database_and_its_converted_backups_are_owner_only(
    tmp_path: Path, world_readable_umask: None
) -> None:
    from safeguarding.demo import build_demo_database
    from safeguarding.security import keys
    from safeguarding.store import list_backups
    from safeguarding.workflows.encrypt import encrypt_database

    path = build_demo_database(tmp_path / "demo.sqlite3")
    store = open_store(path)
    store.backups.take("periodic")
    store.close()
    for file in (path, *(backup.path for backup in list_backups(path))):
        os.chmod(file, 0o644)  # as an earlier version left them
    encrypt_database(path, "tulip harbour lantern seven")  # (a cheap scrypt cost: tests/security/conftest.py)
    for file in (path, keys.keyfile_path(path), *(backup.path for backup in list_backups(path))):
        assert _mode(file) == 0o600, file.name
