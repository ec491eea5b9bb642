"""Typed errors that carry a plain-English message for the practitioner.

Environment problems and bad input raise a subclass of :class:`SafeguardingError`;
the UI shows ``str(error)`` as it is and keeps running. Anything else is a bug.
"""


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
