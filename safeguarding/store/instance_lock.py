"""Who has this database open: one app instance holds it for editing, others are told who.

Two copies of the app writing one database each saved every field from their
own stale copy. Now the instance that opens a database for editing holds an
operating-system lock on ``<database>.lock`` (through the well-kept
``filelock`` package: ``fcntl.flock`` on Linux and macOS, ``msvcrt.locking`` on
Windows) and writes who it is to ``<database>.holder.json`` (profile name,
machine, process, since when, in UTC). A second instance cannot take the lock,
reads the holder file and tells the user, who can open the database read-only
(or, knowingly, edit anyway: saves are then protected by record revisions).

The operating system releases the lock when a process ends, however it ends
(a crash, ``kill -9``, a power cut), so a lock is never left "stuck". A holder
file found while the lock is free was left by an instance that did not close
properly: it is reported as :attr:`InstanceLock.stale` and replaced.

Limits: on a network share whose file system does not support locks, the lock
cannot be taken; the database then opens without one (see :attr:`InstanceLock.held`).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from safeguarding.errors import StorageError
from safeguarding.private_files import PRIVATE_MODE, write_private_atomically
from safeguarding.timeutil import from_iso, to_iso, utc_now, utc_to_local


@dataclass(frozen=True)
class Holder:
    """Who holds (or held) a database open for editing.

    Attributes:
        name: The profile name of the user ("Sam Patel"), or "" if no profile was set.
        machine: The computer's network name.
        pid: The process id of that app instance.
        since: When it opened the database (aware, UTC).
    """

    name: str
    machine: str
    pid: int
    since: datetime

    @classmethod
    def this_instance(cls, name: str, now: datetime | None = None) -> Holder:
        """The holder record of this process, for the user ``name``."""
        return cls(name=name, machine=socket.gethostname(), pid=os.getpid(), since=now or utc_now())

    def describe(self, now: datetime | None = None) -> str:
        """Plain English, e.g. ``"Sam Patel on LAPTOP-42, since 09:12 today"`` (UK local time)."""
        local = utc_to_local(self.since)
        today = utc_to_local(now or utc_now()).date()
        when = f"{local:%H:%M} today" if local.date() == today else f"{local:%H:%M} on {local:%-d %B %Y}"
        who = self.name or "someone (no name in their profile)"
        return f"{who} on {self.machine or 'an unknown computer'}, since {when}"

    def to_json(self) -> str:
        """The holder file's content."""
        return json.dumps({"name": self.name, "machine": self.machine, "pid": self.pid, "since": to_iso(self.since)})

    @classmethod
    def from_json(cls, text: str) -> Holder:
        """Read a holder file's content.

        Raises:
            ValueError: the text is not a holder record.
        """
        data = json.loads(text)
        try:
            return cls(str(data["name"]), str(data["machine"]), int(data["pid"]), from_iso(str(data["since"])))
        except (KeyError, TypeError) as error:
            raise ValueError(f"not a holder record: {error}") from error


class DatabaseInUseError(StorageError):
    """Another app instance holds the database open for editing.

    Attributes:
        holder: Who holds it, or None if that could not be read.
    """

    def __init__(self, path: Path, holder: Holder | None) -> None:
        self.holder = holder
        who = holder.describe() if holder else "another copy of the app"
        super().__init__(
            f"{path.name} is already open for editing by {who}. You can open it read-only, "
            "or ask them to close it first."
        )


def lock_path(database: Path) -> Path:
    """The lock file beside ``database``: ``<name>.lock``."""
    return database.with_name(database.name + ".lock")


def holder_path(database: Path) -> Path:
    """The holder file beside ``database``: ``<name>.holder.json``."""
    return database.with_name(database.name + ".holder.json")


def read_holder(database: Path) -> Holder | None:
    """Who the holder file says has ``database`` open, or None if there is no readable holder file."""
    try:
        return Holder.from_json(holder_path(database).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class InstanceLock:
    """The lock this app instance holds on one database while it has it open for editing.

    Args:
        database: The database file.
        holder: Who this instance is (see :meth:`Holder.this_instance`).

    Attributes:
        stale: After :meth:`acquire`, the holder left behind by an instance that
            did not close properly (its lock was free), or None.
        held: True while this instance holds the lock (False after
            :meth:`acquire` on a file system without locks).
    """

    def __init__(self, database: Path, holder: Holder) -> None:
        self.database = Path(database)
        self.holder = holder
        self.stale: Holder | None = None
        self.held = False
        self._lock = FileLock(lock_path(self.database), timeout=0, mode=PRIVATE_MODE, fallback_to_soft=False)

    def acquire(self) -> None:
        """Take the lock and write the holder file.

        Raises:
            DatabaseInUseError: another instance holds the lock (its holder is named).
        """
        try:
            self._lock.acquire()
        except Timeout:
            raise DatabaseInUseError(self.database, read_holder(self.database)) from None
        except OSError:  # a file system without locks (some network shares): open without one
            self.held = False
            return
        self.held = True
        self.stale = read_holder(self.database)
        with contextlib.suppress(OSError):  # the lock itself is what counts; the holder file only names us
            write_private_atomically(holder_path(self.database), self.holder.to_json())

    def release(self) -> None:
        """Remove the holder file and release the lock (safe to call twice)."""
        if not self.held:
            return
        with contextlib.suppress(OSError):
            holder_path(self.database).unlink(missing_ok=True)
        self._lock.release()
        self.held = False
