"""Editors for the field types a form defines: text, multiline, date, rating, choice.

Every editor has the same small interface (:class:`FieldEditor`): ``value()``,
``set_value()`` and a ``changed`` signal, so pages are built from the form and
never need to know the widget behind a field. Each carries the field's label
and help text as its accessible name and description, and as a tooltip.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from safeguarding.forms import NO_LONGER_IN_FORM, Choice, FieldDef, FormDefinition
from safeguarding.model import Rating
from ui.ratings import NOT_RATED, SWATCH
from ui.theme import text_colour
from ui.widgets.dates import DateField


class FieldEditor(QWidget):
    """Base class: one form field, with ``value()``/``set_value()`` and ``changed``."""

    changed = Signal()

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName(f"field_{field.id}")

    def value(self) -> Any:
        """Return the current value (type depends on the field type)."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show ``value`` without emitting ``changed``."""
        raise NotImplementedError

    def focus_widget(self) -> QWidget:
        """The widget that should take keyboard focus for this field."""
        return self

    def _describe(self, widget: QWidget) -> None:
        widget.setAccessibleName(self.field.label)
        widget.setAccessibleDescription(self.field.help)
        widget.setToolTip(self.field.help)


class TextEditor(FieldEditor):
    """Single-line text."""

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QLineEdit(self)
        self._describe(self.edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.edit.textEdited.connect(self.changed)

    def value(self) -> str:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        self.edit.setText(value or "")

    def focus_widget(self) -> QWidget:
        return self.edit


class MultilineEditor(FieldEditor):
    """Multi-line plain text (never rich text: pasted HTML stays literal).

    ``changed`` is emitted only when the text itself changes: Qt also reports a
    change when only the look of the text changes (the redaction's name marks are
    drawn by a syntax highlighter), and an edit nobody made must never be saved
    over the stored text.
    """

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(90)
        self.edit.setMaximumHeight(200)
        self._describe(self.edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self._loading = False
        self._shown = ""
        self.edit.textChanged.connect(self._on_text)

    def _on_text(self) -> None:
        if self._loading:
            return
        text = self.edit.toPlainText()
        if text != self._shown:
            self._shown = text
            self.changed.emit()

    def value(self) -> str:
        return self.edit.toPlainText()

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            self.edit.setPlainText(value or "")
            self._shown = self.edit.toPlainText()
        finally:
            self._loading = False

    def focus_widget(self) -> QWidget:
        return self.edit


class DateEditor(FieldEditor):
    """An optional date, typed (empty: not set). See :class:`~ui.widgets.dates.DateField`."""

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = DateField(field.label, self)
        self.edit.set_help(field.help)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.edit.changed.connect(self.changed)

    def value(self) -> date | None:
        """The date, or None when empty.

        Raises:
            ValidationError: if the text typed is not a date (the message says why).
        """
        return self.edit.value()

    def set_value(self, value: Any) -> None:
        self.edit.set_value(value)

    def focus_widget(self) -> QWidget:
        return self.edit.edit


class RatingEditor(FieldEditor):
    """Place RAG rating as four labelled radio buttons (Red, Amber, Green, Not rated).

    The words are always shown; a coloured mark beside each is a second cue only.
    """

    def __init__(self, field: FieldDef, form: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.group = QButtonGroup(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        layout = QHBoxLayout()
        outer.addLayout(layout)
        meanings = QLabel(
            "\n".join(f"{level.label}: {level.meaning}" for level in form.rating_levels) + "\n" + form.rating_help,
            self,
        )
        meanings.setWordWrap(True)
        meanings.setObjectName("helpText")
        meanings.setTextFormat(Qt.TextFormat.PlainText)
        outer.addWidget(meanings)
        self.buttons: dict[Rating | None, QRadioButton] = {}
        for level in form.rating_levels:
            rating = Rating(level.id)
            button = QRadioButton(f"■ {level.label}", self)
            button.setStyleSheet(f"QRadioButton {{ color: {text_colour(SWATCH[rating].name())}; font-weight: bold; }}")
            button.setAccessibleName(f"{field.label}: {level.label}")
            button.setAccessibleDescription(level.meaning)
            button.setToolTip(level.meaning)
            self.buttons[rating] = button
        unrated = QRadioButton(NOT_RATED, self)
        unrated.setAccessibleName(f"{field.label}: {NOT_RATED}")
        unrated.setAccessibleDescription("This side has not been rated yet.")
        unrated.setToolTip("This side has not been rated yet.")
        self.buttons[None] = unrated
        for number, button in enumerate(self.buttons.values()):
            self.group.addButton(button, number)
            layout.addWidget(button)
        layout.addStretch(1)
        unrated.setChecked(True)
        self.group.idClicked.connect(lambda _id: self.changed.emit())

    def value(self) -> Rating | None:
        return next((rating for rating, button in self.buttons.items() if button.isChecked()), None)

    def set_value(self, value: Any) -> None:
        self.buttons[Rating(value) if value else None].setChecked(True)

    def focus_widget(self) -> QWidget:
        return self.group.checkedButton() or self.buttons[None]


STALE_ROLE = Qt.ItemDataRole.UserRole + 1
"""Marks a combo item added by :func:`select_data` for a value the list does not offer."""


def select_data(combo: QComboBox, value: str, empty_label: str = "Not answered") -> None:
    """Select the item of ``combo`` whose data is ``value``, adding it if the list does not offer it.

    An answer is never changed because the form changed: a value the list does
    not offer (an option a later form removed) is shown as
    "partial (no longer in the form)" and stays selected, so it is saved back
    byte for byte until the user picks another; an empty value the list has no
    item for shows as ``empty_label``. Such an added item is removed again when
    another value is selected this way. Emits the combo's signals as usual.
    """
    for index in range(combo.count() - 1, -1, -1):
        if combo.itemData(index, STALE_ROLE):
            combo.removeItem(index)
    index = combo.findData(value)
    if index < 0:
        combo.addItem(f"{value} {NO_LONGER_IN_FORM}" if value else empty_label, value)
        index = combo.count() - 1
        combo.setItemData(index, True, STALE_ROLE)
    combo.setCurrentIndex(index)


class ChoiceEditor(FieldEditor):
    """One option from a fixed list (drop-down); a value the list does not offer is kept (:func:`select_data`)."""

    def __init__(self, field: FieldDef, options: tuple[Choice, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.combo = QComboBox(self)
        for option in options or field.options:
            self.combo.addItem(option.label, option.id)
        self._describe(self.combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 0, Qt.AlignmentFlag.AlignLeft)
        self._loading = False
        self.combo.currentIndexChanged.connect(self._on_index)

    def _on_index(self) -> None:
        if not self._loading:
            self.changed.emit()

    def value(self) -> str:
        return str(self.combo.currentData() or "")

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            select_data(self.combo, str(value) if value is not None else "")
        finally:
            self._loading = False

    def focus_widget(self) -> QWidget:
        return self.combo


def make_editor(field: FieldDef, form: FormDefinition, parent: QWidget | None = None) -> FieldEditor:
    """Return the editor widget for ``field``'s type.

    Raises:
        ValueError: for a type outside :data:`safeguarding.forms.FIELD_TYPES`
            (the form loader already refuses those).
    """
    if field.type == "text":
        return TextEditor(field, parent)
    if field.type == "multiline":
        return MultilineEditor(field, parent)
    if field.type == "date":
        return DateEditor(field, parent)
    if field.type == "rating":
        return RatingEditor(field, form, parent)
    if field.type == "choice":
        return ChoiceEditor(field, parent=parent)
    raise ValueError(f"unknown field type {field.type}")


def labelled(editor: FieldEditor, parent: QWidget | None = None) -> QWidget:
    """Wrap an editor with its label above and its help text below (always visible)."""
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 4, 0, 8)
    label = QLabel(f"<b>{escape(editor.field.label)}</b>", box)
    label.setBuddy(editor.focus_widget())
    helptext = QLabel(editor.field.help, box)
    helptext.setWordWrap(True)
    helptext.setObjectName("helpText")
    helptext.setTextFormat(Qt.TextFormat.PlainText)
    layout.addWidget(label)
    layout.addWidget(helptext)
    layout.addWidget(editor)
    return box
