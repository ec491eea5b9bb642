"""The fields of each kind of record an editor may change, as the values a save compares.

A save with a base (:mod:`safeguarding.store.revisions`) compares field by
field, in the stored form of each value (dates as ISO text, a rating as its
code, a visit's head counts in words). Editors keep their base in this form,
and an :class:`~safeguarding.store.revisions.EditConflictError` names its
fields by these keys, so :func:`editable_values` is the one place the window
learns them.
"""

from __future__ import annotations

from typing import Any

from safeguarding.model import Assessment, Consultation, Location, MapPin, Observation, Person, Photo
from safeguarding.plan.records import Action, Review, SafetyGoal
from safeguarding.safety_mapping.model import SafetyMark, SafetySession
from safeguarding.store.assessment_fields import write_up
from safeguarding.store.consultations import consultation_values
from safeguarding.store.locations import location_values
from safeguarding.store.map_features import pin_values
from safeguarding.store.observations import observation_values
from safeguarding.store.people import person_values
from safeguarding.store.photos import photo_values
from safeguarding.store.plan.actions import action_row
from safeguarding.store.plan.goals import goal_values
from safeguarding.store.plan.reviews import review_values
from safeguarding.store.safety_mapping import mark_values, session_values

Record = (
    Assessment
    | Observation
    | Consultation
    | MapPin
    | Photo
    | Person
    | Location
    | SafetyGoal
    | Action
    | Review
    | SafetySession
    | SafetyMark
)


def editable_values(record: Record) -> dict[str, Any]:
    """The editable fields of ``record`` as stored values, keyed as its repository's save compares them.

    An assessment gives its write-up (own fields, and ``"<side>.<field>"`` for each side).

    Raises:
        TypeError: for a record no editor changes field by field.
    """
    if isinstance(record, Assessment):
        return write_up(record)
    if isinstance(record, Observation):
        return observation_values(record)
    if isinstance(record, Consultation):
        return consultation_values(record)
    if isinstance(record, MapPin):
        return pin_values(record)
    if isinstance(record, Photo):
        return photo_values(record)
    if isinstance(record, Person):
        return person_values(record)
    if isinstance(record, Location):
        return location_values(record)
    if isinstance(record, SafetyGoal):
        return goal_values(record)
    if isinstance(record, Action):
        return action_row(record)
    if isinstance(record, Review):
        return review_values(record)
    if isinstance(record, SafetySession):
        return session_values(record)
    if isinstance(record, SafetyMark):
        return mark_values(record)
    raise TypeError(f"no editable fields for {type(record).__name__}")
