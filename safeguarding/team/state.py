"""This laptop's link to its team, kept in the ``team_state`` table of its own database.

What is kept: the server address (without password), the user name, the role,
name and agency the server gave at the last sync, the pull cursor (the last
server revision received), the time and summary of the last sync, and the team's
member names (to show who wrote what while offline). A password is kept only in
an **encrypted** database and only if the user asked (``remember_password``):
there it is protected like the assessments themselves; a plain database never
holds one, so the app asks at the first sync of each session.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from safeguarding.team.errors import NotJoinedError, TeamError
from safeguarding.timeutil import from_iso

SERVER_URL = "server_url"
USERNAME = "username"
DISPLAY_NAME = "display_name"
ROLE = "role"
AGENCY = "agency"
CURSOR = "cursor"
LAST_SYNC = "last_sync"
LAST_SUMMARY = "last_summary"
MEMBERS = "members"
PASSWORD = "password"


@dataclass(frozen=True)
class Member:
    """A member of the team as the server lists them.

    Attributes:
        username: The login name; display_name: as shown; agency; role.
    """

    username: str
    display_name: str
    agency: str = ""
    role: str = ""


class TeamState:
    """Reads and writes ``team_state``.

    Args:
        db: The laptop's open database.
    """

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str, default: str = "") -> str:
        """The value under ``key``, or ``default``."""
        row = self._db.execute("SELECT value FROM team_state WHERE key = ?", [key]).fetchone()
        return str(row[0]) if row else default

    def set(self, **values: str) -> None:
        """Store several values at once (in one transaction)."""
        with self._db.atomic():
            for key, value in values.items():
                self._db.execute("INSERT OR REPLACE INTO team_state (key, value) VALUES (?, ?)", [key, value])

    def remove(self, *keys: str) -> None:
        """Forget values."""
        with self._db.atomic():
            for key in keys:
                self._db.execute("DELETE FROM team_state WHERE key = ?", [key])

    @property
    def joined(self) -> bool:
        """True if this database belongs to a team."""
        return bool(self.get(SERVER_URL))

    def require_joined(self) -> None:
        """Raise NotJoinedError if this database has not joined a team."""
        if not self.joined:
            raise NotJoinedError(
                "This database has not joined a team yet. Use Team → Join a team… (or sync DB --server URL)."
            )

    @property
    def server_url(self) -> str:
        """The team server's address (no password)."""
        return self.get(SERVER_URL)

    @property
    def username(self) -> str:
        """The user name this laptop signs in with."""
        return self.get(USERNAME)

    @property
    def display_name(self) -> str:
        """This user's name as the server lists it (or the user name before the first sync)."""
        return self.get(DISPLAY_NAME) or self.username

    @property
    def role(self) -> str:
        """``practitioner``, ``coordinator``, ``partner``, or "" before the first sync."""
        return self.get(ROLE)

    @property
    def cursor(self) -> int:
        """The last server revision received."""
        return int(self.get(CURSOR, "0") or 0)

    @property
    def last_sync(self) -> datetime | None:
        """When the last sync finished (aware UTC), or None."""
        text = self.get(LAST_SYNC)
        return from_iso(text) if text else None

    @property
    def last_summary(self) -> dict[str, Any]:
        """The counts of the last sync (pushed, pulled, conflicts, ...)."""
        text = self.get(LAST_SUMMARY)
        return json.loads(text) if text else {}

    def members(self) -> dict[str, Member]:
        """The team's members by user name, as of the last sync."""
        text = self.get(MEMBERS)
        return {name: Member(**value) for name, value in (json.loads(text) if text else {}).items()}

    def display(self, username: str) -> str:
        """A member's display name (the user name if unknown)."""
        member = self.members().get(username)
        return member.display_name if member else username

    def store_members(self, members: list[Member]) -> None:
        """Remember the member list."""
        data = {m.username: {"username": m.username, "display_name": m.display_name, "agency": m.agency,
                             "role": m.role} for m in members}  # fmt: skip
        self.set(**{MEMBERS: json.dumps(data, ensure_ascii=False)})

    def join(self, url: str, username: str) -> None:
        """Link this database to a team (the first sync then sends everything it holds)."""
        if not username:
            raise TeamError("Give your user name on the team server.")
        self.set(**{SERVER_URL: url, USERNAME: username, CURSOR: "0"})

    def remembered_password(self) -> str | None:
        """The password kept in this (encrypted) database, or None."""
        return self.get(PASSWORD) or None

    def remember_password(self, password: str, *, encrypted: bool) -> None:
        """Keep the password in the database, only if the database is encrypted.

        Raises:
            TeamError: the database is not encrypted (the password would be readable on disk).
        """
        if not encrypted:
            raise TeamError(
                "The password can only be remembered in an encrypted database. Encrypt it first "
                "(Security → Encrypt this database…), or give the password at each sync."
            )
        self.set(**{PASSWORD: password})

    def forget_password(self) -> None:
        """Remove a remembered password."""
        self.remove(PASSWORD)
