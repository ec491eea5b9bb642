"""No user text is ever shown as rich text: labels, message boxes, tooltips and table tips show it literally."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QListWidget, QMessageBox, QTreeWidget, QWidget
from pytestqt.qtbot import QtBot

from safeguarding.evidence.photos import import_photo
from safeguarding.forms import FormLibrary
from safeguarding.model import Consultation, ConsultationMethod, Location, MapPin, Observation, Person, Side
from safeguarding.plan.records import Action
from safeguarding.store import open_store
from tests.ui.conftest import ScriptedInteraction
from ui.interaction import message_box, review_dialog
from ui.main_window import MainWindow

HOSTILE = '<b>x</b><img src="file:///etc/hostname">'
"""What a user might type (or paste): markup that must show as these characters, never as bold or an image."""
MARK = "<b>x</b>"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 60)).save(out, format="PNG")
    return out.getvalue()


def _seed(db_path: Path, form_library: FormLibrary) -> str:
    store = open_store(db_path)
    try:
        location = store.locations.add(
            Location(name=f"Park {HOSTILE}", latitude=51.2776, longitude=0.5196, referral_reason=HOSTILE)
        )
        assessment = store.assessments.create(location.id, form_library.current(), assessor_name=HOSTILE)
        assessment.analysis = HOSTILE
        for side in Side:
            assessment.findings[side].concerns = HOSTILE
        store.assessments.save(assessment)
        store.assessments.save_observation(
            assessment.id,
            Observation(
                start=datetime(2026, 11, 3, 16, 0, tzinfo=UTC),
                end=datetime(2026, 11, 3, 17, 0, tzinfo=UTC),
                observer=HOSTILE,
                notes=HOSTILE,
            ),
        )
        store.consultations.save(
            assessment.id, Consultation(HOSTILE, ConsultationMethod.CONVERSATION, date(2026, 11, 4), said=HOSTILE)
        )
        store.maps.save_pin(assessment.id, MapPin(51.2776, 0.5196, "gathering_place", HOSTILE, HOSTILE))
        store.photos.add(assessment.id, import_photo(_png(), "a.png"), caption=HOSTILE)
        goal = store.plan.add_goal(assessment.id, Side.GUARDIANSHIP, HOSTILE)
        agency = store.plan.agencies()[0]
        store.plan.add_action(Action(goal_id=goal.id, description=HOSTILE, agency_id=agency.id, lead=HOSTILE))
        store.people.save(Person(assessment.id, f"Zoe {HOSTILE}", "Young person A", other_names=HOSTILE))
        return assessment.id
    finally:
        store.close()


def _renders_rich(text: str, text_format: Qt.TextFormat) -> bool:
    if MARK not in text:
        return False
    return text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    )


def _tip_is_rich(tip: object) -> bool:
    """A tooltip is rich text when Qt would guess so; the raw mark in it would then render."""
    return isinstance(tip, str) and MARK in tip and GuiQt.mightBeRichText(tip)


def _model_tips(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[object]:
    parent = parent if parent is not None else QModelIndex()
    tips = []
    try:
        columns = model.columnCount(parent)
    except TypeError:  # list models keep columnCount private: they have one column
        columns = 1
    for row in range(model.rowCount(parent)):
        for column in range(columns):
            index = model.index(row, column, parent)
            tips.append(model.data(index, Qt.ItemDataRole.ToolTipRole))
            if column == 0 and model.rowCount(index) > 0:
                tips.extend(_model_tips(model, index))
    return tips


def _problems() -> list[str]:
    found = []
    for widget in QApplication.allWidgets():
        name = f"{type(widget).__name__} {widget.objectName()!r}"
        if isinstance(widget, QLabel) and _renders_rich(widget.text(), widget.textFormat()):
            found.append(f"label {name}: {widget.text()[:60]}")
        if _tip_is_rich(widget.toolTip()):
            found.append(f"tooltip of {name}")
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            found += [f"table tip in {name}" for tip in _model_tips(widget.model()) if _tip_is_rich(tip)]
        if isinstance(widget, QListWidget):
            items = [widget.item(row) for row in range(widget.count())]
            found += [f"list tip in {name}" for item in items if _tip_is_rich(item.toolTip())]
        if isinstance(widget, QTreeWidget):
            root = widget.invisibleRootItem()
            stack = [root.child(i) for i in range(root.childCount())]
            while stack:
                item = stack.pop()
                stack += [item.child(i) for i in range(item.childCount())]
                found += [f"tree tip in {name}" for c in range(widget.columnCount()) if _tip_is_rich(item.toolTip(c))]
    return found


def test_user_text_is_never_rich_text_anywhere(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    db_path: Path,
    form_library: FormLibrary,
    interaction: ScriptedInteraction,
) -> None:
    assessment_id = _seed(db_path, form_library)
    window = make_window()
    assert window.locations_page.isVisible()
    assert _problems() == []
    window.open_assessment(assessment_id)
    editor = window.editor
    assert editor is not None
    for page in editor.pages:
        if page.objectName() != "page_map":  # its list is filled without showing the web view
            editor.show_section(page.objectName().removeprefix("page_"))
    assert any(MARK in label.text() for label in window.findChildren(QLabel))  # the check below is not vacuous
    assert _problems() == []
    window.records_menu.history_action.trigger()
    assert window.records_menu.history_dialog is not None
    assert _problems() == []


def test_message_boxes_and_reviews_show_markup_literally(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    box = message_box(parent, QMessageBox.Icon.Warning, "Problem", f"Could not save {HOSTILE}")
    assert box.textFormat() == Qt.TextFormat.PlainText
    dialog, table = review_dialog(parent, "Check", HOSTILE, ["Tick", "Name"], [[HOSTILE]], [True], yes="Go", no="No")
    labels = dialog.findChildren(QLabel)
    assert labels and all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    assert table.item(0, 1).text() == HOSTILE
    # Shown literally: the document Qt would lay out holds the characters, not bold text and an image.
    document = QTextDocument()
    document.setPlainText(box.text())
    assert document.toPlainText().endswith(HOSTILE)


def test_recording_progress_shows_the_action_literally(qtbot: QtBot) -> None:
    from ui.plan.progress_dialog import ProgressDialog

    dialog = ProgressDialog(Action(goal_id="g", description=HOSTILE, agency_id="a"), lambda *_: None)
    qtbot.addWidget(dialog)
    shown = [label for label in dialog.findChildren(QLabel) if MARK in label.text()]
    assert shown and all(label.textFormat() == Qt.TextFormat.PlainText for label in shown)
