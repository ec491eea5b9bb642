"""Connecting to the team server with psycopg: URLs, TLS defaults and plain-English errors.

A server address is a libpq URL such as
``postgresql://sam.patel@db.council.example/district_team?sslrootcert=/etc/lat/ca.crt``.
It never carries a password (one in the URL is refused: URLs end up in shell
histories and settings files). Unless the URL says otherwise, a server that is
not on this computer is reached with ``sslmode=verify-full``: TLS, and the
server's certificate must be signed by a trusted authority *and* name the host,
so a laptop on café wi-fi cannot be pointed at an impostor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from safeguarding.team.errors import ServerUnreachableError, SignInError, TeamError

if TYPE_CHECKING:
    import psycopg

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", ""})
CONNECT_TIMEOUT_S = 10
APPLICATION_NAME = "LocationAssessmentTool"


@dataclass(frozen=True)
class ServerAddress:
    """Where the team server is and who signs in.

    Attributes:
        url: The libpq URL without password, as the user gave it.
        params: Its parts (host, port, dbname, user, sslmode, ...) with TLS defaults added.
    """

    url: str
    params: dict[str, str]

    @property
    def user(self) -> str:
        """The user name in the URL ("" if none)."""
        return self.params.get("user", "")

    @property
    def database(self) -> str:
        """The database name ("" if none)."""
        return self.params.get("dbname", "")

    @property
    def host(self) -> str:
        """The host ("" for the default local socket)."""
        return self.params.get("host", "")

    def with_user(self, user: str) -> ServerAddress:
        """The same address for another user."""
        return ServerAddress(self.url, {**self.params, "user": user})

    def describe(self) -> str:
        """A short description for messages, e.g. ``district_team on db.example:5432``."""
        port = self.params.get("port", "5432")
        return f"{self.database or '(default database)'} on {self.host or 'this computer'}:{port}"


def is_local(host: str) -> bool:
    """True for this computer (a loopback address, ``localhost`` or a Unix socket folder)."""
    return all(part.strip() in LOCAL_HOSTS or part.strip().startswith("/") for part in host.split(","))


def parse_address(url: str, user: str | None = None) -> ServerAddress:
    """Check a server URL and add the TLS default.

    Args:
        url: ``postgresql://[user@]host[:port]/database[?options]`` (no password).
        user: Overrides the user in the URL.

    Raises:
        TeamError: the URL cannot be read, names no database, or carries a password.
    """
    from psycopg.conninfo import conninfo_to_dict

    text = url.strip()
    if not text.startswith(("postgresql://", "postgres://")):
        raise TeamError(f"'{url}' is not a server address: it should start with postgresql://")
    try:
        params = {key: str(value) for key, value in conninfo_to_dict(text).items() if value is not None}
    except Exception as error:  # psycopg.ProgrammingError: say what is wrong with the text
        raise TeamError(f"The server address '{url}' cannot be read ({error}).") from error
    if "password" in params:
        raise TeamError(
            "A password in the server address is refused: addresses are saved and shown. "
            "Give the password when asked instead."
        )
    if not params.get("dbname"):
        raise TeamError(f"The server address '{url}' names no database: add /DATABASE after the host.")
    if user:
        params["user"] = user
    if "sslmode" not in params and not is_local(params.get("host", "")):
        params["sslmode"] = "verify-full"
    return ServerAddress(url=text, params=params)


def connect(address: ServerAddress, password: str | None, *, autocommit: bool = False) -> psycopg.Connection[Any]:
    """Open a connection to the team server.

    Args:
        address: From :func:`parse_address`.
        password: The user's password (None: libpq looks for one itself, e.g. a ``.pgpass`` of IT's).
        autocommit: Open in autocommit mode (admin commands).

    Raises:
        SignInError: the user name or password was refused.
        ServerUnreachableError: the server could not be reached in time.
        TeamError: TLS failed (the message says how to fix it) or another connection problem.
    """
    import psycopg

    params: dict[str, Any] = {**address.params, "connect_timeout": CONNECT_TIMEOUT_S,
                              "application_name": APPLICATION_NAME}  # fmt: skip
    params.setdefault("keepalives", 1)
    params.setdefault("keepalives_idle", 20)
    if password is not None:
        params["password"] = password
    try:
        return psycopg.connect(autocommit=autocommit, **params)
    except psycopg.OperationalError as error:
        raise connection_error(error, address) from error


def connection_error(error: Exception, address: ServerAddress) -> TeamError:
    """Turn a failed connection into a plain-English error (the password is never in the message)."""
    text = str(error)
    lower = text.lower()
    who = address.user or "this user"
    if "password authentication failed" in lower or "no password supplied" in lower:
        return SignInError(f"The server refused the password for {who}. Check it and try again.")
    if "role" in lower and "does not exist" in lower:
        return SignInError(f"The server does not know the user {who}. Ask IT to add you to the team.")
    if "database" in lower and "does not exist" in lower:
        return TeamError(f"There is no team database called {address.database} on that server. Check the address.")
    if "certificate" in lower or "ssl" in lower or "tls" in lower:
        return TeamError(
            f"A secure (TLS) connection to {address.describe()} could not be made ({first_line(text)}). "
            "The server's certificate must be trusted and name the server: ask IT for the certificate of the "
            "authority and add ?sslrootcert=FILE to the address."
        )
    return ServerUnreachableError(
        f"The team server ({address.describe()}) could not be reached: {first_line(text)}. "
        "Your work is safe on this laptop; sync again when you are on the network."
    )


def first_line(text: str) -> str:
    """The first non-empty line of a server message, without libpq's prefixes."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line.split("FATAL:", 1)[-1].strip().rstrip(".")
    return "no reason given"
