"""A date field you click and type into, with a calendar beside it and the date read back in words.

Qt's QDateEdit edits a date section by section: typing "7 Dec 2026" does
nothing, a two-digit year turns into another year when the field loses focus,
and it cannot be empty (a tick box "Set" had to say whether a date was given).
Here a date is plain text typed the UK way (see
:mod:`safeguarding.typed_dates`: ``7/12/2026``, ``7 Dec 26``, ``2026-12-07``),
an optional date is simply left empty, and a line under the box says what was
read ("Monday 7 December 2026") or what is wrong, as it is typed. Nothing is
silently changed: text that is not a date stays as typed and :meth:`DateField.value`
refuses it with the same words, so a save shows why it cannot go ahead.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from safeguarding.errors import ValidationError
from safeguarding.typed_dates import EARLIEST_DATE, EXAMPLE, LATEST_DATE, date_in_words, parse_typed_date
from ui.theme import message_style

DISPLAY_FORMAT = "%d/%m/%Y"
"""How a date that was read is shown in the box, e.g. ``07/12/2026``."""


class _DateLineEdit(QLineEdit):
    """The text box: Up and Down move a date that was read by a day (Page Up/Down: a month).

    ``stepped`` carries +1/-1 for a day and +2/-2 for a month. The click that puts the
    focus in the box selects the whole date, so what is typed next replaces it (as Tab
    does); a later click places the cursor as usual.
    """

    stepped = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clicked_in = False

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Remember a focus given by the mouse: its click's release selects the date."""
        super().focusInEvent(event)
        self._clicked_in = event.reason() == Qt.FocusReason.MouseFocusReason

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """After the click that gave the focus, select the whole date (unless text was dragged over)."""
        super().mouseReleaseEvent(event)
        if self._clicked_in and not self.hasSelectedText():
            self.selectAll()
        self._clicked_in = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Step the date with the arrow keys; everything else types as usual."""
        steps = {
            Qt.Key.Key_Up: 1,
            Qt.Key.Key_Down: -1,
            Qt.Key.Key_PageUp: 2,
            Qt.Key.Key_PageDown: -2,
        }.get(Qt.Key(event.key()))
        if steps is None:
            super().keyPressEvent(event)
            return
        self.stepped.emit(steps)


class DateField(QWidget):
    """A date typed as text (or picked from a calendar). Emits ``changed`` on every change by the user.

    Args:
        label: What the date is, e.g. "Due date": its accessible name, and used in messages.
        required: The date must be given (an empty box is refused by :meth:`value`).
    """

    changed = Signal()

    def __init__(self, label: str, parent: QWidget | None = None, *, required: bool = False) -> None:
        super().__init__(parent)
        self.label = label
        self.required = required
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = _DateLineEdit(self)
        self.edit.setAccessibleName(label)
        self.edit.setPlaceholderText(f"e.g. {EXAMPLE}" if required else f"Not set: type a date, e.g. {EXAMPLE}")
        # Room for a typed date and a little more (the words under the box say the date in full);
        # the placeholder may be cut. Wider boxes made forms too wide for a small screen.
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("30/12/2026") + 60)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setText("Calendar…")
        self.calendar_button.setAccessibleName(f"Pick the {label.lower()} from a calendar")
        self.calendar_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes field to field
        self.calendar_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self._menu = QMenu(self.calendar_button)
        self.calendar = QCalendarWidget(self._menu)
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setDateRange(_qdate(EARLIEST_DATE), _qdate(LATEST_DATE))
        holder = QWidgetAction(self._menu)
        holder.setDefaultWidget(self.calendar)
        self._menu.addAction(holder)
        self._menu.aboutToShow.connect(self._show_calendar)
        self.calendar_button.setMenu(self._menu)
        row.addWidget(self.edit)
        row.addWidget(self.calendar_button)
        row.addStretch(1)
        outer.addLayout(row)
        self.words = QLabel(self)
        self.words.setObjectName("dateWords")
        self.words.setTextFormat(Qt.TextFormat.PlainText)
        self.words.setWordWrap(True)
        outer.addWidget(self.words)
        self.edit.textEdited.connect(self._on_typed)
        self.edit.editingFinished.connect(self._tidy)
        self.edit.stepped.connect(self._step)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.setFocusProxy(self.edit)  # labels' shortcuts and setFocus() reach the text box
        self._show_words()

    # -- reading -------------------------------------------------------------------

    def text(self) -> str:
        """What is in the box, as typed."""
        return self.edit.text()

    def parsed(self) -> date | None:
        """The date read from the box, or None if it is empty or not a date (never raises)."""
        try:
            return parse_typed_date(self.edit.text(), self.label.lower())
        except ValidationError:
            return None

    def problem(self) -> str:
        """Why the box's text cannot be saved, in words; "" if it can."""
        try:
            self.value()
        except ValidationError as error:
            return str(error)
        return ""

    def value(self) -> date | None:
        """The date, or None when the box is empty (an optional date that is not set).

        Raises:
            ValidationError: in words, if the text is not a date, its year is out
                of range, or the date is required and the box is empty.
        """
        value = parse_typed_date(self.edit.text(), self.label.lower())
        if value is None and self.required:
            return self.given()
        return value

    def given(self) -> date:
        """The date of a field that must be given (``required``).

        Raises:
            ValidationError: in words, if the box is empty or its text is not a date.
        """
        value = parse_typed_date(self.edit.text(), self.label.lower())
        if value is None:
            raise ValidationError(f"Please give the {self.label.lower()}, like {EXAMPLE}.", "date")
        return value

    # -- showing -------------------------------------------------------------------

    def set_value(self, value: date | str | None) -> None:
        """Show ``value`` without emitting ``changed``: a date, None (empty), or text as stored.

        Text that is an ISO date (``2026-12-07``) shows as that date; any other
        text (an answer kept from an older form) shows exactly as stored.
        """
        shown: date | None
        if isinstance(value, str):
            try:
                shown = date.fromisoformat(value) if value else None
            except ValueError:
                self.edit.setText(value)
                self._show_words()
                return
        else:
            shown = value
        self.edit.setText(shown.strftime(DISPLAY_FORMAT) if shown else "")
        self._show_words()

    def set_help(self, text: str) -> None:
        """Show ``text`` as the tooltip and screen-reader description of the box."""
        self.edit.setToolTip(text)
        self.edit.setAccessibleDescription(text)

    def focus_widget(self) -> QWidget:
        """The widget that takes keyboard focus: the text box."""
        return self.edit

    def _show_words(self) -> None:
        problem = self.problem() if self.edit.text().strip() else ""
        if problem:
            self.words.setText(problem)
            self.words.setStyleSheet(message_style(bold=False))
            return
        read = self.parsed()
        self.words.setStyleSheet("")
        self.words.setText(date_in_words(read) if read else ("" if self.required else "Not set."))

    # -- changes by the user ---------------------------------------------------------

    def _on_typed(self) -> None:
        self._show_words()
        self.changed.emit()

    def _tidy(self) -> None:
        """When typing ends, show a date that was read in one way (07/12/2026); leave anything else as typed."""
        read = self.parsed()
        if read is not None and self.edit.text() != read.strftime(DISPLAY_FORMAT):
            self.edit.setText(read.strftime(DISPLAY_FORMAT))
            self._show_words()

    def _step(self, days: int) -> None:
        read = self.parsed()
        if read is None:
            return
        start = _qdate(read)
        moved = _pydate(start.addDays(days) if abs(days) == 1 else start.addMonths(1 if days > 0 else -1))
        if EARLIEST_DATE <= moved <= LATEST_DATE:
            self.set_value(moved)
            self.changed.emit()

    def _show_calendar(self) -> None:
        shown = self.parsed() or date.today()
        self.calendar.setSelectedDate(_qdate(shown))

    def _picked(self, picked: QDate) -> None:
        self._menu.close()
        self.set_value(_pydate(picked))
        self.edit.setFocus()
        self.changed.emit()


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def stored_date(field: DateField) -> str | None:
    """A date field as a stored value: ISO text, the text as typed while it is not a date yet, or None if empty."""
    parsed = field.parsed()
    return parsed.isoformat() if parsed is not None else (field.text().strip() or None)


def show_date(field: DateField, value: object) -> None:
    """Show a stored value from :func:`stored_date` in a date field (ISO text as a date, anything else as typed)."""
    text = str(value or "")
    try:
        field.set_value(date.fromisoformat(text) if text else None)
    except ValueError:
        field.set_value(text)


def _pydate(value: QDate) -> date:
    """The date of ``value`` (``QDate.toPython`` is typed as returning ``object``)."""
    return date(value.year(), value.month(), value.day())


class _TypeOverOnClick(QObject):
    """Selects the part of a time or date box that a click put the cursor in (see :func:`type_over_on_click`)."""

    def __init__(self, edit: QDateTimeEdit) -> None:
        super().__init__(edit)
        self._edit = edit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease:
            QTimer.singleShot(0, self._select)  # after the box has placed its cursor
        return False

    def _select(self) -> None:
        line = self._edit.lineEdit()
        if line is not None and not line.hasSelectedText():
            self._edit.setSelectedSection(self._edit.currentSection())


def type_over_on_click(edit: QDateTimeEdit) -> None:
    """Make a click in ``edit`` (a time or date box) select the part clicked, so typing replaces it.

    Qt's boxes place a cursor on a click and then ignore typed digits (each part had to be
    double-clicked): clicking the hours of "14:00" and typing "1830" now gives 18:30.
    """
    line = edit.lineEdit()
    if line is not None:
        line.installEventFilter(_TypeOverOnClick(edit))
