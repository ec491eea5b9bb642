"""A database that is missing or empty beside its key file or backups: locate it, or restore its latest backup.

The app never starts a new database in its place (that would hide the real one, and
for an encrypted one, risk its key file). Instead it says what it found and offers:

* **Locate the database…**: the user points at the file (moved by a sync tool, say);
  it is checked with the key file's key and moved back (:func:`safeguarding.workflows.relocate.bring_back`);
* **Restore the latest backup**: the newest backup that passes its integrity check,
  copied into place (:func:`safeguarding.workflows.restore.restore_backup`).

The same offer follows Security → Encrypt this database… when a key file is already
there without its encrypted database (:func:`offer_after_refusal`): the encrypted
database is located (its key file copied beside it) or its latest backup restored,
the plain database being kept aside.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from safeguarding.errors import MissingDatabaseError, SafeguardingError
from ui.interaction import Interaction

if TYPE_CHECKING:
    from safeguarding.security.keys import Key
    from safeguarding.store import BackupInfo, Store

LOCATE = "Locate the database…"
RESTORE = "Restore the latest backup"
NOT_NOW = "Not now"
DATABASE_FILES = "Databases (*.sqlite3 *.db);;All files (*)"
AskKey = Callable[[Path], "Key | None"]


def _when(backup: BackupInfo) -> str:
    from safeguarding.timeutil import utc_to_local

    return utc_to_local(backup.taken_at).strftime("%A %d %B %Y at %H:%M")


def offer_missing_database(
    parent: QWidget | None, interaction: Interaction, path: Path, error: MissingDatabaseError, ask_key: AskKey
) -> tuple[Store | None, str]:
    """Ask whether to locate the database or restore its latest backup, and do it.

    Args:
        parent: The window.
        interaction: Asks the user.
        path: Where the database should be.
        error: What the opening found (its message is shown; it says whether a key file and backups are there).
        ask_key: Asks for the passphrase of the key file beside ``path`` (None if cancelled).

    Returns:
        The store opened, or None and what to say in the window instead.
    """
    problem = str(error)
    options = [LOCATE, *([RESTORE] if error.has_backups else []), NOT_NOW]
    answer = interaction.choose(parent, "Database missing", problem, options)
    if answer is None or options[answer] == NOT_NOW:
        return None, problem
    key = None
    if error.has_keys:
        key = ask_key(path)
        if key is None:
            return None, problem
    try:
        if options[answer] == LOCATE:
            return _locate(parent, interaction, path, key, problem)
        return _restore_latest(parent, interaction, path, key, problem)
    except SafeguardingError as failure:
        interaction.error(parent, "Database not opened", str(failure))
        return None, f"{problem}\n\n{failure}"


def _locate(
    parent: QWidget | None, interaction: Interaction, path: Path, key: Key | None, problem: str
) -> tuple[Store | None, str]:
    from safeguarding.store import open_store
    from safeguarding.workflows.relocate import bring_back

    found = interaction.open_path(parent, f"Locate {path.name}", path.parent, DATABASE_FILES)
    if found is None:
        return None, problem
    moved = bring_back(found, path, key)
    store = open_store(path, key=key)
    where = (
        f"It was copied back from another disk; the file you chose is still at {moved.left_behind}: once you have "
        "checked the app, remove it yourself."
        if moved.left_behind
        else "It was moved back beside its key file and backups."
    )
    interaction.inform(parent, "Database found", f"{path.name} opens again. {where}")
    return store, ""


def _restore_latest(
    parent: QWidget | None, interaction: Interaction, path: Path, key: Key | None, problem: str
) -> tuple[Store | None, str]:
    from safeguarding.store import latest_good_backup, open_store
    from safeguarding.workflows.restore import restore_backup

    good = latest_good_backup(path, key)
    if good is None:
        interaction.error(parent, "No good backup", "None of the backups opens and passes its check.")
        return None, problem + " No good backup was found."
    if not interaction.confirm(
        parent,
        "Restore the latest backup",
        f"The latest good backup was taken on {_when(good)} ({good.contents()}). Restore it? Anything entered "
        "after that is not in it.",
        yes="Restore the backup",
        no="Not now",
    ):
        return None, problem
    restore_backup(path, good.path, key)
    return open_store(path, key=key), ""


def offer_after_refusal(
    parent: QWidget | None,
    interaction: Interaction,
    path: Path,
    ask_key: AskKey,
    run_restore: Callable[[BackupInfo, Key], object],
    open_found: Callable[[Path], None],
) -> None:
    """Encrypting was refused: a key file is already beside the (plain) database. Offer to find what it unlocks.

    Args:
        parent: The window.
        interaction: Asks the user.
        path: The open (plain) database.
        ask_key: Asks for the passphrase of the key file beside ``path``.
        run_restore: Restores a backup over the plain database (kept aside), with the key, and reopens.
        open_found: Opens a database the user located (its key file now beside it).
    """
    from safeguarding.security.keys import KeyFileExistsError, key_file_in_the_way
    from safeguarding.store import backups_present, latest_good_backup
    from safeguarding.workflows.relocate import lend_key_file

    text = (
        f"{key_file_in_the_way(path)}\n\nThis database is not encrypted, so the key file belongs to another copy of "
        "it: locate that encrypted database, or restore its latest backup (this plain database is then kept "
        "beside it, renamed)."
    )
    options = [LOCATE, *([RESTORE] if backups_present(path) else []), "Cancel"]
    answer = interaction.choose(parent, "Not encrypted", text, options)
    if answer is None or options[answer] == "Cancel":
        return
    if options[answer] == LOCATE:
        found = interaction.open_path(parent, "Locate the encrypted database", path.parent, DATABASE_FILES)
        if found is None:
            return
        try:
            lend_key_file(path, found)
        except KeyFileExistsError:
            pass  # it has its own key file: it opens with that
        except SafeguardingError as error:
            interaction.error(parent, "Not opened", str(error))
            return
        open_found(found)
        return
    key = ask_key(path)
    if key is None:
        return
    try:
        good = latest_good_backup(path, key)
    except SafeguardingError as error:
        interaction.error(parent, "Backups not checked", str(error))
        return
    if good is None:
        interaction.error(parent, "No good backup", "No backup opens with this key file and passes its check.")
        return
    if interaction.confirm(
        parent,
        "Restore the latest backup",
        f"The latest good encrypted backup was taken on {_when(good)} ({good.contents()}). Restore it? This "
        "unencrypted database is kept beside it, renamed with “plain” in its name: encrypt or delete it yourself.",
        yes="Restore the backup",
        no="Cancel",
    ):
        run_restore(good, key)
