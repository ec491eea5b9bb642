"""Who has a database open for editing: take it when opening, or tell the user who holds it.

The window takes the database's instance lock (:class:`safeguarding.store.InstanceLock`)
before it opens the database for editing. If another copy of the app holds it,
the user is told who (profile name, computer, since when) and chooses: open it
read-only (to look, nothing can be changed), open it anyway (saves never
overwrite the other window's: the same field changed in both is shown as two
versions to choose from), or cancel. A lock left by an app that did not close
properly is free again (the operating system released it) and is reported as
stale, so the window can say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QWidget

from safeguarding.store import DatabaseInUseError, Holder, InstanceLock
from ui.interaction import Interaction

READ_ONLY, ANYWAY, CANCEL = 0, 1, 2
"""The answers to "This database is open in another window"."""


@dataclass
class Hold:
    """How this window has a database open.

    Attributes:
        path: The database file.
        lock: The instance lock this window holds (None: another instance holds it, or
            the file system has no locks).
        read_only: True if the user chose to open it read-only.
        other: Who holds it, when this window opened it read-only or anyway.
        stale: Who held it last if that app did not close properly (crash, power cut).
    """

    path: Path
    lock: InstanceLock | None = None
    read_only: bool = False
    other: Holder | None = None
    stale: Holder | None = None

    def release(self) -> None:
        """Let go of the lock (the window closes, or opens another database). Safe to call twice."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def running_elsewhere(self, instance: str) -> bool:
        """True if a draft written by ``instance`` belongs to the app that holds the database now."""
        other = self.other
        return other is not None and instance.startswith(f"{other.machine}:{other.pid}:")


def take_hold(parent: QWidget | None, interaction: Interaction, path: Path, user: str) -> Hold | None:
    """Take the instance lock of ``path`` for this window, or ask what to do if another app holds it.

    Args:
        parent: The window asking.
        interaction: Asks the user (tests script it).
        path: The database about to be opened.
        user: The user's profile name (written for the other app to show).

    Returns:
        How the database is to be opened, or None if the user cancelled.
    """
    lock = InstanceLock(path, Holder.this_instance(user))
    try:
        lock.acquire()
    except DatabaseInUseError as error:
        who = error.holder.describe() if error.holder is not None else "another copy of the app"
        answer = interaction.choose(
            parent,
            "Database open in another window",
            f"{path.name} is already open for editing by {who}.\n\n"
            "Open it read-only to look at it: nothing can be changed in this window. Or open it anyway: "
            "your saves never overwrite theirs, and if you both change the same field you choose which "
            "version to keep. It is safer to ask them to close it first.",
            ["Open read-only", "Open anyway", "Cancel"],
        )
        if answer == READ_ONLY:
            return Hold(path, read_only=True, other=error.holder)
        if answer == ANYWAY:
            return Hold(path, other=error.holder)
        return None
    return Hold(path, lock if lock.held else None, stale=lock.stale)
