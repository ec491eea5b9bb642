"""What IT does on the team server: create or upgrade the team schema, add users, put them on assessments.

``team init`` applies the numbered migrations of :mod:`safeguarding.team.server_sql`
that the server has not recorded, each in its own transaction, under an advisory
lock (two ``init`` runs at once wait for each other). A server that records a
version this app does not know is refused before anything is changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from safeguarding.team.connection import ServerAddress, connect
from safeguarding.team.errors import NotAllowedError, ServerSchemaError, TeamError
from safeguarding.team.server_sql import MIGRATIONS, VERSION_TABLE

if TYPE_CHECKING:
    import psycopg

SCHEMA_VERSION = MIGRATIONS[-1][0]
"""The team schema version this app writes and understands."""
ROLES = ("practitioner", "coordinator", "partner")
INIT_LOCK_KEY = 7282
USERNAME = re.compile(r"^[a-z][a-z0-9_.-]{1,62}$")


@dataclass(frozen=True)
class InitResult:
    """What ``team init`` did.

    Attributes:
        before: The schema version found (0: none).
        after: The version now.
        applied: Names of the migrations applied.
        role_prefix: The prefix of this team's roles, e.g. ``lat_district_team_``.
    """

    before: int
    after: int
    applied: tuple[str, ...]
    role_prefix: str


def role_prefix(database: str) -> str:
    """The prefix of a team database's group roles: ``lat_`` + the database name in lower-case letters and digits."""
    cleaned = re.sub(r"[^a-z0-9_]", "_", database.lower())[:40]
    return f"lat_{cleaned}_"


def server_version(conn: psycopg.Connection[Any]) -> int:
    """The team schema version the server records (0 if there is no team schema).

    Raises:
        NotAllowedError: this user may not read it.
    """
    import psycopg

    try:
        exists = conn.execute("SELECT to_regclass('team.schema_version') IS NOT NULL").fetchone()
        if not exists or not exists[0]:
            return 0
        row = conn.execute("SELECT coalesce(max(version), 0) FROM team.schema_version").fetchone()
    except psycopg.errors.InsufficientPrivilege as error:
        raise NotAllowedError(
            "This user may not use the team database: ask IT to add you with 'team add-user'."
        ) from error
    return int(row[0]) if row else 0


def check_server_version(conn: psycopg.Connection[Any], address: ServerAddress) -> int:
    """Refuse a server whose team schema is missing, older or newer than this app; return the version.

    Raises:
        ServerSchemaError: with what to do (update the app, or ask IT to run ``team init``).
    """
    version = server_version(conn)
    if version == 0:
        raise ServerSchemaError(
            f"{address.describe()} is not set up as a team database. IT sets it up with 'team init'."
        )
    if version > SCHEMA_VERSION:
        raise ServerSchemaError(
            f"The team database on {address.describe()} was upgraded by a newer version of the app (team schema "
            f"{version}; this app knows {SCHEMA_VERSION}). Update the app, then sync again. Nothing was changed."
        )
    if version < SCHEMA_VERSION:
        raise ServerSchemaError(
            f"The team database on {address.describe()} needs upgrading (team schema {version}; this app needs "
            f"{SCHEMA_VERSION}). Ask IT to run 'team init' with this version of the app. Nothing was changed."
        )
    return version


def init_team(address: ServerAddress, password: str | None) -> InitResult:
    """Create or upgrade the team schema and roles on the server (idempotent).

    Args:
        address: The team database, as a user allowed to create schemas and roles (IT's admin account).
        password: That user's password, or None to let libpq find it.

    Raises:
        ServerSchemaError: the server's team schema is newer than this app (nothing changed).
        NotAllowedError: the user may not create schemas or roles.
        TeamError: from :func:`~safeguarding.team.connection.connect`.
    """
    import psycopg

    prefix = role_prefix(address.database)
    with connect(address, password, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", [INIT_LOCK_KEY])
        try:
            before = server_version(conn)
            if before > SCHEMA_VERSION:
                raise ServerSchemaError(
                    f"The team schema on {address.describe()} is version {before}, newer than this app "
                    f"({SCHEMA_VERSION}). Use the newer app to manage it. Nothing was changed."
                )
            applied = []
            try:
                with conn.transaction():
                    conn.execute(VERSION_TABLE)
                for version, name, sql in MIGRATIONS:
                    if version <= before:
                        continue
                    with conn.transaction():
                        conn.execute(sql.replace("__P__", prefix))
                        conn.execute(
                            "INSERT INTO team.schema_version (version, name) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                            [version, name],
                        )
                    applied.append(name)
            except psycopg.errors.InsufficientPrivilege as error:
                raise NotAllowedError(
                    f"{address.user or 'This user'} may not create the team schema and roles ({error}). "
                    "Run team init as the database owner with the right to create roles."
                ) from error
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", [INIT_LOCK_KEY])
    return InitResult(before=before, after=max(before, SCHEMA_VERSION), applied=tuple(applied), role_prefix=prefix)


def add_user(
    address: ServerAddress,
    password: str | None,
    *,
    username: str,
    display_name: str,
    role: str,
    agency: str,
    user_password: str,
) -> bool:
    """Create (or update) a team member: a login role with a password, its group role, and its members row.

    The password is sent to the server already hashed (SCRAM-SHA-256, computed here by libpq),
    so it never appears in the server's statement log.

    Args:
        address: The team database as IT's admin user.
        password: The admin's password.
        username: Lower-case login name, e.g. ``sam.patel``.
        display_name: The name shown as author, e.g. "Sam Patel".
        role: ``practitioner``, ``coordinator`` or ``partner``.
        agency: The member's agency; for a partner it must match the agency name used on actions.
        user_password: The new member's password (at least 12 characters).

    Returns:
        True if the member was created, False if an existing member was updated.

    Raises:
        TeamError: a bad name, role or password, or the server refused.
    """
    import psycopg
    from psycopg import sql

    if not USERNAME.match(username):
        raise TeamError(
            f"'{username}' cannot be a user name: use lower-case letters, digits, dots, dashes or underscores, "
            "starting with a letter (for example sam.patel)."
        )
    if role not in ROLES:
        raise TeamError(f"The role must be one of {', '.join(ROLES)}, not '{role}'.")
    if len(user_password) < 12:
        raise TeamError("The new user's password must be at least 12 characters long.")
    if not display_name.strip():
        raise TeamError("Give the new user's full name (shown as the author of their changes).")
    prefix = role_prefix(address.database)
    with connect(address, password) as conn:
        check_server_version(conn, address)
        hashed = conn.pgconn.encrypt_password(user_password.encode(), username.encode(), b"scram-sha-256").decode()
        try:
            with conn.transaction():
                exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [username]).fetchone()
                verb = "ALTER" if exists else "CREATE"
                conn.execute(sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(username), sql.Literal(hashed)))  # fmt: skip
                for other in ROLES:
                    group = sql.Identifier(prefix + other)
                    member = conn.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [username, prefix + other])
                    found = member.fetchone()
                    is_member = bool(found and found[0])
                    if other == role and not is_member:
                        conn.execute(sql.SQL("GRANT {} TO {}").format(group, sql.Identifier(username)))
                    elif other != role and is_member:
                        conn.execute(sql.SQL("REVOKE {} FROM {}").format(group, sql.Identifier(username)))
                conn.execute(
                    "INSERT INTO team.members (username, display_name, role, agency) VALUES (%s, %s, %s, %s) "
                    "ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name, "
                    "role = EXCLUDED.role, agency = EXCLUDED.agency, active = true",
                    [username, display_name.strip(), role, agency.strip()],
                )
        except psycopg.errors.InsufficientPrivilege as error:
            raise NotAllowedError(f"The server refused to add {username}: {error}".strip()) from error
    return not exists


def assign(address: ServerAddress, password: str | None, *, username: str, location: str) -> int:
    """Put a practitioner on every assessment of a location (matched by name, not case-sensitive).

    Returns:
        How many assessments the user was newly put on.

    Raises:
        TeamError: no such member or location; NotAllowedError: the caller is not IT or a coordinator.
    """
    import psycopg

    with connect(address, password) as conn:
        check_server_version(conn, address)
        member = conn.execute("SELECT role FROM team.members WHERE username = %s", [username]).fetchone()
        if member is None:
            raise TeamError(f"{username} is not a member of this team: add them with 'team add-user' first.")
        try:
            rows = conn.execute(
                "SELECT a.record_key FROM team.records a JOIN team.records l ON l.table_name = 'locations' "
                "AND l.record_key = a.data->>'location_id' WHERE a.table_name = 'assessments' AND NOT a.deleted "
                "AND lower(l.data->>'name') = lower(%s)",
                [location.strip()],
            ).fetchall()
            if not rows:
                raise TeamError(f'No assessment of a location called "{location}" is on the server yet.')
            added = 0
            for (assessment_id,) in rows:
                assigned = conn.execute("SELECT team.assign(%s, %s)", [assessment_id, username]).fetchone()
                added += bool(assigned and assigned[0])  # team.assign says whether the user was added now
            conn.commit()
        except psycopg.errors.InsufficientPrivilege as error:
            raise NotAllowedError("Only a coordinator or IT can put someone on an assessment.") from error
    return added
