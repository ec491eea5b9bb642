"""Opening read-only (export from a read-only folder) and journals left without their database."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from app import cli
from safeguarding.demo import build_demo_database
from safeguarding.errors import StorageError
from safeguarding.model import Location
from safeguarding.store import open_store
from safeguarding.store.database import MIGRATIONS_TABLE
from safeguarding.store.migrations import MIGRATION_SET


def test_read_only_store_reads_and_refuses_writes(tmp_path: Path) -> None:
    path = build_demo_database(tmp_path / "demo.sqlite3")
    before = path.read_bytes()
    store = open_store(path, read_only=True)
    try:
        assert store.read_only
        assert {loc.name for loc in store.locations.by_name()} == {
            "Brenchley Gardens",
            "North Week Street",
            "Maidstone East station forecourt",
        }
        with pytest.raises(StorageError):
            store.locations.add(Location(name="Somewhere new"))
    finally:
        store.close()
    assert path.read_bytes() == before


def test_read_only_open_refuses_a_database_that_needs_upgrading(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(
            f"DELETE FROM {MIGRATIONS_TABLE} WHERE migration_set = ? AND rowid = (SELECT max(rowid) FROM "
            f"{MIGRATIONS_TABLE})",
            [MIGRATION_SET],
        )
    conn.close()
    with pytest.raises(StorageError, match="needs upgrading"):
        open_store(path, read_only=True)


def test_export_from_a_read_only_folder_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "readonly"
    path = build_demo_database(folder / "demo.sqlite3")
    # Tests run as root, where chmod does not stop writes: report the folder as read-only instead.
    real_access = os.access

    def access(target: Any, mode: int, **kwargs: Any) -> bool:
        if mode & os.W_OK and Path(target).resolve().is_relative_to(folder.resolve()):
            return False
        return real_access(target, mode, **kwargs)

    monkeypatch.setattr(os, "access", access)
    out = tmp_path / "out.pdf"
    assert cli.main(["export", str(path), "--location", "Brenchley Gardens", "--out", str(out)]) == 0
    assert out.exists()
    assert "written to" in capsys.readouterr().out


def test_journal_left_without_its_database_is_set_aside_not_replayed(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    store = open_store(path)
    store.locations.add(Location(name="Stale place"))
    # Simulate a crash: copy the database's live journal away before it is checkpointed.
    wal = Path(f"{path}-wal")
    assert wal.exists() and wal.stat().st_size > 0
    saved_wal = wal.read_bytes()
    store.db.conn.close()
    path.unlink()
    wal.write_bytes(saved_wal)

    fresh = open_store(path)
    try:
        assert fresh.locations.by_name() == []
        assert fresh.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        fresh.close()
    orphaned = list(tmp_path.glob("a.sqlite3-wal.orphaned-*"))
    assert len(orphaned) == 1 and orphaned[0].read_bytes() == saved_wal


def test_demo_is_not_mixed_with_a_leftover_journal(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    store = open_store(path)
    store.locations.add(Location(name="Stale place"))
    saved_wal = Path(f"{path}-wal").read_bytes()
    store.db.conn.close()
    path.unlink()
    Path(f"{path}-wal").write_bytes(saved_wal)

    build_demo_database(path)
    store = open_store(path)
    try:
        assert "Stale place" not in {loc.name for loc in store.locations.by_name()}
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        store.close()
