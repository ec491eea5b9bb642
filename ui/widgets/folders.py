"""Where a save dialog starts: the folder last exported to, else Documents; a removable drive for a recovery key.

Issue 16: the report's Save dialog opened in the app's own data folder, and the recovery
key's in the laptop's home folder although the text beside it says to keep the key off the
laptop. Qt knows the Documents folder of every platform (``QStandardPaths``); removable
drives are found the way each platform marks them (:func:`removable_drives`).

Every export (reports, papers, CSVs, photo copies, map files) starts in :func:`export_folder`:
the folder the practitioner last saved an export to on this laptop (kept in
``folders.json`` in the user's data folder, so it lasts between sessions), or Documents
the first time or when that folder is gone (a tester found each export opening in the
home folder or the app's data folder again, never where the last paper went).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QStorageInfo

FOLDERS_FILE = "folders.json"
"""Where the last export folder is kept, in the user's data folder."""

LINUX_MEDIA = ("/media/", "/run/media/")
"""Where Linux desktops mount USB sticks and SD cards (udisks)."""

WINDOWS_REMOVABLE = 2
"""``GetDriveTypeW``'s DRIVE_REMOVABLE (USB sticks, SD cards)."""


def documents_folder() -> Path:
    """The user's Documents folder (the home folder if the platform names none, or it does not exist)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def removable_drives() -> list[Path]:
    """Mounted removable drives (USB sticks, SD cards) that can be written to, in mount order; [] if none."""
    drives: list[Path] = []
    for volume in QStorageInfo.mountedVolumes():
        if not volume.isValid() or not volume.isReady() or volume.isReadOnly():
            continue
        root = volume.rootPath()
        if sys.platform == "win32":
            import ctypes

            drive_type = ctypes.windll.kernel32.GetDriveTypeW(root)  # type: ignore[attr-defined,unused-ignore]
            if drive_type != WINDOWS_REMOVABLE:
                continue
        elif sys.platform == "darwin":
            if not root.startswith("/Volumes/"):
                continue
        elif not root.startswith(LINUX_MEDIA):
            continue
        if os.access(root, os.W_OK):
            drives.append(Path(root))
    return drives


def away_from_the_laptop() -> Path:
    """Where to suggest saving a recovery key: the first removable drive, else Documents."""
    drives = removable_drives()
    return drives[0] if drives else documents_folder()


def _folders_file() -> Path:
    from safeguarding.paths import user_data_dir

    return user_data_dir() / FOLDERS_FILE


def export_folder() -> Path:
    """Where an export's Save dialog starts: the folder last exported to, if it still exists, else Documents."""
    with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
        last = Path(str(json.loads(_folders_file().read_text(encoding="utf-8"))["last_export"]))
        if last.is_absolute() and last.is_dir():
            return last
    return documents_folder()


def remember_export_folder(folder: Path) -> None:
    """Start the next export's Save dialog in ``folder`` (owner-only file; a failure to keep it is let go)."""
    from safeguarding.private_files import write_private_atomically

    data = json.dumps({"last_export": str(Path(folder).resolve())}, indent=2) + "\n"
    with contextlib.suppress(OSError, KeyError):  # a read-only data folder must not stop the export
        _folders_file().parent.mkdir(parents=True, exist_ok=True)
        write_private_atomically(_folders_file(), data)
