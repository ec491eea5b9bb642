"""Small helpers for the team tests: open a laptop, edit it as the app does, compare it with the server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from safeguarding.forms import FormDefinition
from safeguarding.model import Location, Observation, Side
from safeguarding.store import Store, open_store
from safeguarding.team.tables import LOCAL_COLUMNS, existing_synced_tables


@contextmanager
def laptop(path: Path, actor: str = "") -> Iterator[Store]:
    """Open a laptop's database (as the app would), closed afterwards."""
    store = open_store(path)
    if actor:
        store.audit.set_actor(actor)
    try:
        yield store
    finally:
        store.close()


def brenchley(store: Store) -> str:
    """The id of Brenchley Gardens' latest assessment (the demo's reassessment)."""
    location = store.locations.find_by_name("Brenchley Gardens")[0]
    latest = store.assessments.latest_for_location(location.id)
    assert latest is not None
    return latest.id


def set_concerns(store: Store, assessment_id: str, side: Side, text: str) -> None:
    """Write a side's concerns and save, as the editor does."""
    assessment = store.assessments.get(assessment_id)
    assessment.findings[side].concerns = text
    store.assessments.save(assessment)


def set_analysis(store: Store, assessment_id: str, text: str) -> None:
    """Write the analysis and save."""
    assessment = store.assessments.get(assessment_id)
    assessment.analysis = text
    store.assessments.save(assessment)


def set_visit_notes(store: Store, assessment_id: str, number: int, notes: str) -> str:
    """Change the notes of the assessment's visit ``number`` (0-based); return its id."""
    visit = store.assessments.observations(assessment_id)[number]
    store.assessments.save_observation(assessment_id, replace(visit, notes=notes))
    return visit.id


def local_snapshot(path: Path) -> dict[tuple[str, str], dict[str, Any]]:
    """Every shared record of a laptop (``updated_at`` left out: each laptop keeps the later one)."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    with laptop(path) as store:
        for info in existing_synced_tables(store.db):
            cursor = store.db.execute(f'SELECT * FROM "{info.name}"')
            columns = [item[0] for item in cursor.description]
            for row in cursor.fetchall():
                values = dict(zip(columns, row, strict=True))
                if info.name == "app_meta" and values["key"] != "demo":
                    continue
                values.pop("updated_at", None)
                for column in LOCAL_COLUMNS:  # this laptop's own revision counter and last saver: never shared
                    values.pop(column, None)
                found[(info.name, info.key_of(values))] = values
    return found


def server_snapshot(team: Any) -> dict[tuple[str, str], dict[str, Any]]:
    """Every live record on the team server, in the same shape."""
    rows = team.sql("SELECT table_name, record_key, data FROM team.records WHERE NOT deleted")
    found = {}
    for table, key, data in rows:
        values = dict(data)
        values.pop("updated_at", None)
        found[(table, key)] = values
    return found


def same_values(a: dict[tuple[str, str], dict[str, Any]], b: dict[tuple[str, str], dict[str, Any]]) -> list[str]:
    """Differences between two snapshots, in words (empty when they agree)."""
    problems = [f"only in first: {key}" for key in a.keys() - b.keys()]
    problems += [f"only in second: {key}" for key in b.keys() - a.keys()]
    for key in a.keys() & b.keys():
        left = json.loads(json.dumps(a[key]))
        right = json.loads(json.dumps(b[key]))
        if left != right:
            problems.append(f"differs: {key}: {left} != {right}")
    return problems


def small_assessment(store: Store, form: FormDefinition) -> str:
    """A location with one assessment and two visits (quicker to share than the whole demo); its id."""
    from datetime import UTC, datetime

    location = store.locations.add(Location(name="Brenchley Gardens", ward="High Street"))
    assessment = store.assessments.create(location.id, form, assessor_name="Sam Patel")
    for day in (3, 4):
        start = datetime(2026, 3, day, 18, 0, tzinfo=UTC)
        store.assessments.save_observation(
            assessment.id, Observation(start=start, end=start.replace(hour=19), notes=f"Visit on the {day}th.")
        )
    return assessment.id
