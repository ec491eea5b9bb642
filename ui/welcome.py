"""First run: a short welcome that sets up the practitioner profile and the first database.

Also used later as File → Your profile… (``first_run=False`` hides the database choice).
The dialog is shown with ``open()`` or ``exec()`` by the caller; tests fill it in directly.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from safeguarding import APP_NAME
from safeguarding.errors import SafeguardingError, ValidationError
from safeguarding.profile import Profile, save_profile


class WelcomeDialog(QDialog):
    """Asks for name, agency and role, and (first run) whether to start with the demo.

    Args:
        data_folder: Where the database and profile are kept (shown to the user).
        profile: The current profile to edit, if any.
        first_run: Show the welcome text and the demo/empty choice.

    After ``accept()``: :attr:`profile` holds the saved profile and
    :attr:`use_demo` the choice.
    """

    def __init__(
        self,
        data_folder: Path,
        profile: Profile | None = None,
        *,
        first_run: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeDialog")
        self._folder = data_folder
        self.profile: Profile | None = profile
        self.setWindowTitle(f"Welcome to the {APP_NAME}" if first_run else "Your profile")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        if first_run:
            intro = QLabel(
                "This app helps you carry out Contextual Safeguarding location assessments using the "
                "Neighbourhood Assessment Triangle, and export reports for the District Contextual "
                "Safeguarding Meeting (DCSM). Everything you enter stays on this laptop.",
                self,
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
        box = QGroupBox("About you", self)
        form = QFormLayout(box)
        self.name_edit = QLineEdit(profile.name if profile else "", box)
        self.agency_edit = QLineEdit(profile.agency if profile else "", box)
        self.role_edit = QLineEdit(profile.role if profile else "", box)
        for label, widget, tip in (
            ("Your &name", self.name_edit, "Appears as the assessor on new assessments. Required."),
            ("&Agency or team", self.agency_edit, "For example 'Youth Outreach Team, Maidstone'."),
            ("&Role", self.role_edit, "For example 'Detached youth worker'."),
        ):
            widget.setAccessibleName(label.replace("&", ""))
            widget.setAccessibleDescription(tip)
            widget.setToolTip(tip)
            form.addRow(label, widget)
        layout.addWidget(box)
        self.demo_choice = QRadioButton("&Practise with the demo database (fictional data, clearly marked)", self)
        self.empty_choice = QRadioButton("Start with an &empty database for real work", self)
        self.demo_choice.setChecked(True)
        if first_run:
            start = QGroupBox("How would you like to start?", self)
            start_layout = QVBoxLayout(start)
            start_layout.addWidget(self.demo_choice)
            start_layout.addWidget(self.empty_choice)
            where = QLabel(f"Your data will be kept in: {data_folder}", start)
            where.setWordWrap(True)
            where.setTextFormat(Qt.TextFormat.PlainText)
            where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            start_layout.addWidget(where)
            layout.addWidget(start)
        else:  # editing the profile later: the start choice is not part of this dialog
            self.demo_choice.hide()
            self.empty_choice.hide()
        self.message = QLabel(self)
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Start" if first_run else "&Save")
        if not first_run:
            self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
            self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.try_accept)
        layout.addWidget(self.buttons)

    @property
    def use_demo(self) -> bool:
        """True if the user chose to practise with the demo database."""
        return self.demo_choice.isChecked()

    def try_accept(self) -> None:
        """Save the profile; close on success, else explain and keep what was typed."""
        entered = Profile(self.name_edit.text(), self.agency_edit.text(), self.role_edit.text())
        try:
            save_profile(entered, self._folder)
        except ValidationError as error:
            self.message.setText(str(error))
            self.name_edit.setFocus()
            return
        except SafeguardingError as error:
            self.message.setText(str(error))
            return
        self.profile = Profile(entered.name.strip(), entered.agency.strip(), entered.role.strip())
        self.accept()
