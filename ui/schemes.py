"""The map's URL schemes, and the one Qt attribute the web engine needs before the QApplication.

Qt WebEngine reads custom schemes once, when its first profile is created (the
"web engine context"), not when the QApplication is created. So start-up only
sets :func:`share_opengl_contexts` (QtCore) before the QApplication, and
:func:`register_url_schemes` (which loads QtWebEngineCore, about 20 ms) runs
when the first map view is built (:class:`ui.map_view.MapView`).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QCoreApplication, Qt

APP_SCHEME = b"app"
TILES_SCHEME = b"tiles"


def share_opengl_contexts() -> None:
    """Set ``AA_ShareOpenGLContexts``, which Qt WebEngine needs when it loads after the QApplication.

    Qt requires it before the QApplication exists; does nothing once one does.
    """
    if QCoreApplication.instance() is None:
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)


def register_url_schemes() -> None:
    """Register the ``app:`` and ``tiles:`` schemes with Qt WebEngine (once; before the first web profile).

    Path syntax with the ``SecureScheme | LocalScheme | CorsEnabled | FetchApiAllowed`` flags:
    without ``LocalScheme`` Chromium never requests the tiles, and without
    ``FetchApiAllowed`` the vector tile layer's ``fetch()`` is refused ("URL scheme is not supported"). Registering
    after a web engine profile exists is too late (Qt prints a warning and the
    schemes are not used), so :class:`ui.map_view.MapView` calls this before it
    creates its profile; calling it again does nothing.
    """
    from PySide6.QtWebEngineCore import QWebEngineUrlScheme  # ~20 ms: only when a map is first built

    for name in (APP_SCHEME, TILES_SCHEME):
        if QWebEngineUrlScheme.schemeByName(QByteArray(name)).name() == QByteArray(name):
            continue
        scheme = QWebEngineUrlScheme(QByteArray(name))
        scheme.setSyntax(QWebEngineUrlScheme.Syntax.Path)
        scheme.setFlags(
            QWebEngineUrlScheme.Flag.SecureScheme
            | QWebEngineUrlScheme.Flag.LocalScheme
            | QWebEngineUrlScheme.Flag.CorsEnabled
            | QWebEngineUrlScheme.Flag.FetchApiAllowed
        )
        QWebEngineUrlScheme.registerScheme(scheme)
