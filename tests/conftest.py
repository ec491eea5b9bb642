"""Test set-up shared by every test: a private data folder, forms, a fixed clock, a fresh store.

No Qt here: domain tests never load it. Qt's set-up is in ``tests/ui/conftest.py``,
and pytest-qt (which imports Qt as soon as it is loaded) is loaded only by runs
that include ``tests/ui`` (:func:`pytest_addoption`); ``tests/test_no_qt.py``
checks that a run of domain tests imports neither Qt nor ``ui``.

The team tests' PostgreSQL fixtures (:mod:`tests.team.fixtures`) are loaded the same
way, only by runs that include a team test; the server starts when a test first uses it.

The environment is still set for Qt, for the app processes that tests start:
offscreen, and a web engine that may run as root (CI).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from safeguarding.forms import FormDefinition, FormLibrary
from safeguarding.store import Store, open_store

TESTS = Path(__file__).resolve().parent
QT_TESTS = TESTS / "ui"
"""The tests that use Qt in the test process (pytest-qt's ``qtbot``)."""

TEAM_TESTS = (TESTS / "team", QT_TESTS / "test_team.py")
"""The tests that use the team server (:mod:`tests.team.fixtures`)."""
TEAM_FIXTURES = "tests.team.fixtures"

QT_INI = (("qt_api", "string"), ("qt_log_level_fail", "string"), ("qt_log_ignore", "linelist"))
"""pytest-qt's settings in pyproject.toml, declared when it is not loaded (``--strict-config``)."""


def runs_tests_in(paths: Sequence[str], invocation_dir: Path, where: Path) -> bool:
    """True if a run of ``paths`` (as given to pytest; none: every test) includes ``where`` (a folder or file)."""
    if not paths:
        return True
    for given in paths:
        target = (invocation_dir / given.split("::")[0]).resolve()
        if target == where or where in target.parents or target in where.parents:
            return True
    return False


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    """Load the plugins that only some runs need.

    pytest-qt only for runs that include the Qt tests (pyproject.toml blocks loading
    it always); the team server's fixtures only for runs that include a team test.
    """
    config = pluginmanager.get_plugin("pytestconfig")
    paths = (config.known_args_namespace.file_or_dir if config is not None else []) or []
    invocation_dir = config.invocation_params.dir if config is not None else Path.cwd()
    if any(runs_tests_in(paths, invocation_dir, where) for where in TEAM_TESTS):
        pluginmanager.import_plugin(TEAM_FIXTURES)
    if runs_tests_in(paths, invocation_dir, QT_TESTS):
        pluginmanager.import_plugin("pytestqt.plugin")
    else:
        for name, kind in QT_INI:
            parser.addini(name, "pytest-qt setting (pytest-qt is not loaded: this run has no Qt tests)", type=kind)


def _shared_data() -> Path:
    """Where the shared sample data is (real camera photos, too large and not ours to keep in the repository).

    ``LAT_SHARED_DATA`` if set; else ``shared/data`` beside the repository, as CI lays it
    out (``../shared/data``), or beside a folder further up (a git worktree kept deeper).
    """
    if os.environ.get("LAT_SHARED_DATA"):
        return Path(os.environ["LAT_SHARED_DATA"])
    repository = TESTS.parent
    for folder in repository.parents:
        if (folder / "shared" / "data").is_dir():
            return folder / "shared" / "data"
    return repository.parent / "shared" / "data"


SHARED_DATA = _shared_data()


def shared_sample(relative: str) -> Path:
    """Path of a file of the shared sample data, e.g. ``"photos/jpg_corrupted.jpg"``.

    A missing file fails the test in CI (``CI=true``, set by the CI runner: the data is
    laid beside every clone there, so missing means the run checks less than it should)
    and skips it elsewhere, saying where it looked.
    """
    path = SHARED_DATA / relative
    if not path.exists():
        message = f"shared sample {relative} is not available (looked in {SHARED_DATA}; LAT_SHARED_DATA sets it)"
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"{message}: CI must have it")
        pytest.skip(message)
    return path


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
