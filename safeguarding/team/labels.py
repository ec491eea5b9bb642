"""Plain words for records and fields: a conflict says "Visit (2026-03-10): notes", not ``observations.notes``."""

from __future__ import annotations

from typing import Any

from safeguarding.model import Side

TABLE_WORDS = {
    "locations": "Location",
    "assessments": "Assessment",
    "side_findings": "Write-up",
    "observations": "Visit",
    "observation_counts": "Visit head count",
    "observation_sides": "Visit's sides of the triangle",
    "map_pins": "Map pin",
    "map_boundaries": "Map boundary",
    "assessment_photos": "Photo",
    "consultations": "Consultation",
    "consultation_sides": "Consultation's sides of the triangle",
    "plan_agencies": "Agency",
    "plan_weights": "Context weighting",
    "plan_goals": "Safety goal",
    "plan_actions": "Action",
    "plan_action_updates": "Action history",
    "plan_reviews": "DCSM review",
    "plan_review_items": "DCSM review of an action",
    "people": "Person named (for redaction)",
    "redaction_decisions": "Redaction choice",
    "crime_areas": "Police-data search area",
    "safety_sessions": "Safety-mapping session",
    "safety_marks": "Safety-mapping mark",
    "form_definitions": "Form wording",
    "assessment_forms": "Form version of the assessment",
    "sharing_log": "Sharing log entry",
    "team_holds": "Writing-up marker",
    "app_meta": "Database setting",
}

FIELD_WORDS = {
    "notes": "notes",
    "concerns": "concerns",
    "strengths": "strengths",
    "evidence": "evidence",
    "rating": "rating",
    "analysis": "analysis",
    "recommendation": "recommendation",
    "scope_boundary": "boundary in words",
    "scope_times": "days and times",
    "said": "what they said",
    "statement": "statement",
    "description": "description",
    "lead": "named lead",
    "due_date": "due date",
    "measure": "how progress is measured",
    "referral_reason": "reason for referral",
    "holder": "held by",
    "real_name": "real name",
    "deleted_at": "deletion",
    "replaced": "replace or keep the name",
    "radius_m": "search distance (metres)",
    "points": "drawn shape",
    "held_on": "date held",
    "participants": "who took part",
    "facilitator": "facilitator",
    "kind": "kind",
    "form_digest": "form wording used",
}


def field_label(table: str, field: str, row: dict[str, Any] | None = None) -> str:
    """A label such as "Write-up (Guardianship): concerns" or "Visit (2026-03-10): notes".

    Args:
        table: The local table.
        field: The column (``_deleted`` for the record as a whole).
        row: The record's values, if known, for context (a side, a date, a name).
    """
    thing = TABLE_WORDS.get(table, table.replace("_", " ").capitalize())
    context = _context(table, row or {})
    if context:
        thing = f"{thing} ({context})"
    if field == "_deleted":
        return thing
    return f"{thing}: {FIELD_WORDS.get(field, field.replace('_', ' '))}"


def _context(table: str, row: dict[str, Any]) -> str:
    if table == "side_findings" and row.get("side") in {side.value for side in Side}:
        return Side(row["side"]).label
    if table == "observations" and row.get("start_utc"):
        return str(row["start_utc"])[:10]
    if table == "safety_sessions" and row.get("held_on"):
        return str(row["held_on"])
    for name in ("name", "consulted", "label", "statement", "description"):
        if row.get(name):
            text = str(row[name])
            return text if len(text) <= 40 else text[:39] + "…"
    return ""
