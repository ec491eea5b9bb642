"""Test set-up shared by every test: headless Qt and a private data folder.

Qt runs offscreen; the web engine may run as root (CI). Each test gets its own
user data folder through ``LAT_DATA_DIR`` so nothing touches a real profile.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from safeguarding.forms import FormDefinition, FormLibrary
from safeguarding.store import Store, open_store
from tests.team.fixtures import demo_template, team, team_server  # noqa: F401 - the team tests' PostgreSQL server
from ui.schemes import share_opengl_contexts

# The web engine (map) needs this before pytest-qt creates the QApplication; the map's
# URL schemes are registered by the first map view, as in the app.
share_opengl_contexts()

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's user data folder at a fresh folder inside ``tmp_path``."""
    folder = tmp_path / "userdata"
    monkeypatch.setenv("LAT_DATA_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def form_library() -> FormLibrary:
    """The forms shipped in ``forms/``."""
    return FormLibrary.load()


@pytest.fixture(scope="session")
def form(form_library: FormLibrary) -> FormDefinition:
    """The current location assessment form."""
    return form_library.current()


class FixedClock:
    """A clock tests can set and advance; returns aware UTC datetimes."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FixedClock:
    """A fixed clock at 2026-11-30 12:00 UTC."""
    return FixedClock(datetime(2026, 11, 30, 12, 0, tzinfo=UTC))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh database file in ``tmp_path``, closed after the test."""
    opened = open_store(tmp_path / "test.sqlite3")
    yield opened
    opened.db.conn.close()
