"""The map web view: a QWebEngineView that loads only from inside the app.

* ``app:`` serves the page itself (``app:/page/map.html``; ``setHtml`` fails above
  about 2 MB) and its assets (Leaflet, protomaps-leaflet, the app's script, Qt's
  ``qwebchannel.js``) from local files (:mod:`safeguarding.maps.assets`).
* ``tiles:`` serves map tiles from an offline map (MBTiles or PMTiles) by ``/{z}/{x}/{y}``.
* A request interceptor blocks every other request (``http:``, ``https:``,
  ``file:``...) and records it, so the map never reaches the network and the
  tests can prove it.
* A QWebChannel object ``bridge`` carries clicks from the page to Python.

The schemes are registered by :class:`MapView` before it creates the first web
profile (:func:`ui.schemes.register_url_schemes`); ``AA_ShareOpenGLContexts`` must
be set before the QApplication exists (:func:`ui.schemes.share_opengl_contexts`,
called by ``ui.startup.create_application`` and the tests' set-up). The web view is
imported only here; import this module lazily.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QBuffer, QByteArray, QFile, QIODevice, QObject, Qt, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
    QWebEngineUrlRequestJob,
    QWebEngineUrlSchemeHandler,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from safeguarding.maps.assets import asset_file
from ui.schemes import APP_SCHEME, TILES_SCHEME, register_url_schemes

log = logging.getLogger("location_assessment_tool.map")

PAGE_URL = QUrl("app:/page/map.html")
BLANK_PAGE = '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"></head><body></body></html>'
"""What :meth:`MapView.start_renderer` loads: nothing to fetch, nothing to run."""
ALLOWED_SCHEMES = frozenset({"app", "tiles", "data", "blob", "about"})
"""Schemes the page may load from; everything else is blocked."""
QWEBCHANNEL_JS = ":/qtwebchannel/qwebchannel.js"
"""Qt's own QWebChannel client script, a Qt resource served as ``app:/assets/qwebchannel/qwebchannel.js``."""


class TileProvider(Protocol):
    """What the tile handler needs: ``tile(z, x, y)`` returning bytes or ``None``."""

    def tile(self, zoom: int, x: int, y: int) -> bytes | None:
        """Return the tile's image bytes, or ``None``."""
        ...


def _reply(job: QWebEngineUrlRequestJob, mime: str, data: bytes) -> None:
    buffer = QBuffer(job)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    job.reply(QByteArray(mime.encode()), buffer)


class AppSchemeHandler(QWebEngineUrlSchemeHandler):
    """Answers ``app:/page/...`` with the current page HTML and ``app:/assets/...`` with local files.

    Attributes:
        html: The map page served at ``app:/page/map.html``.
        served: Paths answered, in order (tests read it).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.html = ""
        self.served: list[str] = []

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        path = job.requestUrl().path()
        if path.startswith("/page/"):
            self.served.append(path)
            _reply(job, "text/html; charset=utf-8", self.html.encode("utf-8"))
            return
        if path == "/assets/qwebchannel/qwebchannel.js":
            resource = QFile(QWEBCHANNEL_JS)
            if resource.open(QIODevice.OpenModeFlag.ReadOnly):
                data = bytes(resource.readAll().data())
                resource.close()
                self.served.append(path)
                _reply(job, "text/javascript", data)
                return
        if path.startswith("/assets/"):
            found = asset_file(path[len("/assets/") :])
            if found is not None:
                self.served.append(path)
                _reply(job, found[1], found[0].read_bytes())
                return
        log.warning("Map page asked for a missing file: %s", path)
        job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)


class TileSchemeHandler(QWebEngineUrlSchemeHandler):
    """Answers ``tiles:/{z}/{x}/{y}`` from the current tile provider.

    Attributes:
        provider: Where tiles come from, or ``None``.
        mime: The provider's tile MIME type.
        hits, misses: Tiles answered and not found, as ``(z, x, y)`` (tests read them).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.provider: TileProvider | None = None
        self.mime = "image/png"
        self.hits: list[tuple[int, int, int]] = []
        self.misses: list[tuple[int, int, int]] = []

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        parts = job.requestUrl().path().strip("/").split("/")
        try:
            z, x, y = (int(part.split(".")[0]) for part in parts)
        except ValueError:
            job.fail(QWebEngineUrlRequestJob.Error.UrlInvalid)
            return
        data = self.provider.tile(z, x, y) if self.provider is not None else None
        if data is None:
            self.misses.append((z, x, y))
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        self.hits.append((z, x, y))
        _reply(job, self.mime, data)


class OfflineOnlyInterceptor(QWebEngineUrlRequestInterceptor):
    """Blocks every request whose scheme is not the app's own; records what it blocked.

    Attributes:
        blocked: URLs refused, in order.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.blocked: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        if url.scheme() not in ALLOWED_SCHEMES:
            self.blocked.append(url.toString())
            info.block(True)


class MapPageBridge(QObject):
    """The object the page's script calls through QWebChannel (as ``bridge``)."""

    map_clicked = Signal(float, float)
    pin_clicked = Signal(str)
    pin_moved = Signal(str, float, float)
    page_ready = Signal(int)

    @Slot(float, float)
    def mapClicked(self, latitude: float, longitude: float) -> None:
        """The user clicked the map at a point."""
        self.map_clicked.emit(latitude, longitude)

    @Slot(str)
    def pinClicked(self, pin_id: str) -> None:
        """The user clicked a pin."""
        self.pin_clicked.emit(pin_id)

    @Slot(str, float, float)
    def pinMoved(self, pin_id: str, latitude: float, longitude: float) -> None:
        """The user dragged a pin to a new point."""
        self.pin_moved.emit(pin_id, latitude, longitude)

    @Slot(int)
    def pageReady(self, count: int) -> None:
        """The page has drawn ``count`` pins and the bridge is connected."""
        self.page_ready.emit(count)


class MapPage(QWebEnginePage):
    """A page that keeps the script's console messages out of Qt's log (and records them).

    Attributes:
        console: ``(level, message, line, source)`` of every console message.
        refused: Console reports of requests the page's Content-Security-Policy refused
            (anything not ``app:``/``tiles:``/``data:``); there should never be one.
        alerts: Texts of any ``alert()`` (there should never be one).
    """

    def __init__(self, profile: QWebEngineProfile, parent: QObject | None = None) -> None:
        super().__init__(profile, parent)
        self.console: list[tuple[int, str, int, str]] = []
        self.refused: list[str] = []
        self.alerts: list[str] = []

    def javaScriptConsoleMessage(
        self, level: QWebEnginePage.JavaScriptConsoleMessageLevel, message: str, line: int, source: str
    ) -> None:
        self.console.append((int(level.value), message, line, source))
        if "Content Security Policy" in message:
            self.refused.append(message)
        log.info("map page console: %s (%s:%s)", message, source, line)

    def javaScriptAlert(self, origin: QUrl | str, text: str) -> None:
        self.alerts.append(text)


class MapView(QWebEngineView):
    """The map: a web view on its own private, in-memory profile with the app's schemes.

    Signals (re-emitted from the page's bridge): ``map_clicked(lat, lon)``,
    ``pin_clicked(id)``, ``pin_moved(id, lat, lon)``, ``page_ready(count)``.
    """

    map_clicked = Signal(float, float)
    pin_clicked = Signal(str)
    pin_moved = Signal(str, float, float)
    page_ready = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        register_url_schemes()  # before the first profile below; Qt reads the schemes only then
        super().__init__(parent)
        self.setObjectName("mapView")
        self.setAccessibleName("Map")
        # Off-the-record profile: nothing of the map (cache, storage) is written to disk.
        # The profile is a sibling created after this view, so when their parent goes the view
        # (and its page) is deleted first: a profile must outlive its pages.
        profile = QWebEngineProfile(parent)
        self._profile = profile
        self.interceptor = OfflineOnlyInterceptor(profile)
        self.app_handler = AppSchemeHandler(profile)
        self.tile_handler = TileSchemeHandler(profile)
        profile.setUrlRequestInterceptor(self.interceptor)
        profile.installUrlSchemeHandler(QByteArray(APP_SCHEME), self.app_handler)
        profile.installUrlSchemeHandler(QByteArray(TILES_SCHEME), self.tile_handler)
        self.map_page = MapPage(profile, self)
        self.bridge = MapPageBridge(self.map_page)
        self.channel = QWebChannel(self.map_page)
        self.channel.registerObject("bridge", self.bridge)
        self.map_page.setWebChannel(self.channel)
        self.setPage(self.map_page)
        # Three guards keep the map off the network: this setting (a page from a local scheme may
        # not load remote URLs), the page's Content-Security-Policy (which also reports a refusal
        # on the console, see MapPage.refused) and the interceptor (which records what it blocks).
        self.map_page.settings().setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False)
        self.bridge.map_clicked.connect(self.map_clicked)
        self.bridge.pin_clicked.connect(self.pin_clicked)
        self.bridge.pin_moved.connect(self.pin_moved)
        self.bridge.page_ready.connect(self.page_ready)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

    def show_page(self, html: str, provider: TileProvider | None, mime: str = "image/png") -> None:
        """Load ``html`` (from :func:`safeguarding.maps.web_page.build_map_page`) with tiles from ``provider``."""
        self.app_handler.html = html
        self.tile_handler.provider = provider
        self.tile_handler.mime = mime
        self.map_page.load(PAGE_URL)

    def start_renderer(self, then: Callable[[], None]) -> None:
        """Load an empty page, so the web engine starts its renderer while the map's HTML is being made.

        ``then`` is called once that load ends (or is replaced by :meth:`show_page`). The map page's
        own load is then quicker by the renderer's start (about 0.1-0.2 s on the benchmark machine).
        """

        def finished(_ok: bool) -> None:
            self.map_page.loadFinished.disconnect(finished)
            then()

        self.app_handler.html = BLANK_PAGE
        self.map_page.loadFinished.connect(finished)
        self.map_page.load(PAGE_URL)

    def run(self, script: str, callback: Callable[[object], None] | None = None) -> None:
        """Run JavaScript in the page (e.g. ``LAT.setPins(...)``); ``callback`` gets the result."""
        if callback is None:
            self.map_page.runJavaScript(script)
        else:
            self.map_page.runJavaScript(script, 0, callback)
