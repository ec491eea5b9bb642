"""Before an export: for whom, and why (the lawful basis from a short list, and the user's own words).

Every part is optional: "Export" with nothing filled in still exports (and logs the
export without them). The dialog is built by :meth:`ui.interaction.Interaction.ask_sharing`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from safeguarding.protection.sharing import LAWFUL_BASES, SharingDetails
from ui.widgets.plain import shown_text


class SharingDetailsDialog(QDialog):
    """Asks for whom an export is, and why.

    Args:
        what: What is being exported, in words (shown at the top).
        suggested: The answers shown to start with (e.g. the lawful basis of a subject access request).
        parent: The window it belongs to.
    """

    def __init__(self, what: str, suggested: SharingDetails | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is this for?")
        suggested = suggested or SharingDetails()
        layout = QFormLayout(self)
        intro = QLabel(
            f"{shown_text(what)}\n\nEvery export is recorded in the sharing log (Records → Sharing log…). Say for whom "
            "it is and why, so the log can answer your information governance officer. Both are optional.",
            self,
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addRow(intro)
        self.recipient = QLineEdit(suggested.recipient, self)
        self.recipient.setPlaceholderText("e.g. Maidstone DCSM, 19 November; or the requester")
        layout.addRow("For &whom:", self.recipient)
        self.basis = QComboBox(self)
        self.basis.addItem("(not given)", "")
        for code, words in LAWFUL_BASES.items():
            self.basis.addItem(words, code)
        self.basis.setCurrentIndex(max(0, self.basis.findData(suggested.lawful_basis)))
        layout.addRow("&Lawful basis:", self.basis)
        self.purpose = QLineEdit(suggested.purpose, self)
        self.purpose.setPlaceholderText("e.g. agenda item 3; the request of 2 December")
        layout.addRow("&Why:", self.purpose)
        buttons = QDialogButtonBox(self)
        buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def details(self) -> SharingDetails:
        """The answers as given."""
        return SharingDetails(
            recipient=self.recipient.text().strip(),
            lawful_basis=str(self.basis.currentData() or ""),
            purpose=self.purpose.text().strip(),
        )
