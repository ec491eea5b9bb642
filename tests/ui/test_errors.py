"""The global exception hook: bugs are logged and shown, environment problems explained."""

from __future__ import annotations

import errno
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal
from pytestqt.qtbot import QtBot

from safeguarding.errors import StorageError
from tests.ui.conftest import ScriptedInteraction
from ui.errors import ErrorReporter, environment_message, log, setup_logging


class Emitter(QObject):
    """Something with a signal, to raise inside a connected slot as Qt would."""

    fired = Signal()


@pytest.fixture
def reporter(tmp_path: Path, interaction: ScriptedInteraction) -> Iterator[ErrorReporter]:
    log_file = setup_logging(tmp_path / "logs")
    reporter = ErrorReporter(interaction, log_file)
    reporter.install()
    yield reporter
    reporter.uninstall()
    for handler in list(log.handlers):
        handler.close()
        log.removeHandler(handler)


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_is_logged_and_shown_not_fatal(
    qtbot: QtBot, tmp_path: Path, reporter: ErrorReporter, interaction: ScriptedInteraction
) -> None:
    emitter = Emitter()
    calls: list[str] = []

    def broken_slot() -> None:
        calls.append("ran")
        raise ZeroDivisionError("a bug in a slot")

    emitter.fired.connect(broken_slot)
    emitter.fired.emit()
    assert calls == ["ran"]
    assert len(interaction.bugs) == 1
    summary, details = interaction.bugs[0]
    assert "Your saved work is safe" in summary
    assert str(tmp_path / "logs" / "app.log") in summary
    assert "ZeroDivisionError: a bug in a slot" in details
    log_text = (tmp_path / "logs" / "app.log").read_text(encoding="utf-8")
    assert "ZeroDivisionError: a bug in a slot" in log_text
    # The app is still alive: the same signal can fire again and is handled again.
    emitter.fired.emit()
    assert len(interaction.bugs) == 2


@pytest.mark.qt_no_exception_capture
def test_environment_problem_gets_its_own_message_not_the_bug_dialog(
    qtbot: QtBot, reporter: ErrorReporter, interaction: ScriptedInteraction, caplog: pytest.LogCaptureFixture
) -> None:
    emitter = Emitter()

    def disk_full() -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    emitter.fired.connect(disk_full)
    with caplog.at_level(logging.WARNING, logger=log.name):
        emitter.fired.emit()
    assert interaction.bugs == []
    assert interaction.errors == [("Problem", environment_message(OSError(errno.ENOSPC, "x")))]
    assert "disk is full" in interaction.errors[0][1]


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (StorageError("The database is read-only, so the change could not be saved."), "read-only"),
        (OSError(errno.EACCES, "Permission denied"), "permission denied"),
        (Exception("database is locked"), "in use by another program"),
        (ValueError("bug"), None),
    ],
)
def test_environment_message_classifies(error: BaseException, expected: str | None) -> None:
    message = environment_message(error)
    if expected is None:
        assert message is None
    else:
        assert message is not None and expected in message


def test_unwritable_log_folder_falls_back_without_failing(tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x", encoding="utf-8")
    try:
        assert setup_logging(blocker / "logs") is None
    finally:
        for handler in list(log.handlers):
            handler.close()
            log.removeHandler(handler)
