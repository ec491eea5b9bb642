"""Every page and main dialog at 1366×768 and at 125% text scaling: every control reachable, none overlapping.

A council laptop's 1366×768 screen, less a 40-pixel taskbar and a 30-pixel title bar,
leaves the window 1366×698 pixels (:data:`CLIENT`). The test walks the locations page,
every page of the editor (as :mod:`ui.editor.registry` builds them from the form) and the
main dialogs, at the application's usual font and at 125% of it, and fails on any shown
control (button, text box, date box, list, table, combo box):

* cut off by a widget around it that does not scroll (so it cannot be reached at all);
* further right than its scroll area shows (nobody scrolls sideways to find a button);
* squashed below the height its text needs;
* overlapping a shown widget beside it (same parent), such as a label drawn over it;
* a list or table with a column past its right edge (:func:`columns_past_the_edge`: the
  Plan page's Status column ran off it), except the lists in :data:`SCROLLS_SIDEWAYS`.

A control below the fold of a page's scroll area is reachable by scrolling and is
allowed, except a form's own buttons (Save, New, Delete), which are kept in view: those
are listed in :data:`KEPT_IN_VIEW` by object name and must be inside the window without
scrolling.

125% text scaling is Windows' "make text bigger" setting. Headless there is no display
scaling to set, so the honest equivalent is what that setting does to a Qt app's text:
an application font 1.25 times the usual size (:func:`larger_text`). Pixel sizes of
icons and frames are not scaled by it, which real display scaling would also scale; text
is what runs out of room first, and that is what this checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QDialog,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabBar,
    QTableView,
    QTextEdit,
    QTreeView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from safeguarding.demo import build_demo_database
from safeguarding.forms import FormLibrary
from safeguarding.store import open_store
from tests.ui.conftest import ScriptedInteraction
from ui.main_window import MainWindow

CLIENT = QSize(1366, 768 - 40 - 30)
"""The window's inside on a 1366×768 screen with a taskbar (40 px) and a title bar (30 px)."""

INTERACTIVE = (QAbstractButton, QLineEdit, QAbstractSpinBox, QComboBox, QAbstractItemView, QPlainTextEdit, QTextEdit)
"""What a user clicks or types into."""

COMPOSITE = (*INTERACTIVE, QTabBar, QCalendarWidget)
"""Widgets whose inner parts (a combo box's text box, a table's corner button) are checked as one."""

KEPT_IN_VIEW = ("saveVisit", "newVisit", "deleteVisit", "savePin", "deletePin", "saveConsultation")
"""Object names of form buttons that must be in view without scrolling."""

TOLERANCE = 1
"""Pixels of overlap allowed (a shared border)."""


def _describe(widget: QWidget) -> str:
    name = widget.accessibleName() or widget.objectName()
    if not name and isinstance(widget, QAbstractButton):
        name = widget.text().replace("&", "")
    return f"{type(widget).__name__} '{name}'"


def _inside_composite(widget: QWidget, top: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, COMPOSITE):
            return True
        parent = parent.parentWidget()
    return False


def _controls(top: QWidget) -> Iterator[QWidget]:
    for widget in top.findChildren(QWidget):
        if (
            isinstance(widget, INTERACTIVE)
            and not isinstance(widget, QHeaderView)
            and not widget.isWindow()
            and widget.isVisibleTo(top)
            and widget.window() is top.window()
            and not _inside_composite(widget, top)
        ):
            yield widget


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def _clipping(widget: QWidget, top: QWidget) -> str:
    """Why ``widget`` cannot be reached inside ``top`` ("" when it can)."""
    shown = _rect_in(widget, top)
    ancestor = widget.parentWidget()
    while ancestor is not None:
        area = ancestor.parentWidget()
        box = _rect_in(ancestor, top)
        if isinstance(area, QAbstractScrollArea) and area.viewport() is ancestor:
            if shown.right() > box.right() + TOLERANCE:
                return f"is further right than {_describe(area)} shows (sideways scrolling)"
            shown = shown.intersected(box) if shown.intersects(box) else QRect(box.topLeft(), QSize(1, 1))
        elif not box.adjusted(-TOLERANCE, -TOLERANCE, TOLERANCE, TOLERANCE).contains(shown):
            return f"is cut off by {_describe(ancestor)} ({shown} outside {box})"
        if ancestor is top:
            break
        ancestor = ancestor.parentWidget()
    return ""


SCROLLS_SIDEWAYS = ("Observation visits",)
"""Accessible names of tables meant to scroll sideways: the visits table, beside the visit form, has
eight columns a user widens and sorts by, and keeps the date and time, its first columns, in view."""


def columns_past_the_edge(view: QAbstractItemView) -> str:
    """The column of ``view`` (a tree or table) running past its right edge, and by how much ("" if none).

    A column ending past the viewport's right edge is found only by scrolling sideways.
    """
    if isinstance(view, QTreeView) and not view.isHeaderHidden():
        header = view.header()
    elif isinstance(view, QTableView) and not view.horizontalHeader().isHidden():
        header = view.horizontalHeader()
    else:
        return ""
    shown = view.viewport().width()
    model = view.model()
    for column in range(header.count()):
        end = header.sectionViewportPosition(column) + header.sectionSize(column)
        if not header.isSectionHidden(column) and end > shown + TOLERANCE:
            title = model.headerData(column, Qt.Orientation.Horizontal) if model is not None else column
            return f"has its column '{title}' past its right edge ({end} px in {shown} px)"
    return ""


def _in_a_scroll_area(widget: QWidget, top: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def layout_problems(top: QWidget) -> list[str]:
    """Every shown control of ``top`` (a window or dialog) that cannot be reached, is squashed or is overlapped."""
    problems: list[str] = []
    for widget in _controls(top):
        name = _describe(widget)
        clipped = _clipping(widget, top)
        if clipped:
            problems.append(f"{name} {clipped}")
        needed = widget.minimumSizeHint().height()
        if 0 < widget.height() < needed - 2 and not isinstance(widget, QAbstractScrollArea):
            problems.append(f"{name} is squashed to {widget.height()} px (its text needs {needed} px)")
        if isinstance(widget, QAbstractItemView) and widget.accessibleName() not in SCROLLS_SIDEWAYS:
            past = columns_past_the_edge(widget)
            if past:
                problems.append(f"{name} {past}")
        if widget.objectName() in KEPT_IN_VIEW:
            area = _in_a_scroll_area(widget, top)
            if area is not None:
                problems.append(f"{name} scrolls with the form (it should stay in view)")
        parent = widget.parentWidget()
        if parent is None:
            continue
        mine = widget.geometry()
        for sibling in parent.children():
            if (
                not isinstance(sibling, QWidget)
                or sibling is widget
                or sibling.isWindow()
                or not sibling.isVisibleTo(top)
                or sibling.width() <= 0
            ):
                continue
            overlap = mine.intersected(sibling.geometry())
            if overlap.width() > TOLERANCE and overlap.height() > TOLERANCE:
                problems.append(f"{name} is overlapped by {_describe(sibling)} ({overlap})")
    return problems


@contextmanager
def larger_text(scale: float) -> Iterator[None]:
    """The application font at ``scale`` times its size (125% text scaling), restored afterwards."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    usual = QFont(app.font())
    bigger = QFont(usual)
    bigger.setPointSizeF(usual.pointSizeF() * scale)
    app.setFont(bigger)
    try:
        yield
    finally:
        app.setFont(usual)


SCALES = [pytest.param(1.0, id="usual-text"), pytest.param(1.25, id="text-125")]


@pytest.fixture
def demo_window(
    qtbot: QtBot, tmp_path: Path, form_library: FormLibrary, interaction: ScriptedInteraction
) -> Iterator[Callable[[float], MainWindow]]:
    """A factory: the main window on the demo database, at :data:`CLIENT` size, with text at a scale."""
    # A long path, as on a council laptop (C:\Users\firstname.lastname\AppData\Local\...): the status
    # bar shows it, and it must never make the window wider than the screen.
    folder = tmp_path / "Users" / "firstname.lastname" / "AppData" / "Local" / "Location Assessment Tool" / "data"
    path = build_demo_database(folder / "assessments of Maidstone town centre.sqlite3")
    windows: list[MainWindow] = []
    fonts: list[Iterator[None]] = []

    def make(scale: float) -> MainWindow:
        font = larger_text(scale)
        font.__enter__()
        fonts.append(font)  # type: ignore[arg-type]
        window = MainWindow(open_store(path), form_library, interaction)
        qtbot.addWidget(window)
        window.resize(CLIENT)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.team.wait_for_sync()
        if window.store is not None:
            window.store.close()
            window.store = None
    for font in fonts:
        font.__exit__(None, None, None)  # type: ignore[attr-defined]


def _listed(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{where}: {problem}" for where, found in problems.items() for problem in found)


def _settle(qtbot: QtBot, window: QWidget) -> None:
    """Let layouts finish: deferred layout requests and the resizes they cause, a few rounds deep."""
    for _ in range(4):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()


def _open_editor(window: MainWindow, place: str) -> None:
    store = window.store
    assert store is not None
    (location,) = store.locations.find_by_name(place)
    assessment = store.assessments.latest_for_location(location.id)
    assert assessment is not None
    window.open_assessment(assessment.id, offer=False)
    assert window.editor is not None


@pytest.mark.parametrize("scale", SCALES)
def test_the_locations_page_fits(qtbot: QtBot, demo_window: Callable[[float], MainWindow], scale: float) -> None:
    window = demo_window(scale)
    window.refresh()
    _settle(qtbot, window)
    assert window.size() == CLIENT
    assert layout_problems(window) == []
    # Issue 16: at 125% text the names were cut to "Brenchle…"; they are shown in full.
    from ui.models import LocationTableModel

    page = window.locations_page
    header, model = page.table.horizontalHeader(), page.model
    names = [model.row(row).location.name for row in range(model.rowCount())]
    widest = max(page.table.fontMetrics().horizontalAdvance(name) for name in names)
    assert header.sectionSize(LocationTableModel.NAME) > widest
    assert (
        header.sectionViewportPosition(LocationTableModel.UPDATED) + header.sectionSize(LocationTableModel.UPDATED)
        <= page.table.viewport().width()
    )  # every column in view: no sideways scrolling


@pytest.mark.parametrize("scale", SCALES)
def test_every_editor_page_fits(qtbot: QtBot, demo_window: Callable[[float], MainWindow], scale: float) -> None:
    window = demo_window(scale)
    _open_editor(window, "North Week Street")
    editor = window.editor
    assert editor is not None
    problems: dict[str, list[str]] = {}
    needed = window.minimumSizeHint()
    assert needed.width() <= CLIENT.width() and needed.height() <= CLIENT.height(), f"the window needs {needed}"
    for page in editor.pages:
        editor.show_page(page)
        _settle(qtbot, window)
        assert window.size() == CLIENT, f"{page.objectName()} made the window grow to {window.size()}"
        found = layout_problems(window)
        if found:
            problems[page.objectName()] = found
    assert problems == {}, _listed(problems)


def _dialogs(window: MainWindow) -> Iterator[tuple[str, QDialog]]:
    """Open the main dialogs one after another (each closed before the next)."""
    from ui.editor.plan_page import PlanPage
    from ui.editor.reviews_page import ReviewsPage

    window.new_location()
    assert window.location_dialog is not None
    yield "location", window.location_dialog
    window.edit_profile()
    assert window.profile_dialog is not None
    yield "profile", window.profile_dialog
    _open_editor(window, "Brenchley Gardens")
    assert window.editor is not None
    plan = window.editor.page("plan")
    assert isinstance(plan, PlanPage)
    window.editor.show_page(plan)
    goal = plan.add_goal()
    assert goal is not None
    yield "goal", goal
    plan.tree.setCurrentItem(plan.tree.topLevelItem(0))
    plan.add_action()
    assert plan.action_dialog is not None
    yield "action", plan.action_dialog
    yield "agencies", plan.edit_agencies()
    reviews = window.editor.page("reviews")
    assert isinstance(reviews, ReviewsPage)
    window.editor.show_page(reviews)
    reviews.new_review()
    assert reviews.review_dialog is not None
    yield "review", reviews.review_dialog
    window.plan_menu.attention_action.trigger()
    assert window.plan_menu.attention_dialog is not None and window.plan_menu.attention_dialog.model.rowCount()
    yield "attention", window.plan_menu.attention_dialog


@pytest.mark.parametrize("scale", SCALES)
def test_the_main_dialogs_fit(qtbot: QtBot, demo_window: Callable[[float], MainWindow], scale: float) -> None:
    window = demo_window(scale)
    problems: dict[str, list[str]] = {}
    for name, dialog in _dialogs(window):
        qtbot.waitExposed(dialog)
        _settle(qtbot, dialog)
        found = layout_problems(dialog)
        if dialog.height() > CLIENT.height() or dialog.width() > CLIENT.width():
            found.append(f"is {dialog.width()}×{dialog.height()}, larger than the screen")
        if found:
            problems[name] = found
        dialog.reject()
    assert problems == {}, _listed(problems)


def test_a_finalised_review_opens_read_only_with_a_close_button(
    qtbot: QtBot, demo_window: Callable[[float], MainWindow]
) -> None:
    """Issue 16: the read-only view of a finalised review had only a "Cancel" button."""
    from ui.editor.reviews_page import ReviewsPage

    window = demo_window(1.0)
    _open_editor(window, "Brenchley Gardens")
    assert window.editor is not None
    reviews = window.editor.page("reviews")
    assert isinstance(reviews, ReviewsPage) and reviews.plan is not None
    final_row = next(row for row, review in enumerate(reviews.plan.reviews) if review.is_final)
    reviews.table.selectRow(final_row)
    reviews.open_selected()
    dialog = reviews.review_dialog
    assert dialog is not None and dialog.isVisible()
    shown = [button.text() for button in dialog.buttons.buttons() if button.isVisibleTo(dialog)]
    assert shown == ["&Close"]
    dialog.reject()
    assert not dialog.isVisible()


@pytest.mark.parametrize("scale", SCALES)
def test_long_choices_open_in_full_in_narrow_columns(
    qtbot: QtBot, demo_window: Callable[[float], MainWindow], scale: float
) -> None:
    """Issue 16: pin categories (and action owners) were cut off in a narrow column."""
    from ui.editor.map_page import MapPage

    window = demo_window(scale)
    _open_editor(window, "Brenchley Gardens")
    assert window.editor is not None
    page = window.editor.page("map")
    assert isinstance(page, MapPage)
    window.editor.show_page(page)
    _settle(qtbot, window)
    combo = page.category
    widest = max(combo.fontMetrics().horizontalAdvance(combo.itemText(row)) for row in range(combo.count()))
    assert combo.view().minimumWidth() > widest  # however narrow the column, its list opens wide enough
    combo.setCurrentIndex(combo.findData("gathering_place"))
    assert combo.toolTip() == combo.currentText()


@pytest.mark.parametrize("scale", SCALES)
def test_the_action_list_fits_with_long_names(
    qtbot: QtBot, demo_window: Callable[[float], MainWindow], scale: float
) -> None:
    """A keyboard tester's fault: the Plan page's Status column ran off the list's right edge.

    With a long agency name and a long named lead, every column is in view, the description
    column takes the room left, and a shortened cell has its whole text as its tooltip.
    """
    from safeguarding.plan.records import Action
    from ui.editor.plan_page import PlanPage

    window = demo_window(scale)
    store = window.store
    assert store is not None
    (location,) = store.locations.find_by_name("Brenchley Gardens")
    assessment = store.assessments.latest_for_location(location.id)
    assert assessment is not None
    goal = store.plan.load(assessment.id).goals[0]
    agency = store.plan.add_agency("Kent and Medway Children's Safeguarding Partnership Exploitation Hub (fictional)")
    lead = "Detective Sergeant A. Fitzgerald-Montgomery, Missing and Exploited Team (fictional)"
    action = store.plan.add_action(Action(goal.id, "Joint visit with the outreach team (test)", agency.id, lead=lead))
    _open_editor(window, "Brenchley Gardens")
    assert window.editor is not None
    page = window.editor.page("plan")
    assert isinstance(page, PlanPage)
    window.editor.show_page(page)
    _settle(qtbot, window)

    tree, header = page.tree, page.tree.header()
    assert columns_past_the_edge(tree) == ""
    status = PlanPage.COLUMNS.index("Status")
    assert header.sectionViewportPosition(status) + header.sectionSize(status) <= tree.viewport().width()
    assert header.sectionSize(0) == max(header.sectionSize(column) for column in range(header.count()))
    page.refresh(select=action.id)
    item = tree.currentItem()
    assert item is not None and item.text(1) == agency.name
    assert tree.fontMetrics().horizontalAdvance(agency.name) > header.sectionSize(1)  # shortened to fit...
    assert agency.name in item.toolTip(1) and "Fitzgerald-Montgomery" in item.toolTip(2)  # ...and whole in its tip


@pytest.mark.parametrize("scale", SCALES)
def test_the_consultations_list_fits(qtbot: QtBot, demo_window: Callable[[float], MainWindow], scale: float) -> None:
    """A keyboard tester's fault: Brenchley Gardens' consultations ran past the list's right edge at 125% text.

    Its consultations are long ("Who was consulted", "What they said"): every column is in
    view, "What they said" takes the room left, and a shortened cell has its whole text as its tooltip.
    """
    from ui.editor.consultation_table import ConsultationTableModel
    from ui.editor.consultations_page import ConsultationsPage

    window = demo_window(scale)
    _open_editor(window, "Brenchley Gardens")
    assert window.editor is not None
    page = window.editor.page("consultations")
    assert isinstance(page, ConsultationsPage) and page.model.rowCount() > 0
    window.editor.show_page(page)
    _settle(qtbot, window)

    assert layout_problems(window) == []
    table, header, model = page.table, page.table.horizontalHeader(), page.model
    said = ConsultationTableModel.SAID
    assert header.sectionSize(said) == max(header.sectionSize(column) for column in range(header.count()))
    consulted = ConsultationTableModel.CONSULTED
    texts = [str(model.index(row, consulted).data()) for row in range(model.rowCount())]
    longest = max(texts, key=table.fontMetrics().horizontalAdvance)
    row = texts.index(longest)
    assert table.fontMetrics().horizontalAdvance(longest) > header.sectionSize(consulted)  # shortened to fit...
    assert longest in str(model.index(row, consulted).data(Qt.ItemDataRole.ToolTipRole))  # ...and whole in its tip


@pytest.mark.parametrize("scale", SCALES)
def test_the_attention_dates_show_in_full(
    qtbot: QtBot, demo_window: Callable[[float], MainWindow], scale: float
) -> None:
    """A tester's fault: "What needs attention" cut its dates ("8 October 20…") and "60 days over…"."""
    window = demo_window(scale)
    window.plan_menu.attention_action.trigger()
    dialog = window.plan_menu.attention_dialog
    assert dialog is not None and dialog.model.rowCount() > 0
    qtbot.waitExposed(dialog)
    _settle(qtbot, dialog)
    table, header, model = dialog.table, dialog.table.horizontalHeader(), dialog.model
    assert columns_past_the_edge(table) == ""
    for index in (model.index(row, column) for row in range(model.rowCount()) for column in (3, 4)):  # Due, When
        text = str(index.data())
        assert table.fontMetrics().horizontalAdvance(text) + 8 <= header.sectionSize(index.column()), text
        assert text in str(index.data(Qt.ItemDataRole.ToolTipRole))
    dialog.reject()
