"""One global exception hook: environment problems get their own message, bugs are logged.

Two kinds of failure (style.md, "Two kinds of failure"):

* **Environment problems and bad input** (a :class:`SafeguardingError`, a full
  disk, a locked or read-only file) reach the user as a plain-English message
  that says what to do; they are logged at WARNING.
* **Bugs** (anything else) are logged with their traceback to a rotating log
  file in the user's log folder, and shown in a dialog whose details can be
  copied; the app keeps running.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from io import TextIOWrapper
from pathlib import Path
from types import TracebackType

from safeguarding.errors import SafeguardingError
from safeguarding.os_errors import FIXABLE, problem_of, save_failure
from ui.interaction import Interaction

LOG_NAME = "location_assessment_tool"
LOG_FILE = "app.log"
HANDLER_NAME = "location_assessment_tool.log_file"
"""The name of the handler :func:`setup_logging` adds (and replaces when called again)."""
log = logging.getLogger(LOG_NAME)


def setup_logging(folder: Path) -> Path | None:
    """Send the app's log to ``folder/app.log``, rotating at 1 MB and keeping 3 old files (owner-only).

    Returns:
        The log file's path, or None if the folder cannot be written (then the log
        goes to standard error, and the app still runs).
    """
    for old in list(log.handlers):
        if old.get_name() == HANDLER_NAME:
            log.removeHandler(old)
            old.close()
    from logging.handlers import RotatingFileHandler  # loaded after the window shows

    from safeguarding.private_files import make_private, make_private_folder

    class PrivateRotatingFileHandler(RotatingFileHandler):
        """Each log file is owner-only from its creation (it may name places and quote errors about records)."""

        def _open(self) -> TextIOWrapper:
            stream = super()._open()
            make_private(Path(self.baseFilename))
            return stream

    path: Path | None = folder / LOG_FILE
    handler: logging.Handler
    try:
        make_private_folder(folder)
        handler = PrivateRotatingFileHandler(folder / LOG_FILE, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
        path = None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.set_name(HANDLER_NAME)
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def environment_message(error: BaseException) -> str | None:
    """Return a plain-English message if ``error`` is an environment problem, else None."""
    if isinstance(error, SafeguardingError):
        return str(error)
    if problem_of(error) not in FIXABLE:
        return None
    holder = "A file" if isinstance(error, OSError) else "The database"  # else SQLite said it
    return save_failure(error, "the last change", holder=holder)


def _is_damage(error: BaseException) -> bool:
    """True if ``error`` means the database file is damaged (:func:`safeguarding.store.is_damage`)."""
    if "safeguarding.store" not in sys.modules:  # no database was ever opened: loading the store takes time
        return False
    from safeguarding.store import is_damage

    return is_damage(error)


def _is_closed(error: BaseException) -> bool:
    """True if ``error`` is SQLite refusing work on a closed database (its ``ProgrammingError``)."""
    return type(error).__name__ == "ProgrammingError" and "closed database" in str(error)


class ErrorReporter:
    """The app's ``sys.excepthook``: logs, then tells the user through ``interaction``.

    Args:
        interaction: Shows the message or the bug dialog (tests pass a scripted one).
        log_file: Where the log is written, mentioned in the bug dialog (may be set
            later, once logging is set up).
    """

    def __init__(self, interaction: Interaction, log_file: Path | None) -> None:
        self._interaction = interaction
        self.log_file = log_file
        self._previous = sys.excepthook
        self.reported: list[BaseException] = []
        self.damaged: Callable[[BaseException], None] | None = None
        """Called instead of the bug dialog when an error means the database file is damaged."""
        self.closed_under: Callable[[], str] | None = None
        """Why the window's database was closed under open work ("" if it was not): a form that still
        used it (one not told, see :meth:`ui.editing.keeper.DraftKeeper.store_closed`) gets that in words."""

    def install(self) -> None:
        """Make this reporter the process's exception hook."""
        self._previous = sys.excepthook
        sys.excepthook = self.hook

    def uninstall(self) -> None:
        """Restore the hook that was in place before :meth:`install`."""
        sys.excepthook = self._previous

    def hook(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        """Handle an exception nobody caught (Qt slots included); never raises."""
        if issubclass(kind, KeyboardInterrupt):
            self._previous(kind, error, tb)
            return
        self.reported.append(error)
        try:
            if self.damaged is not None and _is_damage(error):  # met where no caller expected it
                log.warning("Damaged database: %s", error)
                self.damaged(error)
                return
            why = self.closed_under() if self.closed_under is not None and _is_closed(error) else ""
            if why:  # a form used the database closed under it (found damaged): words, not the bug dialog
                log.warning("Closed database used: %s", error)
                self._interaction.error(
                    None,
                    "Not saved",
                    f"{why}\n\nNothing was written. What you typed is still in its window: copy it from there.",
                )
                return
            message = environment_message(error)
            if message is not None:
                log.warning("Environment problem: %s", message)
                self._interaction.error(None, "Problem", message)
                return
            details = "".join(traceback.format_exception(kind, error, tb))
            log.error("Unexpected error\n%s", details)
            where = f"\n\nThe details were written to the log file:\n{self.log_file}" if self.log_file else ""
            self._interaction.report_bug(
                None,
                "Something went wrong inside the app. Your saved work is safe; the last action may not have "
                f"finished. Please tell your IT or the app's support team what you were doing.{where}",
                details,
            )
        except Exception:  # the hook must never raise: fall back to the previous hook
            self._previous(kind, error, tb)
