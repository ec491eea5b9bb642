"""The plan repository (``store.plan``): one object made of a part per aggregate.

A reassessment is a workflow over several repositories: :mod:`safeguarding.workflows.reassess`.
"""

from __future__ import annotations

from safeguarding.plan.records import AssessmentPlan
from safeguarding.store.plan.actions import PlanActions
from safeguarding.store.plan.agencies import PlanAgencies
from safeguarding.store.plan.attention import PlanAttention
from safeguarding.store.plan.carried import PlanCarried
from safeguarding.store.plan.goals import PlanGoals
from safeguarding.store.plan.loading import load_plan
from safeguarding.store.plan.reviews import PlanReviews
from safeguarding.store.plan.weights import PlanWeights


class PlanRepository(PlanAgencies, PlanWeights, PlanGoals, PlanActions, PlanReviews, PlanAttention, PlanCarried):
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
