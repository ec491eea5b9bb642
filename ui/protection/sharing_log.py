"""The sharing log in the window: recording each export, and the Records → Sharing log window.

Every export of the window goes: choose the file, :meth:`~ui.interaction.Interaction.ask_sharing`
(for whom and why, optional), write it, then :func:`record_export` (the window's face of
:func:`safeguarding.workflows.sharing_log.record_export`, shared with the command line). An
export that was written but could not be logged says so in a dialog, so the user can note it by hand.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safeguarding.errors import SafeguardingError
from safeguarding.file_names import with_suffix
from safeguarding.protection.sharing import CSV_HEADERS, SharingDetails, SharingRecord, write_sharing_csv
from safeguarding.store import Store
from safeguarding.timeutil import utc_now, utc_to_local
from safeguarding.workflows.sharing_log import record_export as log_export
from ui.interaction import Interaction
from ui.protection.rows_model import TextRowsModel, read_only_table


def record_export(
    store: Store | None,
    interaction: Interaction,
    parent: QWidget | None,
    kind: str,
    written: Path,
    *,
    details: SharingDetails | None,
    redacted: bool = False,
    assessment_id: str = "",
    description: str = "",
) -> SharingRecord | None:
    """Log a file just exported in the sharing log (:func:`safeguarding.workflows.sharing_log.record_export`).

    Returns:
        The log entry, or None if it could not be written (the user was told in a dialog).
    """
    return log_export(
        store,
        kind,
        written,
        lambda message: interaction.error(parent, "Export not logged", message),
        redacted=redacted,
        assessment_id=assessment_id,
        description=description,
        details=details,
    )


class SharingLogDialog(QDialog):
    """Every export, newest first: of one assessment or across the database, and as CSV.

    Args:
        store: The open database.
        interaction: Asks where to save the CSV.
        assessment_id: Show this assessment's exports first (the choice can be changed to all).
        title: The assessment's place, for the choice's words.
    """

    def __init__(
        self,
        store: Store,
        interaction: Interaction,
        assessment_id: str | None = None,
        title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sharing log")
        self.resize(1100, 520)
        self._store, self._interaction = store, interaction
        self.records: list[SharingRecord] = []
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Every copy that left the app: what, which copy (full or redacted), when, by whom, for whom and why. "
            "The log cannot be edited; each file's SHA-256 identifies the copy.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        label = QLabel("&Show:", self)
        self.scope = QComboBox(self)
        if assessment_id:
            self.scope.addItem(f"This assessment ({title})" if title else "This assessment", assessment_id)
        self.scope.addItem("Every assessment", None)
        label.setBuddy(self.scope)
        row.addWidget(label)
        row.addWidget(self.scope, 1)
        layout.addLayout(row)
        self.summary = QLabel(self)
        layout.addWidget(self.summary)
        self.model = TextRowsModel(CSV_HEADERS)
        self.table = read_only_table(self, self.model, "Sharing log")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.export_button = QPushButton("Export the log (CSV)…", self)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.export_csv)
        layout.addWidget(buttons)
        self.scope.currentIndexChanged.connect(lambda _index: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        """Read the log again for the chosen scope."""
        assessment_id = self.scope.currentData()
        self.records = self._store.sharing.entries(assessment_id)
        self.model.set_rows([record.row() for record in self.records])
        self.table.resizeColumnsToContents()
        count = len(self.records)
        self.summary.setText(f"{count} export{'s' if count != 1 else ''} recorded.")

    def export_csv(self) -> Path | None:
        """Ask where to save, then write the log shown as CSV (and log that export too)."""
        day = utc_to_local(utc_now()).strftime("%Y-%m-%d")
        suggested = f"Sharing log - {day}.csv"
        path = self._interaction.save_export(self, "Export the sharing log", suggested, "CSV files (*.csv)")
        if path is None:
            return None
        path = with_suffix(path, ".csv")
        details = self._interaction.ask_sharing(self, "The sharing log (CSV).")
        if details is None:
            return None
        try:
            written = write_sharing_csv(self.records, path)
        except SafeguardingError as error:
            self._interaction.error(self, "Log not exported", str(error))
            return None
        record_export(self._store, self._interaction, self, "sharing_log", written, details=details)
        self.refresh()
        self._interaction.inform(self, "Log exported", f"The sharing log was saved to:\n{written}")
        return written
