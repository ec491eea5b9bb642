"""Child app of the kill test: the real window on a database, typing into a field as key events.

Usage: ``python -m tests.ui.typing_child DB_PATH ASSESSMENT_ID FIELD TEXT`` with FIELD
``visit`` (a visit's notes), ``analysis`` (the summary's analysis; the autosave is held
off, as while the user keeps typing) or ``meeting`` (the discussion of the first item of
the latest DCSM meeting; ASSESSMENT_ID is not used) or ``meeting-new-item`` (a place raised by a
partner is added to that meeting's agenda, the first the window offers, and its discussion typed:
the item is never saved). The window is built as the app builds it (it takes
the database's instance lock), the text is typed key by key, and once the draft holding
all of it is on disk the child prints ``DRAFT`` and waits to be killed (it gives up after
a minute).
"""

from __future__ import annotations

import sys
from pathlib import Path
from unittest.mock import patch

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtTest import QTest

from safeguarding.profile import Profile
from ui.startup import build_window, create_application


def main() -> int:
    path, assessment_id, field, text = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    app = create_application([])
    QTimer.singleShot(60_000, lambda: app.exit(3))  # never left running
    window = build_window(path, demo=False, profile=Profile(name="Sam Patel", agency="Youth Hub", role="Worker"))
    window.show()
    editor, store, keeper = window.editor, window.store, window.drafts
    assert editor is not None and store is not None and keeper is not None
    if field.startswith("meeting"):
        window.meetings_menu.show_meetings()
        meetings = window.meetings_menu.meeting_dialog
        assert meetings is not None
        meetings.agenda.setCurrentRow(0)
        if field == "meeting-new-item":
            with patch.object(meetings._interaction, "choose", return_value=0):  # the first place offered
                meetings.add_raised_by_partner()
        widget = meetings.item_editor.discussion
    elif field == "visit":
        window.open_assessment(assessment_id)
        editor.show_section("observations")
        widget = editor.page("observations").notes_edit  # type: ignore[attr-defined]
    else:
        window.open_assessment(assessment_id)
        editor.show_section("summary")
        editor.timer.setInterval(3_600_000)  # still typing: the autosave has not run yet
        widget = editor.page("summary").editors["analysis"].focus_widget()  # type: ignore[attr-defined]
    widget.setFocus()
    QTest.keyClicks(widget, text)
    loop = QEventLoop()

    def check() -> None:
        if any(text in str(draft.payload) for draft in store.drafts.every()):
            loop.quit()

    keeper.written.connect(check)
    QTimer.singleShot(0, check)
    loop.exec()
    print("DRAFT", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
