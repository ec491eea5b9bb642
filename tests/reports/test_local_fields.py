"""Every field of the form prints in the report, with the assessment's own wording: fields a local area adds too."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

from safeguarding.forms import FormLibrary
from safeguarding.model import Location, Observation, Side
from safeguarding.store import Store
from safeguarding.workflows.export import read_report, write_report
from tests.local_forms import local_form_text, newer_form_text, write_forms
from tests.reports.pdfread import read_pdf

NOTE = "The partnership asked for the gate times to be recorded: locked at 21:00 by the warden."
OFFER = "Detached youth work on Tuesdays and Thursdays, 18:00-21:00, from the Youth Hub."


def _answered(store: Store, library: FormLibrary, *, kept: bool = True) -> str:
    form = library.current()
    place = store.locations.add(Location(name="Brenchley Gardens"))
    assessment = store.assessments.create(place.id, form if kept else dataclasses.replace(form, text=""))
    assessment.findings[Side.ENVIRONMENT].answers.update(
        {"lighting": "partial", "last_audit": "2026-12-07", "local_note": NOTE}
    )
    assessment.findings[Side.YOUNG_PEOPLE].answers["youth_offer"] = OFFER
    store.assessments.save(assessment)
    start = datetime(2026, 10, 14, 16, 30, tzinfo=UTC)
    store.assessments.save_observation(
        assessment.id, Observation(start=start, end=start + timedelta(hours=1), light="dusk", notes="Quiet.")
    )
    return assessment.id


def test_fields_a_local_area_adds_to_a_side_print_with_their_answers(store: Store, tmp_path: Path) -> None:
    library = FormLibrary.load(write_forms(tmp_path / "forms", local_form_text()))
    assessment_id = _answered(store, library)
    pdf = read_pdf(write_report(read_report(store, library, assessment_id), tmp_path / "local.pdf"))
    for printed in (
        "Lighting after dark (local field) Some paths lit",
        "Last lighting audit (local field) 7 December 2026",
        f"Local partnership note (local field) {NOTE}",
        f"Nearest youth provision (local field) {OFFER}",
        "Dusk or dawn",
    ):
        assert printed in pdf.text


def test_printed_with_its_own_form_after_an_upgrade_removed_an_option_and_a_field(store: Store, tmp_path: Path) -> None:
    local = FormLibrary.load(write_forms(tmp_path / "local", local_form_text()))
    assessment_id = _answered(store, local)
    newer = FormLibrary.load(write_forms(tmp_path / "newer", newer_form_text()))
    pdf = read_pdf(write_report(read_report(store, newer, assessment_id), tmp_path / "kept.pdf"))
    assert "Lighting after dark (local field) Some paths lit" in pdf.text
    assert f"Local partnership note (local field) {NOTE}" in pdf.text
    assert "no longer in the form" not in pdf.text


def test_with_the_form_gone_every_answer_still_prints_marked_as_no_longer_in_the_form(
    store: Store, tmp_path: Path
) -> None:
    local = FormLibrary.load(write_forms(tmp_path / "local", local_form_text()))
    assessment_id = _answered(store, local, kept=False)  # from before forms were kept, its version since removed
    newer = FormLibrary.load(write_forms(tmp_path / "newer", newer_form_text()))
    pdf = read_pdf(write_report(read_report(store, newer, assessment_id), tmp_path / "fallback.pdf"))
    assert "Lighting after dark (local field) partial (no longer in the form)" in pdf.text
    assert f"local_note (no longer in the form) {NOTE}" in pdf.text
    assert "dusk (no longer in the form)" in pdf.text
    assert "Last lighting audit (local field) 7 December 2026" in pdf.text
