"""Files the app writes that hold or unlock assessment data are readable by their owner only.

On Windows the user's profile folders already restrict access to the user; on Linux
and macOS a new file's permissions follow the umask (often readable by everyone), so
databases (and their ``-wal`` and ``-shm`` journals), key files, recovery keys,
backups and their manifests, partial copies, logs and exports are created owner
read/write (0600), and folders the app creates for them owner-only (0700).

A file is made private *before* anything is written into it wherever the app
creates it itself (:func:`create_private_file`, :func:`write_private_atomically`),
so there is no moment at which other users could read it.

Every file the app writes whole (exports, the profile, key files, manifests, the
unlock throttle's state, offline maps) goes through :func:`write_private_atomically`
or :func:`copy_private_atomically`: owner-only from its creation, and never half written.
A file the user asked for (an export, the profile, a recovery key) names itself with
``what=``, so a failed save is told in the sentences of
:func:`~safeguarding.os_errors.save_failure` ("… so the action tracker could not be saved").
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from safeguarding.errors import ExportError, SafeguardingError
from safeguarding.os_errors import save_failure

PRIVATE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700
COPY_CHUNK = 1 << 20
"""Bytes copied at a time by :func:`copy_private_atomically`."""
WRITING_SUFFIX = ".writing"
"""The temporary file of a whole-file write is ``.<name>.<process>-<thread>.writing`` beside the file."""
_WRITING_NAME = re.compile(r"\.(?P<name>.+)\.\d+-\d+\.writing")


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


def writing_path(path: Path) -> Path:
    """The temporary file this thread writes before it replaces ``path``.

    ``.<name>.<process>-<thread>.writing`` in the same folder (so the rename never
    crosses disks, and two threads writing the same file never share one).
    """
    path = Path(path)
    return path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}{WRITING_SUFFIX}")


def destination_of(path: Path) -> Path:
    """The file a temporary file of :func:`writing_path` replaces; any other path is itself."""
    path = Path(path)
    match = _WRITING_NAME.fullmatch(path.name)
    return path.with_name(match["name"]) if match else path


def write_private_atomically(
    path: Path,
    data: bytes | str,
    *,
    encoding: str = "utf-8",
    check: Callable[[Path], None] | None = None,
    what: str | None = None,
    error: type[SafeguardingError] = ExportError,
) -> Path:
    """Write ``data`` to ``path`` owner-only, through a temporary file beside it that is then renamed.

    The temporary file (:func:`writing_path`) is private from its creation, and
    flushed to disk before the rename. So ``path`` is either the old file or the whole new
    one, never half written, and never readable by other users.

    Args:
        path: The file to write (replaced if it exists).
        data: Bytes, or text written with ``encoding``.
        encoding: For text (``"utf-8-sig"`` for a CSV that spreadsheet programs open).
        check: Run on the written temporary file before it replaces ``path`` (a
            redacted export is read back); whatever it raises stops the write.
        what: The file in words as it reads in "… could not be saved" ("the report",
            "the action tracker"): given, an OSError becomes ``error`` whose message is
            :func:`~safeguarding.os_errors.save_failure`'s sentence naming ``path``'s folder.
            None (files the user did not ask for: key files, the lock): the OSError itself.
        error: The error raised for an OSError when ``what`` is given.

    Returns:
        ``path``.

    Raises:
        OSError: it cannot be written (``what`` None).
        SafeguardingError: ``error``, when it cannot be written and ``what`` is given.
            Whatever is raised (by ``check`` too, or a cancellation), ``path`` is
            unchanged and no temporary file is left.
    """
    payload = data.encode(encoding) if isinstance(data, str) else data
    path = Path(path)
    try:
        return _replace(path, lambda handle: handle.write(payload), check)
    except OSError as problem:
        if what is None:
            raise
        raise error(save_failure(problem, what, folder=path.parent)) from problem


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
