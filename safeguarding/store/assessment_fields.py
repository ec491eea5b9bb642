"""An assessment's own fields and the write-up of each triangle side as stored values.

What :class:`~safeguarding.store.assessments.AssessmentRepository` writes and compares
on saving (:mod:`safeguarding.store.revisions`), one key per field.
"""

from __future__ import annotations

from typing import Any

from safeguarding.model import Assessment, Side, SideFinding
from safeguarding.timeutil import date_to_iso, to_iso

ASSESSMENT_COLUMNS = (
    "status",
    "assessor_name",
    "assessor_agency",
    "start_date",
    "end_date",
    "scope_boundary",
    "scope_times",
    "analysis",
    "recommendation",
)
"""The stored columns of an assessment's own fields an edit may change (each named as the model's attribute)."""
FINDING_COLUMNS = ("strengths", "concerns", "evidence", "rating")
"""The stored columns of a side's write-up (its other answers are kept together in ``answers``)."""
ANSWER = "answers."
"""Prefix of one extra answer of a side's write-up among the fields compared on saving."""


def write_up(assessment: Assessment) -> dict[str, Any]:
    """The assessment's own fields and the write-up of each side as stored values, one key per field.

    Own fields by column (``"analysis"``, ``"start_date"`` as ISO text); a side's by
    ``"<side>.<field>"`` (``"guardianship.concerns"``, ``"guardianship.rating"``) and its
    extra answers the same way (``"guardianship.<answer id>"``). An
    :class:`~safeguarding.store.revisions.EditConflictError` from
    :meth:`~safeguarding.store.assessments.AssessmentRepository.save` names its fields by these keys.
    """
    row = assessment_row(assessment)
    values: dict[str, Any] = {column: row[column] for column in ASSESSMENT_COLUMNS}
    for side in Side:
        for column, value in finding_values(assessment.findings.get(side) or SideFinding(side)).items():
            values[f"{side.value}.{column.removeprefix(ANSWER)}"] = value
    return values


def finding_values(finding: SideFinding) -> dict[str, Any]:
    """A side's write-up as stored values: the columns, and each answer as ``answers.<id>``."""
    values: dict[str, Any] = {
        "strengths": finding.strengths,
        "concerns": finding.concerns,
        "evidence": finding.evidence,
        "rating": finding.rating.value if finding.rating else None,
    }
    values.update({ANSWER + key: str(value) for key, value in finding.answers.items()})
    return values


def assessment_row(assessment: Assessment) -> dict[str, Any]:
    """An assessment's row of ``assessments`` (its side findings and records are rows of their own)."""
    return {
        "id": assessment.id,
        "location_id": assessment.location_id,
        "form_id": assessment.form_id,
        "form_version": assessment.form_version,
        "status": assessment.status.value,
        "assessor_name": assessment.assessor_name,
        "assessor_agency": assessment.assessor_agency,
        "start_date": date_to_iso(assessment.start_date),
        "end_date": date_to_iso(assessment.end_date),
        "scope_boundary": assessment.scope_boundary,
        "scope_times": assessment.scope_times,
        "analysis": assessment.analysis,
        "recommendation": assessment.recommendation,
        "created_at": to_iso(assessment.created_at) if assessment.created_at else None,
        "updated_at": to_iso(assessment.updated_at) if assessment.updated_at else None,
    }
