"""Questions the app asks the user, behind one replaceable object.

Confirmations, messages and file pickers go through :class:`Interaction`, so
tests pass a scripted answerer instead of blocking on a modal dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.tab_keys import tab_leaves_tables

if TYPE_CHECKING:
    from safeguarding.protection.sharing import SharingDetails


def message_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    """Return a message box that shows ``text`` as plain text (never as HTML: it often holds what users typed)."""
    box = QMessageBox(icon, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def review_dialog(
    parent: QWidget | None,
    title: str,
    text: str,
    headers: list[str],
    rows: list[list[str]],
    checked: list[bool] | None,
    *,
    yes: str,
    no: str,
) -> tuple[QDialog, QTableWidget]:
    """Build (not show) the dialog of :meth:`Interaction.review_table` / :meth:`~Interaction.review_checklist`.

    With ``checked``, column 0 of each row is a tick box, ticked or not as given,
    and its text is ``headers[0]`` (screen readers announce it). All text is plain.
    """
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.resize(900 if checked is not None else 760, 460)
    layout = QVBoxLayout(dialog)
    label = QLabel(text, dialog)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    layout.addWidget(label)
    offset = 1 if checked is not None else 0
    table = QTableWidget(len(rows), len(headers), dialog)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setAccessibleName(title)
    tab_leaves_tables(table)
    for r, row in enumerate(rows):
        if checked is not None:
            tick = QTableWidgetItem(headers[0])
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            tick.setCheckState(Qt.CheckState.Checked if checked[r] else Qt.CheckState.Unchecked)
            table.setItem(r, 0, tick)
        for c, value in enumerate(row):
            table.setItem(r, c + offset, QTableWidgetItem(value))
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    layout.addWidget(table, 1)
    buttons = QDialogButtonBox(dialog)
    buttons.addButton(yes, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(no, QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return dialog, table


if TYPE_CHECKING:
    from ui.widgets.version_choice import Version


class Interaction:
    """Asks the user with standard Qt dialogs. Tests substitute a subclass."""

    def confirm(self, parent: QWidget | None, title: str, text: str, *, yes: str = "Yes", no: str = "No") -> bool:
        """Ask a yes/no question; return True for yes.

        The safe answer ``no`` is the default button and Escape's: Enter, Space on the
        focused default or a stray key never deletes or finalises (a keyboard-only trial
        lost a visit when "Delete visit?" answered yes to a key meant for the form).
        """
        box, yes_button = self.question_box(parent, title, text, yes=yes, no=no)
        box.exec()
        return box.clickedButton() is yes_button

    @staticmethod
    def question_box(
        parent: QWidget | None, title: str, text: str, *, yes: str, no: str
    ) -> tuple[QMessageBox, QPushButton]:
        """The yes/no message box :meth:`confirm` shows, and its ``yes`` button (``no`` is the default and Escape's)."""
        box = message_box(parent, QMessageBox.Icon.Question, title, text)
        yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no_button)
        box.setEscapeButton(no_button)
        return box, yes_button

    def choose(self, parent: QWidget | None, title: str, text: str, options: list[str]) -> int | None:
        """Ask the user to pick one of ``options`` (button texts); return its index, or None if closed.

        The last option should be the safe one ("Stay", "Cancel").
        """
        box = message_box(parent, QMessageBox.Icon.Question, title, text)
        buttons = [box.addButton(option, QMessageBox.ButtonRole.ActionRole) for option in options]
        box.setDefaultButton(buttons[-1])
        box.setEscapeButton(buttons[-1])
        box.exec()
        clicked = box.clickedButton()
        return buttons.index(clicked) if clicked in buttons else None

    def choose_version(
        self,
        parent: QWidget | None,
        title: str,
        label: str,
        explanation: str,
        a: Version,
        b: Version,
        *,
        allow_merge: bool = True,
    ) -> tuple[str, str | None] | None:
        """Show two versions of one field side by side (who wrote each, when) and let the user choose.

        Returns:
            ``("a", None)``, ``("b", None)``, ``("merged", text)`` (text fields only, with
            ``allow_merge``), or None if the user decided later.
        """
        from ui.widgets.version_choice import VersionChoiceDialog

        dialog = VersionChoiceDialog(title, label, explanation, a, b, allow_merge=allow_merge, parent=parent)
        answers: list[tuple[str, str | None]] = []
        dialog.chosen.connect(lambda choice, text: answers.append((choice, text)))
        dialog.exec()
        return answers[0] if answers else None

    def review_table(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        headers: list[str],
        rows: list[list[str]],
        *,
        yes: str = "Continue",
        no: str = "Cancel",
    ) -> bool:
        """Show rows of text in a table under ``text`` and ask to go on; return True for ``yes``."""
        from PySide6.QtWidgets import QDialog

        dialog, _ = review_dialog(parent, title, text, headers, rows, None, yes=yes, no=no)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def review_checklist(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        headers: list[str],
        rows: list[list[str]],
        checked: list[bool],
        *,
        yes: str = "Continue",
        no: str = "Cancel",
    ) -> list[bool] | None:
        """Like :meth:`review_table`, with a tick box at the start of each row (``headers[0]`` heads them).

        Returns:
            Each row's tick after the user chose ``yes``; None if cancelled.
        """
        from PySide6.QtWidgets import QDialog

        dialog, table = review_dialog(parent, title, text, headers, rows, checked, yes=yes, no=no)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        boxes = [table.item(row, 0) for row in range(len(rows))]
        return [box is not None and box.checkState() == Qt.CheckState.Checked for box in boxes]

    def ask_sharing(
        self, parent: QWidget | None, what: str, suggested: SharingDetails | None = None
    ) -> SharingDetails | None:
        """Before an export: ask for whom it is and why (both optional); None if the user cancelled the export.

        Args:
            parent: The window it belongs to.
            what: What is being exported, in words.
            suggested: Answers to start with.
        """
        from ui.protection.sharing_details import SharingDetailsDialog

        dialog = SharingDetailsDialog(what, suggested, parent)
        return dialog.details() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_secret(self, parent: QWidget | None, title: str, label: str) -> str | None:
        """Ask for a passphrase (typed hidden); return None if cancelled."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Password)
        return text if ok else None

    def ask_date(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        *,
        label: str,
        suggested: date | None,
        check: Callable[[date], str] | None = None,
        yes: str = "OK",
    ) -> date | None:
        """Ask for one date (typed, or picked from a calendar); return None if cancelled.

        Args:
            label: What the date is, e.g. "End date".
            suggested: The date filled in to start with (None: empty).
            check: Returns why a date cannot be used ("" if it can); the dialog
                shows the reason and stays open.
            yes: The accepting button's text.
        """
        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

        from safeguarding.errors import ValidationError
        from ui.theme import message_style
        from ui.widgets.dates import DateField

        dialog = QDialog(parent)
        dialog.setWindowTitle(title)
        layout = QVBoxLayout(dialog)
        question = QLabel(text, dialog)
        question.setWordWrap(True)
        question.setTextFormat(Qt.TextFormat.PlainText)
        field = DateField(label, dialog, required=True)
        field.set_value(suggested)
        problem = QLabel(dialog)
        problem.setWordWrap(True)
        problem.setStyleSheet(message_style(bold=False))
        buttons = QDialogButtonBox(dialog)
        buttons.addButton(yes, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        for widget in (question, field, problem, buttons):
            layout.addWidget(widget)
        chosen: list[date] = []

        def accept() -> None:
            try:
                value = field.given()
            except ValidationError as error:
                problem.setText(str(error))
                return
            reason = check(value) if check else ""
            if reason:
                problem.setText(reason)
                return
            chosen.append(value)
            dialog.accept()

        buttons.accepted.connect(accept)
        buttons.rejected.connect(dialog.reject)
        field.setFocus()
        dialog.exec()
        return chosen[0] if chosen else None

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        """Show an information message."""
        message_box(parent, QMessageBox.Icon.Information, title, text).exec()

    def inform_with_open(self, parent: QWidget | None, title: str, text: str, path: Path, *, open_text: str) -> None:
        """Show an information message with a button ``open_text`` that opens ``path`` in its usual app."""
        box = message_box(parent, QMessageBox.Icon.Information, title, text)
        opener = box.addButton(open_text, QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Close", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is opener:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        """Show a problem the user can act on (never a traceback)."""
        message_box(parent, QMessageBox.Icon.Warning, title, text).exec()

    def report_bug(self, parent: QWidget | None, summary: str, details: str) -> None:
        """Show an unexpected error: a plain summary, with copyable technical details."""
        box = message_box(parent, QMessageBox.Icon.Critical, "Something went wrong", summary)
        box.setDetailedText(details)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()

    def save_path(self, parent: QWidget | None, title: str, suggested: Path, file_filter: str) -> Path | None:
        """Ask where to save a file; return None if cancelled."""
        name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
        return Path(name) if name else None

    def save_export(self, parent: QWidget | None, title: str, name: str, file_filter: str) -> Path | None:
        """Ask where to save an export named ``name``, starting in the folder last exported to; None if cancelled.

        The folder chosen is remembered for the next export (:mod:`ui.widgets.folders`).
        """
        from ui.widgets.folders import export_folder, remember_export_folder

        path = self.save_path(parent, title, export_folder() / name, file_filter)
        if path is not None:
            remember_export_folder(path.parent)
        return path

    def open_path(self, parent: QWidget | None, title: str, folder: Path, file_filter: str) -> Path | None:
        """Ask for an existing file to open; return None if cancelled."""
        name, _ = QFileDialog.getOpenFileName(parent, title, str(folder), file_filter)
        return Path(name) if name else None

    def open_files(self, parent: QWidget | None, title: str, folder: Path, file_filter: str) -> list[Path]:
        """Ask for one or more existing files; return an empty list if cancelled."""
        names, _ = QFileDialog.getOpenFileNames(parent, title, str(folder), file_filter)
        return [Path(name) for name in names]
