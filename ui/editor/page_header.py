"""The title and help text at the top of an editor page, as every record page shows them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from safeguarding.forms import Section


def add_page_header(page: QWidget, section: Section, layout: QVBoxLayout) -> None:
    """Add the section's title (style ``pageTitle``) and its help as plain, wrapped text (``helpText``)."""
    title = QLabel(section.title, page)
    title.setObjectName("pageTitle")
    intro = QLabel(section.help, page)
    intro.setWordWrap(True)
    intro.setTextFormat(Qt.TextFormat.PlainText)
    intro.setObjectName("helpText")
    layout.addWidget(title)
    layout.addWidget(intro)
