"""A DCSM meeting's stored values in words, as a chair reads them: for the choice between two versions.

When two windows saved the same field of a meeting, the version choice shows both
values. The lists kept as one value (:mod:`safeguarding.meetings.values`) are JSON
holding ids; shown as they are, a chair would read "["3f2a…", "9b1c…"]". Here the
agenda reads "1. Brenchley Gardens, 2. Week Street", who came "Sam Patel (Youth Hub,
youth worker): present", a decision by its name and a date the UK way.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from safeguarding.meetings.records import Attendance
from safeguarding.meetings.values import split_key
from safeguarding.plan.records import ActionStatus, Decision
from safeguarding.timeutil import format_uk_date

UNKNOWN_ITEM = "an item no longer on the agenda"
"""An agenda item whose name cannot be found (removed in both windows)."""


def value_in_words(key: str, value: Any, item_name: Callable[[str], str | None]) -> str:
    """The stored ``value`` of the meeting field ``key`` in words.

    Args:
        key: A key of :mod:`safeguarding.meetings.values` (``agenda``, ``attendees``, ``<item id>.decision``…).
        value: Its stored value (JSON text for the lists, ISO text for dates).
        item_name: The location an agenda item (by id) is about, or None if not known.

    Returns:
        Plain text: "1. Brenchley Gardens, 2. Week Street" for the agenda, "" for no value.
    """
    if value is None or value == "":
        return ""
    _item_id, name = split_key(key)
    try:
        if name == "agenda":
            ids = json.loads(value)
            return (
                ", ".join(f"{n}. {item_name(item_id) or UNKNOWN_ITEM}" for n, item_id in enumerate(ids, start=1))
                or "No items"
            )
        if name == "attendees":
            return "\n".join(_person(*row) for row in json.loads(value)) or "Nobody recorded"
        if name == "decision":
            return Decision(value).label
        if name == "next_review_date":
            return format_uk_date(date.fromisoformat(str(value)))
        if name == "updates":
            lines = [f"{ActionStatus(status).label}: {note}" if note else ActionStatus(status).label
                     for _action, status, note in json.loads(value)]  # fmt: skip
            return "\n".join(lines) or "No open actions"
        if name == "new_actions":
            return "\n".join(row["description"] for row in json.loads(value)) or "No new actions"
    except (ValueError, TypeError, KeyError):  # a date not finished typing, or a value of an older form
        return str(value)
    return str(value)


def _person(name: str, agency: str, role: str, attendance: str) -> str:
    details = ", ".join(part for part in (agency, role) if part)
    return f"{name}{f' ({details})' if details else ''}: {Attendance(attendance).label.lower()}"
