"""Join a team: the server's address, your user name and password (non-blocking; tests fill it in)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from safeguarding.team.connection import ServerAddress, parse_address
from safeguarding.team.errors import TeamError


class JoinDialog(QDialog):
    """Asks for the team server's address, the user name and the password.

    Attributes:
        address: The checked address once accepted (None before).
        password: The password typed (kept only in memory).

    Args:
        encrypted: True if the database is encrypted: only then may the password be remembered.
        url: An address to start from (the current one when signing in again).
        parent: The main window.
    """

    def __init__(self, *, encrypted: bool, url: str = "", user: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Join a team")
        self.setObjectName("joinTeam")
        self.address: ServerAddress | None = None
        self.password = ""
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Your laptop keeps working on its own copy, with or without a network. When you sync, your changes "
            "go to the team's server and the team's come to you. IT gives you the server's address and your "
            "user name.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.url = QLineEdit(url, self)
        self.url.setPlaceholderText("postgresql://db.council.example/district_team")
        self.url.setAccessibleName("Team server address")
        self.user = QLineEdit(user, self)
        self.user.setAccessibleName("User name")
        self.secret = QLineEdit(self)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName("Password")
        self.remember = QCheckBox("Remember the password (encrypted databases only)", self)
        self.remember.setEnabled(encrypted)
        self.remember.setToolTip(
            "Only an encrypted database can keep it: there it is as safe as the assessments."
            if encrypted
            else "This database is not encrypted, so the password is asked once per session and never saved."
        )
        form.addRow("Server &address:", self.url)
        form.addRow("&User name:", self.user)
        form.addRow("&Password:", self.secret)
        form.addRow("", self.remember)
        layout.addLayout(form)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setObjectName("joinProblem")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(self)
        self.join_button = buttons.addButton("Join and sync", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.check_and_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def check_and_accept(self) -> None:
        """Check the address; accept, or say what is wrong and stay open."""
        try:
            address = parse_address(self.url.text(), self.user.text().strip() or None)
        except TeamError as error:
            self.problem.setText(str(error))
            return
        if not address.user:
            self.problem.setText("Give your user name on the team server.")
            return
        if not self.secret.text():
            self.problem.setText("Give your password.")
            return
        self.address = address
        self.password = self.secret.text()
        self.accept()
