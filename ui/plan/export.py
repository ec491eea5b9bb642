"""Export an assessment's action plan as CSV (:mod:`safeguarding.workflows.action_plan`), asking where and for whom."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from safeguarding.errors import SafeguardingError
from safeguarding.file_names import with_suffix
from safeguarding.store import Store
from safeguarding.workflows.action_plan import SHARING_KIND, read_action_plan, write_action_plan
from ui.interaction import Interaction
from ui.protection.sharing_log import record_export


def export_action_plan(parent: QWidget, store: Store, interaction: Interaction, assessment_id: str) -> Path | None:
    """Ask for a file name and write the action plan CSV; report the outcome to the user.

    Returns:
        The file written, or None if cancelled or refused (the user was told why).
    """
    try:
        request = read_action_plan(store, assessment_id)
    except SafeguardingError as error:
        interaction.error(parent, "Action plan not exported", str(error))
        return None
    path = interaction.save_export(parent, "Export action plan (CSV)", request.suggested_name(), "CSV files (*.csv)")
    if path is None:
        return None
    path = with_suffix(path, ".csv")
    details = interaction.ask_sharing(parent, request.description())
    if details is None:
        return None
    try:
        written = write_action_plan(request, path)
    except SafeguardingError as error:
        interaction.error(parent, "Action plan not exported", str(error))
        return None
    record_export(store, interaction, parent, SHARING_KIND, written, details=details, assessment_id=assessment_id)
    interaction.inform(
        parent,
        "Action plan exported",
        f"The action plan was saved to:\n{written}\n\n"
        "It is OFFICIAL-SENSITIVE: share it only through approved channels.",
    )
    return written
