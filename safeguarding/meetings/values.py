"""A DCSM meeting as the flat stored values a save compares, field by field, and a draft keeps.

Two windows on one meeting must never overwrite each other, and a coordinator's
typing must survive a crash. Both work on the same flat mapping of JSON values:

* ``title``, ``chair``, ``venue``, ``notes``: the meeting's own fields;
* ``attendees``: who came and apologies, as one value (a list of
  ``[name, agency, role, attendance]``);
* ``agenda``: the items' ids in order, as one value;
* ``<item id>.<field>`` for each agenda item: ``raised_by``, ``reason_note``,
  ``decision_sought``, ``discussion``, ``decision``, ``route``,
  ``next_review_date`` (ISO text), ``updates`` (each open action's
  ``[action id, status, note]``) and ``new_actions`` (one value each);
  and ``origin``: which location the item is about and why it is on the agenda
  (it never changes once the item is added). An item added but never saved
  is rebuilt from it when a draft is restored (:func:`item_from_values`).

Texts are kept as the store writes them (trimmed), so a value typed and the
value saved compare equal. A date not finished typing is kept as typed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from safeguarding.meetings.records import AgendaReason, Attendance, Attendee, Meeting, MeetingItem, NewAction
from safeguarding.model import Side
from safeguarding.plan.records import ActionStatus, Decision, ReviewItem
from safeguarding.timeutil import date_to_iso

MEETING_FIELDS = ("title", "chair", "venue", "notes", "attendees", "agenda")
"""The keys of the meeting as a whole."""
ITEM_FIELDS = (
    "raised_by",
    "reason_note",
    "decision_sought",
    "discussion",
    "decision",
    "route",
    "next_review_date",
    "updates",
    "new_actions",
    "origin",
)
"""The fields of each agenda item (keyed ``<item id>.<field>``)."""
ITEM_TEXTS = frozenset({"raised_by", "reason_note", "decision_sought", "discussion", "route"})
"""The item fields where a text can be written from two versions."""


def item_key(item_id: str, name: str) -> str:
    """The key of one field of one agenda item, e.g. ``"3f2a….discussion"``."""
    return f"{item_id}.{name}"


def split_key(key: str) -> tuple[str | None, str]:
    """``(item id, field)`` of an item's key; ``(None, key)`` for a field of the meeting."""
    item_id, dot, name = key.partition(".")
    return (item_id, name) if dot else (None, key)


def as_json(value: Any) -> str:
    """A list value as the text compared and kept (stable, readable in any script)."""
    return json.dumps(value, ensure_ascii=False)


def attendees_value(attendees: list[Attendee]) -> str:
    """Who came, as one value: ``[[name, agency, role, attendance], ...]`` (blank rows left out)."""
    rows = [[p.name.strip(), p.agency.strip(), p.role.strip(), p.attendance.value] for p in attendees]
    return as_json([row for row in rows if row[0] or row[1]])


def new_actions_value(actions: list[NewAction]) -> str:
    """New actions agreed, as one value (a due date not finished typing is kept as typed)."""
    return as_json(
        [
            {
                "id": action.id,
                "description": action.description.strip(),
                "agency_id": action.agency_id,
                "lead": action.lead.strip(),
                "due_date": date_to_iso(action.due_date),
                "goal_id": action.goal_id,
                "side": action.side.value,
            }
            for action in actions
            if action.description.strip()
        ]
    )


def origin_value(item: MeetingItem) -> str:
    """Which location ``item`` is about and why it is on the agenda, as one value (fixed once added)."""
    return as_json(
        {
            "location_id": item.location_id,
            "location_name": item.location_name,
            "assessment_id": item.assessment_id,
            "reason": item.reason.value,
        }
    )


def item_from_values(meeting_id: str, item_id: str, values: Mapping[str, Any]) -> MeetingItem | None:
    """The agenda item ``item_id`` rebuilt from its ``origin`` in ``values`` (a draft); None without one.

    Only the item itself is made (location, assessment, why): its other fields are set by
    :func:`apply_values`, and an assessed item's open actions by the caller (it reads the plan).
    A draft written before ``origin`` was kept has none: the caller keeps its texts another way.
    """
    value = values.get(item_key(item_id, "origin"))
    if not value:
        return None
    origin = json.loads(value)
    return MeetingItem(
        meeting_id=meeting_id,
        location_id=origin["location_id"],
        reason=AgendaReason(origin["reason"]),
        assessment_id=origin.get("assessment_id"),
        location_name=origin.get("location_name", ""),
        id=item_id,
    )


def item_values(item: MeetingItem) -> dict[str, Any]:
    """One agenda item's fields as stored values (unprefixed keys, see the module notes)."""
    decision = item.the_decision
    updates = item.review.items if item.review is not None else []
    return {
        "raised_by": item.raised_by.strip(),
        "reason_note": item.reason_note.strip(),
        "decision_sought": item.decision_sought.strip(),
        "discussion": item.the_discussion.strip(),
        "decision": decision.value if decision else None,
        "route": item.the_route.strip() if decision == Decision.ESCALATE else "",
        "next_review_date": date_to_iso(item.the_next_review),
        "updates": as_json([[u.action_id, u.status.value, u.note.strip()] for u in updates]),
        "new_actions": new_actions_value(item.new_actions),
        "origin": origin_value(item),
    }


def meeting_values(meeting: Meeting) -> dict[str, Any]:
    """The whole meeting as flat stored values (see the module notes)."""
    values: dict[str, Any] = {
        "title": meeting.title.strip(),
        "chair": meeting.chair.strip(),
        "venue": meeting.venue.strip(),
        "notes": meeting.notes.strip(),
        "attendees": attendees_value(meeting.attendees),
        "agenda": as_json([item.id for item in meeting.items]),
    }
    for item in meeting.items:
        values.update({item_key(item.id, name): value for name, value in item_values(item).items()})
    return values


def apply_item_value(item: MeetingItem, name: str, value: Any) -> None:
    """Set one field of ``item`` from its stored value (a date not yet a date leaves the date unset).

    The discussion, decision, route, next review and updates go to the item's
    DCSM review when it has one (they are kept there), else to the item.
    """
    if name == "origin":
        return  # fixed once the item is added (an item lacking is rebuilt by the caller)
    if name in ("raised_by", "reason_note", "decision_sought"):
        setattr(item, name, str(value or ""))
    elif name == "updates":
        item_updates(item, value)
    elif name == "new_actions":
        item.new_actions = new_actions_from_value(value)
    else:
        target: Any = item.review if item.review is not None else item
        field = {"discussion": "notes" if item.review is not None else "discussion"}.get(name, name)
        if name == "decision":
            value = Decision(value) if value else None
        elif name == "next_review_date":
            value = _date(value)
        else:
            value = str(value or "")
        setattr(target, field, value)


def item_updates(item: MeetingItem, value: Any) -> None:
    """Set each open action's update of ``item``'s review from its stored value."""
    if item.review is None:
        return
    item.review.items = [
        ReviewItem(action_id, ActionStatus(status), note) for action_id, status, note in json.loads(value or "[]")
    ]


def apply_meeting_value(meeting: Meeting, name: str, value: Any) -> None:
    """Set one field of the meeting as a whole (not ``agenda``: the items are the caller's)."""
    if name == "attendees":
        meeting.attendees = [
            Attendee(person, agency, role, Attendance(attendance))
            for person, agency, role, attendance in json.loads(value or "[]")
        ]
    elif name in ("title", "chair", "venue", "notes"):
        setattr(meeting, name, str(value or ""))


def apply_values(meeting: Meeting, values: Mapping[str, Any]) -> None:
    """Set the fields named in ``values`` on ``meeting`` and its items (items it lacks are left out)."""
    items = {item.id: item for item in meeting.items}
    for key, value in values.items():
        item_id, name = split_key(key)
        if item_id is None:
            apply_meeting_value(meeting, name, value)
        elif item_id in items:
            apply_item_value(items[item_id], name, value)


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:  # not finished typing: shown as typed by the window, never saved
        return None


def new_actions_from_value(value: Any) -> list[NewAction]:
    """The new actions of a stored ``new_actions`` value (a due date not yet a date is left unset)."""
    return [_new_action(row) for row in json.loads(value or "[]")]


def _new_action(row: Mapping[str, Any]) -> NewAction:
    return NewAction(
        description=row["description"],
        agency_id=row.get("agency_id"),
        lead=row.get("lead", ""),
        due_date=_date(row.get("due_date")),
        goal_id=row.get("goal_id"),
        side=Side(row.get("side") or Side.ENVIRONMENT.value),
        id=row["id"],
    )
