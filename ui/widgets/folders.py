"""Where a save dialog starts: the user's Documents folder, or a removable drive for a recovery key.

Issue 16: the report's Save dialog opened in the app's own data folder, and the recovery
key's in the laptop's home folder although the text beside it says to keep the key off the
laptop. Qt knows the Documents folder of every platform (``QStandardPaths``); removable
drives are found the way each platform marks them (:func:`removable_drives`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QStorageInfo

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
