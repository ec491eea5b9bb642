"""Fixtures for the meetings tests: the demo database (built once per run, copied for each test) on a fixed clock.

The demo holds the finalised DCSM of 19 November 2026 (Brenchley Gardens, North
Week Street, Maidstone East station forecourt) and the draft of 17 December 2026.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from safeguarding.demo import build_demo_database
from safeguarding.store import Store, open_store
from tests.conftest import FixedClock

NOVEMBER = "2026-11-19"
DECEMBER = "2026-12-17"


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once per test run (never changed: tests use :func:`demo_path`)."""
    return build_demo_database(tmp_path_factory.mktemp("demo") / "demo.sqlite3")


@pytest.fixture
def demo_path(demo_file: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database."""
    target = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_file, target)
    return target


@pytest.fixture
def meeting_clock() -> FixedClock:
    """The morning of the December meeting: 17 December 2026, 09:00 UK time (GMT)."""
    return FixedClock(datetime(2026, 12, 17, 9, 0, tzinfo=UTC))


@pytest.fixture
def demo(demo_path: Path, meeting_clock: FixedClock) -> Iterator[Store]:
    """The demo database open on the meeting clock, author "coordinator"."""
    store = open_store(demo_path, clock=meeting_clock)
    store.plan.author = "coordinator"
    yield store
    store.db.conn.close()
