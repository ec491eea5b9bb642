"""Characters no report font has, in the meeting's papers: printed as a placeholder, counted, and said where.

Each paper is written for real and read back as a chair reads it. "😀" is an emoji
(printed "[emoji]"); "𓀀" (an Egyptian hieroglyph) is a letter none of the report's
fonts has (printed "[character not printable]"). The database keeps both as typed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from safeguarding.reports.glyphs import EMOJI_PLACEHOLDER, UNPRINTABLE_PLACEHOLDER, Unprintable
from safeguarding.reports.register_report import export_register
from safeguarding.store import Store
from safeguarding.workflows import meeting_papers as papers
from tests.reports.pdfread import read_pdf

NOVEMBER = date(2026, 11, 19)
DECEMBER = date(2026, 12, 17)
EMOJI = "😀"
NO_FONT = "𓀀"
BOTH = f"{EMOJI} {NO_FONT}"


def _ask_with_emoji(store: Store) -> None:
    """The December agenda asks the chair about Brenchley Gardens with an emoji and a letter no font has."""
    meeting = store.meetings.on_date(DECEMBER)
    meeting.items[0].decision_sought = f"Agree the next steps {BOTH}"
    store.meetings.save(meeting)


def _update_with_emoji(store: Store) -> None:
    """An open action's latest update (printed in the action tracker) has an emoji and a letter no font has."""
    row = next(row for row in store.register.action_log(DECEMBER) if row.location_name == "Brenchley Gardens")
    store.plan.record_progress(row.action_id, f"Lamps fixed {BOTH} at last", happened_on=DECEMBER)


def test_pack_prints_placeholders_and_says_where(demo: Store, tmp_path: Path) -> None:
    _ask_with_emoji(demo)
    _update_with_emoji(demo)
    unprintable = Unprintable()
    out = papers.write_pack(papers.read_pack(demo, DECEMBER), tmp_path / "pack.pdf", unprintable=unprintable)
    text = read_pdf(out).text
    expected = f"Agree the next steps {EMOJI_PLACEHOLDER} {UNPRINTABLE_PLACEHOLDER}"
    assert text.count(expected) == 2  # in the agenda and on the item's front sheet
    assert f"Lamps fixed {EMOJI_PLACEHOLDER} {UNPRINTABLE_PLACEHOLDER} at last" in text
    assert EMOJI not in text and NO_FONT not in text
    assert unprintable.counts == {
        "the agenda, item 1 (Brenchley Gardens)": 2,
        "the front sheet of item 1 (Brenchley Gardens)": 2,
        "the action tracker": 2,
    }
    message = unprintable.message()
    assert message.startswith("6 characters could not be printed")
    assert "2 in the front sheet of item 1 (Brenchley Gardens); 2 in the action tracker." in message
    assert demo.meetings.on_date(DECEMBER).items[0].decision_sought.endswith(BOTH)  # kept as typed


def test_redacted_pack_counts_too(demo: Store, tmp_path: Path) -> None:
    _ask_with_emoji(demo)
    unprintable = Unprintable()
    request = papers.read_pack(demo, DECEMBER, redacted=True)
    text = read_pdf(papers.write_pack(request, tmp_path / "pack.pdf", unprintable=unprintable)).text
    assert f"next steps {EMOJI_PLACEHOLDER} {UNPRINTABLE_PLACEHOLDER}" in text
    assert unprintable.total == 4


def test_a_pack_that_prints_everything_says_nothing(demo: Store, tmp_path: Path) -> None:
    unprintable = Unprintable()
    papers.write_pack(papers.read_pack(demo, DECEMBER), tmp_path / "pack.pdf", unprintable=unprintable)
    assert unprintable.total == 0 and unprintable.message() == ""


def test_minutes_print_placeholders_and_say_where(demo: Store, tmp_path: Path) -> None:
    from safeguarding.workflows.meetings import finalise_meeting
    from tests.meetings.test_meetings import _finalisable

    meeting = _finalisable(demo)
    brenchley = meeting.items[0]
    assert brenchley.review is not None
    brenchley.review.notes = f"Chair thanked the patrol team {BOTH}"
    brenchley.new_actions[0].description = f"Friday evening patrol at the bandstand {EMOJI}"
    demo.meetings.save(meeting)
    finalise_meeting(demo, meeting.id)
    unprintable = Unprintable()
    out = papers.write_minutes(papers.read_minutes(demo, DECEMBER), tmp_path / "minutes.pdf", unprintable=unprintable)
    text = read_pdf(out).text
    assert f"Chair thanked the patrol team {EMOJI_PLACEHOLDER} {UNPRINTABLE_PLACEHOLDER}" in text
    assert text.count(f"Friday evening patrol at the bandstand {EMOJI_PLACEHOLDER}") == 2  # item, and agreed actions
    assert unprintable.counts == {
        "the minutes of item 1 (Brenchley Gardens)": 3,
        "the actions agreed at this meeting": 1,
    }
    assert unprintable.message().startswith("4 characters could not be printed")


def test_register_prints_placeholders_and_says_which_row(demo: Store, tmp_path: Path) -> None:
    row = next(row for row in demo.register.rows(DECEMBER) if row.name == "North Week Street")
    location = demo.locations.get(row.location_id)
    location.ward = f"High Street {BOTH}"
    demo.locations.update(location)
    unprintable = Unprintable()
    rows = demo.register.rows(DECEMBER)
    out = export_register(rows, tmp_path / "register.pdf", generated_at=demo.clock(), unprintable=unprintable)
    text = read_pdf(out).text
    assert f"North Week Street (High Street {EMOJI_PLACEHOLDER} {UNPRINTABLE_PLACEHOLDER})" in text
    assert unprintable.counts == {"the register row of North Week Street": 2}
    assert "2 in the register row of North Week Street." in unprintable.message()


def test_tracker_csv_keeps_every_character_as_typed(demo: Store, tmp_path: Path) -> None:
    """The CSV tracker draws nothing with a font, so the emoji stays; only the printed tracker has placeholders."""
    _update_with_emoji(demo)
    rows, options = papers.read_tracker(demo)
    text = papers.write_tracker(rows, options, tmp_path / "tracker.csv").read_text(encoding="utf-8-sig")
    assert f"Lamps fixed {BOTH} at last" in text and EMOJI_PLACEHOLDER not in text
