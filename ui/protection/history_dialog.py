"""The "Assessment history" window: who changed what and when, with CSV export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safeguarding.errors import SafeguardingError
from safeguarding.file_names import export_file_name, with_suffix
from safeguarding.protection.history import CSV_HEADERS, HistoryLine, history_lines, write_history_csv
from safeguarding.protection.history_trail import changed_outside, reported_lines, trail_lines
from safeguarding.store import Store
from safeguarding.timeutil import utc_now, utc_to_local
from ui.interaction import Interaction
from ui.protection.rows_model import TextRowsModel, read_only_table
from ui.protection.sharing_log import record_export

if TYPE_CHECKING:
    from safeguarding.store import ChainReport


CHANGED_OUTSIDE = (
    "Some records were changed outside this app after they were saved: they no longer match the audit trail's "
    "seal. Their lines say what cannot be shown; a backup taken before the change still holds what was entered."
)
"""Said above the history when a record no longer matches what the trail sealed (``AuditEntry.altered``...)."""


class HistoryDialog(QDialog):
    """Shows the audit trail of one assessment in plain words (read-only).

    Args:
        store: The open database.
        assessment_id: The assessment.
        title: Shown at the top, e.g. the location's name.
        interaction: Asks where to save the CSV, and for whom and why.
        audit: The last check of the audit trail (its state is said above the history).
    """

    def __init__(
        self,
        store: Store,
        assessment_id: str,
        title: str,
        interaction: Interaction,
        parent: QWidget | None = None,
        *,
        audit: ChainReport | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Assessment history — {title}")
        self.resize(1000, 560)
        self._store, self._interaction, self._title = store, interaction, title
        self._assessment_id = assessment_id
        entries = store.audit.history(assessment_id)
        self.lines: list[HistoryLine] = history_lines(entries)
        self._changed = changed_outside(entries)
        notices = store.audit.reported_breaks()
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Every change to this assessment and its records, oldest first: {len(self.lines)} lines. "
            "The history is kept by the database itself and cannot be edited.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.trail = QLabel(self)
        self.trail.setWordWrap(True)
        self.trail.setTextFormat(Qt.TextFormat.PlainText)
        clean = (audit is None or audit.intact) and not notices and not self._changed
        self.trail.setObjectName("okText" if clean else "errorText")
        said = (
            "The audit trail is checked when the database opens, before each backup and when this history is exported."
        )
        if audit is not None and not clean:
            said = "\n".join(trail_lines(audit, notices, self._changed))  # the words the exported file ends with
        elif not clean:  # no check shown yet in this window: what the trail recorded as reported
            said += "".join(f"\n{line}" for line in reported_lines(notices))
        if self._changed:
            said += "\n" + CHANGED_OUTSIDE
        self.trail.setText(said)
        layout.addWidget(self.trail)
        self.model = TextRowsModel(CSV_HEADERS)
        self.model.set_rows([[ln.when, ln.who, ln.what, ln.record, ln.field, ln.before, ln.after] for ln in self.lines])
        self.table = read_only_table(self, self.model, "Assessment history")
        header = self.table.horizontalHeader()
        for column, width in enumerate((150, 130, 190, 70, 150)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(len(CSV_HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.scrollToBottom()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.export_button = QPushButton("Export history (CSV)…", self)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.export_csv)
        layout.addWidget(buttons)

    def export_csv(self) -> Path | None:
        """Ask where to save and for whom, check the whole audit trail, write the history as CSV and log the export.

        The CSV ends with what the check found (intact, with the last entry's number and seal,
        or where it breaks), every break reported before and how many records were changed
        outside the app (:func:`~safeguarding.protection.history_trail.trail_lines`), so the
        file says how far it can be trusted.
        """
        day = utc_to_local(utc_now()).date()
        name = export_file_name(self._title, "history", ".csv", day=day, fallback="assessment")
        path = self._interaction.save_export(self, "Export history", name, "CSV files (*.csv)")
        if path is None:
            return None
        path = with_suffix(path, ".csv")
        details = self._interaction.ask_sharing(self, f"The history of the assessment of {self._title} (CSV).")
        if details is None:
            return None
        try:
            report = self._store.audit.check(whole=True)
            ending = trail_lines(report, self._store.audit.reported_breaks(), self._changed)
            written = write_history_csv(self.lines, path, ending)
        except SafeguardingError as error:
            self._interaction.error(self, "History not exported", str(error))
            return None
        record_export(
            self._store, self._interaction, self, "history", written, details=details, assessment_id=self._assessment_id
        )
        self._interaction.inform(
            self, "History exported", f"The history was saved to:\n{written}\n\nIt contains real names: keep it safe."
        )
        return written
