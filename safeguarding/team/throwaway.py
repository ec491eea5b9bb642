"""A private PostgreSQL server in a temporary folder, for tests, benchmarks and trying a team out.

Debian's ``postgresql`` package puts ``initdb`` and ``pg_ctl`` under
``/usr/lib/postgresql/<version>/bin``. Both refuse to run as root (CI runs as
root), so as root they run as the unprivileged ``postgres`` user through
``runuser``, in a folder that user owns. The server listens on a free loopback
port only, with TLS on (a certificate made here, signed by a throw-away
authority whose certificate is :attr:`ThrowawayServer.ca_file`), so
``sslmode=verify-full`` can be tried against it. It is never a production set-up:
``fsync`` is off for speed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from safeguarding.team.errors import TeamError

SUPERUSER = "postgres"
MIN_VERSION = 15


@dataclass
class ThrowawayServer:
    """A running private server.

    Attributes:
        folder: The temporary folder holding data, socket, certificates and log.
        port: The loopback TCP port.
        password: The superuser's password (user ``postgres``).
        ca_file: The certificate of the authority that signed the server's certificate.
        bin_dir: Where ``pg_ctl`` and friends are.
    """

    folder: Path
    port: int
    password: str
    ca_file: Path
    bin_dir: Path

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        """A ``postgresql://`` URL (without password) for ``user`` on ``database`` over TCP."""
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    @property
    def data_dir(self) -> Path:
        """The cluster's data folder."""
        return self.folder / "data"

    def stop(self) -> None:
        """Stop the server (fast shutdown) and remove its folder. Safe to call twice."""
        if self.data_dir.exists():
            with contextlib.suppress(subprocess.SubprocessError, OSError):
                _run_as_owner([str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"])
        shutil.rmtree(self.folder, ignore_errors=True)


def find_bin_dir() -> Path:
    """The newest ``/usr/lib/postgresql/<version>/bin`` with ``initdb`` (version 15 or later).

    Raises:
        TeamError: no suitable PostgreSQL is installed.
    """
    candidates = []
    for folder in Path("/usr/lib/postgresql").glob("*/bin"):
        with contextlib.suppress(ValueError):
            version = int(folder.parent.name)
            if version >= MIN_VERSION and (folder / "initdb").exists():
                candidates.append((version, folder))
    if not candidates:
        raise TeamError("PostgreSQL 15 or later is not installed (Debian package 'postgresql').")
    return max(candidates)[1]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _owner() -> str | None:
    """The user to run the server as: ``postgres`` when we are root, else ourselves (None)."""
    return "postgres" if os.geteuid() == 0 else None


def _run_as_owner(command: list[str]) -> subprocess.CompletedProcess[bytes]:
    owner = _owner()
    full = ["runuser", "-u", owner, "--", *command] if owner else command
    return subprocess.run(full, check=True, capture_output=True, timeout=120)


def _chown(path: Path) -> None:
    owner = _owner()
    if owner:
        record = pwd.getpwnam(owner)
        os.chown(path, record.pw_uid, record.pw_gid)


def _write_certificates(folder: Path) -> Path:
    """Write a CA and a server certificate for localhost / 127.0.0.1; return the CA file."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Throw-away team CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_file = folder / "ca.crt"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (folder / "server.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file = folder / "server.key"
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    for path in (folder / "server.crt", key_file):
        _chown(path)
    key_file.chmod(0o600)
    return ca_file


def start_throwaway_server(parent: Path | None = None) -> ThrowawayServer:
    """Create and start a private server; the caller must :meth:`~ThrowawayServer.stop` it.

    Args:
        parent: Where to make the temporary folder (default: the system's temporary folder).

    Raises:
        TeamError: PostgreSQL is missing, or the server did not start (the message holds its log).
    """
    bin_dir = find_bin_dir()
    folder = Path(tempfile.mkdtemp(prefix="lat-pg-", dir=parent))
    folder.chmod(0o755)  # the server's user must reach its data folder inside
    _chown(folder)
    password = os.urandom(12).hex()
    port = _free_port()
    try:
        pwfile = folder / "pwfile"
        pwfile.write_text(password + "\n", encoding="utf-8")
        _chown(pwfile)
        _run_as_owner(
            [str(bin_dir / "initdb"), "-D", str(folder / "data"), "-U", SUPERUSER, f"--pwfile={pwfile}",
             "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8",
             "--no-instructions"],
        )  # fmt: skip
        pwfile.unlink()
        ca_file = _write_certificates(folder)
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(port),
            "unix_socket_directories": f"'{folder}'",
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "ssl": "on",
            "ssl_cert_file": f"'{folder / 'server.crt'}'",
            "ssl_key_file": f"'{folder / 'server.key'}'",
            "max_connections": "60",
            "shared_buffers": "32MB",
        }
        with (folder / "data" / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("".join(f"{name} = {value}\n" for name, value in settings.items()))
        log = folder / "server.log"
        log.touch()
        _chown(log)
        _run_as_owner([str(bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-l", str(log), "-w", "start"])
    except (subprocess.SubprocessError, OSError) as error:
        detail = getattr(error, "stderr", b"") or b""
        log_text = (
            (folder / "server.log").read_text(errors="replace")[-2000:] if (folder / "server.log").exists() else ""
        )
        shutil.rmtree(folder, ignore_errors=True)
        raise TeamError(f"The private PostgreSQL server did not start: {error} {detail!r} {log_text}") from error
    return ThrowawayServer(folder=folder, port=port, password=password, ca_file=ca_file, bin_dir=bin_dir)
