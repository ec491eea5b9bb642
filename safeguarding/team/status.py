"""What the window and ``team status`` show about this laptop's link to its team (no network needed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from safeguarding.team.conflicts import count_open
from safeguarding.team.state import TeamState
from safeguarding.team.tracking import count_changes


@dataclass(frozen=True)
class TeamStatus:
    """This laptop's team link at a glance.

    Attributes:
        joined: False for a laptop working alone (the other fields are then empty).
        server: The server address; username, display_name, role, agency: who signs in.
        last_sync: When the last sync finished (aware UTC), or None.
        waiting: Records changed here and not yet sent.
        conflicts: Conflicts waiting for a choice.
        set_aside: Received records not applied here yet.
    """

    joined: bool
    server: str = ""
    username: str = ""
    display_name: str = ""
    role: str = ""
    last_sync: datetime | None = None
    waiting: int = 0
    conflicts: int = 0
    set_aside: int = 0


def team_status(db: Database) -> TeamStatus:
    """Read this laptop's team status from its own database."""
    state = TeamState(db)
    if not state.joined:
        return TeamStatus(joined=False)
    return TeamStatus(
        joined=True,
        server=state.server_url,
        username=state.username,
        display_name=state.display_name,
        role=state.role,
        last_sync=state.last_sync,
        waiting=count_changes(db),
        conflicts=count_open(db),
        set_aside=int(db.execute("SELECT count(*) FROM team_pending").fetchone()[0]),
    )
