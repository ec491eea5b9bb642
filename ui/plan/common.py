"""Small shared pieces of the plan widgets: a form dialog base, dates for tables, and Enter in a text box."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from safeguarding.errors import SafeguardingError
from safeguarding.timeutil import format_uk_date
from ui.theme import message_style

if TYPE_CHECKING:
    from ui.editing.dialog_form import DialogEditing


def uk_date(value: date | None, empty: str = "—") -> str:
    """A date for tables, e.g. ``1 December 2026``."""
    return format_uk_date(value) if value else empty


class FormDialog(QDialog):
    """A non-blocking dialog (``open()``) whose Save runs a callback.

    If the callback raises :class:`SafeguardingError` the message is shown in the
    dialog and nothing typed is lost; otherwise the dialog closes. With
    :attr:`editing` set (:class:`~ui.editing.dialog_form.DialogEditing`), typed work
    is kept as a draft while the dialog is open and Cancel asks before discarding it.
    """

    def __init__(self, title: str, parent: QWidget | None = None, save_text: str = "Save") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.body = QVBoxLayout(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet(message_style(bold=False))
        self.message.setAccessibleName("Problem")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.addButton(save_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        self._on_save: Callable[[], None] | None = None
        self.editing: DialogEditing | None = None

    def reject(self) -> None:
        """Cancel: if something typed is not saved, ask first (never discard silently)."""
        if self.editing is not None and not self.editing.may_discard():
            return
        super().reject()

    def finish_layout(self) -> None:
        """Add the message line and the buttons under the content; the first field takes the focus.

        Without it Qt gave the focus to Save (the default button), so a keyboard user's
        first Tab went to Cancel and Space asked to discard (a keyboard-only trial).
        """
        self.body.addWidget(self.message)
        self.body.addWidget(self.buttons)
        if self.focusWidget() is None and (first := self.first_field()) is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def first_field(self) -> QWidget | None:
        """The first input in the focus chain (text, choice, number or date), or None."""
        widget = self.nextInFocusChain()
        while widget is not None and widget is not self:
            if (
                isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit | QComboBox | QAbstractSpinBox)
                and widget.isEnabled()
                and widget.isVisibleTo(self)
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                return widget
            widget = widget.nextInFocusChain()
        return None

    def set_save(self, on_save: Callable[[], None]) -> None:
        """Set what Save does (raises SafeguardingError to refuse)."""
        self._on_save = on_save

    def try_save(self) -> None:
        """Run the save callback; show its refusal, or close."""
        if self.editing is not None and self.editing.refuse_closed():
            return  # the database was closed under the dialog: nothing is written, the typed text stays
        if self._on_save is None:
            self.accept()
            return
        try:
            self._on_save()
        except SafeguardingError as error:
            self.message.setText(str(error))
            return
        self.accept()


class EnterRuns(QObject):
    """Runs ``work`` when Enter is pressed in the watched text box, instead of the dialog's default button.

    In a dialog, Enter in a text box presses the default button (Save or Close): a name
    typed into a box of its own would be lost with the dialog.
    """

    def __init__(self, work: Callable[[], object], parent: QObject) -> None:
        super().__init__(parent)
        self._work = work

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and isinstance(watched, QLineEdit)
            and watched.text().strip()
        ):
            self._work()
            return True
        return False
