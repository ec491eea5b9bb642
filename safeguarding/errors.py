"""Typed errors that carry a plain-English message for the practitioner.

Environment problems and bad input raise a subclass of :class:`SafeguardingError`;
the UI shows ``str(error)`` as it is and keeps running. Anything else is a bug.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for type checkers only: this module imports nothing of the app at run time
    from pathlib import Path

    from safeguarding.store.audit_chain import ChainReport


class SafeguardingError(Exception):
    """Base class: ``str(error)`` is a complete sentence a practitioner can act on."""


class ValidationError(SafeguardingError):
    """A record cannot be saved as entered.

    Attributes:
        field: The id of the offending field (e.g. ``"latitude"``), or ``""``.
    """

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class FormDefinitionError(SafeguardingError):
    """A form file in ``forms/`` is malformed; the message names the file and key."""


class StorageError(SafeguardingError):
    """The database cannot be opened, read or written (message says why)."""


class NotADatabaseError(StorageError):
    """The file is not a SQLite database of this app."""


class DatabaseTooNewError(StorageError):
    """The database was written by a newer version of the app; it is left untouched."""


class ReadOnlyError(StorageError):
    """The database or its folder cannot be written to."""


class NotFoundError(SafeguardingError):
    """A requested record (location, assessment) does not exist."""


class ExportError(SafeguardingError):
    """A report could not be written (message says why)."""


class WrongPassphraseError(StorageError):
    """The passphrase (or recovery key) does not unlock the database; nothing was read or changed."""


class PassphraseRequiredError(StorageError):
    """The database is encrypted and was opened without its key (ask for the passphrase)."""


class DamagedDatabaseError(NotADatabaseError):
    """The database file is damaged (unreadable pages, failed integrity check); offer a backup."""


class MissingDatabaseError(StorageError):
    """The database file is missing or empty, but its key file or backups are there: nothing new is made.

    Making a new empty database there would hide the real one (moved by a sync tool,
    emptied by a crash) and, for an encrypted one, its key file could be lost. The
    window offers to locate the database or restore its latest backup.

    Attributes:
        path: The database file.
        has_keys: Its key file is there (the database was encrypted).
        has_backups: Backups of it are in ``backups/``.
    """

    def __init__(self, message: str, path: object = None, *, has_keys: bool = False, has_backups: bool = False) -> None:
        super().__init__(message)
        self.path = path
        self.has_keys = has_keys
        self.has_backups = has_backups


class AuditTrailBrokenError(StorageError):
    """The audit trail is not as the app wrote it (a check found a break not reported before).

    Raised by a backup *after* the copy was made (the copy keeps the evidence).

    Attributes:
        report: The :class:`~safeguarding.store.audit_chain.ChainReport`.
        backup: The backup that was made meanwhile, if any.
    """

    def __init__(self, message: str, report: ChainReport, backup: Path | None = None) -> None:
        super().__init__(message)
        self.report = report
        self.backup = backup
