"""A real PostgreSQL server for the team tests, started once per test session and always stopped.

``team_server`` runs ``initdb`` and ``pg_ctl`` from Debian's ``postgresql`` package
in a temporary folder (as the ``postgres`` user when the tests run as root, as CI
does), on a free loopback port. Each test gets its own team database on it
(``team``), set up with ``team init``, and its own members, so tests never see
each other's data. A pytest plugin: ``tests/conftest.py`` loads it for runs that
include a team test (``tests/team``, ``tests/ui/test_team.py``), so one server
serves both and other runs never import psycopg.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest

from safeguarding.store import open_store
from safeguarding.team.admin import add_user, init_team
from safeguarding.team.connection import ServerAddress, connect, parse_address
from safeguarding.team.sync import SyncOptions, SyncResult, sync_database, sync_with_server
from safeguarding.team.throwaway import ThrowawayServer, start_throwaway_server

PASSWORD = "a long team password 1"
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def team_server() -> Iterator[ThrowawayServer]:
    """The session's private PostgreSQL server (stopped and removed at the end, even after failures)."""
    server = start_throwaway_server()
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Team:
    """One team database on the test server, with helpers to add members and make laptops.

    Attributes:
        server: The server; database: this team's database; folder: where laptops' files go.
    """

    server: ThrowawayServer
    database: str
    folder: Path
    demo_template: Path
    users: dict[str, str] = field(default_factory=dict)

    @property
    def admin(self) -> ServerAddress:
        """The team database as the server's superuser (IT)."""
        return parse_address(self.server.url(self.database))

    def user(self, short: str) -> str:
        """The login of a member called ``short`` in this team (logins are server-wide, so prefixed)."""
        return f"{self.database}_{short}"

    def add(self, short: str, role: str = "practitioner", agency: str = "Youth Outreach Team", name: str = "") -> str:
        """Add a member; return their login."""
        login = self.user(short)
        add_user(self.admin, self.server.password, username=login, display_name=name or short.capitalize(),
                 role=role, agency=agency, user_password=PASSWORD)  # fmt: skip
        return login

    def url(self, short: str) -> str:
        """The server address a member's laptop joins."""
        return self.server.url(self.database, self.user(short))

    def laptop(self, name: str, demo: bool = False) -> Path:
        """A new laptop database (the demo, or empty)."""
        path = self.folder / f"{name}.sqlite3"
        if demo:
            shutil.copyfile(self.demo_template, path)  # built once per session: the demo takes a while
        else:
            open_store(path).close()
        return path

    def join(self, path: Path, short: str, **kwargs: Any) -> SyncResult:
        """Join the laptop to the team as ``short`` and sync."""
        return sync_with_server(path, self.url(short), None, PASSWORD, **kwargs)

    def sync(self, path: Path, *, password: str = PASSWORD, **kwargs: Any) -> SyncResult:
        """Sync a laptop that has joined."""
        kwargs.setdefault("options", SyncOptions())
        return sync_database(path, password, **kwargs)

    def sql(self, query: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        """Run SQL as IT (superuser) on the team database; return the rows."""
        with connect(self.admin, self.server.password, autocommit=True) as conn:
            cursor = conn.execute(query, params or [])
            return cursor.fetchall() if cursor.description else []

    def connect_as(self, short: str) -> psycopg.Connection[Any]:
        """A connection as a member (for tests that run their own SQL)."""
        return connect(parse_address(self.url(short)), PASSWORD, autocommit=True)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once per session (laptops get copies)."""
    from safeguarding.demo import build_demo_database

    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LAT_DATA_DIR", str(folder / "userdata"))  # never the real profile
        return build_demo_database(folder / "demo.sqlite3")


@pytest.fixture
def team(team_server: ThrowawayServer, demo_template: Path, tmp_path: Path) -> Team:
    """A fresh team database with the team schema, on the session's server."""
    database = f"t{next(_numbers)}"
    with connect(parse_address(team_server.url()), team_server.password, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {database}")
    init_team(parse_address(team_server.url(database)), team_server.password)
    folder = tmp_path / "laptops"
    folder.mkdir()
    return Team(team_server, database, folder, demo_template)
