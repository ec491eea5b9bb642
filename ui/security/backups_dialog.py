"""Backups and restore: the list of backups with their dates and contents, back up now, restore one.

"Back up now" runs in the background (the list and the window stay usable); a
restore closes this dialog and runs behind the window's progress dialog.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safeguarding.errors import AuditTrailBrokenError, SafeguardingError
from safeguarding.store import BackupInfo, Store
from safeguarding.timeutil import utc_now, utc_to_local
from safeguarding.words import size_in_words
from ui.interaction import Interaction
from ui.tasks import Task
from ui.widgets.tab_keys import tab_leaves_tables

COLUMNS = ("Taken", "Why", "Contains", "Encrypted", "Size")


class BackupsDialog(QDialog):
    """Lists the backups of the open database; "Back up now" and "Restore…".

    Args:
        store: The open database.
        interaction: Confirms the restore and reports problems.
        restore: Called with the chosen backup after confirmation; closes the
            database, restores and reopens it (the window does that). Returns True
            if it started, and this dialog then closes.
        back_up: ``back_up(reason, succeeded, failed)`` starts a backup in the background
            and returns its :class:`~ui.tasks.Task`, calling ``succeeded(path)`` or
            ``failed(error)`` on the GUI thread (the window's
            :meth:`~ui.security.menu.SecurityMenu.start_backup`, so that it waits for
            the backup before closing the database); default: a task of this dialog's own.

    Attributes:
        backup_task: The "Back up now" backup while it is being taken.
    """

    def __init__(
        self,
        store: Store,
        interaction: Interaction,
        restore: Callable[[BackupInfo], bool],
        parent: QWidget | None = None,
        *,
        back_up: Callable[[str, Callable[[Path], None], Callable[[BaseException], None]], Task] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("backupsDialog")
        self.setWindowTitle("Backups and restore")
        self.resize(760, 420)
        self.store = store
        self.interaction = interaction
        self._restore = restore
        self._back_up = back_up or self._back_up_here
        self.backup_task: Task | None = None
        self.backups: list[BackupInfo] = []
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Backups are taken when the app starts, every 30 minutes while it is open, and before every upgrade. "
            "They are kept in the backups folder beside your database, encrypted with the same passphrase.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName("Backups")
        tab_leaves_tables(self.table)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.backup_button = QPushButton("&Back up now", self)
        self.backup_button.clicked.connect(self.back_up_now)
        self.backup_status = QLabel(self)
        self.backup_status.setTextFormat(Qt.TextFormat.PlainText)
        self.restore_button = QPushButton("&Restore this backup…", self)
        self.restore_button.clicked.connect(self.restore_selected)
        row.addWidget(self.backup_button)
        row.addWidget(self.backup_status)
        row.addStretch(1)
        row.addWidget(self.restore_button)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        """Reload the list (newest first)."""
        self.backups = self.store.backups.newest_first()
        self.table.setRowCount(len(self.backups))
        for number, backup in enumerate(self.backups):
            values = (
                utc_to_local(backup.taken_at).strftime("%a %d %b %Y, %H:%M"),
                backup.reason_label,
                backup.contents(),
                "Yes" if backup.encrypted else "No",
                size_in_words(backup.size),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
                self.table.setItem(number, column, item)
        self.table.resizeColumnsToContents()
        if self.backups:
            self.table.selectRow(0)
        self.restore_button.setEnabled(bool(self.backups))

    def back_up_now(self) -> None:
        """Start a backup ("Made by you") in the background; the list shows it when it is made.

        Meanwhile the button is disabled and "Backing up…" is shown. A problem
        (for example a full disk) is reported through the interaction.
        """
        if self.backup_task is not None:
            return
        self.backup_button.setEnabled(False)
        self.backup_status.setText("Backing up…")
        self.backup_task = self._back_up("manual", self._backed_up, self._backup_failed)

    def _back_up_here(
        self, reason: str, succeeded: Callable[[Path], None], failed: Callable[[BaseException], None]
    ) -> Task:
        backups = self.store.backups
        task = Task(lambda progress: backups.take_detached(reason))
        task.signals.succeeded.connect(succeeded)
        task.signals.failed.connect(failed)
        task.start()
        return task

    def _backup_finished(self) -> None:
        self.backup_task = None
        self.backup_button.setEnabled(True)
        self.backup_status.setText("")

    def _backed_up(self, path: Path) -> None:
        self._backup_finished()
        self.backup_status.setText(f"Backup made at {utc_to_local(utc_now()):%H:%M}.")
        self.refresh()

    def _backup_failed(self, error: BaseException) -> None:
        self._backup_finished()
        if not isinstance(error, SafeguardingError):
            sys.excepthook(type(error), error, error.__traceback__)  # a bug: logged and shown
            return
        if isinstance(error, AuditTrailBrokenError) and isinstance(error.backup, Path):  # made; the trail is broken
            self._backed_up(error.backup)
            self.interaction.error(self, "The audit trail is broken", str(error))
            report: Any = error.report
            with contextlib.suppress(SafeguardingError):
                self.store.audit.record_notices(report.new_breaks, "shown in the window")
            return
        self.interaction.error(self, "Backup not made", str(error))

    def restore_selected(self) -> bool:
        """Confirm, then restore the selected backup (the current state is backed up first)."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return False
        backup = self.backups[rows[0].row()]
        when = utc_to_local(backup.taken_at).strftime("%A %d %B %Y at %H:%M")
        if not self.interaction.confirm(
            self,
            "Restore backup",
            f"Go back to the backup taken on {when} ({backup.contents()})?\n\nYour database as it is now is "
            "backed up first, so you can come back to it from this list.",
            yes="Restore",
            no="Cancel",
        ):
            return False
        if self._restore(backup):
            self.accept()
            return True
        return False
