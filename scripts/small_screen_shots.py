"""Screenshots of every page at 1366×768 (window 1366×698 inside), for a person to look at.

Run under a virtual screen of that size::

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/small_screen_shots.py OUT_FOLDER [SCALE]

SCALE is the text scaling (1.25 = Windows' 125%, as an application font 1.25 times the
usual size). Opens a fresh demo database in a temporary folder; writes one PNG of the whole
screen per page (``01-locations.png``, ``02-page_overview.png``...) into OUT_FOLDER.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication

from safeguarding.demo import build_demo_database
from safeguarding.forms import FormLibrary
from safeguarding.store import open_store
from ui.interaction import Interaction
from ui.main_window import MainWindow
from ui.schemes import share_opengl_contexts


def _wait(app: QApplication, milliseconds: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def main(out: Path, scale: float) -> int:
    """Write the screenshots; returns the exit status."""
    share_opengl_contexts()
    app = QApplication([sys.argv[0]])
    font = QFont(app.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    app.setFont(font)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        path = build_demo_database(Path(folder) / "demo.sqlite3")
        window = MainWindow(open_store(path), FormLibrary.load(), Interaction())
        window.move(0, 0)
        window.resize(1366, 698)
        window.show()
        window.refresh()
        _wait(app, 800)
        screen = QGuiApplication.primaryScreen()

        def shoot(name: str) -> None:
            _wait(app, 600)
            screen.grabWindow(0).save(str(out / f"{name}.png"))

        shoot("01-locations")
        store = window.store
        assert store is not None
        for place in ("North Week Street",):
            (location,) = store.locations.find_by_name(place)
            assessment = store.assessments.latest_for_location(location.id)
            assert assessment is not None
            window.open_assessment(assessment.id, offer=False)
            editor = window.editor
            assert editor is not None
            for number, page in enumerate(editor.pages, start=2):
                editor.show_page(page)
                shoot(f"{number:02d}-{page.objectName()}")
        if window.store is not None:
            window.store.close()
            window.store = None
        window.hide()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 1.0))
