"""Storage of the context weighting: how much each context matters at a location, 0-10.

Each context's weight and rationale is its own field: two windows weighting
different contexts (or one the weight, the other the reason) both keep their
work; the same field changed in both is an
:class:`~safeguarding.store.revisions.EditConflictError` naming it
``"<context>.weight"`` or ``"<context>.rationale"``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from safeguarding.errors import ValidationError
from safeguarding.plan.records import ContextWeight
from safeguarding.plan.rules import validate_weight
from safeguarding.store.plan.base import PlanTables
from safeguarding.store.revisions import EditConflictError, FieldChange, connection_actor, field_conflict

WEIGHT_FIELDS = ("weight", "rationale")
"""The two fields of each context's weighting."""
_EMPTY = {"weight": 0, "rationale": ""}


def _values(weight: ContextWeight | None) -> dict[str, Any]:
    return dict(_EMPTY) if weight is None else {"weight": weight.weight, "rationale": weight.rationale}


class PlanWeights(PlanTables):
    """The context weighting of each assessment."""

    def save_weights(
        self, assessment_id: str, weights: list[ContextWeight], base: list[ContextWeight] | None = None
    ) -> list[ContextWeight]:
        """Save the context weights of an assessment (a context left out has weight 0 and no reason).

        Args:
            assessment_id: The assessment.
            weights: The weights as entered.
            base: The weights as the editor showed them: only the fields changed since are
                saved, never over another window's change. None: replace every weight.

        Returns:
            The weights as stored after the save, heaviest first.

        Raises:
            ValidationError: if a weight is outside 0-10, unnamed, or a context is listed twice.
            EditConflictError: the same field was saved differently elsewhere. Nothing was saved.
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
        if base is None:
            self._write(lambda: self._replace_weights(assessment_id, weights, now))
        else:
            self._write(lambda: self._merge_weights(assessment_id, weights, base, now))
        plan_weights = self._db.query(
            "SELECT * FROM plan_weights WHERE assessment_id = ? ORDER BY weight DESC, position", [assessment_id]
        )
        return [
            ContextWeight(row["context"], row["label"], row["weight"], row["rationale"], row["id"])
            for row in plan_weights
        ]

    def _replace_weights(self, assessment_id: str, weights: list[ContextWeight], now: str) -> None:
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
                    "updated_by": connection_actor(self._db),
                }
            )
        self._db.table("assessments").update(assessment_id, {"updated_at": now})

    def _merge_weights(
        self, assessment_id: str, weights: list[ContextWeight], base: list[ContextWeight], now: str
    ) -> None:
        """Save each field changed since ``base`` (inside the caller's transaction)."""
        rows = {
            row["context"]: row
            for row in self._db.query("SELECT * FROM plan_weights WHERE assessment_id = ?", [assessment_id])
        }
        mine = {weight.context: weight for weight in weights}
        loaded = {weight.context: weight for weight in base}
        conflicts = []
        merged: dict[str, dict[str, Any]] = {}
        for context in sorted({*mine, *loaded}):
            edited, before = _values(mine.get(context)), _values(loaded.get(context))
            row = rows.get(context)
            current = {field: row[field] for field in WEIGHT_FIELDS} if row else dict(_EMPTY)
            changed = [field for field in WEIGHT_FIELDS if edited[field] != before[field]]
            if not changed:
                continue
            for field in changed:
                if current[field] not in (before[field], edited[field]):
                    change = FieldChange(field, before[field], edited[field])
                    conflict = field_conflict(self._db, "plan_weights", row["id"], change, dict(row)) if row else None
                    if conflict is not None:
                        conflicts.append(replace(conflict, column=f"{context}.{field}"))
            merged[context] = {**current, **{field: edited[field] for field in changed}}
        if conflicts:
            raise EditConflictError("plan_weights", assessment_id, conflicts, 0)
        actor = connection_actor(self._db)
        for context, values in merged.items():
            row = rows.get(context)
            if values == _EMPTY:
                if row is not None:
                    self._db.execute("DELETE FROM plan_weights WHERE id = ?", [row["id"]])
            elif row is not None:
                if values != {field: row[field] for field in WEIGHT_FIELDS}:
                    self._db.table("plan_weights").update(
                        row["id"], {**values, "revision": row["revision"] + 1, "updated_by": actor, "updated_at": now}
                    )
            else:
                weight = mine.get(context) or loaded[context]
                position = self._db.execute(
                    "SELECT coalesce(max(position), -1) + 1 FROM plan_weights WHERE assessment_id = ?", [assessment_id]
                ).fetchone()[0]
                self._db.table("plan_weights").insert(
                    {
                        "id": weight.id,
                        "assessment_id": assessment_id,
                        "context": context,
                        "label": weight.label.strip(),
                        **values,
                        "position": position,
                        "updated_at": now,
                        "updated_by": actor,
                    }
                )
        if merged:
            self._db.table("assessments").update(assessment_id, {"updated_at": now})
