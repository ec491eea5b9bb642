"""File → Import police data…: choose police.uk street-level files (CSV or zip), import them, say what happened.

The files are read and checked off the GUI thread (pure Python, no database);
the checked months are then stored on the GUI thread, which owns the database
connection, one month at a time. The report (months and rows imported, rows
without a position, rows and files refused with why) is shown when done.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from safeguarding.crime.importer import ImportReport, ReadFiles, read_police_files, store_police_files
from safeguarding.errors import SafeguardingError
from safeguarding.store import Store
from ui.interaction import Interaction

if TYPE_CHECKING:
    from ui.tasks import Task

FILTER = "police.uk street-level files (*-street.csv *.csv *.zip);;All files (*)"


def import_police_data(
    parent: QWidget, interaction: Interaction, store: Store, done: Callable[[ImportReport], None] | None = None
) -> Task | None:
    """Ask for files, import them with a progress window, then show the report (and call ``done``).

    Returns:
        The started import (keep a reference until it finishes), or None if no file was chosen.
    """
    from ui.tasks import run_with_progress

    paths = interaction.open_files(parent, "Import police data", Path.home(), FILTER)
    if not paths:
        return None

    def stored(result: object) -> None:
        assert isinstance(result, ReadFiles)  # what read_police_files returns
        try:
            report = store_police_files(store.crime, result)
        except SafeguardingError as error:
            interaction.error(parent, "Police data not imported", str(error))
            return
        show_report(parent, interaction, report)
        if done is not None:
            done(report)

    def failed(error: BaseException) -> None:
        interaction.error(parent, "Police data not imported", str(error))

    return run_with_progress(
        parent,
        "Importing police data",
        lambda progress: read_police_files(list(paths), progress),
        succeeded=stored,
        failed=failed,
        cancelled=lambda: None,
        label="Reading the files…",
    )


def show_report(parent: QWidget, interaction: Interaction, report: ImportReport) -> None:
    """Tell the user what was imported and refused, in plain words."""
    text = "\n".join(report.lines())
    if report.refused or not report.imported:
        interaction.error(parent, "Police data: some files not imported", text)
    else:
        interaction.inform(parent, "Police data imported", text)
