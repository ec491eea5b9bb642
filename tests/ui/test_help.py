"""Help → Guide and Help → About, and the accessible names and shortcuts of the main controls."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from safeguarding.licences import bundled_components
from safeguarding.model import Location
from ui.main_window import MainWindow

WindowFactory = Callable[[], MainWindow]


def test_guide_opens_from_the_help_menu_with_f1(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    assert window.guide_action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    window.guide_action.trigger()
    dialog = window.help_dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.browser.toPlainText()
    for phrase in ("Neighbourhood Assessment Triangle", "Guardianship capacity", "OFFICIAL-SENSITIVE", "lost hours"):
        assert phrase in text


def test_about_lists_version_and_licences(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    about = next(a for a in window.menuBar().actions()[-1].menu().actions() if a.text() == "&About")
    about.trigger()
    assert window.help_dialog is not None
    text = window.help_dialog.browser.toPlainText()
    assert "0.1.0" in text
    for component in bundled_components():
        assert component.name in text and component.licence in text
    assert any(c.name == "PySide6" and c.version for c in bundled_components())


def test_menu_actions_show_their_shortcuts_and_tips(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    for action in (
        window.new_location_action,
        window.edit_location_action,
        window.new_assessment_action,
        window.save_action,
        window.export_action,
        window.guide_action,
    ):
        assert not action.shortcut().isEmpty(), action.text()
        assert action.statusTip(), action.text()


def test_main_controls_have_accessible_names(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    store = window.store
    assert store is not None
    location = store.locations.add(Location(name="Brenchley Gardens"))
    window.refresh()
    page = window.locations_page
    assert page.table.accessibleName() == "Locations"
    assert page.assessments.accessibleName()
    for button in (page.new_button, page.edit_button, page.archive_button, page.new_assessment_button):
        assert button.text().replace("&", "").strip()
    window.new_assessment(location.id)
    editor = window.editor
    assert editor is not None
    assert editor.nav.accessibleName() == "Assessment sections"
    assert editor.save_state.accessibleName() == "Save status"
    from ui.editor.form_page import FormPage

    unnamed = []
    for section_page in editor.pages:
        if isinstance(section_page, FormPage):
            for field_id, field_editor in section_page.editors.items():
                widget = field_editor.focus_widget()
                if not widget.accessibleName() or not widget.toolTip():
                    unnamed.append(field_id)
    assert unnamed == []


def test_the_guide_names_every_section_as_the_screens_do(qtbot: QtBot, make_window: WindowFactory) -> None:
    """Issue 16: F1 help matches the screens: each section of the form, by the name and number the editor shows."""
    from safeguarding.forms import FormLibrary
    from ui.help import guide_html

    text = guide_html()
    form = FormLibrary.load().current()
    for number, section in enumerate(form.sections, start=1):
        named = f"<b>{number}. {section.short_title}</b>" in text or f"<b>{section.short_title}</b>" in text
        assert named, f"the guide does not name section {number}. {section.short_title}"
    for jargon in ("MBTiles", "GeoJSON", "Never record a young person's name"):
        assert jargon not in text
