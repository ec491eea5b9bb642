"""Files the app writes that hold or unlock assessment data are readable by their owner only.

On Windows the user's profile folders already restrict access to the user; on Linux
and macOS a new file's permissions follow the umask (often readable by everyone), so
databases, key files, recovery keys and backups are set to owner read/write (0600).

Every file the app writes whole (exports, the profile, key files, the unlock
throttle's state) is written by :func:`write_private_atomically`: owner-only from
its creation, and never half written.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

PRIVATE_MODE = 0o600
COPY_CHUNK = 1 << 20
"""Bytes copied at a time by :func:`copy_private_atomically`."""
WRITING_SUFFIX = ".writing"
"""The temporary file of :func:`write_private_atomically` is ``.<name>.writing`` beside the file."""


def make_private(path: Path) -> None:
    """Restrict ``path`` to its owner (no-op on Windows or if the file is gone or not ours)."""
    if os.name != "posix":
        return
    # A filesystem without permissions (a FAT USB stick) refuses: nothing more can be done there.
    with contextlib.suppress(OSError):
        os.chmod(path, PRIVATE_MODE)


def writing_path(path: Path) -> Path:
    """The temporary file :func:`write_private_atomically` writes before it replaces ``path``."""
    path = Path(path)
    return path.with_name(f".{path.name}{WRITING_SUFFIX}")


def write_private_atomically(
    path: Path, data: bytes | str, *, encoding: str = "utf-8", check: Callable[[Path], None] | None = None
) -> Path:
    """Write ``data`` to ``path`` owner-only, through a temporary file beside it that is then renamed.

    The temporary file (:func:`writing_path`: ``.<name>.writing`` in the same folder,
    so the rename never crosses disks) is private from its creation, and flushed
    to disk before the rename. So ``path`` is either the old file or the whole new
    one, never half written, and never readable by other users.

    Args:
        path: The file to write (replaced if it exists).
        data: Bytes, or text written with ``encoding``.
        encoding: For text (``"utf-8-sig"`` for a CSV that spreadsheet programs open).
        check: Run on the written temporary file before it replaces ``path`` (a
            redacted export is read back); whatever it raises stops the write.

    Returns:
        ``path``.

    Raises:
        OSError: it cannot be written. Whatever is raised (by ``check`` too, or a
            cancellation), ``path`` is unchanged and no temporary file is left.
    """
    payload = data.encode(encoding) if isinstance(data, str) else data
    return _replace(Path(path), lambda handle: handle.write(payload), check)


def copy_private_atomically(source: Path, path: Path) -> Path:
    """Copy the file ``source`` to ``path`` as :func:`write_private_atomically` writes.

    For files too large to hold in memory (an offline map of a county is hundreds of
    megabytes): they are copied in pieces into the temporary file.

    Raises:
        OSError: ``source`` cannot be read or ``path`` cannot be written (``path`` is then
            unchanged and no temporary file is left).
    """

    def copy(handle: BinaryIO) -> None:
        with Path(source).open("rb") as original:
            shutil.copyfileobj(original, handle, COPY_CHUNK)

    return _replace(Path(path), copy, None)


def _replace(path: Path, write: Callable[[BinaryIO], object], check: Callable[[Path], None] | None) -> Path:
    """Fill the temporary file of ``path`` by ``write(handle)``, flush it, run ``check``, rename it over ``path``."""
    temporary = writing_path(path)
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_MODE)
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        make_private(temporary)  # a leftover temporary file from before keeps its old mode through os.open
        if check is not None:
            check(temporary)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)
    return path


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entry of a renamed file to disk (POSIX), so the rename survives a power cut."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
