"""Storage of the context weighting: how much each context matters at a location, 0-10."""

from __future__ import annotations

from safeguarding.errors import ValidationError
from safeguarding.plan.records import ContextWeight
from safeguarding.plan.rules import validate_weight
from safeguarding.store.plan.base import PlanTables


class PlanWeights(PlanTables):
    """The context weighting of each assessment."""

    def save_weights(self, assessment_id: str, weights: list[ContextWeight]) -> list[ContextWeight]:
        """Replace the context weights of an assessment.

        Raises:
            ValidationError: if a weight is outside 0-10, unnamed, or a context is listed twice.
            NotFoundError, StorageError.
        """
        self._require("assessments", assessment_id, "That assessment no longer exists.")
        seen: set[str] = set()
        for weight in weights:
            validate_weight(weight)
            if weight.context.casefold() in seen:
                raise ValidationError(f"{weight.label} is listed twice.", "context")
            seen.add(weight.context.casefold())
        now = self._now()

        def work() -> None:
            self._db.execute("DELETE FROM plan_weights WHERE assessment_id = ?", [assessment_id])
            for position, weight in enumerate(weights):
                self._db.table("plan_weights").insert(
                    {
                        "id": weight.id,
                        "assessment_id": assessment_id,
                        "context": weight.context,
                        "label": weight.label.strip(),
                        "weight": weight.weight,
                        "rationale": weight.rationale,
                        "position": position,
                        "updated_at": now,
                    }
                )
            self._db.table("assessments").update(assessment_id, {"updated_at": now})

        self._write(work)
        return weights
