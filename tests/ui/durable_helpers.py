"""Shared set-up of the durable-editing tests: a seeded assessment, a saved visit, the Observations page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from safeguarding.forms import FormLibrary
from safeguarding.model import Location, Observation
from safeguarding.store import open_store
from ui.editor.observations_page import ObservationsPage
from ui.main_window import MainWindow


def seed(db_path: Path, form_library: FormLibrary) -> str:
    """A database with Brenchley Gardens and an assessment of it; return the assessment's id."""
    store = open_store(db_path)
    try:
        location = store.locations.add(Location(name="Brenchley Gardens"))
        return store.assessments.create(location.id, form_library.current()).id
    finally:
        store.close()


def seed_visit(db_path: Path, assessment_id: str) -> Observation:
    """Save a visit ("Quiet.") to the assessment, as another window had; return it."""
    start = datetime(2026, 12, 7, 21, 0, tzinfo=UTC)
    store = open_store(db_path)
    try:
        return store.assessments.save_observation(
            assessment_id, Observation(start=start, end=start + timedelta(hours=1), notes="Quiet.")
        )
    finally:
        store.close()


def open_visits(window: MainWindow, assessment_id: str) -> ObservationsPage:
    window.open_assessment(assessment_id)
    assert window.editor is not None
    window.editor.show_section("observations")
    page = window.editor.page("observations")
    assert isinstance(page, ObservationsPage)
    return page
