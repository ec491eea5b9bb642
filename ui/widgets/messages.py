"""One way to show a page's status line (a problem in red, a confirmation in green, words in both),
and to run a confirmed change such as a delete, reporting a refusal on that line."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from safeguarding.errors import SafeguardingError
from ui.interaction import Interaction

PROBLEM = "errorText"
CONFIRMATION = "okText"


def message_label(parent: QWidget) -> QLabel:
    """A word-wrapped, plain-text status line (styled by ``ui.startup.app_style``)."""
    label = QLabel(parent)
    label.setObjectName(PROBLEM)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def say(label: QLabel, text: str, *, problem: bool) -> None:
    """Show ``text`` as a problem (red) or a confirmation (green), restyling the label at once."""
    label.setText(text)
    label.setObjectName(PROBLEM if problem else CONFIRMATION)
    label.style().unpolish(label)
    label.style().polish(label)


def confirmed(
    parent: QWidget,
    interaction: Interaction,
    label: QLabel,
    *,
    title: str,
    question: str,
    action: Callable[[], object],
    yes: str = "Yes",
    no: str = "No",
) -> bool:
    """Ask ``question``; if the user agrees, run ``action`` (a domain call such as a delete).

    A :class:`SafeguardingError` from ``action`` is shown on ``label`` as a problem.

    Returns:
        True if the user agreed and ``action`` succeeded (the caller then reloads and confirms).
    """
    if not interaction.confirm(parent, title, question, yes=yes, no=no):
        return False
    try:
        action()
    except SafeguardingError as error:
        say(label, str(error), problem=True)
        return False
    return True
