"""QApplication set-up and the window's entry point.

``run()`` shows the main window first, then opens the database (a problem becomes
a message in the window, never a crash), installs the exception hook and runs Qt.
Only what the empty window and its menus need is imported at start-up; the
store, cryptography and the dialogs load once the window is on screen, and the
store (sqlite-utils) once the locations are listed.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from safeguarding import APP_NAME, __version__
from safeguarding.errors import DamagedDatabaseError, MissingDatabaseError, SafeguardingError
from ui import theme
from ui.errors import ErrorReporter, setup_logging
from ui.interaction import Interaction
from ui.main_window import MainWindow
from ui.schemes import share_opengl_contexts
from ui.theme import text_colour

if TYPE_CHECKING:  # the store (sqlite-utils), cryptography and the dialogs load after the window shows
    from safeguarding.model import LocationSummary
    from safeguarding.profile import Profile
    from safeguarding.security.keys import Key
    from safeguarding.security.throttle import UnlockThrottle
    from safeguarding.store import Store
    from ui.security.hold import Hold

_START = time.perf_counter()


def app_style() -> str:
    """The app's style sheet: titles, help and message text, and a visible keyboard focus.

    Help, error and confirmation text use the app's colours on a light window and
    the system's text colour in a high-contrast or dark theme (:mod:`ui.theme`);
    so does the focus outline (the system's highlight). Call it once the QApplication exists.
    """
    focus = theme.focus_colour()
    return f"""
QLabel#pageTitle {{ font-size: 16pt; font-weight: bold; margin: 4px 0; }}
QLabel#editorTitle {{ font-size: 13pt; }}
QLabel#helpText {{ color: {text_colour(theme.HELP)}; }}
QLabel#errorText {{ color: {text_colour(theme.ERROR)}; font-weight: bold; }}
QLabel#okText {{ color: {text_colour(theme.OK)}; font-weight: bold; }}
QLabel#bandLabel {{ font-weight: bold; }}
*:focus {{ outline: 2px solid {focus}; }}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QDateEdit:focus, QTimeEdit:focus,
QTableView:focus, QListWidget:focus {{ border: 2px solid {focus}; }}
QPushButton:focus, QRadioButton:focus, QCheckBox:focus {{ border: 2px dotted {focus}; }}
"""


def create_application(argv: list[str] | None = None) -> QApplication:
    """Create (or return) the QApplication with the app's names and style."""
    share_opengl_contexts()  # the web engine (Map page) loads later, after the QApplication
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Chromium will not start its sandbox as root, and the Map page would then close the app
        # without a word. Practitioners never run as root; kiosk and test machines may.
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("LocationAssessmentTool")
    app.setStyleSheet(app_style())
    return app


def build_window(
    db_path: Path,
    *,
    demo: bool,
    interaction: Interaction | None = None,
    profile: Profile | None = None,
    key: Key | None = None,
) -> MainWindow:
    """Open the database and forms, and build the main window (not shown).

    A database or form problem becomes a message inside the window. ``profile``
    defaults to the saved practitioner profile. ``key`` unlocks an encrypted
    database (see :func:`unlock_and_build_window` for asking the user). A damaged
    database offers its latest good backup (through ``interaction``).
    """
    from safeguarding.forms import FormLibrary
    from safeguarding.profile import load_profile
    from ui.security.hold import take_hold

    forms = FormLibrary.load()
    interaction = interaction or Interaction()
    profile = profile if profile is not None else load_profile()
    hold = take_hold(None, interaction, db_path, profile.name if profile else "")
    if hold is None:
        store, problem = None, in_use_problem(db_path)
    else:
        store, problem = open_database(
            db_path, key, interaction, read_only=hold.read_only, elsewhere=hold.other is not None
        )
        if store is None:
            hold.release()
            hold = None
    return MainWindow(store, forms, interaction, demo=demo, problem=problem, profile=profile, hold=hold)


def in_use_problem(db_path: Path) -> str:
    """What the window says when the user chose not to open a database another app holds."""
    return f"{db_path.name} is open for editing in another window, so it was not opened here."


def open_database(
    db_path: Path,
    key: Key | None,
    interaction: Interaction,
    ask_key: Callable[[Path], Key | None] | None = None,
    *,
    read_only: bool = False,
    elsewhere: bool = False,
) -> tuple[Store | None, str]:
    """Open ``db_path``; a problem becomes a message (a damaged database offers its latest good backup).

    A database missing or empty beside its key file or backups is never replaced by a
    new one: the user is offered to locate it or restore its latest backup
    (:mod:`ui.security.missing_database`; ``ask_key`` asks for the key file's passphrase).

    Args:
        read_only: Open it without writing anything (another app holds it for editing).
        elsewhere: Another app has it open (read-only or not): no backup is restored
            over it and nothing is located in its place; the problem is only shown.

    Returns:
        The open store (or None) and the message to show when it is None ("" otherwise).
    """
    from safeguarding.store import open_store

    try:
        return open_store(db_path, key=key, read_only=read_only), ""
    except (DamagedDatabaseError, MissingDatabaseError) as error:
        if read_only or elsewhere:
            return None, str(error)
        if isinstance(error, DamagedDatabaseError):
            return _offer_backup(db_path, key, interaction, str(error))
        from ui.security.missing_database import offer_missing_database

        return offer_missing_database(None, interaction, db_path, error, ask_key or (lambda _path: None))
    except SafeguardingError as error:
        return None, str(error)


def _offer_backup(db_path: Path, key: Key | None, interaction: Interaction, problem: str) -> tuple[Store | None, str]:
    """A damaged database: offer the latest backup that checks out; the damaged file is kept aside."""
    from safeguarding.store import latest_good_backup, open_store
    from safeguarding.workflows.restore import restore_backup

    good = latest_good_backup(db_path, key)
    if good is None:
        return None, problem + " No good backup was found."
    from safeguarding.timeutil import utc_to_local

    when = utc_to_local(good.taken_at).strftime("%A %d %B %Y at %H:%M")
    if not interaction.confirm(
        None,
        "Database damaged",
        f"{problem}\n\nThe latest good backup was taken on {when} ({good.contents()}). Restore it? "
        "The damaged file is kept beside it (renamed), never deleted.",
        yes="Restore the backup",
        no="Not now",
    ):
        return None, problem
    try:
        restore_backup(db_path, good.path, key, damaged=True)
        return open_store(db_path, key=key), ""
    except SafeguardingError as error:
        return None, str(error)


class FirstRunChoice(NamedTuple):  # not a dataclass: ``dataclasses`` costs 3 ms before the window shows
    """What the first-run welcome set up.

    Attributes:
        demo: True if the demo database was built (or chosen), False for an empty one.
        key: The data key of the encrypted empty database just created (so it opens
            without asking for the passphrase a third time); None otherwise.
    """

    demo: bool
    key: Key | None = None


def first_run_setup(db_path: Path, *, ask: bool) -> FirstRunChoice:
    """Welcome a new user: profile, then the demo or an empty database at ``db_path``.

    Args:
        db_path: The database to create.
        ask: Show the welcome dialog (False: build the demo without asking, as
            the benchmark does).

    Returns:
        The choice: demo or empty, and the key of a new encrypted database.

    Closing the welcome without answering starts on the demo database, where
    nothing real has been entered; the profile can be set later (File → Your profile).
    """
    from safeguarding.demo import build_demo_database  # only on a first run: keeps start-up lean
    from ui.security.dialogs import PassphraseDialog
    from ui.welcome import WelcomeDialog

    use_demo = True
    key = None
    if ask:
        from safeguarding.paths import user_data_dir
        from safeguarding.profile import load_profile

        welcome = WelcomeDialog(user_data_dir(), load_profile(), first_run=True)
        use_demo = welcome.exec() != QDialog.DialogCode.Accepted or welcome.use_demo
        if not use_demo:
            from safeguarding.security.strength import context_words

            profile = load_profile()
            known = context_words([profile.name, profile.agency] if profile else [])
            dialog = PassphraseDialog(db_path, Interaction(), known_words=known)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                key = create_encrypted_database(db_path, dialog.passphrase, dialog.recovery_path)
                dialog.passphrase = ""
            # cancelled: an empty plain database is created; Security → Encrypt this database… later
    if use_demo:
        try:
            build_demo_database(db_path)
        except SafeguardingError:
            return FirstRunChoice(demo=False)  # opening the same path in the window explains the problem
    return FirstRunChoice(demo=use_demo, key=key)


def create_encrypted_database(db_path: Path, passphrase: str, recovery_path: Path | None) -> Key:
    """Create a new, empty encrypted database at ``db_path`` (key file beside it; recovery key saved if asked).

    Raises:
        SafeguardingError: it cannot be created (nothing is left half-made that would be mistaken for data).
    """
    from safeguarding.security.keys import create_keyfile, new_recovery_key, save_recovery_key_file
    from safeguarding.store import open_store

    recovery = new_recovery_key() if recovery_path else None
    if recovery_path and recovery:
        save_recovery_key_file(recovery_path, db_path, recovery)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    key = create_keyfile(db_path, passphrase, recovery_key=recovery)
    open_store(db_path, key=key).close()
    return key


def ask_key(db_path: Path, throttle: UnlockThrottle) -> Key | None:
    """Show the unlock dialog for an encrypted database; None if the user cancels."""
    from ui.security.dialogs import UnlockDialog

    dialog = UnlockDialog(db_path, throttle)
    return dialog.key if dialog.exec() == QDialog.DialogCode.Accepted else None


def show_first_list(window: MainWindow, rows: list[LocationSummary]) -> None:
    """List the locations before the store is open (start-up, issue 14): looking only, nothing can be changed.

    The window has no store yet, so its actions are off and choosing a row shows no details;
    :meth:`MainWindow.set_store` then lists them again with everything working.
    """
    page = window.locations_page
    page.set_read_only(True)
    page.set_rows(rows)
    window.stack.setCurrentWidget(page)


def run(db_path: Path, *, demo: bool = False, first_run: bool = False) -> int:
    """Run the app's window on ``db_path`` until it is closed; return the exit code.

    The window is shown first, empty ("Opening …"), with its menus; then, from
    the event loop, the first-run welcome (with ``first_run``: profile, and the
    demo database built at ``db_path`` if chosen), a plain database's locations
    listed from a read-only connection (:func:`show_first_list`; nothing can be
    changed yet), the instance lock, the unlock dialog for an encrypted database
    (cancelling it quits: nothing was opened; its locations are listed after it),
    and then the database itself opened (its audit trail checked before anything
    is written), whose locations fill the list again. A database that cannot be listed that way (new, damaged, another
    layout...) is opened at once. A database that cannot be opened becomes a
    message in the window; a damaged one offers its latest good backup. A form
    problem is shown in a message box and exits with 1.

    With ``LAT_BENCH_EXIT_ON_SHOWN=1`` in the environment (used by
    ``scripts/benchmark.py``), prints ``WINDOW_SHOWN <seconds>`` once the window
    is shown, ``WINDOW_READY <seconds>`` once the locations list is filled and
    drawn, and ``WINDOW_OPEN <seconds>`` once the database is open and listed again
    (seconds since the epoch time in ``LAT_BENCH_T0`` if set, else since this
    module was imported), then quits; the welcome is skipped (demo built without
    asking) and no start-up backup is taken.
    """
    app = create_application()
    interaction = Interaction()
    reporter = ErrorReporter(interaction, None)
    reporter.install()
    bench = os.environ.get("LAT_BENCH_EXIT_ON_SHOWN") == "1"
    # The forms, the log file and the profile are read just after the window shows (start-up speed).
    # No forms yet (hence the ignore): they are read once the window shows (open_after_shown), before any use.
    window = MainWindow(None, None, interaction, demo=demo, profile=None)  # type: ignore[arg-type]
    reporter.damaged = window.security.database_damaged  # damage met anywhere: close, offer a backup
    reporter.closed_under = lambda: window.closed_under  # a form used the database closed under it: words
    window.show_opening(db_path)
    window.show()
    window.security.idle_lock.watch_activity()

    def elapsed() -> float:
        origin = os.environ.get("LAT_BENCH_T0")
        return time.time() - float(origin) if origin else time.perf_counter() - _START

    def report_shown() -> None:
        print(f"WINDOW_SHOWN {elapsed():.4f}", flush=True)

    def report_ready() -> None:
        print(f"WINDOW_READY {elapsed():.4f}", flush=True)

    def report_open() -> None:
        print(f"WINDOW_OPEN {elapsed():.4f}", flush=True)
        window.close()
        app.quit()

    forms_read: list[bool] = []

    def load_forms() -> bool:
        """Read the installed forms into the window (once); on a problem say so and quit with 1."""
        if forms_read:
            return True
        from safeguarding.forms import FormLibrary

        try:
            window.forms = FormLibrary.load()
            forms_read.append(True)
        except SafeguardingError as error:
            QMessageBox.critical(window, APP_NAME, str(error))
            window.close()
            app.exit(1)
            return False
        return True

    logging_started: list[bool] = []

    def start_logging() -> None:
        """Send the log to its file (once): its module (``logging.handlers``) loads after the first list."""
        if not logging_started:
            from safeguarding.paths import user_log_dir

            reporter.log_file = setup_logging(user_log_dir())
            logging_started.append(True)

    def open_after_shown() -> None:
        """Welcome (first run) and profile; a plain database's locations listed; then :func:`hold_and_open`."""
        from safeguarding.profile import load_profile

        if first_run:
            start_logging()
            if not load_forms():
                return
        choice = first_run_setup(db_path, ask=not bench) if first_run else FirstRunChoice(demo=demo)
        window.set_profile(load_profile())  # after the welcome, which may have just saved it
        from safeguarding.store import is_encrypted, read_first_list

        # A plain database is listed before anything else (the instance lock's module alone takes a
        # tenth of the budget): reading writes nothing. An encrypted one waits for its passphrase.
        rows = None if choice.key is not None or is_encrypted(db_path) else read_first_list(db_path)
        if rows is None:
            hold_and_open(choice, listed=False)
            return
        show_first_list(window, rows)
        if bench:
            QTimer.singleShot(0, report_ready)  # after the listed locations have been drawn
        QTimer.singleShot(0, lambda: hold_and_open(choice, listed=True))

    def hold_and_open(choice: FirstRunChoice, *, listed: bool) -> None:
        """The instance lock, the passphrase, the list (if not ``listed`` yet); then :func:`open_store_now`."""
        if not window.isVisible():  # closed meanwhile: nothing to open it for
            return
        start_logging()
        from safeguarding.store import finish_key_file, is_encrypted, read_first_list
        from ui.security.hold import take_hold

        profile = window.profile
        hold = take_hold(window, interaction, db_path, profile.name if profile else "")  # before the passphrase
        if hold is None:
            window.set_store(None, problem=in_use_problem(db_path))
            return
        if hold.other is None:  # nobody else has it open: tidy what an encryption killed before its end left
            finish_key_file(db_path)  # its key file takes its name
        key = choice.key  # an encrypted database made by the welcome just now opens without asking again
        if key is None and is_encrypted(db_path):
            key = ask_key(db_path, window.security.throttle)
            if key is None:
                hold.release()
                window.close()  # the user chose not to unlock: nothing was opened
                app.quit()
                return
        rows = None if listed else read_first_list(db_path, key)  # without sqlite-utils; nothing is written
        if rows is None:
            open_store_now(hold, key, choice, listed=listed)
            return
        show_first_list(window, rows)
        if bench:
            QTimer.singleShot(0, report_ready)  # after the listed locations have been drawn
        QTimer.singleShot(0, lambda: open_store_now(hold, key, choice, listed=True))

    def open_store_now(hold: Hold, key: Key | None, choice: FirstRunChoice, *, listed: bool) -> None:
        """Open the store (its audit check before anything is written) and give it to the window.

        ``listed``: the locations were listed before (:func:`show_first_list`); the window lists them again.
        """
        if not window.isVisible():  # closed meanwhile: nothing to open it for
            hold.release()
            return
        from safeguarding.store import import_sqlite_utils

        import_sqlite_utils()  # before anything imports it: without numpy (issue 14)
        if not load_forms():
            hold.release()
            return
        store, problem = open_database(
            db_path,
            key,
            interaction,
            lambda path: ask_key(path, window.security.throttle),
            read_only=hold.read_only,
            elsewhere=hold.other is not None,
        )
        if store is None:
            hold.release()
        else:
            window.hold = hold
        window.set_store(store, demo=choice.demo, problem=problem)
        if store is not None and not store.opened.created and not store.read_only and not bench:
            # after the window is shown, so a large database does not delay the start
            QTimer.singleShot(500, lambda: window.security.backup_scheduler.back_up("on-start"))
        if bench:
            if not listed:
                QTimer.singleShot(0, report_ready)  # after the filled list has been drawn
            QTimer.singleShot(0, report_open)

    if bench:
        QTimer.singleShot(0, report_shown)
    QTimer.singleShot(0, open_after_shown)
    return app.exec()
