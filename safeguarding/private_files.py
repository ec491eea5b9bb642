"""Files the app writes that hold or unlock assessment data are readable by their owner only.

On Windows the user's profile folders already restrict access to the user; on Linux
and macOS a new file's permissions follow the umask (often readable by everyone), so
databases (and their ``-wal`` and ``-shm`` journals), key files, recovery keys,
backups and their manifests, partial copies, logs and exports are created owner
read/write (0600), and folders the app creates for them owner-only (0700).

A file is made private *before* anything is written into it wherever the app
creates it itself (:func:`create_private_file`, :func:`write_private_atomically`),
so there is no moment at which other users could read it.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

PRIVATE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700


def make_private(path: Path) -> None:
    """Restrict ``path`` to its owner (no-op on Windows or if the file is gone or not ours)."""
    if os.name != "posix":
        return
    # A filesystem without permissions (a FAT USB stick) refuses: nothing more can be done there.
    with contextlib.suppress(OSError):
        os.chmod(path, PRIVATE_MODE)


def make_private_folder(folder: Path) -> Path:
    """Create ``folder`` (and its parents) if missing; a folder created here is owner-only (0700).

    An existing folder keeps its permissions (it may be shared on purpose, such as a
    home folder); only what the app creates is restricted.

    Raises:
        OSError: the folder cannot be created.
    """
    folder = Path(folder)
    missing = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        for created in missing:
            with contextlib.suppress(OSError):
                os.chmod(created, PRIVATE_FOLDER_MODE)
    return folder


def create_private_file(path: Path) -> Path:
    """Create ``path`` empty and owner-only if it does not exist (for SQLite to write into afterwards).

    SQLite creates a database's ``-wal`` and ``-shm`` files with the permissions of
    the database file, so creating the file private first keeps its journals private too.
    An existing file is left as it is (made private).

    Raises:
        OSError: the file cannot be created.
    """
    path = Path(path)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
    except FileExistsError:
        make_private(path)
        return path
    os.close(descriptor)
    make_private(path)  # the umask may have taken bits away, never added them; this keeps it exact
    return path


def write_private_atomically(path: Path, data: bytes | str, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` owner-only, through a temporary file beside it that is then renamed.

    The temporary file (``.<name>.<process>-<thread>.writing``, so two threads writing
    the same file never share one) is private from its creation and flushed to disk
    before the rename, so ``path`` is either the old file or a whole new one, never half
    written, and never readable by other users.

    Args:
        path: The file to write (replaced if it exists).
        data: Bytes, or text written with ``encoding``.
        encoding: For text.

    Returns:
        ``path``.

    Raises:
        OSError: it cannot be written (``path`` is then unchanged and no temporary file is left).
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.writing")
    payload = data.encode(encoding) if isinstance(data, str) else data
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_MODE)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        make_private(temporary)  # a leftover temporary file from before keeps its old mode through os.open
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise
    return path
