"""Fixtures for the storage tests: real SQLite files in ``tmp_path`` and a fixed clock."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from safeguarding.model import Location
from safeguarding.store import Store, open_store
from tests.conftest import FixedClock


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test database lives (inside its own folder, so backups land beside it)."""
    return tmp_path / "data" / "assessments.sqlite3"


@pytest.fixture
def clocked_store(db_path: Path, clock: FixedClock) -> Iterator[Store]:
    """A fresh store whose timestamps come from the fixed test clock."""
    store = open_store(db_path, clock=clock)
    yield store
    store.db.conn.close()


def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes, to prove a refused file was not touched."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def raw_rows(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Run a read-only query on the file through a separate plain sqlite3 connection."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def schema(path: Path) -> list[tuple[object, ...]]:
    """Every table and index definition in the file, sorted."""
    return raw_rows(path, "SELECT type, name, sql FROM sqlite_master ORDER BY type, name")


def brenchley(**changes: object) -> Location:
    """Brenchley Gardens, Maidstone, with every field filled in (facts from docs/domain.md)."""
    values: dict[str, object] = {
        "name": "Brenchley Gardens",
        "address": "St Faith's Street, Maidstone ME14 1LH",
        "ward": "High Street",
        "district": "Maidstone",
        "place_type": "Park",
        "latitude": 51.2776,
        "longitude": 0.5196,
        "referral_reason": "Repeat reports of young people approached by older males after school.",
        "referral_date": date(2026, 10, 5),
        "referral_source": "DCSM partner: Community Protection",
    }
    values.update(changes)
    return Location(**values)  # type: ignore[arg-type]
