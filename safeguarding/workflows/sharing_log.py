"""Record a file just exported in the sharing log: the one way the command line and the window both do it.

Every export goes: write the file, then :func:`record_export`. A file that was
written but could not be logged (the database was closed meanwhile, or cannot be
written) is kept, and the user is told in the sentence of :func:`not_logged`, so
they can note by hand what was shared; how they are told (a dialog, a line on
stderr) is the caller's ``warn``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from safeguarding.errors import SafeguardingError
from safeguarding.protection.sharing import VIA_WINDOW

if TYPE_CHECKING:
    from safeguarding.protection.sharing import SharingDetails, SharingRecord
    from safeguarding.store import Store

Warn = Callable[[str], None]
"""Tells the user one complete sentence (a dialog in the window, stderr on the command line)."""


def not_logged(written: Path, error: BaseException) -> str:
    """The sentence that says ``written`` was saved but not logged, and what to do.

    E.g. "plan.csv was saved, but it could not be recorded in the sharing log (the
    database was closed meanwhile). Note by hand what was shared, with whom and why."
    """
    return (
        f"{Path(written).name} was saved, but it could not be recorded in the sharing log ({error}). "
        "Note by hand what was shared, with whom and why."
    )


def record_export(
    store: Store | None,
    kind: str,
    written: Path,
    warn: Warn,
    *,
    redacted: bool = False,
    assessment_id: str = "",
    description: str = "",
    details: SharingDetails | None = None,
    via: str = VIA_WINDOW,
) -> SharingRecord | None:
    """Log the file ``written`` in the sharing log of ``store``; if it cannot be, tell ``warn`` why.

    Args:
        store: The open database; None if it was closed while the file was written
            (the export cannot be logged then).
        kind: A code of :data:`~safeguarding.protection.sharing.KINDS` ("action_plan").
        written: The file just written (read once for its size and SHA-256).
        warn: Told :func:`not_logged`'s sentence when the entry cannot be written.
        redacted: It is the redacted copy.
        assessment_id: The assessment it is about ("" for an export across the database).
        description: What it is, in words ("" : the kind in words and the location).
        details: For whom and why, as the user gave them (None: not asked).
        via: :data:`~safeguarding.protection.sharing.VIA_WINDOW` or ``VIA_COMMAND_LINE``.

    Returns:
        The log entry, or None if it could not be written (``warn`` was told; the file is kept).
    """
    try:
        if store is None:
            raise SafeguardingError("the database was closed meanwhile")
        return store.sharing.record(
            kind,
            written,
            redacted=redacted,
            assessment_id=assessment_id,
            description=description,
            details=details,
            via=via,
        )
    except SafeguardingError as error:
        warn(not_logged(written, error))
        return None
