"""The schema migrations, in one explicit list, recorded in the database by sqlite-utils.

Each step is small and single-purpose and runs in its own transaction, in the
order of :data:`STEPS`. The names double as the schema version: a database that
records a step this list does not know was written by a newer version of the app,
and :mod:`safeguarding.store.database` refuses to touch it.

Conventions: UUID text primary keys; foreign keys; ``NOT NULL`` with defaults
for text; timestamps as ISO 8601 UTC text; date-only values as ``YYYY-MM-DD``.

Adding a migration:

1. Write the step as a function ``mNNNN_what(db: Database) -> None`` with a
   one-line docstring, in its feature's module of :mod:`safeguarding.store.schema`
   (a new feature gets a new module there). Never edit a released step: add one.
2. Append ``("NNNN_what", module.mNNNN_what)`` at the END of :data:`STEPS`, with
   NNNN one above the last number. Never slot a step into an earlier feature's
   block of numbers: databases in use have already run every later step, so it
   would run after them there but before them in a new database.
3. ``tests/store/test_migrations.py`` checks the numbers ascend, the names are
   unique, and a new database records exactly this list, in this order.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database, Migrations

from safeguarding.store.schema import (
    accountability,
    core,
    crime,
    editing,
    evidence,
    form_versions,
    maps,
    meetings,
    plan,
    protection,
    safety_mapping,
    search,
    team,
    trail,
)

MIGRATION_SET = "location_assessment_tool"

STEPS: tuple[tuple[str, Callable[[Database], None]], ...] = (
    ("0001_locations", core.m0001_locations),
    ("0002_assessments", core.m0002_assessments),
    ("0003_observations", core.m0003_observations),
    ("0004_app_meta", core.m0004_app_meta),
    ("0010_map_pins", maps.m0010_map_pins),
    ("0011_map_boundaries", maps.m0011_map_boundaries),
    ("0012_map_pins_carried_from", maps.m0012_map_pins_carried_from),
    ("0020_observation_details", evidence.m0020_observation_details),
    ("0021_photos", evidence.m0021_photos),
    ("0022_consultations", evidence.m0022_consultations),
    ("0030_plan_agencies", plan.m0030_plan_agencies),
    ("0031_plan_weights", plan.m0031_plan_weights),
    ("0032_plan_goals_actions", plan.m0032_plan_goals_actions),
    ("0033_plan_reviews", plan.m0033_plan_reviews),
    ("0034_plan_carried", plan.m0034_plan_carried),
    ("0040_audit_log", protection.m0040_audit_log),
    ("0041_people", protection.m0041_people),
    ("0042_redaction_decisions", protection.m0042_redaction_decisions),
    ("0043_position_accuracy", maps.m0043_position_accuracy),
    ("0044_crime_records", crime.m0044_crime_records),
    ("0045_safety_mapping", safety_mapping.m0045_safety_mapping),
    ("0046_team_sync", team.m0046_team_sync),
    ("0049_form_definitions", form_versions.m0049_form_definitions),
    ("0050_audit_chain", accountability.m0050_audit_chain),
    ("0051_sharing_log", accountability.m0051_sharing_log),
    ("0052_record_revisions", editing.m0052_record_revisions),
    ("0053_drafts", editing.m0053_drafts),
    ("0060_meetings", meetings.m0060_meetings),
    ("0061_review_decisions", meetings.m0061_review_decisions),
    ("0062_meeting_snapshots", meetings.m0062_meeting_snapshots),
    ("0063_search_index", search.m0063_search_index),
    ("0064_meeting_revisions", editing.m0064_meeting_revisions),
    ("0070_audit_sealed_digests", trail.m0070_audit_sealed_digests),
)
"""Every migration step, ``(name, function)``, in the order it runs."""

migrations = Migrations(MIGRATION_SET)
"""The sqlite-utils migration set made from :data:`STEPS`."""
for _name, _step in STEPS:
    migrations(name=_name)(_step)


def known_names() -> list[str]:
    """Return the names of every migration this version of the app knows, in order."""
    return [name for name, _ in STEPS]
