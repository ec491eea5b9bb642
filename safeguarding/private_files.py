"""Files the app writes that hold or unlock assessment data are readable by their owner only.

On Windows the user's profile folders already restrict access to the user; on Linux
and macOS a new file's permissions follow the umask (often readable by everyone), so
databases, key files, recovery keys and backups are set to owner read/write (0600).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PRIVATE_MODE = 0o600


def make_private(path: Path) -> None:
    """Restrict ``path`` to its owner (no-op on Windows or if the file is gone or not ours)."""
    if os.name != "posix":
        return
    # A filesystem without permissions (a FAT USB stick) refuses: nothing more can be done there.
    with contextlib.suppress(OSError):
        os.chmod(path, PRIVATE_MODE)
