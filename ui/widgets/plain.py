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


SHOWN_LIMIT = 300
"""Most characters of one piece of typed text shown in a label or list (the rest is "…")."""
BREAK_EVERY = 30
"""A word longer than this gets a line-break opportunity (a zero-width space) every so many characters."""
ZWSP = "\u200b"


def shown_text(text: str, limit: int = SHOWN_LIMIT) -> str:
    """Return typed ``text`` for a label: at most ``limit`` characters (then "…"), long words breakable.

    A location name of 5,000 letters without a space made windows tens of thousands of
    pixels wide, because a word-wrapped label cannot be narrower than its longest word.
    Only the copy on screen changes: the record keeps the text exactly.
    """
    if len(text) > limit:
        text = text[:limit].rstrip() + "…"
    return " ".join(_breakable(word) for word in text.split(" "))


def _breakable(word: str) -> str:
    if len(word) <= BREAK_EVERY:
        return word
    return ZWSP.join(word[start : start + BREAK_EVERY] for start in range(0, len(word), BREAK_EVERY))
