"""SQLite storage through sqlite-utils: opening, migrations and repositories.

Use :func:`open_store` (in :mod:`safeguarding.store.repositories`) to get a
:class:`Store`, a small bundle of the open database and one repository per
aggregate. The UI calls these repositories and never runs SQL itself; it imports
only the names below from this package (``tests/test_layers.py`` checks it).

The names are imported when first used (:mod:`safeguarding.lazy_exports`), so
importing one module of this package never loads all the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from safeguarding.lazy_exports import lazy_exports

if TYPE_CHECKING:  # for type checkers and readers; never run
    from safeguarding.security.keys import Key
    from safeguarding.store.assessment_fields import ASSESSMENT_COLUMNS
    from safeguarding.store.audit_chain import ChainReport
    from safeguarding.store.backups import BackupInfo, latest_good_backup, list_backups
    from safeguarding.store.database_file import is_encrypted
    from safeguarding.store.dberrors import is_damage, release_frames
    from safeguarding.store.editable_fields import editable_values
    from safeguarding.store.first_list import read_first_list
    from safeguarding.store.instance_lock import DatabaseInUseError, Holder, InstanceLock
    from safeguarding.store.leftovers import backups_present, finish_key_file
    from safeguarding.store.repositories import Store, open_store
    from safeguarding.store.revisions import EditConflictError, FieldConflict, rebase
    from safeguarding.store.sqlite_utils_import import import_sqlite_utils

__getattr__ = lazy_exports(
    __name__,
    {
        "safeguarding.security.keys": ("Key",),
        "safeguarding.store.assessment_fields": ("ASSESSMENT_COLUMNS",),
        "safeguarding.store.audit_chain": ("ChainReport",),
        "safeguarding.store.backups": ("BackupInfo", "latest_good_backup", "list_backups"),
        "safeguarding.store.database_file": ("is_encrypted",),
        "safeguarding.store.dberrors": ("is_damage", "release_frames"),
        "safeguarding.store.editable_fields": ("editable_values",),
        "safeguarding.store.first_list": ("read_first_list",),
        "safeguarding.store.instance_lock": ("DatabaseInUseError", "Holder", "InstanceLock"),
        "safeguarding.store.leftovers": ("backups_present", "finish_key_file"),
        "safeguarding.store.repositories": ("Store", "open_store"),
        "safeguarding.store.revisions": ("EditConflictError", "FieldConflict", "rebase"),
        "safeguarding.store.sqlite_utils_import": ("import_sqlite_utils",),
    },
)

__all__ = [
    "ASSESSMENT_COLUMNS",
    "BackupInfo",
    "ChainReport",
    "DatabaseInUseError",
    "EditConflictError",
    "FieldConflict",
    "Holder",
    "InstanceLock",
    "Key",
    "Store",
    "backups_present",
    "editable_values",
    "finish_key_file",
    "import_sqlite_utils",
    "is_damage",
    "is_encrypted",
    "latest_good_backup",
    "list_backups",
    "open_store",
    "read_first_list",
    "rebase",
    "release_frames",
]
