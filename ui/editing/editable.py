"""What every form with typed work offers the draft keeper, and how its edits are noticed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from safeguarding.drafts import Draft


@runtime_checkable
class Editable(Protocol):
    """A form (or dialog) holding work that must never be lost.

    Implementations are cheap to ask: :meth:`drafts` is called every couple of
    seconds while the user types, never per keystroke.
    """

    def drafts(self) -> list[Draft]:
        """The unsaved work as drafts (empty when everything shown is saved)."""
        ...

    def save_unsaved(self) -> str | None:
        """Save the unsaved work through the normal, conflict-safe save.

        Returns:
            None if nothing is left unsaved; otherwise why not, in words (a refused value,
            a conflict the user put off, a full disk). The work stays on screen.
        """
        ...

    def discard_unsaved(self) -> None:
        """Forget the unsaved work (the user chose to): show the saved record again."""
        ...

    def restore_draft(self, draft: Draft) -> bool:
        """Show ``draft`` in the form, marked unsaved; False if it is not this form's kind of work."""
        ...

    def reveal(self) -> None:
        """Bring the form into view (its page, its dialog) and put the focus in it."""
        ...


def watch_edits(container: QWidget, edited: Callable[[], object]) -> None:
    """Call ``edited`` on every change the user can make in ``container``'s input widgets.

    Text changes, choices, numbers, dates, times and ticks are watched. Changes
    made by the program (loading a record) call it too; the keeper then finds
    nothing unsaved and writes nothing.
    """
    for widget in [container, *container.findChildren(QWidget)]:
        if isinstance(widget, (QPlainTextEdit, QLineEdit)):
            widget.textChanged.connect(edited)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(edited)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(edited)
        elif isinstance(widget, QTimeEdit):
            widget.timeChanged.connect(edited)
        elif isinstance(widget, QDateEdit):
            widget.dateChanged.connect(edited)
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            widget.toggled.connect(edited)


def reveal_page(page: QWidget) -> None:
    """Show ``page`` in the editor that holds it (the nearest parent with ``show_page``)."""
    parent = page.parentWidget()
    while parent is not None and not hasattr(parent, "show_page"):
        parent = parent.parentWidget()
    if parent is not None:
        parent.show_page(page)


def focus_in_view(widget: QWidget) -> None:
    """Put the focus in ``widget`` and scroll every scroll area around it so it can be seen."""
    widget.setFocus()
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 50, min(widget.height(), parent.viewport().height() // 2))
        parent = parent.parentWidget()
