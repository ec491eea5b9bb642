"""The Team menu in the window, against the real test server: join, sync, conflicts, the writing-up marker."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from safeguarding.model import Side
from safeguarding.team.holds import holder_of
from tests.team.fixtures import PASSWORD, Team
from tests.team.helpers import brenchley, laptop, set_concerns
from tests.ui.conftest import ScriptedInteraction
from ui.main_window import MainWindow
from ui.team.conflicts_dialog import ConflictsDialog


def _two_laptops(team: Team) -> tuple[Path, Path]:
    """Sam's laptop shares the demo; Jo's joins empty and receives it (both coordinators)."""
    team.add("sam", "coordinator", name="Sam Patel")
    team.add("jo", "coordinator", name="Jo Khan")
    a, b = team.laptop("a", demo=True), team.laptop("b")
    team.join(a, "sam")
    team.join(b, "jo")
    return a, b


def _sync_in_window(qtbot: QtBot, window: MainWindow) -> None:
    window.team.sync_action.trigger()
    qtbot.waitUntil(lambda: window.team.task is None, timeout=30000)


def test_a_laptop_joins_from_the_menu_and_the_window_shows_the_last_sync(
    team: Team, qtbot: QtBot, make_window: Callable[[Path], MainWindow], interaction: ScriptedInteraction
) -> None:
    team.add("sam", "coordinator", name="Sam Patel")
    window = make_window(team.laptop("a", demo=True))
    assert not window.team.status_label.isVisible() and not window.team.sync_action.isEnabled()
    window.team.join_action.trigger()
    dialog = window.team.join_dialog
    assert dialog is not None and not dialog.remember.isEnabled()  # a plain database never keeps a password
    dialog.url.setText(team.server.url(team.database, "nobody"))
    dialog.user.setText(team.user("sam"))
    dialog.secret.setText(PASSWORD)
    dialog.join_button.click()
    qtbot.waitUntil(lambda: window.team.last_result is not None, timeout=30000)
    assert window.team.last_result is not None and window.team.last_result.sent > 200
    assert interaction.errors == []
    text = window.team.status_label.text()
    assert text.startswith("Team: synced") and "0 changes waiting" in text
    assert window.team.sync_action.isEnabled()


def test_the_demo_mark_arrives_with_the_teams_demo(
    team: Team, qtbot: QtBot, make_window: Callable[[Path], MainWindow], interaction: ScriptedInteraction
) -> None:
    team.add("sam", "coordinator", name="Sam Patel")
    team.add("jo", "coordinator", name="Jo Khan")
    path = team.laptop("b")
    team.join(path, "jo")  # before anything is shared: Jo's laptop is not the demo yet
    team.join(team.laptop("a", demo=True), "sam")
    window = make_window(path)
    assert not window.demo_label.isVisible() and "DEMO DATA" not in window.windowTitle()
    interaction.secrets = [PASSWORD]
    _sync_in_window(qtbot, window)
    assert window.demo_label.isVisible() and "DEMO DATA" in window.windowTitle()
    assert "demo, not encrypted" in window.path_label.full_text()


def test_a_wrong_password_is_said_in_the_window_and_asked_again_next_time(
    team: Team, qtbot: QtBot, make_window: Callable[[Path], MainWindow], interaction: ScriptedInteraction
) -> None:
    team.add("sam", "coordinator")
    path = team.laptop("a")
    team.join(path, "sam")
    window = make_window(path)
    interaction.secrets = ["not the password"]
    _sync_in_window(qtbot, window)
    assert interaction.errors and "refused the password" in interaction.errors[-1][1]
    interaction.secrets = [PASSWORD]
    _sync_in_window(qtbot, window)
    assert window.team.last_result is not None and len(interaction.errors) == 1


def test_a_conflict_is_shown_when_the_assessment_opens_and_the_choice_travels(
    team: Team, qtbot: QtBot, make_window: Callable[[Path], MainWindow], interaction: ScriptedInteraction
) -> None:
    a, b = _two_laptops(team)
    with laptop(a) as store:
        set_concerns(store, brenchley(store), Side.GUARDIANSHIP, "Sam: no staff after 6 pm.")
        assessment_id = brenchley(store)
    with laptop(b) as store:
        set_concerns(store, brenchley(store), Side.GUARDIANSHIP, "Jo: the café closes at 5 pm.")
    team.sync(a)
    window = make_window(b)
    interaction.secrets = [PASSWORD]
    _sync_in_window(qtbot, window)
    assert window.team.last_result is not None and window.team.last_result.conflicts == 1
    assert "1 conflict to resolve" in window.team.status_label.text()
    assert interaction.infos and "both versions are kept" in interaction.infos[-1][1]
    window.open_assessment(assessment_id)
    dialog = window.team.conflicts_dialog
    assert isinstance(dialog, ConflictsDialog) and dialog.isVisible() and len(dialog.conflicts) == 1
    assert "Sam Patel" in dialog.list.item(0).text() and "Jo Khan" in dialog.list.item(0).text()
    dialog.choose_button.click()
    choice = dialog.choice_dialog
    assert choice is not None
    assert choice.a_text.toPlainText() == "Sam: no staff after 6 pm."
    assert choice.b_text.toPlainText() == "Jo: the café closes at 5 pm."
    assert choice.merged is not None
    choice.merged.setPlainText("No staff after 6 pm; the café closes at 5 pm.")
    choice.choose_merged()
    assert dialog.conflicts == []
    _sync_in_window(qtbot, window)
    team.sync(a)
    with laptop(a) as store:
        assert store.assessments.get(assessment_id).findings[Side.GUARDIANSHIP].concerns == (
            "No staff after 6 pm; the café closes at 5 pm."
        )


def test_i_am_writing_this_up_is_seen_by_the_team(
    team: Team, qtbot: QtBot, make_window: Callable[[Path], MainWindow], interaction: ScriptedInteraction
) -> None:
    a, b = _two_laptops(team)
    window = make_window(a)
    with laptop(a) as store:
        assessment_id = brenchley(store)
    window.open_assessment(assessment_id)
    assert window.team.hold_action.isEnabled()
    window.team.hold_action.trigger()
    assert window.team.hold_action.isChecked()
    interaction.secrets = [PASSWORD]
    _sync_in_window(qtbot, window)
    team.sync(b)
    with laptop(b) as store:
        hold = holder_of(store.db, assessment_id)
    assert hold is not None and hold.holder == "Sam Patel"


def test_the_version_choice_is_generic_and_suggests_a_merge_without_repeating_the_shared_start(qtbot: QtBot) -> None:
    from datetime import UTC, datetime

    from ui.widgets.version_choice import Version, VersionChoiceDialog, merge_suggestion

    a = Version("The park inside its railings. Sam: add the bus stops.", "Sam Patel",
                datetime(2026, 3, 10, 18, 5, tzinfo=UTC), "Keep version A")  # fmt: skip
    b = Version("The park inside its railings. Jo: add the museum path.", "Jo Khan", None, "Keep version B")
    assert merge_suggestion(a.text, b.text) == (
        "The park inside its railings. Sam: add the bus stops. Jo: add the museum path."
    )
    assert merge_suggestion("Dry.", "Wet.") == "Dry.\n\nWet."
    dialog = VersionChoiceDialog("Two versions", "Visit notes", "Why.", a, b)
    qtbot.addWidget(dialog)
    dialog.open()
    with qtbot.waitSignal(dialog.chosen) as signal:
        dialog.b_button.click()
    assert signal.args == ["b", None] and not dialog.isVisible()
    no_merge = VersionChoiceDialog("Deleted?", "Visit", "Why.", a, b, allow_merge=False)
    qtbot.addWidget(no_merge)
    assert no_merge.merged is None and "18:05" in no_merge.a_text.accessibleName()


def test_a_deletion_against_an_edit_is_offered_as_keep_or_delete_with_who_did_which() -> None:
    from safeguarding.team.conflicts import Conflict
    from ui.team.conflicts_dialog import versions
    from ui.widgets.version_choice import describe

    edit = {"notes": "Two adults approached the group."}
    conflict = Conflict("c1", "a1", "observations", "v1", "_deleted", "delete", "Visit (2026-10-08)",
                        edit, None, "Jo Khan", None, "Sam Patel", None)  # fmt: skip
    a, b, why = versions(conflict)
    assert (a.action, b.action) == ("Keep it (with the edit)", "Delete it")
    assert describe(a) == "Edited by Jo Khan" and describe(b) == "Deleted by Sam Patel"
    assert a.text == "notes: Two adults approached the group." and "Nothing was deleted over the edit" in why
