"""A key file is never replaced; a missing or empty database beside its key file or backups is never recreated;
partial copies are tidied at the next opening; a located database is put back (or its key file lent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from safeguarding.demo import build_demo_database
from safeguarding.errors import MissingDatabaseError, StorageError
from safeguarding.model import Location
from safeguarding.security.keys import (
    KeyFileExistsError,
    change_passphrase,
    create_keyfile,
    keyfile_path,
    read_keyfile,
    unlock,
)
from safeguarding.store import open_store
from safeguarding.store.leftovers import finish_key_file, has_traces, tidy_up
from safeguarding.workflows.encrypt import encrypt_database
from safeguarding.workflows.relocate import bring_back, lend_key_file
from tests.security.conftest import PASSPHRASE


def _encrypted(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    key = create_keyfile(path, PASSPHRASE)
    store = open_store(path, key=key)
    store.locations.add(Location(name="Brenchley Gardens"))
    store.backups.take("periodic")
    store.close()


def test_a_new_key_file_never_replaces_one(enc_path: Path) -> None:
    _encrypted(enc_path)
    before = keyfile_path(enc_path).read_bytes()
    with pytest.raises(KeyFileExistsError, match="never replaces it"):
        create_keyfile(enc_path, "another passphrase entirely 99")
    assert keyfile_path(enc_path).read_bytes() == before
    change_passphrase(enc_path, unlock(enc_path, PASSPHRASE), "a brand new passphrase 2026")  # same key, new slot
    assert unlock(enc_path, "a brand new passphrase 2026") == unlock(enc_path, "a brand new passphrase 2026")
    assert [slot["kind"] for slot in read_keyfile(enc_path).slots] == ["passphrase"]
    assert sorted(p.name for p in enc_path.parent.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("state", ["missing", "empty"])
def test_a_database_gone_beside_its_key_file_is_refused_not_recreated(enc_path: Path, state: str) -> None:
    _encrypted(enc_path)
    enc_path.unlink()
    if state == "empty":
        enc_path.write_bytes(b"")  # a crash left it empty
    with pytest.raises(MissingDatabaseError, match=r"key file .* is here") as raised:
        open_store(enc_path)
    assert raised.value.has_keys and raised.value.has_backups
    assert not enc_path.exists() or enc_path.stat().st_size == 0  # nothing made over it
    with pytest.raises(MissingDatabaseError):
        encrypt_database(enc_path, PASSPHRASE)
    assert has_traces(enc_path)


def test_an_empty_database_with_backups_is_refused_and_without_any_trace_is_new(tmp_path: Path) -> None:
    path = tmp_path / "plain.sqlite3"
    store = open_store(path)
    store.locations.add(Location(name="Brenchley Gardens"))
    store.backups.take("periodic")
    store.close()
    path.write_bytes(b"")
    with pytest.raises(MissingDatabaseError, match="its backups are in backups/") as raised:
        open_store(path)
    assert raised.value.has_backups and not raised.value.has_keys
    fresh = tmp_path / "fresh" / "new.sqlite3"
    fresh.parent.mkdir()
    fresh.write_bytes(b"")
    open_store(fresh).close()  # nothing was ever there: a new database
    assert fresh.stat().st_size > 0


def test_demo_and_encrypt_refuse_to_make_a_second_key_file(enc_path: Path, tmp_path: Path) -> None:
    _encrypted(enc_path)
    with pytest.raises(KeyFileExistsError, match="demo database was not created"):
        build_demo_database(enc_path, overwrite=True)
    assert not has_plain_header_or_missing(enc_path)
    plain = tmp_path / "plain.sqlite3"
    open_store(plain).close()
    keyfile_path(plain).write_text(keyfile_path(enc_path).read_text())  # a key file of another copy
    with pytest.raises(KeyFileExistsError):
        encrypt_database(plain, PASSPHRASE)


def has_plain_header_or_missing(path: Path) -> bool:
    return not path.exists() or path.read_bytes()[:16] == b"SQLite format 3\x00"


def test_partial_copies_are_removed_at_the_next_opening_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "assessments.sqlite3"
    open_store(path).close()
    backups = tmp_path / "backups"
    backups.mkdir()
    leftovers = [
        tmp_path / ".assessments.sqlite3.restoring",
        tmp_path / ".assessments.sqlite3.restoring-journal",
        tmp_path / ".assessments.sqlite3.encrypting",
        tmp_path / ".assessments.sqlite3.building",
        tmp_path / ".assessments.sqlite3.keys.json.1234-5678.writing",
        tmp_path / ".assessments.sqlite3.audit.json.1234-5678.writing",
        backups / ".assessments.periodic.20261130T120000Z.sqlite3.partial",
        backups / ".assessments.periodic.20261130T120000Z.sqlite3.encrypting",
        backups / "assessments.periodic.20261130T120000Z.sqlite3.json",  # a manifest without its copy
    ]
    kept = [tmp_path / "notes.txt", backups / ".other.periodic.20261130T120000Z.sqlite3.partial"]
    for file in leftovers + kept:
        file.write_text("x")
    store = open_store(path)
    store.close()
    assert sorted(store.opened.tidied) == sorted(leftovers)
    assert not any(file.exists() for file in leftovers) and all(file.exists() for file in kept)


def test_a_key_file_waiting_beside_an_encrypted_database_takes_its_name(enc_path: Path) -> None:
    _encrypted(enc_path)
    waiting = keyfile_path(enc_path.with_name(f".{enc_path.name}.encrypting"))
    os.replace(keyfile_path(enc_path), waiting)  # killed between the two renames of an encryption
    assert finish_key_file(enc_path) and keyfile_path(enc_path).exists() and not waiting.exists()
    assert unlock(enc_path, PASSPHRASE)
    plain = enc_path.with_name("plain.sqlite3")
    open_store(plain).close()
    stale = keyfile_path(plain.with_name(f".{plain.name}.encrypting"))
    stale.write_text("{}")
    assert not finish_key_file(plain)  # the plain database was never replaced: its key unlocks nothing
    tidy_up(plain)
    assert not stale.exists() and not keyfile_path(plain).exists()


def test_a_located_database_is_checked_and_moved_back_or_its_key_file_lent(enc_path: Path, tmp_path: Path) -> None:
    _encrypted(enc_path)
    key = unlock(enc_path, PASSPHRASE)
    moved = tmp_path / "sync" / "assessments.sqlite3"
    moved.parent.mkdir()
    os.replace(enc_path, moved)
    for suffix in ("-wal", "-shm"):
        Path(f"{enc_path}{suffix}").unlink(missing_ok=True)
    with pytest.raises(StorageError, match="does not open"):
        bring_back(tmp_path / "sync" / "assessments.sqlite3", enc_path, None)  # the wrong key: nothing moves
    assert moved.exists()
    result = bring_back(moved, enc_path, key)
    assert result.database == enc_path and result.left_behind is None and not moved.exists()
    store = open_store(enc_path, key=key)
    assert [location.name for location in store.locations.by_name()] == ["Brenchley Gardens"]
    store.close()
    elsewhere = tmp_path / "elsewhere.sqlite3"
    elsewhere.write_bytes(enc_path.read_bytes())
    lent = lend_key_file(enc_path, elsewhere)
    assert lent.read_bytes() == keyfile_path(enc_path).read_bytes()
    with pytest.raises(KeyFileExistsError):
        lend_key_file(enc_path, elsewhere)  # never replaced
