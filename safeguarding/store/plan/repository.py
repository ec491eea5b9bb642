"""The plan repository (``store.plan``): agencies, weights, goals, actions, reviews and attention in one object."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from safeguarding.forms import FormDefinition
from safeguarding.model import Assessment, Side, SideFinding, new_id
from safeguarding.plan.records import AssessmentPlan, UpdateKind
from safeguarding.plan.rules import CARRIED_MARKER
from safeguarding.store.map_features import carry_forward_map
from safeguarding.store.people import PeopleRepository
from safeguarding.store.plan.actions import PlanActions, action_row
from safeguarding.store.plan.agencies import PlanAgencies
from safeguarding.store.plan.attention import PlanAttention
from safeguarding.store.plan.base import assessment_day
from safeguarding.store.plan.goals import PlanGoals, insert_goal
from safeguarding.store.plan.loading import load_plan
from safeguarding.store.plan.reviews import PlanReviews
from safeguarding.store.plan.weights import PlanWeights
from safeguarding.timeutil import format_uk_date, to_iso


class PlanRepository(PlanAgencies, PlanWeights, PlanGoals, PlanActions, PlanReviews, PlanAttention):
    """Create, read and change the plan of each assessment.

    Every write is committed at once (the plan pages save as the user works), in
    one transaction per call.

    Args:
        db: An open database.
        clock: Returns "now" as an aware UTC datetime (tests pass a fixed clock).
        library: The plan library (seed agencies); default: the shipped one.
        author: Who is recording changes; default: the computer's user name.
    """

    def load(self, assessment_id: str) -> AssessmentPlan:
        """Return the plan of an assessment (see :func:`load_plan`)."""
        return load_plan(self._db, assessment_id)

    # -- reassessment ----------------------------------------------------------------------

    def reassess(self, earlier_id: str, form: FormDefinition, start_date: date | None = None) -> Assessment:
        """Start a new assessment of the same location, carrying forward what may still be true.

        Carried: the scope, each side's strengths, concerns and evidence (each
        text gains a first line "[Carried forward from the assessment of ...]"
        and the side is marked carried), the safety goals that still have open
        actions, and those open actions (each linked to the one it continues; its
        history comes with it), the map's boundary and its pins (each pin marked
        as carried from the one it copies, shown "(carried forward)", and no
        longer tied to a visit). Not carried: place ratings (rate again, so the
        comparison means something), visits, photos, consultations, weights and
        reviews.

        Args:
            earlier_id: The assessment to carry forward from.
            form: The form the new assessment is written with (normally the current one).
            start_date: The new assessment's start date (default: today).

        Returns:
            The new assessment, loaded whole.

        Raises:
            NotFoundError, StorageError (nothing is half-written).
        """
        from safeguarding.store.assessments import AssessmentRepository  # avoids an import cycle

        assessments = AssessmentRepository(self._db, self._clock)
        earlier = assessments.get(earlier_id)
        earlier_plan = load_plan(self._db, earlier_id)
        earlier_day = assessment_day(self._db, earlier_id)
        marker = CARRIED_MARKER.format(date=format_uk_date(earlier_day))
        start = start_date or self.today()
        now = self._clock()
        created: list[Assessment] = []

        def work() -> None:
            new = assessments.create(
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
                self._db["plan_carried_findings"].insert(
                    {
                        "assessment_id": new.id,
                        "side": side.value,
                        "from_assessment_id": earlier_id,
                        "rating_then": old.rating.value if old.rating else None,
                        "created_at": to_iso(now),
                    }
                )
            assessments.save(new)
            carry_forward_map(self._db, earlier_id, new.id, to_iso(now))
            # The carried write-ups keep the names in them: the people recorded for redaction come too.
            PeopleRepository(self._db, self._clock).copy_to(earlier_id, new.id)
            self._db["plan_reassessments"].insert(
                {"assessment_id": new.id, "earlier_assessment_id": earlier_id, "created_at": to_iso(now)}
            )
            note_in = f"Carried forward from the assessment of {format_uk_date(earlier_day)}."
            note_out = f"Carried forward into the reassessment starting {format_uk_date(start)}."
            for position, goal in enumerate(g for g in earlier_plan.goals if any(a.status.is_open for a in g.actions)):
                copy = replace(
                    goal, id=new_id(), assessment_id=new.id, position=position, created_at=now, updated_at=now
                )
                insert_goal(self._db, copy)
                for index, action in enumerate(a for a in goal.actions if a.status.is_open):
                    carried = replace(action, id=new_id(), goal_id=copy.id, carried_from_action_id=action.id)
                    self._db["plan_actions"].insert(
                        {
                            "id": carried.id,
                            "goal_id": copy.id,
                            **action_row(carried),
                            "carried_from_action_id": action.id,
                            "position": index,
                            "created_at": to_iso(now),
                            "updated_at": to_iso(now),
                        }
                    )
                    self._append(action.id, UpdateKind.CARRIED, action.status, note=note_out, happened_on=start)
                    self._append(carried.id, UpdateKind.CARRIED, action.status, note=note_in, happened_on=start)
            created.append(new)

        self._write(work)
        return assessments.get(created[0].id)


def _mark(marker: str, text: str) -> str:
    return f"{marker}\n{text}" if text.strip() else text
