"""A meeting's agenda built from the register (domain guide: reviews due, new referrals, places raised by partners).

:func:`agenda_from_register` proposes items in the order a chair takes them:

1. **reviews due**: the last decision set a next review on or before the meeting date
   (closed locations are not reviewed again);
2. **plans to agree**: the latest assessment is complete and no meeting has yet
   agreed its plan (no decision since it was accepted or reassessment was asked for);
3. **new referrals**: no decision recorded yet, referred on or before the meeting date.

Locations raised by partners are added by hand (:func:`raised_by_partner`). A
location already on the agenda is never added twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from safeguarding.meetings.records import DECISION_SOUGHT, AgendaReason, Meeting, MeetingItem
from safeguarding.meetings.register import RegisterRow, RegisterStatus
from safeguarding.plan.records import Decision
from safeguarding.timeutil import format_uk_date


def _reason(row: RegisterRow, meeting_date: date) -> tuple[AgendaReason, str] | None:
    """Why ``row`` belongs on the agenda of a meeting on ``meeting_date``, with a note; None if it does not."""
    last = row.last_decision
    status = row.status
    if status == RegisterStatus.CLOSED or row.archived:
        return None
    if row.review_due(meeting_date) and last is not None and last.next_review is not None:
        late = " (overdue)" if last.next_review < meeting_date else ""
        note = f"Review set for {format_uk_date(last.next_review)}{late} at the DCSM of {format_uk_date(last.on)}."
        if row.overdue_actions:
            note += f" {_count(row.overdue_actions, 'action')} overdue."
        return AgendaReason.REVIEW_DUE, note
    if status == RegisterStatus.ON_PLAN and (last is None or last.decision in (Decision.ASSESS, Decision.REASSESS)):
        return AgendaReason.PLAN_TO_AGREE, "The assessment is complete; its plan has not yet been agreed."
    if last is None and (row.referral_date is None or row.referral_date <= meeting_date):
        referred = f"Referred on {format_uk_date(row.referral_date)}." if row.referral_date else "Referred."
        if status == RegisterStatus.BEING_ASSESSED:
            referred += " Assessment started."
        return AgendaReason.NEW_REFERRAL, referred
    return None


def _count(number: int, word: str) -> str:
    return f"1 {word}" if number == 1 else f"{number} {word}s"


_ORDER = (AgendaReason.REVIEW_DUE, AgendaReason.PLAN_TO_AGREE, AgendaReason.NEW_REFERRAL)


def agenda_from_register(meeting: Meeting, rows: Iterable[RegisterRow]) -> list[MeetingItem]:
    """The items the register proposes for ``meeting`` (not yet on its agenda), in agenda order.

    Args:
        meeting: The meeting (its date and current items are read; nothing is changed).
        rows: The register (:meth:`~safeguarding.store.register.RegisterRepository.rows`).

    Returns:
        New items, positioned after the meeting's current ones; add them to ``meeting.items`` to keep them.
    """
    present = {item.location_id for item in meeting.items}
    proposed: list[tuple[int, tuple[object, ...], MeetingItem]] = []
    for row in rows:
        if row.location_id in present:
            continue
        found = _reason(row, meeting.meeting_date)
        if found is None:
            continue
        reason, note = found
        when = row.next_review if reason == AgendaReason.REVIEW_DUE else row.referral_date
        item = MeetingItem(
            meeting_id=meeting.id,
            location_id=row.location_id,
            reason=reason,
            assessment_id=row.latest_assessment_id,
            location_name=row.name,
            reason_note=note,
            decision_sought=DECISION_SOUGHT[reason],
        )
        proposed.append((_ORDER.index(reason), (when or date.min, row.name.casefold()), item))
    proposed.sort(key=lambda entry: (entry[0], entry[1]))
    items = [item for _, _, item in proposed]
    for position, item in enumerate(items, start=len(meeting.items) + 1):
        item.position = position
    return items


def raised_by_partner(meeting: Meeting, row: RegisterRow, raised_by: str, why: str) -> MeetingItem:
    """An item for a location a partner raises (added at the end of the agenda).

    Args:
        meeting: The meeting.
        row: The location's register row.
        raised_by: Who raised it, e.g. "British Transport Police".
        why: Why, in their words.
    """
    return MeetingItem(
        meeting_id=meeting.id,
        location_id=row.location_id,
        reason=AgendaReason.RAISED_BY_PARTNER,
        assessment_id=row.latest_assessment_id,
        location_name=row.name,
        position=len(meeting.items) + 1,
        raised_by=raised_by.strip(),
        reason_note=why.strip(),
        decision_sought=DECISION_SOUGHT[AgendaReason.RAISED_BY_PARTNER],
    )
