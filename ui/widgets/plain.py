"""Showing what users typed as plain text in places where Qt would guess HTML.

Qt shows a tooltip (and a label or message box left on ``AutoText``) as rich
text when it *looks* like HTML, so a note that starts ``<b>`` turns bold and an
``<img src=...>`` would load a file. Labels and message boxes that show user
text are set to ``Qt.TextFormat.PlainText``; tooltips have no such setting, so
they go through :func:`plain_tip`.
"""

from __future__ import annotations

from PySide6.QtGui import Qt


def plain_tip(text: str) -> str:
    """Return ``text`` as a tooltip Qt shows literally: escaped, line breaks kept, long lines wrapped."""
    return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal) if text else ""
