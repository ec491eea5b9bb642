"""Register the map's URL schemes with Qt WebEngine, before the QApplication exists.

Kept apart from :mod:`ui.map_view` so start-up imports only what registration needs
(``QWebEngineUrlScheme`` from QtWebEngineCore), not the web view, its page, channel
and widgets, which load when a map is first shown.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QCoreApplication, Qt
from PySide6.QtWebEngineCore import QWebEngineUrlScheme

APP_SCHEME = b"app"
TILES_SCHEME = b"tiles"


def register_url_schemes() -> None:
    """Register the ``app:`` and ``tiles:`` schemes with Qt WebEngine (once, before QApplication).

    Path syntax with the ``SecureScheme | LocalScheme | CorsEnabled`` flags:
    without ``LocalScheme`` Chromium never requests the tiles. Also sets
    ``AA_ShareOpenGLContexts``, which WebEngine needs when loaded after the
    QApplication was created. Does nothing once a QApplication exists.
    """
    if QCoreApplication.instance() is not None:
        return
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    for name in (APP_SCHEME, TILES_SCHEME):
        if QWebEngineUrlScheme.schemeByName(QByteArray(name)).name() == QByteArray(name):
            continue
        scheme = QWebEngineUrlScheme(QByteArray(name))
        scheme.setSyntax(QWebEngineUrlScheme.Syntax.Path)
        scheme.setFlags(
            QWebEngineUrlScheme.Flag.SecureScheme
            | QWebEngineUrlScheme.Flag.LocalScheme
            | QWebEngineUrlScheme.Flag.CorsEnabled
        )
        QWebEngineUrlScheme.registerScheme(scheme)
