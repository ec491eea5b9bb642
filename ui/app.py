"""QApplication set-up and the window's entry point.

``run()`` opens the database (a problem becomes a message in the window, never a
crash), builds the main window, installs the exception hook and runs Qt.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from safeguarding import APP_NAME, __version__
from safeguarding.errors import SafeguardingError
from safeguarding.forms import FormLibrary
from safeguarding.paths import user_log_dir
from safeguarding.store import Store, open_store
from ui.errors import ErrorReporter, setup_logging
from ui.interaction import Interaction
from ui.main_window import MainWindow

_START = time.perf_counter()

STYLE = """
QLabel#pageTitle { font-size: 16pt; font-weight: bold; margin: 4px 0; }
QLabel#editorTitle { font-size: 13pt; }
QLabel#helpText { color: #444; }
QLabel#errorText { color: #b00020; font-weight: bold; }
QLabel#bandLabel { font-weight: bold; }
*:focus { outline: 2px solid #1a5fb4; }
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QDateEdit:focus, QTimeEdit:focus,
QTableView:focus, QListWidget:focus { border: 2px solid #1a5fb4; }
QPushButton:focus, QRadioButton:focus, QCheckBox:focus { border: 2px dotted #1a5fb4; }
"""


def create_application(argv: list[str] | None = None) -> QApplication:
    """Create (or return) the QApplication with the app's names and style."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("LocationAssessmentTool")
    app.setStyleSheet(STYLE)
    return app


def build_window(db_path: Path, *, demo: bool, interaction: Interaction | None = None) -> MainWindow:
    """Open the database and forms, and build the main window (not shown).

    A database or form problem becomes a message inside the window.
    """
    forms = FormLibrary.load()
    store: Store | None = None
    problem = ""
    try:
        store = open_store(db_path)
    except SafeguardingError as error:
        problem = str(error)
    return MainWindow(store, forms, interaction or Interaction(), demo=demo, problem=problem)


def run(db_path: Path, *, demo: bool = False) -> int:
    """Run the app's window on ``db_path`` until it is closed; return the exit code.

    With ``LAT_BENCH_EXIT_ON_SHOWN=1`` in the environment, prints
    ``WINDOW_SHOWN <seconds>`` (since the epoch time in ``LAT_BENCH_T0`` if set,
    else since this module was imported) once the window is shown and quits
    (used by ``scripts/benchmark.py``).
    """
    app = create_application()
    log_file = setup_logging(user_log_dir())
    interaction = Interaction()
    ErrorReporter(interaction, log_file).install()
    try:
        window = build_window(db_path, demo=demo, interaction=interaction)
    except SafeguardingError as error:
        QMessageBox.critical(None, APP_NAME, str(error))
        return 1
    window.show()
    if os.environ.get("LAT_BENCH_EXIT_ON_SHOWN") == "1":

        def report() -> None:
            origin = os.environ.get("LAT_BENCH_T0")
            elapsed = time.time() - float(origin) if origin else time.perf_counter() - _START
            print(f"WINDOW_SHOWN {elapsed:.4f}", flush=True)
            window.close()
            app.quit()

        QTimer.singleShot(0, report)
    return app.exec()
