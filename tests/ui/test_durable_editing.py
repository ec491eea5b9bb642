"""Never lose a word: drafts while typing, the status line, restoring, leaving, and two windows on one database."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from pytestqt.qtbot import QtBot

from safeguarding.drafts import describe
from safeguarding.forms import FormLibrary
from safeguarding.model import Consultation, ConsultationMethod, MapPin
from safeguarding.store import open_store
from tests.ui.conftest import ScriptedInteraction
from tests.ui.durable_helpers import open_visits, seed, seed_visit
from ui.editing.keeper import DRAFT_INTERVAL_MS
from ui.editor.consultations_page import ConsultationsPage
from ui.editor.form_page import FormPage
from ui.editor.map_page import MapPage
from ui.editor.observations_page import ObservationsPage
from ui.main_window import MainWindow

WindowFactory = Callable[[], MainWindow]
NOTE = "Group of six by the bandstand, music playing; an older male arrived at 21:20."


def test_drafts_are_throttled_so_continuous_typing_is_on_disk_every_interval(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, form_library: FormLibrary
) -> None:
    assert DRAFT_INTERVAL_MS <= 2000  # the promise: within about two seconds
    assessment_id = seed(db_path, form_library)
    window = make_window()
    visits = open_visits(window, assessment_id)
    keeper = window.drafts
    assert keeper is not None and window.store is not None
    qtbot.keyClicks(visits.notes_edit, "Group of six")
    assert keeper.timer.isActive()
    first = keeper.timer.remainingTime()
    qtbot.waitUntil(lambda: keeper.timer.remainingTime() < first - 300, timeout=3000)
    qtbot.keyClicks(visits.notes_edit, " by the bandstand")  # typing goes on: the timer is not started again
    assert keeper.timer.remainingTime() < first - 300
    with qtbot.waitSignal(keeper.written, timeout=3000):
        pass
    (draft,) = window.store.drafts.every()
    assert draft.payload["notes"] == "Group of six by the bandstand"
    assert (draft.label, draft.kind, draft.assessment_id) == ("a visit to Brenchley Gardens", "visit", assessment_id)
    assert draft.excerpt == "Group of six by the bandstand"
    visits.clear_form()


def test_the_status_line_says_all_changes_saved_only_when_every_form_is_saved(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, form_library: FormLibrary
) -> None:
    assessment_id = seed(db_path, form_library)
    window = make_window()
    visits = open_visits(window, assessment_id)
    editor, keeper = window.editor, window.drafts
    assert editor is not None and keeper is not None
    assert editor.save_state.text().startswith("All changes saved")
    qtbot.keyClicks(visits.observer_edit, "Sam Example")
    summary = editor.page("summary")
    assert isinstance(summary, FormPage)
    summary.set_field("analysis", "Harm peaks after school.")  # as if typed
    assert editor.save()  # the write-up is saved, but the visit being typed is not
    keeper.flush()
    assert editor.save_state.text().startswith("Not saved yet: a visit to Brenchley Gardens."), editor.save_state.text()
    assert "A draft is kept" in editor.save_state.text()
    visits.notes_edit.setPlainText(NOTE)
    assert visits.save_visit()
    assert editor.save_state.text().startswith("All changes saved"), editor.save_state.text()


def _crashed_visit_draft(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction, assessment_id: str
) -> None:
    """Leave in the database a visit draft written by an app process that is no longer running."""
    window = make_window()
    visits = open_visits(window, assessment_id)
    visits.notes_edit.setPlainText(NOTE)
    visits.observer_edit.setText("Sam Example")
    (draft,) = visits.drafts()
    store = window.store
    assert store is not None
    store.drafts.put(replace(draft, instance="laptop-42:4242:deadbeef"))
    visits.clear_form()
    window.close()


def test_work_left_by_a_crashed_app_is_offered_in_words_and_restored(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction, db_path: Path, form_library: FormLibrary
) -> None:
    assessment_id = seed(db_path, form_library)
    _crashed_visit_draft(qtbot, make_window, interaction, assessment_id)
    interaction.choices = [0]  # restore it
    window = make_window()
    qtbot.waitUntil(lambda: bool(interaction.asked), timeout=3000)
    title, text = interaction.asked[0]
    assert title == "Unsaved work found"
    assert text.startswith("A visit to Brenchley Gardens you were writing at ")
    assert "(‘Group of six by the bandstand, music playing; an older…’)" in text
    editor = window.editor
    assert editor is not None and window.current_page() is editor
    visits = editor.page("observations")
    assert isinstance(visits, ObservationsPage) and editor.current_page() is visits
    assert visits.notes_edit.toPlainText() == NOTE and visits.observer_edit.text() == "Sam Example"
    assert visits.unsaved_work()
    assert visits.save_visit()  # saved the normal way: the draft goes
    store = window.store
    assert store is not None
    assert [visit.notes for visit in store.assessments.observations(assessment_id)] == [NOTE]
    assert store.drafts.every() == []


def test_unsaved_work_is_discarded_only_after_asking_and_later_keeps_it(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction, db_path: Path, form_library: FormLibrary
) -> None:
    assessment_id = seed(db_path, form_library)
    _crashed_visit_draft(qtbot, make_window, interaction, assessment_id)
    interaction.choices = [2]  # later
    later = make_window()
    qtbot.waitUntil(lambda: len(interaction.asked) == 1, timeout=3000)
    assert later.store is not None and len(later.store.drafts.every()) == 1
    later.close()
    interaction.choices = [1]  # discard it…
    interaction.answers = [False]  # …no, keep it
    kept = make_window()
    qtbot.waitUntil(lambda: len(interaction.asked) == 3, timeout=3000)
    assert interaction.asked[2][0] == "Discard unsaved work"
    assert kept.store is not None and len(kept.store.drafts.every()) == 1
    kept.close()
    interaction.choices, interaction.answers = [1], [True]
    gone = make_window()
    qtbot.waitUntil(lambda: len(interaction.asked) == 5, timeout=3000)
    assert gone.store is not None and gone.store.drafts.every() == []


def test_a_draft_of_a_deleted_record_is_never_offered(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction, db_path: Path, form_library: FormLibrary
) -> None:
    assessment_id = seed(db_path, form_library)
    visit = seed_visit(db_path, assessment_id)
    window = make_window()
    visits = open_visits(window, assessment_id)
    visits.show_visit(visits.model.row(0))
    visits.notes_edit.setPlainText("Quiet, then a group arrived.")
    (draft,) = visits.drafts()
    assert window.store is not None
    window.store.drafts.put(replace(draft, instance="laptop-42:4242:deadbeef"))
    visits.discard_unsaved()
    window.store.assessments.delete_observation(visit.id)  # deleted in the meantime
    window.close()
    again = make_window()
    assert again.offer_drafts() == 0  # what the start-up offer runs: nothing to offer, nothing asked
    assert interaction.asked == []
    assert again.store is not None and again.store.drafts.every() == []


def test_back_to_the_list_saves_a_typed_consultation_and_a_pin_edit(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction, db_path: Path, form_library: FormLibrary
) -> None:
    assessment_id = seed(db_path, form_library)
    store = open_store(db_path)
    pin = store.maps.save_pin(assessment_id, MapPin(51.2776, 0.5196, "cctv"))
    store.close()
    window = make_window()
    window.open_assessment(assessment_id)
    editor = window.editor
    assert editor is not None
    editor.show_section("consultations")
    consultations = editor.page("consultations")
    assert isinstance(consultations, ConsultationsPage)
    consultations.consulted_edit.setText("Manager, fast-food restaurant")
    consultations.said_edit.setPlainText("Groups wait outside after 21:00.")
    map_page = next(page for page in editor.pages if isinstance(page, MapPage))  # not shown: no web engine needed
    map_page.select_pin(pin.id)
    map_page.label.setText("Camera by the gate")
    editor.back_button.click()
    assert interaction.asked == [] and window.current_page() is window.locations_page
    assert window.store is not None
    (saved,) = window.store.consultations.of_assessment(assessment_id)
    assert (saved.consulted, saved.said) == ("Manager, fast-food restaurant", "Groups wait outside after 21:00.")
    assert window.store.maps.get_pin(pin.id).label == "Camera by the gate"
    assert window.store.drafts.every() == []


def test_two_windows_the_same_field_asks_which_version_and_other_fields_both_survive(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction, db_path: Path, form_library: FormLibrary
) -> None:
    assessment_id = seed(db_path, form_library)
    window = make_window()
    window.open_assessment(assessment_id)
    editor = window.editor
    assert editor is not None
    summary = editor.page("summary")
    assert isinstance(summary, FormPage)
    other = open_store(db_path)  # the other window (another app on the same database)
    other.audit.set_actor("Sam Patel")
    try:
        theirs = other.assessments.get(assessment_id)
        base = copy.deepcopy(theirs)
        theirs.analysis = "Sam: harm peaks when the café shuts."
        theirs.recommendation = "Sam: detached youth work on Fridays."
        other.assessments.save(theirs, base=base)

        summary.set_field("analysis", "Alex: older males approach after school.")  # as if typed
        interaction.versions = [None]  # decide later: nothing is saved, the text stays
        assert not editor.save()
        assert "Sam Patel changed the same field" in editor.save_state.text()
        assert summary.editors["analysis"].value() == "Alex: older males approach after school."
        assert other.assessments.get(assessment_id).analysis == "Sam: harm peaks when the café shuts."

        interaction.versions = [("merged", "Harm peaks after school and when the café shuts.")]
        assert editor.save()
        title, label, mine, theirs_version = interaction.version_questions[-1]
        assert (title, label) == ("Changed in two places", "Summary: Overall analysis")
        assert mine.text == "Alex: older males approach after school."  # type: ignore[attr-defined]
        assert theirs_version.text == "Sam: harm peaks when the café shuts."  # type: ignore[attr-defined]
        assert theirs_version.author == "Sam Patel" and theirs_version.at is not None  # type: ignore[attr-defined]
        stored = other.assessments.get(assessment_id)
        assert stored.analysis == "Harm peaks after school and when the café shuts."
        assert stored.recommendation == "Sam: detached youth work on Fridays."  # their other field survived
        assert summary.editors["recommendation"].value() == "Sam: detached youth work on Fridays."  # and shows here
        assert editor.save_state.text().startswith("All changes saved")
    finally:
        other.close()


def test_two_windows_editing_one_visit_keep_both_fields(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction, db_path: Path, form_library: FormLibrary
) -> None:
    assessment_id = seed(db_path, form_library)
    visit = seed_visit(db_path, assessment_id)
    window = make_window()
    visits = open_visits(window, assessment_id)
    visits.show_visit(visits.model.row(0))
    other = open_store(db_path)
    other.audit.set_actor("Sam Patel")
    try:
        theirs = other.assessments.observation(visit.id)
        other.assessments.save_observation(assessment_id, replace(theirs, weather="Light rain"), base=theirs)
        visits.notes_edit.setPlainText("Quiet, then four arrived by the gate.")
        assert visits.save_visit() and interaction.version_questions == []
        saved = other.assessments.observation(visit.id)
        assert (saved.weather, saved.notes) == ("Light rain", "Quiet, then four arrived by the gate.")
        assert visits.weather_edit.text() == "Light rain"

        theirs = other.assessments.observation(visit.id)
        other.assessments.save_observation(assessment_id, replace(theirs, notes="Sam's notes."), base=theirs)
        visits.notes_edit.setPlainText("Alex's notes.")
        interaction.versions = [("b", None)]  # keep Sam's
        assert visits.save_visit()
        assert interaction.version_questions[-1][1] == "Visit: What was seen"
        assert visits.notes_edit.toPlainText() == "Sam's notes."
        assert other.assessments.observation(visit.id).notes == "Sam's notes."
    finally:
        other.close()


def test_cancelling_a_dialog_with_typed_work_asks_first(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction, db_path: Path, form_library: FormLibrary
) -> None:
    seed(db_path, form_library)
    window = make_window()
    window.new_location_action.trigger()
    dialog = window.location_dialog
    assert dialog is not None
    dialog.name_edit.setText("Maidstone East station")
    interaction.answers = [False]  # keep editing
    dialog.reject()
    assert dialog.isVisible() and dialog.name_edit.text() == "Maidstone East station"
    assert interaction.asked[-1] == ("Discard what you typed?", "A new location has not been saved. Discard it?")
    interaction.answers = [True]
    dialog.reject()
    assert not dialog.isVisible()


def test_the_offer_describes_a_draft_from_another_day() -> None:
    from safeguarding.drafts import Draft

    draft = Draft("visit:1", "visit", "1", "a", "a visit to Brenchley Gardens", {}, excerpt="Quiet.")
    written = replace(draft, updated_at=datetime(2026, 12, 7, 21, 40, tzinfo=UTC))
    assert describe(written, now=datetime(2027, 1, 2, 9, 0, tzinfo=UTC)) == (
        "A visit to Brenchley Gardens you were writing on Monday 7 December 2026 at 21:40 (‘Quiet.’)"
    )


def test_a_consultation_draft_is_kept_and_restored(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction, db_path: Path, form_library: FormLibrary
) -> None:
    assessment_id = seed(db_path, form_library)
    store = open_store(db_path)
    consultation = store.consultations.save(
        assessment_id, Consultation("Year 9 pupils", ConsultationMethod.SURVEY, datetime(2026, 11, 3).date())
    )
    store.close()
    window = make_window()
    window.open_assessment(assessment_id)
    assert window.editor is not None
    page = window.editor.page("consultations")
    assert isinstance(page, ConsultationsPage)
    page.show_consultation(page.model.row(0))
    page.said_edit.setPlainText("Feel unsafe by the bandstand after dark.")
    (draft,) = page.drafts()
    assert draft.label == "changes to a consultation in the assessment of Brenchley Gardens"
    assert draft.base is not None and draft.base["said"] == ""
    page.discard_unsaved()
    assert page.said_edit.toPlainText() == ""
    assert page.restore_draft(draft) and page.said_edit.toPlainText() == "Feel unsafe by the bandstand after dark."
    assert page.save_consultation()
    assert window.store is not None
    assert window.store.consultations.get(consultation.id).said == "Feel unsafe by the bandstand after dark."


def test_a_visit_deleted_in_another_window_keeps_the_typing_and_can_be_saved_as_new(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction, db_path: Path, form_library: FormLibrary
) -> None:
    assessment_id = seed(db_path, form_library)
    visit = seed_visit(db_path, assessment_id)
    window = make_window()
    visits = open_visits(window, assessment_id)
    visits.show_visit(visits.model.row(0))
    assert window.store is not None
    window.store.assessments.delete_observation(visit.id)  # as the other window does
    visits.notes_edit.setPlainText("Quiet, then four arrived by the gate.")
    interaction.choices = [1]  # keep it on screen
    assert not visits.save_visit()
    assert interaction.asked[-1][0] == "Deleted in another window"
    assert "deleted in another window" in visits.message.text()
    assert visits.notes_edit.toPlainText() == "Quiet, then four arrived by the gate."
    interaction.choices = [0]  # save it as a new visit
    assert visits.save_visit()
    (saved,) = window.store.assessments.observations(assessment_id)
    assert saved.id != visit.id and saved.notes == "Quiet, then four arrived by the gate."


def test_the_police_distance_is_a_draft_until_counted_and_two_windows_choose(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction, db_path: Path, form_library: FormLibrary
) -> None:
    from ui.editor.police_page import PolicePage

    assessment_id = seed(db_path, form_library)
    window = make_window()
    window.open_assessment(assessment_id)
    editor, keeper, store = window.editor, window.drafts, window.store
    assert editor is not None and keeper is not None and store is not None
    editor.show_section("police")
    page = editor.page("police")
    assert isinstance(page, PolicePage)
    page.radius.setValue(page.radius.value() + 100)
    with qtbot.waitSignal(keeper.written, timeout=3000):
        pass
    (draft,) = store.drafts.every()
    assert draft.kind == "police" and draft.payload == {"radius_m": page.radius.value()}
    assert keeper.summary().startswith("Not saved yet: the distance of the police figures for Brenchley Gardens.")

    other = open_store(db_path)
    other.audit.set_actor("Sam Patel")
    try:
        other.crime.set_radius(assessment_id, 750, base=other.crime.radius(assessment_id))
        interaction.versions = [("a", None)]  # keep mine
        assert page.apply_radius()
        _title, label, mine, theirs = interaction.version_questions[-1]
        assert "distance" in label and "750" in str(theirs) and str(page.radius.value()) in str(mine)
        assert other.crime.radius(assessment_id) == page.radius.value() != 750
        assert store.drafts.every() == []
    finally:
        other.close()


def test_a_safety_mapping_session_being_typed_is_kept_and_restored(
    qtbot: QtBot, make_window: WindowFactory, interaction: ScriptedInteraction, db_path: Path, form_library: FormLibrary
) -> None:
    from ui.editor.safety_page import SafetyPage

    assessment_id = seed(db_path, form_library)
    window = make_window()
    window.open_assessment(assessment_id)
    editor, keeper, store = window.editor, window.drafts, window.store
    assert editor is not None and keeper is not None and store is not None
    editor.show_section("safety_mapping")
    page = editor.page("safety_mapping")
    assert isinstance(page, SafetyPage)
    page.new_session()
    qtbot.keyClicks(page.roles[0], "Young people, Year 9")
    page.numbers[0].setValue(7)
    qtbot.keyClicks(page.notes, "The underpass feels unsafe after dark.")
    with qtbot.waitSignal(keeper.written, timeout=3000):
        pass
    (draft,) = store.drafts.every()
    assert draft.kind == "safety_session" and draft.label == "a safety-mapping session at Brenchley Gardens"
    page.discard_unsaved()
    keeper.flush()
    assert store.drafts.every() == []
    store.drafts.put(replace(draft, instance="laptop-42:4242:deadbeef"))  # as if this app had been killed
    window.close()

    interaction.choices = [0]  # restore it
    window = make_window()
    qtbot.waitUntil(lambda: any(title == "Unsaved work found" for title, _ in interaction.asked), timeout=3000)
    assert any("A safety-mapping session at Brenchley Gardens you were writing at" in t for _, t in interaction.asked)
    editor = window.editor
    assert editor is not None
    page = editor.page("safety_mapping")
    assert isinstance(page, SafetyPage) and editor.current_page() is page
    assert page.roles[0].text() == "Young people, Year 9" and page.numbers[0].value() == 7
    assert page.notes.toPlainText() == "The underpass feels unsafe after dark."
    assert page.save_session()
    assert window.store is not None
    (session,) = window.store.safety.sessions(assessment_id)
    assert session.who() == "7 Young people, Year 9" and window.store.drafts.every() == []
