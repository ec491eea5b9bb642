"""The installation check's window part: the Map page, built by Qt WebEngine, entirely offline.

Used by ``LocationAssessmentTool check`` (see :mod:`safeguarding.installcheck`
for the checks that need no window). The window is drawn offscreen unless
``QT_QPA_PLATFORM`` is already set, so nothing flashes on the user's screen.
"""

from __future__ import annotations

import os
from pathlib import Path

from safeguarding.installcheck import CheckResult

MAP_TIMEOUT_MS = 60_000
"""How long the Map page may take to draw its pins before the check fails (a cold start is a few seconds)."""


def check_map_page(database: Path, timeout_ms: int = MAP_TIMEOUT_MS) -> CheckResult:
    """Open the demo's Brenchley Gardens assessment at ``database`` and wait for its Map page to draw its pins.

    Passes when the page reports its pins drawn within ``timeout_ms`` and made
    no request outside the app (no network). Creates the QApplication (offscreen
    unless ``QT_QPA_PLATFORM`` is set); call it once per process, after the
    demo database has been built by :func:`safeguarding.installcheck.run_checks`.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer

    from safeguarding.forms import FormLibrary
    from safeguarding.store import open_store
    from ui.app import create_application
    from ui.assessment.map_page import MapPage
    from ui.interaction import Interaction
    from ui.main_window import MainWindow

    name = "Map page (offline)"
    create_application([])
    store = open_store(database)
    window = MainWindow(store, FormLibrary.load(), Interaction())
    try:
        window.show()
        (location,) = store.locations.find_by_name("Brenchley Gardens")
        window.open_assessment(store.assessments.for_location(location.id)[0].id)
        assert window.editor is not None
        page = window.editor.page("map")
        assert isinstance(page, MapPage)
        drawn: list[int] = []
        loop = QEventLoop()
        page.pins_shown.connect(lambda count: (drawn.append(count), loop.quit()))
        QTimer.singleShot(timeout_ms, loop.quit)
        window.editor.show_section("map")
        if not drawn:
            loop.exec()
        if not drawn:
            return CheckResult(name, False, f"the map did not draw within {timeout_ms // 1000} seconds")
        assert page.view is not None
        outside = page.view.interceptor.blocked + page.view.map_page.refused
        if outside:
            return CheckResult(name, False, f"the map page tried to reach outside the app: {outside[0]}")
        return CheckResult(name, True, f"web engine drew the map with {drawn[0]} pins, no network used")
    finally:
        # Delete the window (its web view and page before their profile) while Qt still runs; left to
        # Python's exit, the profile may go first and the web engine crashes the process.
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
