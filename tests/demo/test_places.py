"""The demo's police figures and safety mapping: present, plainly fictional; no software instruction on paper."""

from __future__ import annotations

from pathlib import Path

from safeguarding.demo import build_demo_database
from safeguarding.demo.places import DEMO_FORCE
from safeguarding.forms import FormLibrary
from safeguarding.reports import export_assessment_report
from safeguarding.reports.place_data import load_place_data
from safeguarding.store import open_store
from tests.reports.pdfread import read_pdf


def test_demo_report_shows_fictional_police_figures_and_safety_mapping(tmp_path: Path) -> None:
    store = open_store(build_demo_database(tmp_path / "demo.sqlite3"))
    try:
        assert {i.reported_by for i in store.crime.imports()} == {DEMO_FORCE}
        places = {p for (p,) in store.db.execute("SELECT name FROM crime_places").fetchall()}
        assert places and all("(fictional)" in place for place in places)
        location = store.locations.find_by_name("Brenchley Gardens")[0]
        first, second = store.assessments.for_location(location.id)[:2]
        assert len(store.safety.sessions(first.id)) == 1 and len(store.safety.sessions(second.id)) == 1
        whole = store.assessments.get(second.id)
        form = FormLibrary.load().get(whole.form_id, whole.form_version)
        out = export_assessment_report(
            location, whole, form, tmp_path / "r.pdf", demo=True, place_data=load_place_data(store, location, whole)
        )
    finally:
        store.close()
    text = " ".join(" ".join(read_pdf(out).pages).split())
    assert "Data from: Demo Police (fictional)" in text
    assert "Compared with the earlier assessment's safety mapping" in text
    assert "Background map not available" in text
    assert "import an offline map" not in text.lower() and "File →" not in text
