"""Qt for the window's tests: the web engine's set-up, a scripted user and a window factory.

pytest-qt is loaded for runs that include this folder (see ``tests/conftest.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from safeguarding.forms import FormLibrary
from safeguarding.protection.sharing import SharingDetails
from safeguarding.store import open_store
from ui.interaction import Interaction
from ui.main_window import MainWindow
from ui.schemes import share_opengl_contexts

# The web engine (map) needs this before pytest-qt creates the QApplication; the map's
# URL schemes are registered by the first map view, as in the app.
share_opengl_contexts()


class ScriptedInteraction(Interaction):
    """Answers the app's questions from queues instead of opening dialogs.

    Attributes:
        answers: Answers for ``confirm`` in order (True = yes); an empty queue fails the test.
        save_paths: Paths returned by ``save_path`` in order (None = cancelled).
        suggested: The path each ``save_path`` suggested, in order.
        open_path_lists: Lists returned by ``open_files`` (several files) in order ([] = cancelled).
        versions: Answers for ``choose_version`` in order (("a"|"b", None), ("merged", text) or None).
        asked, errors, infos: What the app asked or told, as (title, text) pairs.
        checklists: Each ``review_checklist`` shown, as (title, headers, rows, ticks).
        checklist_answers: Functions ``(rows, ticks) -> ticks or None`` answering them in order.
        dates: Answers for ``ask_date`` in order (None = cancelled); an empty queue fails the test.
        date_problems: What ``ask_date``'s check said of an answer it refused (the next answer is used then).
        sharing: Answers for ``ask_sharing`` (for whom and why an export is) in order (None = cancelled);
            when empty, the suggested answers (or none) are given, as a user clicking Export would.
        sharing_asked: What each ``ask_sharing`` said was being exported, with its suggested answers.
        offered_open: Each file offered to be opened after it was written, as (button text, path).
        open_answers: Whether the user presses that button, in order (none queued: Close).
        opened: The files the user chose to open.
    """

    def __init__(self) -> None:
        self.answers: list[bool] = []
        self.save_paths: list[Path | None] = []
        self.suggested: list[Path] = []
        self.open_paths: list[Path | None] = []
        self.open_path_lists: list[list[Path]] = []
        self.asked: list[tuple[str, str]] = []
        self.errors: list[tuple[str, str]] = []
        self.infos: list[tuple[str, str]] = []
        self.bugs: list[tuple[str, str]] = []
        self.choices: list[int | None] = []
        self.secrets: list[str | None] = []
        self.tables: list[tuple[str, list[str], list[list[str]]]] = []
        self.versions: list[tuple[str, str | None] | None] = []
        self.version_questions: list[tuple[str, str, object, object]] = []
        self.checklists: list[tuple[str, list[str], list[list[str]], list[bool]]] = []
        self.checklist_answers: list[Callable[[list[list[str]], list[bool]], list[bool] | None]] = []
        self.dates: list[date | None] = []
        self.date_problems: list[str] = []
        self.sharing: list[SharingDetails | None] = []
        self.sharing_asked: list[tuple[str, SharingDetails | None]] = []
        self.offered_open: list[tuple[str, Path]] = []
        self.open_answers: list[bool] = []
        self.opened: list[Path] = []

    def confirm(self, parent, title, text, *, yes="Yes", no="No"):  # type: ignore[no-untyped-def]
        self.asked.append((title, text))
        assert self.answers, f"unexpected question: {title}: {text}"
        return self.answers.pop(0)

    def choose(self, parent, title, text, options):  # type: ignore[no-untyped-def]
        self.asked.append((title, text))
        assert self.choices, f"unexpected choice: {title}: {text} {options}"
        return self.choices.pop(0)

    def choose_version(self, parent, title, label, explanation, a, b, *, allow_merge=True):  # type: ignore[no-untyped-def]
        self.asked.append((title, f"{label}: {explanation}"))
        self.version_questions.append((title, label, a, b))
        assert self.versions, f"unexpected choice of versions: {title}: {label}"
        return self.versions.pop(0)

    def review_table(self, parent, title, text, headers, rows, *, yes="Continue", no="No"):  # type: ignore[no-untyped-def]
        self.asked.append((title, text))
        self.tables.append((title, headers, rows))
        assert self.answers, f"unexpected question: {title}: {text}"
        return self.answers.pop(0)

    def review_checklist(self, parent, title, text, headers, rows, checked, *, yes="Continue", no="No"):  # type: ignore[no-untyped-def]
        self.asked.append((title, text))
        self.checklists.append((title, headers, rows, checked))
        assert self.checklist_answers, f"unexpected checklist: {title}: {text}"
        return self.checklist_answers.pop(0)(rows, list(checked))

    def ask_sharing(self, parent, what, suggested=None):  # type: ignore[no-untyped-def]
        self.sharing_asked.append((what, suggested))
        return self.sharing.pop(0) if self.sharing else (suggested or SharingDetails())

    def ask_secret(self, parent, title, label):  # type: ignore[no-untyped-def]
        self.asked.append((title, label))
        assert self.secrets, f"unexpected passphrase question: {title}"
        return self.secrets.pop(0)

    def ask_date(self, parent, title, text, *, label, suggested, check=None, yes="OK"):  # type: ignore[no-untyped-def]
        """Answer from ``dates``; a date ``check`` refuses is recorded in ``date_problems`` and the next is used."""
        self.asked.append((title, text))
        while True:
            assert self.dates, f"unexpected date question: {title}: {text}"
            answer = self.dates.pop(0)
            problem = check(answer) if (check and answer is not None) else ""
            if not problem:
                return answer
            self.date_problems.append(problem)

    def inform(self, parent, title, text):  # type: ignore[no-untyped-def]
        self.infos.append((title, text))

    def inform_with_open(self, parent, title, text, path, *, open_text):  # type: ignore[no-untyped-def]
        """Told as ``inform``; "open" (``open_text``) pressed when ``open_answers`` says so (the file is not opened)."""
        self.infos.append((title, text))
        self.offered_open.append((open_text, path))
        if self.open_answers and self.open_answers.pop(0):
            self.opened.append(path)

    def error(self, parent, title, text):  # type: ignore[no-untyped-def]
        self.errors.append((title, text))

    def report_bug(self, parent, summary, details):  # type: ignore[no-untyped-def]
        self.bugs.append((summary, details))

    def save_path(self, parent, title, suggested, file_filter):  # type: ignore[no-untyped-def]
        self.suggested.append(suggested)
        assert self.save_paths, f"unexpected save dialog: {title}"
        return self.save_paths.pop(0)

    def open_path(self, parent, title, folder, file_filter):  # type: ignore[no-untyped-def]
        assert self.open_paths, f"unexpected open dialog: {title}"
        return self.open_paths.pop(0)

    def open_files(self, parent, title, folder, file_filter):  # type: ignore[no-untyped-def]
        assert self.open_path_lists, f"unexpected open dialog: {title}"
        return self.open_path_lists.pop(0)


@pytest.fixture
def interaction() -> ScriptedInteraction:
    """A scripted user for the window's questions."""
    return ScriptedInteraction()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the window's database lives for this test."""
    return tmp_path / "window.sqlite3"


@pytest.fixture
def make_window(
    qtbot: QtBot, interaction: ScriptedInteraction, db_path: Path, form_library: FormLibrary
) -> Iterator[Callable[..., MainWindow]]:
    """Return a factory opening a shown main window on ``db_path``, or the path it is given (closed after the test)."""
    windows: list[MainWindow] = []

    def make(path: Path | None = None) -> MainWindow:
        window = MainWindow(open_store(path or db_path), form_library, interaction)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.team.wait_for_sync()  # a team sync still running reads the database
        if window.store is not None:
            window.store.close()
            window.store = None
