"""Encryption at rest: nothing readable on disk, wrong passphrase, passphrase change, recovery key, conversion."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from safeguarding.errors import DamagedDatabaseError, PassphraseRequiredError, StorageError, WrongPassphraseError
from safeguarding.forms import FormDefinition
from safeguarding.model import Location
from safeguarding.security.keys import (
    Key,
    change_passphrase,
    keyfile_path,
    new_recovery_key,
    read_recovery_key_file,
    save_recovery_key_file,
    set_recovery_key,
    unlock,
    unlock_with_recovery_key,
)
from safeguarding.store import is_encrypted, open_store
from safeguarding.workflows.encrypt import encrypt_database
from tests.security.conftest import PASSPHRASE, SECRET


def _fill(path: Path, key: Key | None, form: FormDefinition) -> tuple[str, str]:
    store = open_store(path, key=key)
    try:
        location = store.locations.add(Location(name="Brenchley Gardens", referral_reason=SECRET))
        assessment = store.assessments.create(location.id, form)
        assessment.analysis = f"Analysis mentions {SECRET} twice: {SECRET}"
        store.assessments.save(assessment)
        return location.id, assessment.id
    finally:
        store.close()


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_encrypted_file_holds_no_secret_and_plain_sqlite_cannot_open_it(
    enc_path: Path, enc_key: Key, form: FormDefinition
) -> None:
    _fill(enc_path, enc_key, form)
    store = open_store(enc_path, key=enc_key)
    store.backups.take("periodic")
    store.close()
    on_disk = _all_bytes(enc_path.parent)
    assert SECRET.encode() not in on_disk
    assert SECRET.encode("utf-16-le") not in on_disk
    assert PASSPHRASE.encode() not in on_disk
    assert not enc_path.read_bytes().startswith(b"SQLite format 3")
    assert is_encrypted(enc_path)
    conn = sqlite3.connect(enc_path)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()


def test_right_passphrase_opens_and_reads_back(enc_path: Path, enc_key: Key, form: FormDefinition) -> None:
    location_id, assessment_id = _fill(enc_path, enc_key, form)
    key = unlock(enc_path, PASSPHRASE)
    assert key == enc_key
    assert "hidden" in repr(key) and key.raw.hex() not in repr(key)
    store = open_store(enc_path, key=key)
    try:
        assert store.locations.get(location_id).referral_reason == SECRET
        assert SECRET in store.assessments.get(assessment_id).analysis
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        store.close()


def test_wrong_passphrase_fails_cleanly_and_changes_nothing(enc_path: Path, enc_key: Key, form: FormDefinition) -> None:
    _fill(enc_path, enc_key, form)
    before = enc_path.read_bytes()
    with pytest.raises(WrongPassphraseError, match="not right"):
        unlock(enc_path, "tulip harbour lantern eight")
    with pytest.raises(PassphraseRequiredError, match="encrypted"):
        open_store(enc_path)
    with pytest.raises(DamagedDatabaseError):
        open_store(enc_path, key=Key.generate())  # a key that does not fit (e.g. the wrong key file)
    assert enc_path.read_bytes() == before


def test_change_passphrase_keeps_data_and_backups_and_refuses_the_old_one(
    enc_path: Path, enc_key: Key, form: FormDefinition
) -> None:
    location_id, _ = _fill(enc_path, enc_key, form)
    store = open_store(enc_path, key=enc_key)
    backup = store.backups.take("periodic")
    store.close()
    change_passphrase(enc_path, unlock(enc_path, PASSPHRASE), "copper kettle meadow nine")
    with pytest.raises(WrongPassphraseError):
        unlock(enc_path, PASSPHRASE)
    key = unlock(enc_path, "copper kettle meadow nine")
    store = open_store(enc_path, key=key)
    assert store.locations.get(location_id).name == "Brenchley Gardens"
    store.close()
    from safeguarding.store.backups import check_backup

    assert check_backup(backup, key)["locations"] == 1


def test_recovery_key_unlocks_after_the_passphrase_is_forgotten(
    enc_path: Path, enc_key: Key, form: FormDefinition, tmp_path: Path
) -> None:
    _fill(enc_path, enc_key, form)
    recovery = set_recovery_key(enc_path, enc_key)
    saved = save_recovery_key_file(tmp_path / "recovery.txt", enc_path, recovery)
    typed = read_recovery_key_file(saved).lower().replace("-", " ")  # typed loosely
    key = unlock_with_recovery_key(enc_path, typed)
    change_passphrase(enc_path, key, "a brand new passphrase here")
    assert unlock(enc_path, "a brand new passphrase here") == enc_key
    with pytest.raises(WrongPassphraseError):
        unlock_with_recovery_key(enc_path, new_recovery_key())
    with pytest.raises(WrongPassphraseError, match="not a recovery key"):
        unlock_with_recovery_key(enc_path, "12345")


def test_missing_key_file_is_a_plain_message(enc_path: Path, enc_key: Key, form: FormDefinition) -> None:
    _fill(enc_path, enc_key, form)
    keyfile_path(enc_path).rename(enc_path.with_name("elsewhere.json"))
    with pytest.raises(StorageError, match=r"key file .* is missing"):
        unlock(enc_path, PASSPHRASE)
    with pytest.raises(StorageError, match="not a database"):
        open_store(enc_path)  # no key file: cannot tell it from a non-database; nothing changed


def test_conversion_from_plain_keeps_every_row(tmp_path: Path, form: FormDefinition) -> None:
    path = tmp_path / "old.sqlite3"
    location_id, assessment_id = _fill(path, None, form)
    store = open_store(path)
    plain_backup = store.backups.take("periodic")
    counts_before = {
        name: store.db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in store.db.table_names()
    }
    store.close()

    result = encrypt_database(path, PASSPHRASE)

    assert result.row_counts == counts_before
    assert plain_backup in result.backups_converted
    assert SECRET.encode() not in _all_bytes(tmp_path)
    assert not list(tmp_path.glob(".*encrypting"))
    key = unlock(path, PASSPHRASE)
    store = open_store(path, key=key)
    try:
        assert store.locations.get(location_id).referral_reason == SECRET
        assert SECRET in store.assessments.get(assessment_id).analysis
        after = {n: store.db.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in store.db.table_names()}
        assert after == counts_before
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        store.close()
    with pytest.raises(StorageError, match="already encrypted"):
        encrypt_database(path, PASSPHRASE)


def test_conversion_that_fails_leaves_the_original(tmp_path: Path, form: FormDefinition) -> None:
    path = tmp_path / "old.sqlite3"
    _fill(path, None, form)
    before = path.read_bytes()
    (tmp_path / ".old.sqlite3.encrypting").mkdir()  # something in the way of the copy
    with pytest.raises(StorageError, match="not been changed"):
        encrypt_database(path, PASSPHRASE)
    assert path.read_bytes() == before
    store = open_store(path)
    assert store.locations.by_name()[0].name == "Brenchley Gardens"
    store.close()


def test_new_database_is_created_encrypted(enc_path: Path, enc_key: Key) -> None:
    store = open_store(enc_path, key=enc_key)
    assert store.opened.created and store.opened.encrypted
    store.close()
    assert is_encrypted(enc_path)
    plain = enc_path.with_name("plain.sqlite3")
    open_store(plain).close()
    with pytest.raises(StorageError, match="not encrypted"):
        open_store(plain, key=enc_key)


def test_read_only_open_of_an_encrypted_database(enc_path: Path, enc_key: Key, form: FormDefinition) -> None:
    _fill(enc_path, enc_key, form)
    store = open_store(enc_path, key=enc_key, read_only=True)
    try:
        assert store.locations.by_name()[0].referral_reason == SECRET
    finally:
        store.close()
