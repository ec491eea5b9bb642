"""Help → Guide (a short guide for practitioners) and Help → About (version and licences)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from safeguarding import APP_NAME, __version__
from safeguarding.licences import bundled_components
from safeguarding.paths import resource_path

GUIDE = ("resources", "help", "guide.html")


def guide_html() -> str:
    """Return the guide's HTML, or a plain message if the file is missing from this install."""
    try:
        return resource_path(*GUIDE).read_text(encoding="utf-8")
    except OSError:
        return "<p>The guide is missing from this installation. Please ask IT to reinstall the app.</p>"


def about_html() -> str:
    """Return the About text: version, purpose, and each bundled component's version and licence."""
    rows = "".join(
        f"<tr><td>{escape(c.name)}</td><td>{escape(c.version or '—')}</td><td>{escape(c.licence)}</td></tr>"
        for c in bundled_components()
    )
    return (
        f"<h2>{escape(APP_NAME)} {escape(__version__)}</h2>"
        "<p>Contextual Safeguarding location assessments using the Neighbourhood Assessment Triangle, "
        "with reports for the District Contextual Safeguarding Meeting (DCSM).</p>"
        f"<p>Qt {escape(qVersion())}.</p>"
        "<h3>Open-source components</h3>"
        "<table cellpadding='3'><tr><th align='left'>Component</th><th align='left'>Version</th>"
        f"<th align='left'>Licence</th></tr>{rows}</table>"
        "<p>Leaflet, protomaps-leaflet and map data keep their own licences and attributions where they are used.</p>"
    )


class HelpDialog(QDialog):
    """A resizable, non-modal window showing HTML help text."""

    def __init__(self, title: str, html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 640)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(html)
        self.browser.setAccessibleName(title)
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
