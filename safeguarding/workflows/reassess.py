"""Reassess a location: a new assessment that carries forward what may still be true.

Moved out of the plan repository: it writes assessments, the map, people and the
plan in one transaction, so it sits above all of their repositories.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from safeguarding.model import Assessment, Side, SideFinding
from safeguarding.plan.rules import CARRIED_MARKER
from safeguarding.store.dberrors import writing
from safeguarding.store.map_features import carry_forward_map
from safeguarding.store.plan.base import assessment_day
from safeguarding.timeutil import format_uk_date, to_iso

if TYPE_CHECKING:
    from safeguarding.forms import FormDefinition
    from safeguarding.store import Store


def reassess(store: Store, earlier_id: str, form: FormDefinition, start_date: date | None = None) -> Assessment:
    """Start a new assessment of the same location, carrying forward what may still be true.

    Carried: the scope, each side's strengths, concerns and evidence (each
    text gains a first line "[Carried forward from the assessment of ...]"
    and the side is marked carried), the safety goals that still have open
    actions, and those open actions (each linked to the one it continues; its
    history comes with it), the map's boundary and its pins (each pin marked
    as carried from the one it copies, shown "(carried forward)", and no
    longer tied to a visit), and the people recorded for redaction (the carried
    write-ups keep the names in them). Not carried: place ratings (rate again, so
    the comparison means something), visits, photos, consultations, weights and
    reviews.

    Args:
        store: The open database.
        earlier_id: The assessment to carry forward from.
        form: The form the new assessment is written with (normally the current one).
        start_date: The new assessment's start date (default: today, UK local time).

    Returns:
        The new assessment, loaded whole.

    Raises:
        NotFoundError, StorageError (nothing is half-written).
    """
    earlier = store.assessments.get(earlier_id)
    earlier_plan = store.plan.load(earlier_id)
    earlier_day = assessment_day(store.db, earlier_id)
    marker = CARRIED_MARKER.format(date=format_uk_date(earlier_day))
    start = start_date or store.plan.today()
    now = store.clock()
    with writing(store.db):
        new = store.assessments.create(
            earlier.location_id,
            form,
            start_date=start,
            assessor_name=earlier.assessor_name,
            assessor_agency=earlier.assessor_agency,
            scope_boundary=earlier.scope_boundary,
            scope_times=earlier.scope_times,
        )
        for side in Side:
            old = earlier.findings[side]
            if not (old.strengths.strip() or old.concerns.strip() or old.evidence.strip()):
                continue
            new.findings[side] = SideFinding(
                side=side,
                strengths=_mark(marker, old.strengths),
                concerns=_mark(marker, old.concerns),
                evidence=_mark(marker, old.evidence),
                rating=None,
                answers=dict(old.answers),
            )
            store.plan.record_carried_finding(new.id, side, earlier_id, old.rating, now)
        store.assessments.save(new)
        carry_forward_map(store.db, earlier_id, new.id, to_iso(now))
        store.people.copy_to(earlier_id, new.id)
        store.plan.carry_forward(earlier_plan, earlier_day, new.id, start, now)
    return store.assessments.get(new.id)


def _mark(marker: str, text: str) -> str:
    return f"{marker}\n{text}" if text.strip() else text
