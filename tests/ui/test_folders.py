"""Where save dialogs start (issue 16): Documents for a report; a removable drive, else Documents, for a key."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths

from ui.widgets import folders


def test_documents_is_the_platforms_documents_folder() -> None:
    named = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
    assert folders.documents_folder() == (named if named.is_dir() else Path.home())


def test_a_recovery_key_is_suggested_on_a_removable_drive_when_one_is_plugged_in(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    stick = tmp_path / "KINGSTON"
    monkeypatch.setattr(folders, "removable_drives", lambda: [stick])
    assert folders.away_from_the_laptop() == stick
    monkeypatch.setattr(folders, "removable_drives", list)
    assert folders.away_from_the_laptop() == folders.documents_folder()


def test_only_writable_drives_under_the_removable_mount_points_are_listed() -> None:
    for drive in folders.removable_drives():  # none on a build machine; any found must be media mounts
        assert str(drive).startswith(folders.LINUX_MEDIA) or str(drive).startswith("/Volumes/") or len(drive.parts) == 1
