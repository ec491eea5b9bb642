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
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from safeguarding import APP_NAME, __version__
from safeguarding.errors import SafeguardingError
from safeguarding.forms import FormLibrary
from safeguarding.paths import user_data_dir, user_log_dir
from safeguarding.profile import Profile, load_profile
from safeguarding.store import Store, open_store
from ui.errors import ErrorReporter, setup_logging
from ui.interaction import Interaction
from ui.main_window import MainWindow
from ui.welcome import WelcomeDialog

_START = time.perf_counter()

STYLE = """
QLabel#pageTitle { font-size: 16pt; font-weight: bold; margin: 4px 0; }
QLabel#editorTitle { font-size: 13pt; }
QLabel#helpText { color: #444; }
QLabel#errorText { color: #b00020; font-weight: bold; }
QLabel#okText { color: #1b5e20; font-weight: bold; }
QLabel#bandLabel { font-weight: bold; }
*:focus { outline: 2px solid #1a5fb4; }
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QDateEdit:focus, QTimeEdit:focus,
QTableView:focus, QListWidget:focus { border: 2px solid #1a5fb4; }
QPushButton:focus, QRadioButton:focus, QCheckBox:focus { border: 2px dotted #1a5fb4; }
"""


def create_application(argv: list[str] | None = None) -> QApplication:
    """Create (or return) the QApplication with the app's names and style."""
    from ui.map_view import register_url_schemes  # the map's URL schemes must exist before the QApplication

    register_url_schemes()
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("LocationAssessmentTool")
    app.setStyleSheet(STYLE)
    return app


def build_window(
    db_path: Path, *, demo: bool, interaction: Interaction | None = None, profile: Profile | None = None
) -> MainWindow:
    """Open the database and forms, and build the main window (not shown).

    A database or form problem becomes a message inside the window. ``profile``
    defaults to the saved practitioner profile.
    """
    forms = FormLibrary.load()
    store: Store | None = None
    problem = ""
    try:
        store = open_store(db_path)
    except SafeguardingError as error:
        problem = str(error)
    return MainWindow(
        store,
        forms,
        interaction or Interaction(),
        demo=demo,
        problem=problem,
        profile=profile if profile is not None else load_profile(),
    )


def first_run_setup(db_path: Path, *, ask: bool) -> bool:
    """Welcome a new user: profile, then the demo or an empty database at ``db_path``.

    Args:
        db_path: The database to create.
        ask: Show the welcome dialog (False: build the demo without asking, as
            the benchmark does).

    Returns:
        True if the demo database was chosen, False for an empty one.

    Closing the welcome without answering starts on the demo database, where
    nothing real has been entered; the profile can be set later (File → Your profile).
    """
    from safeguarding.demo import build_demo_database  # only on a first run: keeps start-up lean

    use_demo = True
    if ask:
        welcome = WelcomeDialog(user_data_dir(), load_profile(), first_run=True)
        use_demo = welcome.exec() != QDialog.DialogCode.Accepted or welcome.use_demo
    if use_demo:
        try:
            build_demo_database(db_path)
        except SafeguardingError:
            return False  # opening the same path in the window explains the problem
    return use_demo


def run(db_path: Path, *, demo: bool = False, first_run: bool = False) -> int:
    """Run the app's window on ``db_path`` until it is closed; return the exit code.

    With ``first_run`` the welcome sets up the profile and offers the demo
    database (built at ``db_path``) before the window opens.

    With ``LAT_BENCH_EXIT_ON_SHOWN=1`` in the environment, prints
    ``WINDOW_SHOWN <seconds>`` (since the epoch time in ``LAT_BENCH_T0`` if set,
    else since this module was imported) once the window is shown and quits
    (used by ``scripts/benchmark.py``).
    """
    app = create_application()
    log_file = setup_logging(user_log_dir())
    interaction = Interaction()
    ErrorReporter(interaction, log_file).install()
    bench = os.environ.get("LAT_BENCH_EXIT_ON_SHOWN") == "1"
    if first_run:
        demo = first_run_setup(db_path, ask=not bench)
    try:
        window = build_window(db_path, demo=demo, interaction=interaction)
    except SafeguardingError as error:
        QMessageBox.critical(None, APP_NAME, str(error))
        return 1
    window.show()
    if bench:

        def report() -> None:
            origin = os.environ.get("LAT_BENCH_T0")
            elapsed = time.time() - float(origin) if origin else time.perf_counter() - _START
            print(f"WINDOW_SHOWN {elapsed:.4f}", flush=True)
            window.close()
            app.quit()

        QTimer.singleShot(0, report)
    return app.exec()
