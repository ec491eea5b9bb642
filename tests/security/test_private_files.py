"""Databases, key files, recovery keys and backups are readable by their owner only (POSIX)."""

from __future__ import annotations

import os
import stat
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
