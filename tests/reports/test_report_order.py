"""The DCSM report prints its parts in the one order of ``REPORT_PARTS``, read back from a demo report's PDF."""

from __future__ import annotations

from pathlib import Path

from safeguarding.demo import build_demo_database
from safeguarding.forms import FormLibrary
from safeguarding.reports.dcsm import REPORT_PARTS
from safeguarding.store import open_store
from safeguarding.workflows.export import read_report, write_report
from tests.reports.pdfread import collapse, read_pdf


def test_the_parts_are_one_list_in_the_order_a_chair_reads_them() -> None:
    names = [part.name for part in REPORT_PARTS]
    assert names[:6] == ["front sheet", "cover", "summary", "map", "police figures", "safety mapping"]
    assert [name.split(":")[0] for name in names[6:9]] == ["side 1", "side 2", "side 3"]
    assert names[9:] == ["analysis and recommendation", "plan", "observation log", "evidence", "photo appendix"]
    assert [part.name for part in REPORT_PARTS if part.new_page] == ["cover", "summary", "map", "observation log"]


def test_a_full_report_prints_every_part_s_heading_in_that_order(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    build_demo_database(db)
    store = open_store(db)
    try:
        place = store.locations.find_by_name("Brenchley Gardens")[0]
        latest = store.assessments.latest_for_location(place.id)
        assert latest is not None
        request = read_report(store, FormLibrary.load(), latest.id)
    finally:
        store.close()
    assert request.place_data is not None and request.assessment.photos  # every part has something to print
    pdf = read_pdf(write_report(request, tmp_path / "report.pdf"))
    text = collapse(" ".join(pdf.pages))
    position = 0
    for part in REPORT_PARTS:
        if not part.heading:
            continue
        found = text.find(part.heading, position)
        assert found >= 0, f"{part.name}: {part.heading!r} not found after the part before it"
        position = found + len(part.heading)
