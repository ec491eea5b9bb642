"""Marks a registered real name while it is typed in a field that reaches a multi-agency paper.

Every multi-line field of the assessment editor (write-up, observation notes,
consultations, plan, map and photo notes; not the People page itself) gets a
:class:`QSyntaxHighlighter` that underlines each registered name as it is typed,
found the way a redacted export finds it (:mod:`safeguarding.protection.name_matching`:
any apostrophe, accent or case). Hovering over a marked name says what a
redacted copy prints instead. An everyday word in lower case ("we will return")
is not marked, as the export leaves it alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QColor, QHelpEvent, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from safeguarding.model import Person
from safeguarding.protection.name_matching import Certainty, Found, NameMatcher
from ui.widgets.plain import plain_tip

TIP = "Registered name: will be printed as {pseudonym} in redacted copies."
DOUBT_TIP = "Registered name ({reason}): printed as {pseudonym} in redacted copies unless you untick it in the preview."
EXCLUDED_PAGES = frozenset({"page_people"})
"""Pages whose fields are not marked (the People page is where real names belong)."""


def _utf16(text: str, index: int) -> int:
    """Qt's position (UTF-16 code units) of Python index ``index`` in ``text``."""
    return len(text[:index].encode("utf-16-le")) // 2


class NameHighlighter(QSyntaxHighlighter):
    """Underlines registered names in one document, as :class:`NameMarks` finds them."""

    def __init__(self, document: QTextDocument, marks: NameMarks) -> None:
        super().__init__(document)
        self._marks = marks

    def highlightBlock(self, text: str) -> None:
        """Mark each registered name in one paragraph."""
        for found in self._marks.find(text):
            start = _utf16(text, found.start)
            self.setFormat(start, _utf16(text, found.end) - start, self._marks.text_format)


class NameMarks(QObject):
    """Keeps the people to mark and the highlighters of the editor's fields; shows the hover tip.

    Args:
        parent: Owner (the assessment editor).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.matcher = NameMatcher([])
        self.text_format = QTextCharFormat()
        self.text_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        self.text_format.setUnderlineColor(QColor("#b3261e"))
        self.text_format.setBackground(QColor("#fff1c2"))
        self.highlighters: list[NameHighlighter] = []
        self.editors: list[QPlainTextEdit | QTextEdit] = []

    def attach(self, pages: Iterable[QWidget]) -> None:
        """Mark the multi-line fields of newly built ``pages`` (replacing those of earlier pages)."""
        self.highlighters, self.editors = [], []
        for page in pages:
            if page.objectName() in EXCLUDED_PAGES:
                continue
            edits: list[QPlainTextEdit | QTextEdit] = [
                *page.findChildren(QPlainTextEdit),
                *page.findChildren(QTextEdit),
            ]
            for edit in edits:
                if edit.isReadOnly():
                    continue
                self.highlighters.append(NameHighlighter(edit.document(), self))
                self.editors.append(edit)
                edit.viewport().installEventFilter(self)

    def set_people(self, people: Iterable[Person]) -> None:
        """Mark the names of ``people`` from now on, in every attached field."""
        self.matcher = NameMatcher(people)
        for highlighter in self.highlighters:
            highlighter.rehighlight()

    def find(self, text: str) -> list[Found]:
        """The registered names in ``text`` that a redacted copy would replace (or asks about)."""
        return [found for found in self.matcher.find(text) if found.certainty is not Certainty.WORD]

    def tip_at(self, edit: QPlainTextEdit | QTextEdit, point: QPoint) -> str:
        """The hover text for the viewport ``point`` of ``edit`` ("" where no name is marked)."""
        cursor = edit.cursorForPosition(point)
        block = cursor.block().text()
        position = cursor.positionInBlock()
        for found in self.find(block):
            if _utf16(block, found.start) <= position <= _utf16(block, found.end):
                if found.reason:
                    return DOUBT_TIP.format(reason=found.reason, pseudonym=found.person.pseudonym)
                return TIP.format(pseudonym=found.person.pseudonym)
        return ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Show the tip over a marked name."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            edit = watched.parent()
            if isinstance(edit, QPlainTextEdit | QTextEdit) and edit in self.editors:
                tip = self.tip_at(edit, event.pos())
                if tip:
                    QToolTip.showText(event.globalPos(), plain_tip(tip), edit.viewport())
                    return True
        return super().eventFilter(watched, event)
