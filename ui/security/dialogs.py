"""Unlock, set/change passphrase, and the lock screen.

Dialogs never block tests: the app shows them with ``exec()``/``open()``; tests
fill the fields and call :meth:`try_accept` / :meth:`try_unlock` directly.
Passphrases stay in the line edits and in local variables only; nothing is logged.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safeguarding.errors import SafeguardingError, WrongPassphraseError
from safeguarding.security.keys import Key, change_passphrase, unlock, unlock_with_recovery_key
from safeguarding.security.strength import estimate
from safeguarding.security.throttle import UnlockThrottle
from ui.interaction import Interaction
from ui.widgets.folders import away_from_the_laptop

LOST_WARNING = (
    "Important: if you forget this passphrase, nobody can recover your assessments — not IT, not the "
    "makers of this app. Save a recovery key to a file and keep it somewhere safe, away from the laptop."
)


def _label(text: str, parent: QWidget, name: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


def _secret(parent: QWidget, name: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


class UnlockPanel(QWidget):
    """Passphrase (or recovery key) entry with a growing delay after wrong tries.

    Used inside :class:`UnlockDialog` and the lock screen. Emits :attr:`unlocked`
    with the data key.

    Args:
        database: The encrypted database file.
        throttle: Counts failures (shared by the app so closing the dialog does not reset it; bound
            to ``database`` here, so the wait also survives a restart).
        allow_recovery: Offer "Use my recovery key instead".
    """

    unlocked = Signal(object)

    def __init__(
        self, database: Path, throttle: UnlockThrottle, *, allow_recovery: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.database = Path(database)
        self.throttle = throttle
        throttle.bind(self.database)
        self.used_recovery = False
        self._refusal = ""  # the last wrong-passphrase message, shown without its countdown once it is over
        layout = QVBoxLayout(self)
        self.prompt = _label(f"Enter the passphrase for {self.database.name}.", self)
        layout.addWidget(self.prompt)
        self.passphrase_edit = _secret(self, "Passphrase")
        self.passphrase_edit.returnPressed.connect(self.try_unlock)
        layout.addWidget(self.passphrase_edit)
        self.recovery_check = QCheckBox("Use my &recovery key instead", self)
        self.recovery_check.toggled.connect(self._mode_changed)
        self.recovery_check.setVisible(allow_recovery)
        layout.addWidget(self.recovery_check)
        self.message = _label("", self, "errorText")
        layout.addWidget(self.message)
        self.unlock_button = QPushButton("&Unlock", self)
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        layout.addWidget(self.unlock_button, alignment=Qt.AlignmentFlag.AlignRight)
        self.countdown = QTimer(self)
        self.countdown.setInterval(250)
        self.countdown.timeout.connect(self._tick)
        self._tick()

    def _mode_changed(self, recovery: bool) -> None:
        self.passphrase_edit.clear()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Normal if recovery else QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName("Recovery key" if recovery else "Passphrase")
        self.prompt.setText(
            "Type the recovery key from your saved file (8 groups of 4 letters and digits)."
            if recovery
            else f"Enter the passphrase for {self.database.name}."
        )
        self.passphrase_edit.setFocus()

    def _tick(self) -> None:
        wait = self.throttle.wait_seconds()
        self.unlock_button.setEnabled(wait <= 0)
        self.passphrase_edit.setEnabled(wait <= 0)
        if wait > 0:
            seconds = math.ceil(wait)
            self.unlock_button.setText(f"Wait {seconds} s")
        else:
            self.unlock_button.setText("&Unlock")
            if self.countdown.isActive() and self._refusal:
                self.message.setText(f"{self._refusal} You can try again now.")
            self.countdown.stop()
            self.passphrase_edit.setFocus()

    def try_unlock(self) -> Key | None:
        """Check what was typed; emit :attr:`unlocked` and return the key, or explain and return None."""
        if self.throttle.wait_seconds() > 0:
            return None
        typed = self.passphrase_edit.text()
        if not typed:
            self.message.setText("Type your passphrase first.")
            return None
        try:
            if self.recovery_check.isChecked():
                key = unlock_with_recovery_key(self.database, typed)
            else:
                key = unlock(self.database, typed)
        except WrongPassphraseError as error:
            delay = self.throttle.record_failure()
            seconds = math.ceil(delay)
            wait = f" Wait {seconds} second{'s' if seconds != 1 else ''} before trying again." if delay > 0 else ""
            self._refusal = str(error)
            self.message.setText(f"{error}{wait}")
            self.passphrase_edit.selectAll()
            self._tick()
            if delay > 0:
                self.countdown.start()
            return None
        except SafeguardingError as error:
            self.message.setText(str(error))
            return None
        self.throttle.record_success()
        self.used_recovery = self.recovery_check.isChecked()
        self.passphrase_edit.clear()
        self.message.clear()
        self.unlocked.emit(key)
        return key


class UnlockDialog(QDialog):
    """Asks for the passphrase of an encrypted database when the app opens it.

    After ``accept()`` :attr:`key` holds the data key.
    """

    def __init__(self, database: Path, throttle: UnlockThrottle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockDialog")
        self.setWindowTitle("Unlock your assessments")
        self.setMinimumWidth(460)
        self.key: Key | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(_label("Your assessments are encrypted on this laptop.", self))
        self.panel = UnlockPanel(database, throttle, parent=self)
        self.panel.unlocked.connect(self._unlocked)
        layout.addWidget(self.panel)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _unlocked(self, key: object) -> None:
        assert isinstance(key, Key)
        self.key = key
        self.accept()


class PassphraseDialog(QDialog):
    """Set a new passphrase (first run, encrypting) or change it.

    Args:
        database: The database the passphrase is for.
        interaction: Asks where to save the recovery key.
        key: For a change: the unlocked data key (the current passphrase is asked too).
        after_recovery: The key was just unlocked with the recovery key (the passphrase was
            forgotten): the current passphrase is not asked for.
        known_words: Words of the user's context (name, agency, places) that make a passphrase
            easy to guess (see :func:`safeguarding.security.strength.context_words`).

    After ``accept()``: :attr:`passphrase` holds the new passphrase (for a new one;
    cleared after a change, which is already saved) and :attr:`recovery_path` the
    file chosen for the recovery key, if any.
    """

    def __init__(
        self,
        database: Path,
        interaction: Interaction,
        *,
        key: Key | None = None,
        parent: QWidget | None = None,
        after_recovery: bool = False,
        known_words: list[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.known_words = known_words or []
        self.after_recovery = after_recovery and key is not None
        self.database = Path(database)
        self.interaction = interaction
        self.key = key
        self.passphrase = ""
        self.recovery_path: Path | None = None
        changing = key is not None
        self.setWindowTitle("Change your passphrase" if changing else "Protect your assessments with a passphrase")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _label(
                "Your assessments will be encrypted on this laptop. Choose a passphrase: several unrelated words "
                "are easy to remember and hard to guess (for example four words and a number).",
                self,
            )
        )
        form = QFormLayout()
        self.current_edit = _secret(self, "Current passphrase")
        if changing and not self.after_recovery:
            form.addRow("&Current passphrase", self.current_edit)
        else:
            self.current_edit.hide()  # not part of this dialog: never let it take the focus
        self.new_edit = _secret(self, "New passphrase")
        self.confirm_edit = _secret(self, "Type it again")
        form.addRow("&New passphrase", self.new_edit)
        form.addRow("Type it &again", self.confirm_edit)
        layout.addLayout(form)
        self.strength_label = _label("", self, "helpText")
        layout.addWidget(self.strength_label)
        self.warning = _label(LOST_WARNING, self)
        self.warning.setStyleSheet("background: #fff3cd; color: #000; padding: 6px;")
        layout.addWidget(self.warning)
        self.recovery_check = QCheckBox("&Save a recovery key to a file (recommended)", self)
        self.recovery_check.setChecked(True)
        self.recovery_check.setVisible(not changing)
        layout.addWidget(self.recovery_check)
        self.message = _label("", self, "errorText")
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Change" if changing else "&Encrypt")
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.new_edit.textChanged.connect(self._show_strength)
        self._show_strength("")

    def _show_strength(self, text: str) -> None:
        self.strength_label.setText(
            estimate(text, self.known_words).describe() if text else "Strength: type a passphrase."
        )

    def try_accept(self) -> bool:
        """Check the entries; on success save (change) or keep (new) the passphrase and close."""
        new = self.new_edit.text()
        strength = estimate(new, self.known_words)
        if not strength.acceptable:
            self.message.setText(f"That passphrase is too easy to guess ({strength.words}). {strength.advice}")
            self.new_edit.setFocus()
            return False
        if new != self.confirm_edit.text():
            self.message.setText("The two passphrases are different. Type the same passphrase twice.")
            self.confirm_edit.selectAll()
            self.confirm_edit.setFocus()
            return False
        if self.key is not None:
            try:
                # Just unlocked with the recovery key: the forgotten passphrase is not asked for.
                if not self.after_recovery and unlock(self.database, self.current_edit.text()) != self.key:
                    raise WrongPassphraseError("That is not the current passphrase.")
                change_passphrase(self.database, self.key, new)
            except WrongPassphraseError:
                self.message.setText("The current passphrase is not right, so nothing was changed.")
                self.current_edit.selectAll()
                self.current_edit.setFocus()
                return False
            except SafeguardingError as error:
                self.message.setText(str(error))
                return False
        else:
            if self.recovery_check.isChecked():
                # Not beside the database: the key should be kept apart from it (a USB stick, or printed).
                suggested = away_from_the_laptop() / f"{self.database.stem} recovery key.txt"
                self.recovery_path = self.interaction.save_path(
                    self, "Save your recovery key", suggested, "Text files (*.txt)"
                )
                if self.recovery_path is None:
                    self.message.setText("Choose where to save the recovery key, or untick the box.")
                    return False
            self.passphrase = new
        self.current_edit.clear()
        self.new_edit.clear()
        self.confirm_edit.clear()
        self.accept()
        return True


class LockScreen(QWidget):
    """What the window shows while locked: nothing of the assessments, only a way back in."""

    def __init__(self, database: Path, throttle: UnlockThrottle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = QWidget(self)
        box.setFixedWidth(480)  # a fixed width lets the wrapped labels take their full height
        inner = QVBoxLayout(box)
        title = _label("Locked", box, "pageTitle")
        inner.addWidget(title)
        inner.addWidget(
            _label(
                "The app was locked to keep your assessments private. Anything you were typing is kept and "
                "comes back when you unlock.",
                box,
            )
        )
        # The recovery key works here too (issue 16: only the start-up window offered it, so a
        # forgotten passphrase at the lock screen meant closing the app and losing the screen).
        self.panel = UnlockPanel(database, throttle, allow_recovery=True, parent=box)
        inner.addWidget(self.panel)
        outer.addWidget(box, alignment=Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
