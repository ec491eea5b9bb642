"""A second app on the same database: told who holds it, read-only or open anyway, stale locks, refused work."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from pytestqt.qtbot import QtBot

from safeguarding.forms import FormLibrary
from tests.store.test_instance_lock import start_holder
from tests.ui.conftest import ScriptedInteraction
from tests.ui.durable_helpers import open_visits, seed
from ui.main_window import MainWindow


def _build(qtbot: QtBot, db_path: Path, interaction: ScriptedInteraction) -> MainWindow:
    from ui.startup import build_window

    window = build_window(db_path, demo=False, interaction=interaction)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _close(window: MainWindow) -> None:
    window.close()
    if window.store is not None:
        window.store.close()
        window.store = None


def test_a_second_app_is_told_who_holds_the_database_and_can_open_it_read_only(
    qtbot: QtBot, interaction: ScriptedInteraction, db_path: Path, form_library: FormLibrary
) -> None:
    assessment_id = seed(db_path, form_library)
    holder = start_holder(db_path, "Sam Patel")
    try:
        interaction.choices = [0]  # open read-only
        window = _build(qtbot, db_path, interaction)
        title, text = interaction.asked[0]
        assert title == "Database open in another window"
        assert text.startswith(f"{db_path.name} is already open for editing by Sam Patel on ")
        assert window.store is not None and window.store.read_only
        assert window.read_only_label.isVisible() and "Sam Patel" in window.read_only_label.text()
        assert "READ-ONLY" in window.windowTitle()
        assert not window.new_location_action.isEnabled() and not window.locations_page.new_button.isEnabled()
        assert window.export_action.isEnabled()  # reading and exporting still work
        visits = open_visits(window, assessment_id)
        assert visits.notes_edit.isReadOnly() and not visits.save_button.isEnabled()
        assert window.editor is not None and "Read-only" in window.editor.save_state.text()
        _close(window)

        interaction.choices = [1]  # open anyway: saves are protected by revisions
        anyway = _build(qtbot, db_path, interaction)
        assert anyway.store is not None and not anyway.store.read_only
        assert anyway.hold is not None and anyway.hold.lock is None and anyway.hold.other is not None
        assert not anyway.read_only_label.isVisible()
        assert anyway.shared_label.isVisible() and "Opened while Sam Patel" in anyway.shared_label.text()
        _close(anyway)

        interaction.choices = [2]  # cancel
        cancelled = _build(qtbot, db_path, interaction)
        assert cancelled.store is None and "open for editing in another window" in cancelled.empty.text()
        _close(cancelled)
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.communicate(timeout=30)


def test_a_lock_left_by_a_killed_app_is_recognised_as_stale(
    qtbot: QtBot, interaction: ScriptedInteraction, db_path: Path, form_library: FormLibrary
) -> None:
    seed(db_path, form_library)
    holder = start_holder(db_path, "Sam Patel")
    os.kill(holder.pid, signal.SIGKILL)
    holder.communicate(timeout=30)
    window = _build(qtbot, db_path, interaction)
    assert interaction.asked == []  # nobody holds it now: no question
    assert window.hold is not None and window.hold.lock is not None and window.hold.stale is not None
    assert window.hold.stale.name == "Sam Patel"
    assert "The app was not closed properly last time (Sam Patel on " in window.statusBar().currentMessage()
    _close(window)


def test_encrypting_or_restoring_is_refused_while_another_app_has_the_database_open(
    qtbot: QtBot, interaction: ScriptedInteraction, db_path: Path, form_library: FormLibrary
) -> None:
    seed(db_path, form_library)
    holder = start_holder(db_path, "Sam Patel")
    try:
        interaction.choices = [1]  # open anyway
        window = _build(qtbot, db_path, interaction)
        assert not window.security.database_work.encrypt("tulip harbour lantern seven", None)
        title, text = interaction.errors[-1]
        assert title == "The database is open in another window" and "Sam Patel" in text
        assert "Nothing was changed" in text
        assert window.store is not None and not window.store.opened.encrypted
        _close(window)
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.communicate(timeout=30)
