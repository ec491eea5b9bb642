"""The installation check's window part: the Map page, built by Qt WebEngine, entirely offline.

Used by ``LocationAssessmentTool check`` (see :mod:`app.installcheck`
for the checks that need no window), always in a child process of its own
(the hidden command ``check-map``, :func:`run_map_check`): a web engine that
cannot start aborts its process, and the check must survive that to report it.
The window is drawn offscreen unless ``QT_QPA_PLATFORM`` is already set, so
nothing flashes on the user's screen.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from app.installcheck import MAP_PAGE, CheckResult
from safeguarding.errors import SafeguardingError

MAP_TIMEOUT_MS = 60_000
"""How long the Map page may take to draw its pins before the check fails (a cold start is a few seconds)."""


def check_map_page(database: Path, timeout_ms: int = MAP_TIMEOUT_MS) -> CheckResult:
    """Open the demo's Brenchley Gardens assessment at ``database`` and wait for its Map page to draw its pins.

    Passes when the page reports its pins drawn within ``timeout_ms`` and made
    no request outside the app (no network). Creates the QApplication (offscreen
    unless ``QT_QPA_PLATFORM`` is set); call it once per process, after the
    demo database has been built by :func:`app.installcheck.run_checks`.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer

    from safeguarding.forms import FormLibrary
    from safeguarding.store import open_store
    from ui.editor.map_page import MapPage
    from ui.interaction import Interaction
    from ui.main_window import MainWindow
    from ui.startup import create_application

    name = MAP_PAGE
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

        def shown(count: int) -> None:
            drawn.append(count)
            loop.quit()

        page.pins_shown.connect(shown)
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


def run_map_check(database: Path, result_file: Path | None = None) -> int:
    """The child process's part: run :func:`check_map_page`, write the result, return the exit code.

    Never raises: a Qt that cannot be loaded (a missing system library such as
    libGL) or any other error becomes a failed result. A web engine that aborts
    the process cannot be caught here; the parent
    (:func:`app.installcheck.check_map_in_child`) reports that.

    Args:
        database: The demo database to open.
        result_file: Where to write the result as JSON (``{"ok": ..., "detail": ...}``);
            the result line is also printed on stdout when there is one.

    Returns:
        0 if the Map page check passed, else 1.
    """
    if not database.is_file():  # open_store would create an empty one
        result = CheckResult(MAP_PAGE, False, f"there is no demo database at {database}")
    else:
        try:
            result = check_map_page(database)
        except ImportError as error:
            result = CheckResult(MAP_PAGE, False, f"Qt could not be loaded ({error})")
        except Exception as error:  # the point is to report whatever is broken
            reason = str(error) if isinstance(error, SafeguardingError) else f"{type(error).__name__}: {error}"
            result = CheckResult(MAP_PAGE, False, reason)
    if result_file is not None:
        result_file.write_text(json.dumps({"ok": result.ok, "detail": result.detail}), encoding="utf-8")
    if sys.stdout is not None:
        print(f"{'ok    ' if result.ok else 'FAILED'} {result.name}: {result.detail}", flush=True)
    return 0 if result.ok else 1
