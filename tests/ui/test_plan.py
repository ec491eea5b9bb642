"""The plan in the window, driven with pytest-qt: goals, actions, a DCSM review, attention, reassessment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from safeguarding.forms import FormLibrary
from safeguarding.model import AssessmentStatus, Location, Rating, Side
from safeguarding.plan.records import Action, ActionStatus, Decision, UpdateKind
from safeguarding.store import open_store
from tests.ui.conftest import ScriptedInteraction
from tests.ui.typed import type_date
from ui.editor.plan_page import PlanPage
from ui.editor.reviews_page import ReviewsPage
from ui.editor.weighting_page import WeightingPage
from ui.main_window import MainWindow
from ui.plan.attention import AttentionDialog
from ui.plan.review_dialog import ReviewDialog

WindowFactory = Callable[[], MainWindow]


def _seed(db_path: Path, form_library: FormLibrary, start: date, *, complete: bool = False) -> str:
    store = open_store(db_path)
    try:
        location = store.locations.add(Location(name="Brenchley Gardens", ward="High Street"))
        assessment = store.assessments.create(location.id, form_library.current(), start_date=start)
        assessment.findings[Side.YOUNG_PEOPLE].rating = Rating.RED
        assessment.findings[Side.YOUNG_PEOPLE].concerns = "Groups approached after school (test)."
        if complete:
            assessment.status, assessment.end_date = AssessmentStatus.COMPLETE, start + timedelta(days=5)
        store.assessments.save(assessment)
        return assessment.id
    finally:
        store.close()


def _open(qtbot: QtBot, make_window: WindowFactory, assessment_id: str) -> MainWindow:
    window = make_window()
    window.open_assessment(assessment_id)
    assert window.editor is not None
    return window


def _click(qtbot: QtBot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_add_goal_and_action_then_review(
    qtbot: QtBot,
    make_window: WindowFactory,
    db_path: Path,
    form_library: FormLibrary,
    interaction: ScriptedInteraction,
) -> None:
    today = date.today()
    assessment_id = _seed(db_path, form_library, today - timedelta(days=10), complete=True)
    window = _open(qtbot, make_window, assessment_id)
    editor = window.editor
    assert editor is not None
    sections = [editor.nav.item(i).text() for i in range(editor.nav.count())]
    assert any("Context weighting" in s for s in sections) and any("DCSM reviews" in s for s in sections)
    editor.show_section("plan")
    page = editor.page("plan")
    assert isinstance(page, PlanPage)

    # A goal from the library, for the guardianship side.
    _click(qtbot, page.add_goal_button)
    goal_dialog = page.goal_dialog
    assert goal_dialog is not None and goal_dialog.isVisible()
    goal_dialog.side.setCurrentIndex(1)
    goal_dialog.library_goal.setCurrentIndex(1)
    assert goal_dialog.statement.toPlainText().startswith("Trusted adults are present in the place after school")
    _click(qtbot, goal_dialog.save_button)
    qtbot.waitUntil(lambda: not goal_dialog.isVisible())
    assert page.tree.topLevelItemCount() == 1 and page.selected_kind() == "goal"

    # An action, with a due date before the assessment: the user is asked, says no, then fixes it.
    _click(qtbot, page.add_action_button)
    dialog = page.action_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.description, "Detached youth work sessions 15:00-18:00")
    dialog.agency.setCurrentIndex(dialog.agency.findText("County youth service"))
    qtbot.keyClicks(dialog.lead, "A. Worker (fictional)")
    qtbot.keyClicks(dialog.measure, "Sessions held weekly")
    type_date(qtbot, dialog.due, "1/1/2000")
    interaction.answers.append(False)
    _click(qtbot, dialog.save_button)
    assert dialog.isVisible() and "due date" in interaction.asked[-1][1].lower()
    due = today + timedelta(days=30)
    type_date(qtbot, dialog.due, due.strftime("%d/%m/%Y"))
    _click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.store is not None
    plan = window.store.plan.load(assessment_id)
    action = plan.actions()[0]
    assert (action.agency_name, action.lead, action.due_date) == ("County youth service", "A. Worker (fictional)", due)
    assert page.selected_kind() == "action"

    # A DCSM review: finalising without a decision is refused; with one, the action's history grows.
    editor.show_section("reviews")
    reviews = editor.page("reviews")
    assert isinstance(reviews, ReviewsPage)
    _click(qtbot, reviews.new_button)
    review_dialog = reviews.review_dialog
    assert review_dialog is not None and review_dialog.isVisible()
    assert review_dialog.table.rowCount() == 1
    review_dialog.present.item(0).setCheckState(Qt.CheckState.Checked)
    review_dialog.status_boxes[0].setCurrentIndex(list(ActionStatus).index(ActionStatus.AT_RISK))
    qtbot.keyClicks(review_dialog.notes[0], "Only one session so far")
    _click(qtbot, review_dialog.save_button)
    assert review_dialog.isVisible() and "decision" in review_dialog.message.text()
    review_dialog.decision.setCurrentIndex(review_dialog.decision.findData(Decision.CONTINUE.value))
    interaction.answers.append(False)  # asked first (it cannot be undone): "Not yet" keeps it open
    _click(qtbot, review_dialog.save_button)
    assert interaction.asked[-1][0] == "Finalise review" and review_dialog.isVisible()
    assert "Not finalised" in review_dialog.message.text()
    interaction.answers.append(True)
    _click(qtbot, review_dialog.save_button)
    qtbot.waitUntil(lambda: not review_dialog.isVisible())
    plan = window.store.plan.load(assessment_id)
    assert plan.last_review() is not None and plan.last_review().decision is Decision.CONTINUE  # type: ignore[union-attr]
    history = plan.actions()[0].history
    assert [u.kind for u in history] == [UpdateKind.CREATED, UpdateKind.REVIEW]
    assert history[-1].note == "Only one session so far" and history[-1].status is ActionStatus.AT_RISK
    assert "Continue with the plan" in reviews.status.text()
    # The plan page was refreshed by the editor and shows the new status.
    assert "At risk" in page.tree.topLevelItem(0).child(0).text(4)


def test_weighting_saves_and_names_the_heaviest(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, form_library: FormLibrary
) -> None:
    assessment_id = _seed(db_path, form_library, date.today())
    window = _open(qtbot, make_window, assessment_id)
    assert window.editor is not None
    window.editor.show_section("weighting")
    page = window.editor.page("weighting")
    assert isinstance(page, WeightingPage)
    page.spins["peer_group"].setValue(8)
    page.rationales["peer_group"].setText("Older group draws younger ones in")
    page.rationales["peer_group"].editingFinished.emit()
    page.spins["location"].setValue(5)
    assert "A peer group (8/10)" in page.summary.text()
    assert window.store is not None
    weights = window.store.plan.load(assessment_id).weights
    assert [(w.context, w.weight) for w in weights] == [("peer_group", 8), ("location", 5)]
    assert weights[0].rationale == "Older group draws younger ones in"


def test_attention_reassess_compare_and_csv(
    qtbot: QtBot,
    make_window: WindowFactory,
    db_path: Path,
    form_library: FormLibrary,
    interaction: ScriptedInteraction,
    tmp_path: Path,
) -> None:
    assessment_id = _seed(db_path, form_library, date.today() - timedelta(days=60))
    store = open_store(db_path)
    try:
        police = next(a for a in store.plan.agencies() if a.name == "Police")
        goal = store.plan.add_goal(assessment_id, Side.ENVIRONMENT, "The place is well lit (test).")
        store.plan.add_action(
            Action(goal.id, "Fix the lights (test)", police.id, due_date=date.today() - timedelta(days=3))
        )
    finally:
        store.close()
    window = make_window()
    window.plan_menu.attention_action.trigger()
    dialog = window.plan_menu.attention_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.model.rowCount() == 1 and "3 days overdue" in dialog.model.index(0, 4).data()
    dialog.table.doubleClicked.emit(dialog.model.index(0, 0))
    assert window.current_page() is window.editor
    assert window.editor is not None and window.editor.assessment is not None
    assert window.editor.assessment.id == assessment_id
    # Opened at the overdue action, not at the Overview (issue 16).
    plan_page = window.editor.page("plan")
    assert isinstance(plan_page, PlanPage) and window.editor.current_page() is plan_page
    overdue = plan_page.selected_action()
    assert overdue is not None and overdue.description == "Fix the lights (test)"
    assert not dialog.isVisible()
    window.plan_menu.attention_action.trigger()  # opened again: the same dialog is shown again, no second one kept
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    assert shiboken6.isValid(dialog) and window.plan_menu.attention_dialog is dialog and dialog.isVisible()
    assert len(window.findChildren(AttentionDialog)) == 1
    assert dialog.model.rowCount() == 1 and dialog.open_button.isEnabled()
    dialog.set_items([])  # what a later opening lists in place of the earlier rows
    assert dialog.model.rowCount() == 0 and not dialog.open_button.isEnabled()
    assert "Nothing needs attention" in dialog.summary.text()
    dialog.close()

    out = tmp_path / "plan.csv"
    interaction.save_paths.append(out)
    window.plan_menu.export_csv_action.trigger()
    assert out.exists() and "Fix the lights (test)" in out.read_text(encoding="utf-8")

    interaction.answers.append(True)
    window.plan_menu.reassess_action.trigger()
    new = window.editor.assessment
    assert new is not None and new.id != assessment_id
    assert new.findings[Side.YOUNG_PEOPLE].concerns.startswith("[Carried forward from the assessment of")
    page = window.editor.page("plan")
    assert isinstance(page, PlanPage)
    assert page.carried.isVisibleTo(page) and "Carried forward" in page.carried.text()
    assert "carried forward" in page.tree.topLevelItem(0).child(0).text(0)
    window.plan_menu.compare_action.trigger()
    compare = window.plan_menu.compare_dialog
    assert compare is not None and compare.table.rowCount() == 3
    assert compare.table.item(0, 1).text().startswith("Red")


def _plan_page(qtbot: QtBot, make_window: WindowFactory, db_path: Path, form_library: FormLibrary) -> PlanPage:
    window = _open(qtbot, make_window, _seed(db_path, form_library, date.today()))
    assert window.editor is not None
    window.editor.show_section("plan")
    page = window.editor.page("plan")
    assert isinstance(page, PlanPage)
    return page


def test_enter_in_partner_agencies_adds_the_name_and_stays_open(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, form_library: FormLibrary
) -> None:
    """Issue 16: Enter closed the dialog and the typed name was lost."""
    page = _plan_page(qtbot, make_window, db_path, form_library)
    dialog = page.edit_agencies()
    qtbot.keyClicks(dialog.name, "Town centre BID rangers")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.name.text() == ""
    names = [dialog.list.item(row).text() for row in range(dialog.list.count())]
    assert "Town centre BID rangers" in names


def test_an_agency_added_from_inside_add_action_keeps_the_action_typed(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, form_library: FormLibrary
) -> None:
    """Issue 16: adding an agency meant leaving "Add action" and losing what was typed in it."""
    page = _plan_page(qtbot, make_window, db_path, form_library)
    assert page.assessment is not None and page._store is not None
    page._store.plan.add_goal(page.assessment.id, Side.GUARDIANSHIP, "Trusted adults are present after school.")
    page.refresh()
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    page.add_action()
    dialog = page.action_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.description, "Rangers walk the precinct at 15:30")
    owner_labels = [label for label in dialog.findChildren(QLabel) if label.buddy() is dialog.agency]
    assert [label.text() for label in owner_labels] == ["&Owner agency"]  # Alt+O, not a literal "&"
    _click(qtbot, dialog.new_agency_button)
    assert dialog.new_agency.isVisible()
    qtbot.keyClicks(dialog.new_agency, "Town centre BID rangers")
    qtbot.keyClick(dialog.new_agency, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.agency.currentText() == "Town centre BID rangers"
    assert dialog.description.toPlainText() == "Rangers walk the precinct at 15:30"
    assert "Town centre BID rangers" in [agency.name for agency in page._store.plan.agencies()]


def _review_with_a_decision(window: MainWindow) -> tuple[ReviewsPage, ReviewDialog]:
    """Open a new DCSM review in the window's assessment and choose "continue" (nothing saved yet)."""
    assert window.editor is not None
    window.editor.show_section("reviews")
    reviews = window.editor.page("reviews")
    assert isinstance(reviews, ReviewsPage)
    reviews.new_review()
    dialog = reviews.review_dialog
    assert dialog is not None
    dialog.decision.setCurrentIndex(dialog.decision.findData(Decision.CONTINUE.value))
    return reviews, dialog


def test_a_review_of_a_draft_assessment_is_not_finalised(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, form_library: FormLibrary
) -> None:
    """Issue 16: "Finalise review" locked a review of a Draft assessment at once, without a question."""
    window = _open(qtbot, make_window, _seed(db_path, form_library, date.today()))
    reviews, dialog = _review_with_a_decision(window)
    _click(qtbot, dialog.save_button)  # no question is asked: the scripted user has no answer queued
    assert dialog.isVisible() and "the assessment is still a draft" in dialog.message.text()
    assert window.store is not None and reviews.assessment is not None
    assert not any(review.is_final for review in window.store.plan.load(reviews.assessment.id).reviews)


def test_closing_the_window_keeps_an_open_review_as_a_draft_never_finalised(
    qtbot: QtBot,
    make_window: WindowFactory,
    db_path: Path,
    form_library: FormLibrary,
    interaction: ScriptedInteraction,
) -> None:
    """Leaving saves a review being typed as a draft: pressing its Finalise for the user could not be undone."""
    assessment_id = _seed(db_path, form_library, date.today(), complete=True)
    window = _open(qtbot, make_window, assessment_id)
    _review_with_a_decision(window)
    window.close()
    assert not window.isVisible() and interaction.asked == []  # nothing asked: no Finalise question
    store = open_store(db_path)
    try:
        (kept,) = store.plan.load(assessment_id).reviews
        assert kept.decision is Decision.CONTINUE and not kept.is_final
    finally:
        store.close()
