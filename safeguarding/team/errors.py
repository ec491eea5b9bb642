"""Errors of the team database, each with a plain-English message for the practitioner or IT."""

from __future__ import annotations

from safeguarding.errors import SafeguardingError


class TeamError(SafeguardingError):
    """Something about the team server or this laptop's link to it (the message says what to do)."""


class NotJoinedError(TeamError):
    """This database has not joined a team yet."""


class ServerUnreachableError(TeamError):
    """The server could not be reached, or the connection dropped; nothing half-done is kept."""


class SignInError(TeamError):
    """The server refused the user name or password."""


class ServerSchemaError(TeamError):
    """The server's team schema is missing, older or newer than this app knows; nothing was changed."""


class NotAllowedError(TeamError):
    """The server refused the change or read for this user's role (row-level security or privileges)."""
