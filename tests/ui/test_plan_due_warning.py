"""The action dialog says, as the due date is typed, when it has already passed (the action will show as overdue).

A keyboard tester's fault: a new action with a due date before today was saved without a
word and showed as Overdue straight away. Today is the store's clock (a fixed one here:
30 November 2026), never the real date.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from safeguarding.forms import FormLibrary
from safeguarding.model import Location, Side
from safeguarding.plan.records import Action, ActionStatus
from safeguarding.store import Store, open_store
from tests.conftest import FixedClock
from tests.ui.conftest import ScriptedInteraction
from tests.ui.typed import type_date
from ui.editor.plan_page import PlanPage
from ui.main_window import MainWindow
from ui.plan.action_dialog import PASSED_WARNING, ActionDialog

TODAY = date(2026, 11, 30)
"""The ``clock`` fixture's date (2026-11-30 12:00 UTC is midday in London too)."""


@pytest.fixture
def plan_page(
    qtbot: QtBot,
    db_path: Path,
    clock: FixedClock,
    form_library: FormLibrary,
    interaction: ScriptedInteraction,
) -> Iterator[PlanPage]:
    """The Plan page of an assessment started on 2 November 2026 with one goal, in a window on the fixed clock."""
    store: Store = open_store(db_path, clock)
    location = store.locations.add(Location(name="Brenchley Gardens", ward="High Street"))
    assessment = store.assessments.create(location.id, form_library.current(), start_date=date(2026, 11, 2))
    store.plan.add_goal(assessment.id, Side.GUARDIANSHIP, "Trusted adults are present after school (test)")
    store.plan.add_agency("County youth service (test)")
    window = MainWindow(store, form_library, interaction)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.open_assessment(assessment.id)
    assert window.editor is not None
    window.editor.show_section("plan")
    page = window.editor.page("plan")
    assert isinstance(page, PlanPage)
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    yield page
    if page.action_dialog is not None and page.action_dialog.isVisible():
        interaction.choices.append(1)  # what a test left typed in the dialog: "Discard it"
    window.close()
    window.team.wait_for_sync()
    if window.store is not None:
        window.store.close()
        window.store = None


def _new_action(page: PlanPage) -> ActionDialog:
    page.add_action()
    dialog = page.action_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def _warned(dialog: ActionDialog) -> bool:
    shown = dialog.due_warning.isVisibleTo(dialog)
    assert (dialog.due_warning.text() == PASSED_WARNING) == shown  # the words only while it is shown
    return shown


def test_a_past_due_date_is_warned_of_as_it_is_typed(
    qtbot: QtBot, plan_page: PlanPage, interaction: ScriptedInteraction
) -> None:
    dialog = _new_action(plan_page)
    assert not _warned(dialog)  # nothing typed yet

    dialog.due.edit.setFocus()
    qtbot.keyClicks(dialog.due.edit, "29/11/2026")  # yesterday, typed key by key: said before leaving the box
    assert _warned(dialog)
    assert dialog.due_warning.text() == "This date has passed: the action will show as overdue."
    type_date(qtbot, dialog.due, "30/11/2026")  # today (the store's clock's, not the real date) is not overdue
    assert not _warned(dialog)
    type_date(qtbot, dialog.due, "1/12/2026")
    assert not _warned(dialog)
    type_date(qtbot, dialog.due, "31/02/2026")  # not a date: the box's own words say so, not this
    assert not _warned(dialog)
    type_date(qtbot, dialog.due, "28/11/2026")
    assert _warned(dialog)
    qtbot.keyClick(dialog.due.edit, Qt.Key.Key_Down)  # a day back with the arrow key: still passed
    assert dialog.due.parsed() == date(2026, 11, 27) and _warned(dialog)
    dialog.status.setCurrentIndex(dialog.status.findData(ActionStatus.DONE.value))  # done is never overdue
    assert not _warned(dialog)
    dialog.status.setCurrentIndex(dialog.status.findData(ActionStatus.NOT_STARTED.value))
    assert _warned(dialog)

    # The warning does not stop the save: the action is recorded, and shows as overdue.
    qtbot.keyClicks(dialog.description, "Detached youth work sessions (test)")
    dialog.agency.setCurrentIndex(dialog.agency.findText("County youth service (test)"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert interaction.asked == []  # nothing was asked
    store = plan_page._store
    (saved,) = store.plan.load(plan_page.assessment.id).actions()  # type: ignore[union-attr]
    assert saved.due_date == date(2026, 11, 27) and saved.is_overdue(TODAY)
    assert plan_page.tree.currentItem().text(4).startswith("Overdue")  # type: ignore[union-attr]


def test_an_unchanged_past_due_date_is_not_warned_of_but_a_changed_one_is(qtbot: QtBot, plan_page: PlanPage) -> None:
    store = plan_page._store
    assert plan_page.assessment is not None
    goal = store.plan.load(plan_page.assessment.id).goals[0]
    agency = store.plan.agencies()[0]
    action = store.plan.add_action(Action(goal.id, "Fix the lights (test)", agency.id, due_date=date(2026, 11, 20)))
    plan_page.refresh(select=action.id)
    plan_page.edit_selected()
    dialog = plan_page.action_dialog
    assert dialog is not None and dialog.isVisible()
    assert not _warned(dialog)  # already overdue, and listed so: nothing new to say
    type_date(qtbot, dialog.due, "25/11/2026")
    assert _warned(dialog)
    type_date(qtbot, dialog.due, "20/11/2026")  # back as it was
    assert not _warned(dialog)
    dialog.set_values({"due_date": "2026-11-10"})  # a draft restored with a changed date
    assert _warned(dialog)


@pytest.mark.parametrize(("today", "warned"), [(date(2030, 1, 1), True), (date(2020, 1, 1), False)])
def test_today_is_the_one_given_not_the_real_date(
    qtbot: QtBot, interaction: ScriptedInteraction, today: date, warned: bool
) -> None:
    """The dialog reads today from what it is given (the page gives the store's clock: see the first test)."""
    dialog = ActionDialog(
        [],
        lambda action, note: None,
        interaction,
        Action(goal_id="goal", description=""),
        is_new=True,
        assessment_start=None,
        today=lambda: today,
    )
    qtbot.addWidget(dialog)
    dialog.open()
    type_date(qtbot, dialog.due, "1/12/2026")
    assert _warned(dialog) is warned
