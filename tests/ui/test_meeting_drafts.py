"""A DCSM meeting is never lost and never overwritten: drafts, a killed app, two windows, Close asks, final is final."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableWidgetItem
from pytestqt.qtbot import QtBot

from safeguarding.demo import build_demo_database
from safeguarding.drafts import Draft
from safeguarding.meetings.values import meeting_values
from safeguarding.plan.records import Decision
from safeguarding.store import open_store
from tests.ui.conftest import ScriptedInteraction
from tests.ui.test_killed_app import TYPED, kill_while_typing, next_start
from ui.main_window import MainWindow
from ui.meetings.meeting_dialog import MeetingDialog
from ui.meetings.value_words import value_in_words


@pytest.fixture
def demo_db(db_path: Path) -> Path:
    """The demo database: the finalised DCSM of 19 November 2026 and the draft of 17 December 2026."""
    return build_demo_database(db_path, overwrite=True)


def _meetings(window: MainWindow) -> MeetingDialog:
    window.meetings_menu.show_meetings()
    dialog = window.meetings_menu.meeting_dialog
    assert dialog is not None and dialog.meeting is not None and not dialog.meeting.is_final
    return dialog


def test_a_meeting_item_typed_before_a_kill_is_offered_and_restored_at_the_next_start(
    qtbot: QtBot, interaction: ScriptedInteraction, demo_db: Path
) -> None:
    kill_while_typing(demo_db, "-", "meeting")

    window = next_start(qtbot, demo_db, interaction)
    try:
        title, text = interaction.asked[0]
        assert title == "Unsaved work found"
        assert text.startswith("Notes of the DCSM meeting of 17 December 2026 on Brenchley Gardens (item 1)")
        assert " you were writing at " in text and "(‘Six young people by the bandstand from 21:05" in text
        dialog = window.meetings_menu.meeting_dialog
        assert dialog is not None and dialog.isVisible()
        editor = dialog.item_editor
        assert editor.item is not None and editor.item.location_name == "Brenchley Gardens"
        assert editor.discussion.toPlainText() == TYPED
        assert dialog.editing is not None and dialog.editing.unsaved()
        assert dialog.save()
        assert window.store is not None and window.store.drafts.every() == []
        assert window.store.meetings.get(dialog.meeting.id).items[0].the_discussion == TYPED  # type: ignore[union-attr]
    finally:
        window.close()
        if window.store is not None:
            window.store.close()
            window.store = None


def test_typing_keeps_a_draft_and_close_asks_before_discarding(
    qtbot: QtBot, make_window: Callable[..., MainWindow], demo_db: Path, interaction: ScriptedInteraction
) -> None:
    window = make_window()
    dialog = _meetings(window)
    assert dialog.editing is not None and not dialog.editing.unsaved()
    dialog.agenda.setCurrentRow(1)
    dialog.item_editor.discussion.setPlainText("Two visits found nothing of concern.")
    keeper = window.drafts
    assert keeper is not None
    with qtbot.waitSignal(keeper.written, timeout=5000):
        pass
    assert window.store is not None
    (draft,) = window.store.drafts.every()
    assert draft.label == "notes of the DCSM meeting of 17 December 2026 on Maidstone East station forecourt (item 2)"
    assert keeper.summary().startswith("Not saved yet: notes of the DCSM meeting of 17 December 2026")
    assert not keeper.all_saved()  # the status line cannot say "All changes saved"

    interaction.answers = [False]  # keep editing
    dialog.close()
    assert interaction.asked[-1][0] == "Discard what you typed?" and dialog.isVisible()
    assert dialog.item_editor.discussion.toPlainText() == "Two visits found nothing of concern."
    interaction.answers = [True]  # discard it
    dialog.close()
    assert not dialog.isVisible()
    keeper.flush()
    assert window.store.drafts.every() == []  # discarded, as the user chose


def test_choosing_another_meeting_with_typed_work_asks_and_can_stay(
    make_window: Callable[..., MainWindow], demo_db: Path, interaction: ScriptedInteraction
) -> None:
    window = make_window()
    dialog = _meetings(window)
    dialog.chair.setText("Dr A. Mensah (fictional)")
    interaction.choices = [2]  # stay
    dialog.chooser.setCurrentIndex(1)  # the November meeting
    assert dialog.chooser.currentIndex() == 0 and dialog.chair.text() == "Dr A. Mensah (fictional)"
    interaction.choices = [0]  # save it
    dialog.chooser.setCurrentIndex(1)
    assert dialog.meeting is not None and dialog.meeting.is_final
    assert window.store is not None
    assert window.store.meetings.meetings()[0].chair == "Dr A. Mensah (fictional)"


def test_a_finalised_meeting_holds_no_work_and_closes_without_asking(
    make_window: Callable[..., MainWindow], demo_db: Path, interaction: ScriptedInteraction
) -> None:
    window = make_window()
    dialog = _meetings(window)
    dialog.chooser.setCurrentIndex(1)  # the November meeting: finalised
    assert dialog.meeting is not None and dialog.meeting.is_final
    assert dialog.title.isReadOnly() and dialog.item_editor.discussion.isReadOnly()
    assert not dialog.save_button.isEnabled()
    assert dialog.editing is not None and dialog.editing.drafts() == []
    dialog.close()
    assert not dialog.isVisible() and interaction.asked == []


def test_deleting_a_draft_meeting_with_typed_work_asks_once_and_leaves_no_draft(
    qtbot: QtBot, make_window: Callable[..., MainWindow], demo_db: Path, interaction: ScriptedInteraction
) -> None:
    window = make_window()
    dialog = _meetings(window)
    dialog.venue.setText("Maidstone House, room 4")
    keeper = window.drafts
    assert keeper is not None and window.store is not None
    with qtbot.waitSignal(keeper.written, timeout=5000):
        pass
    interaction.answers = [True]  # delete it (the only question)
    dialog.delete_draft()
    assert [title for title, _text in interaction.asked] == ["Delete draft"]
    assert [meeting.is_final for meeting in window.store.meetings.meetings()] == [True]  # November's is left
    keeper.flush()
    assert window.store.drafts.every() == [] and keeper.all_saved()


@pytest.fixture
def two_windows(
    make_window: Callable[..., MainWindow], demo_db: Path, interaction: ScriptedInteraction
) -> Iterator[tuple[MeetingDialog, MeetingDialog]]:
    """Two app windows on one database (as two copies of the app), each with the December meeting open."""
    first = make_window()
    second_store = open_store(demo_db)
    second_store.audit.set_actor("Alex Jones")
    second = MeetingDialog(second_store, interaction)
    second.show()
    yield _meetings(first), second
    second.editing = None  # closed with the test: nothing to ask
    second.close()
    second.deleteLater()
    second_store.close()


def test_two_windows_on_one_meeting_item_keep_both_changes_to_different_fields(
    two_windows: tuple[MeetingDialog, MeetingDialog],
) -> None:
    mine, theirs = two_windows
    mine.agenda.setCurrentRow(0)
    theirs.agenda.setCurrentRow(0)
    mine.item_editor.discussion.setPlainText("Lamps still out; the council will chase the contractor.")
    theirs.item_editor.decision.setCurrentIndex(theirs.item_editor.decision.findData(Decision.CONTINUE.value))
    theirs.item_editor.updates.setItem(0, 3, QTableWidgetItem("Patrols now three afternoons a week."))
    assert theirs.save()
    assert mine.save()
    for dialog in (mine, theirs):
        dialog.reload()
        dialog.agenda.setCurrentRow(0)
        editor = dialog.item_editor
        assert editor.discussion.toPlainText() == "Lamps still out; the council will chase the contractor."
        assert editor.decision.currentData() == Decision.CONTINUE.value
        note = editor.updates.item(0, 3)
        assert note is not None and note.text() == "Patrols now three afternoons a week."


def test_the_same_field_in_two_windows_raises_the_choice_and_keeps_what_the_user_chose(
    two_windows: tuple[MeetingDialog, MeetingDialog], interaction: ScriptedInteraction
) -> None:
    mine, theirs = two_windows
    mine.agenda.setCurrentRow(0)
    theirs.agenda.setCurrentRow(0)
    theirs.item_editor.discussion.setPlainText("Alex's notes of the discussion.")
    theirs.venue.setText("Online")
    assert theirs.save()
    mine.item_editor.discussion.setPlainText("Sam's notes of the discussion.")
    mine.chair.setText("Dr A. Mensah (fictional)")
    interaction.versions = [("merged", "Sam's notes, with Alex's.")]
    assert mine.save()
    title, label, typed_here, saved = interaction.version_questions[0]
    assert title == "Changed in two places" and label == "Item 1, Brenchley Gardens: discussion"
    assert getattr(typed_here, "text", None) == "Sam's notes of the discussion."
    assert getattr(saved, "text", None) == "Alex's notes of the discussion."
    assert getattr(saved, "author", None) == "Alex Jones"
    stored = mine._store.meetings.get(mine.meeting.id)  # type: ignore[union-attr]
    assert stored.items[0].the_discussion == "Sam's notes, with Alex's."
    assert (stored.venue, stored.chair) == ("Online", "Dr A. Mensah (fictional)")  # both windows' other changes
    assert mine.venue.text() == "Online"  # what the other window saved shows here


def test_deciding_later_keeps_the_typing_on_screen_and_saves_nothing(
    two_windows: tuple[MeetingDialog, MeetingDialog], interaction: ScriptedInteraction
) -> None:
    mine, theirs = two_windows
    theirs.title.setText("Maidstone DCSM (Alex)")
    assert theirs.save()
    mine.title.setText("Maidstone DCSM (Sam)")
    interaction.versions = [None]  # decide later
    assert not mine.save()
    assert interaction.errors and "changed the same field" in interaction.errors[-1][1]
    assert mine.title.text() == "Maidstone DCSM (Sam)"
    assert mine.editing is not None and mine.editing.unsaved()
    assert mine._store.meetings.meetings()[0].title == "Maidstone DCSM (Alex)"
    interaction.versions = [("b", None)]  # saving again asks again: keep Alex's
    assert mine.save() and mine.title.text() == "Maidstone DCSM (Alex)"
    assert not mine.editing.unsaved()


def test_an_item_added_but_never_saved_and_typed_in_before_a_kill_is_rebuilt_at_the_next_start(
    qtbot: QtBot, interaction: ScriptedInteraction, demo_db: Path
) -> None:
    before = open_store(demo_db)
    try:  # North Week Street (assessed, with open actions) is taken off the December agenda: it can be added
        (draft_id,) = [meeting.id for meeting in before.meetings.meetings() if not meeting.is_final]
        draft_meeting = before.meetings.get(draft_id)
        (added,) = [row for row in before.register.rows(draft_meeting.meeting_date) if row.name == "North Week Street"]
        draft_meeting.items = [item for item in draft_meeting.items if item.location_id != added.location_id]
        before.meetings.save(draft_meeting)
    finally:
        before.close()
    assert added.latest_assessment_id is not None
    kill_while_typing(demo_db, "-", "meeting-new-item")

    window = next_start(qtbot, demo_db, interaction)
    try:
        title, text = interaction.asked[0]
        assert title == "Unsaved work found"
        assert f"on {added.name} (item {len(draft_meeting.items) + 1})" in text
        dialog = window.meetings_menu.meeting_dialog
        assert dialog is not None and dialog.isVisible() and dialog.meeting is not None
        rebuilt = dialog.meeting.items[-1]
        assert (rebuilt.location_id, rebuilt.location_name) == (added.location_id, added.name)
        assert dialog.agenda.count() == len(draft_meeting.items) + 1
        editor = dialog.item_editor
        assert editor.item is rebuilt and editor.discussion.toPlainText() == TYPED
        assert dialog.editing is not None and dialog.editing.unsaved()
        assert dialog.save()
        assert window.store is not None and window.store.drafts.every() == []
        stored = window.store.meetings.get(dialog.meeting.id).items[-1]
        assert (stored.location_id, stored.the_discussion) == (added.location_id, TYPED)
        assert stored.review is not None and stored.review.items  # its open actions, to update at the meeting
    finally:
        window.close()
        if window.store is not None:
            window.store.close()
            window.store = None


def test_two_windows_ordering_the_agenda_at_once_are_asked_in_place_names_not_ids(
    two_windows: tuple[MeetingDialog, MeetingDialog], interaction: ScriptedInteraction
) -> None:
    mine, theirs = two_windows
    assert mine.meeting is not None
    names = [item.location_name for item in mine.meeting.items]
    assert len(names) == 3
    theirs.agenda.setCurrentRow(2)
    theirs.up_button.click()  # theirs: 1, 3, 2
    assert theirs.save()
    mine.agenda.setCurrentRow(0)
    mine.down_button.click()  # mine: 2, 1, 3
    interaction.versions = [("a", None)]  # keep mine
    assert mine.save()
    title, label, typed_here, saved = interaction.version_questions[0]
    assert (title, label) == ("Changed in two places", "The agenda")
    first, second, third = names
    assert getattr(typed_here, "text", None) == f"1. {second}, 2. {first}, 3. {third}"
    assert getattr(saved, "text", None) == f"1. {first}, 2. {third}, 3. {second}"
    assert not any(item.id in str(asked) for asked in interaction.asked for item in mine.meeting.items)
    stored = mine._store.meetings.get(mine.meeting.id)
    assert [item.location_name for item in stored.items] == [second, first, third]


def test_the_lists_of_a_meeting_read_as_words_in_the_version_choice() -> None:
    names = {"a1": "Brenchley Gardens", "b2": "Week Street"}.get
    assert value_in_words("agenda", '["a1", "b2", "gone"]', names) == (
        "1. Brenchley Gardens, 2. Week Street, 3. an item no longer on the agenda"
    )
    people = '[["Sam Patel", "Youth Hub", "Youth worker", "present"], ["Dr A. Mensah", "", "", "apologies"]]'
    assert value_in_words("attendees", people, names) == (
        "Sam Patel (Youth Hub, Youth worker): present\nDr A. Mensah: apologies"
    )
    assert value_in_words("a1.decision", Decision.CONTINUE.value, names) == Decision.CONTINUE.label
    assert value_in_words("a1.next_review_date", "2027-01-21", names) == "21 January 2027"
    assert value_in_words("a1.next_review_date", "21/1/2", names) == "21/1/2"  # not finished typing: as typed


def test_notes_for_an_item_that_cannot_be_put_back_are_shown_in_full_kept_and_never_dropped_unasked(
    qtbot: QtBot, interaction: ScriptedInteraction, demo_db: Path
) -> None:
    store = open_store(demo_db)
    try:  # a draft as an older app, killed, left it: an item added, never saved, and no origin to rebuild it
        (meeting_id,) = [meeting.id for meeting in store.meetings.meetings() if not meeting.is_final]
        base = meeting_values(store.meetings.get(meeting_id))
        payload = {
            **base,
            "agenda": json.dumps([*json.loads(base["agenda"]), "lost-item"]),
            "lost-item.discussion": TYPED,
            "lost-item.decision": None,
            "lost-item.new_actions": json.dumps([{"id": "n1", "description": "Council to mend the west path lights"}]),
        }
        store.drafts.put(
            Draft(
                key=f"meeting:{meeting_id}",
                kind="meeting",
                record_id=meeting_id,
                assessment_id=None,
                label="notes of the DCSM meeting of 17 December 2026 on Fremlin Walk (item 4)",
                payload=payload,
                base=base,
                excerpt=TYPED[:40],
                instance="another-laptop:4242:dead",
            )
        )
    finally:
        store.close()

    window = next_start(qtbot, demo_db, interaction)
    try:
        dialog = window.meetings_menu.meeting_dialog
        assert dialog is not None and dialog.meeting is not None and window.store is not None
        ((title, told),) = interaction.infos
        assert title == "Notes for an item not on the agenda"
        assert "Nothing you typed is lost" in told and f"Discussion: {TYPED}" in told
        assert "New action agreed: Council to mend the west path lights" in told
        assert "lost-item" not in told
        assert dialog.editing is not None and dialog.editing.unsaved()
        assert window.drafts is not None
        window.drafts.flush()
        (kept,) = window.store.drafts.every()
        assert kept.payload["lost-item.discussion"] == TYPED  # still in the draft

        interaction.answers = [False]  # keep them: nothing is saved
        assert not dialog.save()
        assert interaction.asked[-1][0] == "Notes not on the agenda" and TYPED in interaction.asked[-1][1]
        window.drafts.flush()
        assert window.store.drafts.every()[0].payload["lost-item.discussion"] == TYPED
        interaction.answers = [True]  # save without them, as the user chose
        assert dialog.save()
        assert window.store.drafts.every() == [] and not dialog.editing.unsaved()
    finally:
        window.close()
        if window.store is not None:
            window.store.close()
            window.store = None


def test_a_new_meeting_is_saved_when_started_so_its_typed_work_after_a_crash_is_restored(
    qtbot: QtBot, make_window: Callable[..., MainWindow], demo_db: Path, interaction: ScriptedInteraction
) -> None:
    window = make_window()
    dialog = _meetings(window)
    interaction.dates = [date(2027, 1, 21)]
    dialog.new_meeting()
    assert dialog.meeting is not None and dialog.meeting.meeting_date == date(2027, 1, 21)
    assert window.store is not None and window.store.meetings.get(dialog.meeting.id)  # stored at once
    dialog.chair.setText("Dr A. Mensah (fictional)")
    dialog.agenda.setCurrentRow(0)
    dialog.item_editor.discussion.setPlainText(TYPED)
    assert window.drafts is not None
    window.drafts.flush()
    (draft,) = window.store.drafts.every()
    assert draft.base is not None and draft.record_id == dialog.meeting.id
    window.store.drafts.adopt(draft.key, "another-laptop:4242:dead")  # as a killed app leaves it
    dialog.editing = None  # the app is gone: nothing asked, nothing saved
    dialog.close()
    window.drafts = None
    window.store.close()
    window.store = None
    interaction.asked.clear()

    restarted = next_start(qtbot, demo_db, interaction)
    try:
        assert interaction.asked[0][1].startswith("Notes of the DCSM meeting of 21 January 2027 on ")
        restored = restarted.meetings_menu.meeting_dialog
        assert restored is not None and restored.meeting is not None
        assert restored.meeting.meeting_date == date(2027, 1, 21)
        assert restored.chair.text() == "Dr A. Mensah (fictional)"
        assert restored.item_editor.discussion.toPlainText() == TYPED
        assert restored.save() and restarted.store is not None and restarted.store.drafts.every() == []
    finally:
        restarted.close()
        if restarted.store is not None:
            restarted.store.close()
            restarted.store = None


def test_notes_typed_in_an_item_another_window_removed_are_shown_and_not_saved_away_unasked(
    two_windows: tuple[MeetingDialog, MeetingDialog], interaction: ScriptedInteraction
) -> None:
    mine, theirs = two_windows
    theirs.agenda.setCurrentRow(0)
    theirs.remove_item()
    assert theirs.save()
    mine.agenda.setCurrentRow(0)
    mine.item_editor.discussion.setPlainText(TYPED)
    interaction.versions = [("a", None)] * 3  # keep what was typed here
    interaction.answers = [False]  # keep the notes: nothing is saved
    assert not mine.save()
    assert any(title == "Notes for an item not on the agenda" and TYPED in text for title, text in interaction.infos)
    assert interaction.asked[-1][0] == "Notes not on the agenda"
    assert mine.editing is not None and mine.editing.unsaved()
    assert any(TYPED in str(draft.payload) for draft in mine.editing.drafts())
    mine.editing.discard_unsaved()  # the test ends: nothing left to ask when the window closes
