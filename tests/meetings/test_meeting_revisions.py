"""Two windows on one DCSM meeting: changes to different fields both survive; the same field conflicts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from safeguarding.meetings.records import Attendee, Meeting
from safeguarding.meetings.values import item_from_values, item_key, meeting_values
from safeguarding.plan.records import Decision
from safeguarding.store import EditConflictError, Store, open_store
from safeguarding.store.audit_schema import trigger_sql
from safeguarding.store.migrations import STEPS
from tests.conftest import FixedClock
from tests.meetings.conftest import DECEMBER


@pytest.fixture
def windows(demo_path: Path, meeting_clock: FixedClock) -> Iterator[tuple[Store, Store]]:
    """Two stores on one database (two windows, or two copies of the app), Sam's and Alex's."""
    first, second = open_store(demo_path, clock=meeting_clock), open_store(demo_path, clock=meeting_clock)
    first.audit.set_actor("Sam Patel")
    second.audit.set_actor("Alex Jones")
    yield first, second
    first.db.conn.close()
    second.db.conn.close()


def _opened(store: Store) -> tuple[Meeting, dict[str, object]]:
    meeting = store.meetings.on_date(date.fromisoformat(DECEMBER))
    return meeting, meeting_values(meeting)


def test_the_meeting_tables_carry_a_revision_and_who_saved_it(demo: Store) -> None:
    assert "0064_meeting_revisions" in [name for name, _ in STEPS]
    for table in ("meetings", "meeting_people", "meeting_items", "meeting_new_actions"):
        columns = {row[1] for row in demo.db.execute(f"PRAGMA table_info({table})").fetchall()}
        assert {"revision", "updated_by"} <= columns, table
        # the audit trail never copies them (bookkeeping), as for every other edited table
        assert "'revision'" not in "".join(trigger_sql(demo.db, table).values()), table


def test_two_windows_changing_different_fields_of_one_item_both_survive(windows: tuple[Store, Store]) -> None:
    sam, alex = windows
    mine, base_sam = _opened(sam)
    theirs, base_alex = _opened(alex)
    item = mine.items[0]
    other = mine.items[2]
    revisions = "SELECT revision, updated_by FROM meeting_items WHERE id = ?"
    (before, _who), (other_before, other_who) = (sam.db.execute(revisions, [i.id]).fetchone() for i in (item, other))
    assert item.review is not None  # Brenchley Gardens: its discussion is kept in its DCSM review
    mine.items[0].review.notes = "Lighting fixed; groups smaller after 8pm."  # type: ignore[union-attr]
    sam.meetings.save(mine, base=base_sam)
    theirs.items[0].raised_by = "British Transport Police"
    theirs.chair = "Insp. J. Patel"
    alex.meetings.save(theirs, base=base_alex)
    stored = sam.meetings.get(mine.id)
    assert stored.items[0].the_discussion == "Lighting fixed; groups smaller after 8pm."
    assert stored.items[0].raised_by == "British Transport Police"
    assert stored.chair == "Insp. J. Patel"
    # one more revision per save that changed the item, and who saved it last; an item nobody changed keeps both
    assert tuple(sam.db.execute(revisions, [item.id]).fetchone()) == (before + 2, "Alex Jones")
    assert tuple(sam.db.execute(revisions, [other.id]).fetchone()) == (other_before, other_who)


def test_the_same_field_changed_in_two_windows_conflicts_and_nothing_is_written(windows: tuple[Store, Store]) -> None:
    sam, alex = windows
    mine, base_sam = _opened(sam)
    theirs, base_alex = _opened(alex)
    mine.items[1].decision_sought = "Agree the plan."
    sam.meetings.save(mine, base=base_sam)
    theirs.items[1].decision_sought = "Close the location."
    theirs.venue = "Online"
    with pytest.raises(EditConflictError) as caught:
        alex.meetings.save(theirs, base=base_alex)
    (conflict,) = caught.value.conflicts
    assert conflict.column == item_key(mine.items[1].id, "decision_sought")
    assert (conflict.mine, conflict.theirs, conflict.their_author) == (
        "Close the location.",
        "Agree the plan.",
        "Sam Patel",
    )
    stored = alex.meetings.get(mine.id)
    assert stored.items[1].decision_sought == "Agree the plan."
    assert stored.venue != "Online"  # nothing of the refused save was written


def test_an_item_added_in_one_window_is_kept_when_the_other_saves_its_attendees(windows: tuple[Store, Store]) -> None:
    sam, alex = windows
    mine, base_sam = _opened(sam)
    theirs, base_alex = _opened(alex)
    removed = mine.items.pop()
    sam.meetings.save(mine, base=base_sam)
    theirs.attendees.append(Attendee("R. Khan", "Kent Fire and Rescue"))
    theirs.items[0].review.decision = Decision.CONTINUE  # type: ignore[union-attr]
    alex.meetings.save(theirs, base=base_alex)
    stored = sam.meetings.get(mine.id)
    assert removed.id not in [item.id for item in stored.items]  # Sam's change to the agenda is kept
    assert "R. Khan" in [person.name for person in stored.attendees]
    assert stored.items[0].the_decision == Decision.CONTINUE
    assert json.loads(meeting_values(stored)["agenda"]) == [item.id for item in mine.items]


def test_an_item_is_rebuilt_from_its_origin_and_a_base_without_origins_saves_without_conflict(
    windows: tuple[Store, Store],
) -> None:
    sam, _alex = windows
    mine, base = _opened(sam)
    item = mine.items[0]
    values = meeting_values(mine)
    rebuilt = item_from_values(mine.id, item.id, values)
    assert rebuilt is not None and rebuilt.id == item.id
    assert (rebuilt.location_id, rebuilt.location_name, rebuilt.assessment_id, rebuilt.reason) == (
        item.location_id, item.location_name, item.assessment_id, item.reason,
    )  # fmt: skip
    assert item_from_values(mine.id, "not-an-item", values) is None
    old_base = {key: value for key, value in base.items() if not key.endswith(".origin")}  # an older app's draft
    mine.chair = "Dr A. Mensah (fictional)"
    assert sam.meetings.save(mine, base=old_base).chair == "Dr A. Mensah (fictional)"
