"""Choose between two versions of the same text: A, B, or a merged text the user writes.

Generic on purpose: it knows nothing about teams or databases. The team's
conflicts use it (a field changed on two laptops), and so can any other place
where two versions of one field meet (two windows on one laptop). It is
non-blocking: call :meth:`VersionChoiceDialog.open` and connect ``chosen``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safeguarding.timeutil import utc_to_local


@dataclass(frozen=True)
class Version:
    """One version of a field.

    Attributes:
        text: The value as shown (plain text).
        author: Who wrote it.
        at: When (aware UTC), or None if not known.
        action: The button's words, e.g. "Keep version A" or "Keep the visit".
        verb: What the author did, shown as "<verb> by <author> on <date>" ("Written", "Edited", "Deleted").
    """

    text: str
    author: str
    at: datetime | None
    action: str
    verb: str = "Written"


def describe(version: Version) -> str:
    """ "Written by Sam Patel on Tue 10 Mar 2026 at 18:05" (UK local time; the verb is the version's)."""
    when = utc_to_local(version.at).strftime(" on %a %d %b %Y at %H:%M") if version.at else ""
    return f"{version.verb} by {version.author or 'someone'}{when}"


class VersionChoiceDialog(QDialog):
    """Shows a field's two versions side by side, with who wrote each and when.

    Signals:
        chosen(str, object): ``("a", None)``, ``("b", None)`` or ``("merged", text)``.

    Args:
        title: The window title.
        label: What the field is, e.g. "Write-up (Guardianship): concerns".
        explanation: One or two sentences saying why there are two versions.
        a, b: The two versions.
        allow_merge: Offer a box to write a merged text (text fields only).
        parent: The parent widget.
    """

    chosen = Signal(str, object)

    def __init__(
        self,
        title: str,
        label: str,
        explanation: str,
        a: Version,
        b: Version,
        *,
        allow_merge: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("versionChoice")
        self.resize(820, 520)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{_escape(label)}</b>", self)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        note = QLabel(explanation, self)
        note.setWordWrap(True)
        layout.addWidget(note)
        grid = QGridLayout()
        self.a_text = self._version_box(grid, 0, "Version A", a)
        self.b_text = self._version_box(grid, 1, "Version B", b)
        layout.addLayout(grid, 1)
        self.a_button = QPushButton(a.action, self)
        self.b_button = QPushButton(b.action, self)
        grid.addWidget(self.a_button, 2, 0)
        grid.addWidget(self.b_button, 2, 1)
        self.merged: QPlainTextEdit | None = None
        self.merge_button: QPushButton | None = None
        if allow_merge:
            box = QGroupBox("Or write one text that keeps what matters from both", self)
            inner = QVBoxLayout(box)
            self.merged = QPlainTextEdit(self)
            self.merged.setAccessibleName("Merged text")
            self.merged.setPlainText(merge_suggestion(a.text, b.text))
            inner.addWidget(self.merged)
            self.merge_button = QPushButton("Use the merged text", self)
            inner.addWidget(self.merge_button)
            layout.addWidget(box, 1)
            self.merge_button.clicked.connect(self.choose_merged)
        later = QDialogButtonBox(self)
        later.addButton("Decide later", QDialogButtonBox.ButtonRole.RejectRole)
        later.rejected.connect(self.reject)
        layout.addWidget(later)
        self.a_button.clicked.connect(lambda: self._choose("a", None))
        self.b_button.clicked.connect(lambda: self._choose("b", None))

    def _version_box(self, grid: QGridLayout, column: int, title: str, version: Version) -> QPlainTextEdit:
        box = QGroupBox(title, self)
        inner = QVBoxLayout(box)
        who = QLabel(describe(version), box)
        who.setWordWrap(True)
        inner.addWidget(who)
        text = QPlainTextEdit(box)
        text.setReadOnly(True)
        text.setPlainText(version.text)
        text.setAccessibleName(f"{title}: {describe(version)}")
        inner.addWidget(text)
        grid.addWidget(box, 0, column, 2, 1)
        return text

    def choose_merged(self) -> None:
        """Use the merged text (the user's own words)."""
        assert self.merged is not None
        self._choose("merged", self.merged.toPlainText())

    def _choose(self, choice: str, text: str | None) -> None:
        self.chosen.emit(choice, text)
        self.accept()


def merge_suggestion(a: str, b: str) -> str:
    """A starting point for the merged text: A, then what B adds after the words both begin with.

    Two people usually extend the same paragraph: "X. Sam's sentence." and "X. Jo's sentence."
    give "X. Sam's sentence. Jo's sentence." rather than X twice. Texts that share no start are
    placed one after the other. The user edits it before choosing.
    """
    if a == b or not b.strip():
        return a
    if not a.strip():
        return b
    shared = len(os.path.commonprefix([a, b]))  # noqa: RUF071 - characters are what is compared here
    shared = a.rfind(" ", 0, shared + 1) + 1 if shared < len(a) else shared  # back to a word boundary
    if shared >= 20:
        return f"{a.rstrip()} {b[shared:].strip()}"
    return f"{a}\n\n{b}"


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
