"""A report from the demo database says so on every page; a real one never does."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from safeguarding.demo import build_demo_database
from safeguarding.forms import FormLibrary
from safeguarding.reports import export_assessment_report
from safeguarding.reports.export import DEMO_NOTICE
from safeguarding.store import open_store


def _export(tmp_path: Path, *, demo: bool) -> list[str]:
    store = open_store(build_demo_database(tmp_path / f"demo-{demo}.sqlite3"))
    try:
        location = store.locations.find_by_name("Brenchley Gardens")[0]
        assessment = store.assessments.latest_for_location(location.id)
    finally:
        store.close()
    assert assessment is not None
    form = FormLibrary.load().get(assessment.form_id, assessment.form_version)
    out = export_assessment_report(location, assessment, form, tmp_path / f"report-{demo}.pdf", demo=demo)
    return [page.extract_text() for page in PdfReader(out).pages]


def test_demo_notice_on_every_page(tmp_path: Path) -> None:
    pages = _export(tmp_path, demo=True)
    assert len(pages) > 3
    assert all(DEMO_NOTICE in text for text in pages)


def test_no_demo_notice_on_a_real_report(tmp_path: Path) -> None:
    pages = _export(tmp_path, demo=False)
    assert not any("DEMO DATA" in text for text in pages)


def test_draft_says_draft_on_every_page(tmp_path: Path) -> None:
    from safeguarding.model import AssessmentStatus
    from safeguarding.reports.export import DRAFT_NOTICE

    store = open_store(build_demo_database(tmp_path / "demo.sqlite3"))
    try:
        location = store.locations.find_by_name("North Week Street")[0]
        assessment = store.assessments.latest_for_location(location.id)
    finally:
        store.close()
    assert assessment is not None and assessment.status == AssessmentStatus.DRAFT
    form = FormLibrary.load().get(assessment.form_id, assessment.form_version)
    out = export_assessment_report(location, assessment, form, tmp_path / "draft.pdf")
    pages = [page.extract_text() for page in PdfReader(out).pages]
    assert all(DRAFT_NOTICE in text for text in pages)
    assert not any("DEMO DATA" in text for text in pages)


def test_long_location_name_is_shortened_in_the_footer_only(tmp_path: Path) -> None:
    from safeguarding.reports.page_layout import FOOTER_NAME_LIMITS
    from safeguarding.reports.text_fitting import shorten

    FOOTER_NAME_LIMIT = FOOTER_NAME_LIMITS[0]  # noqa: N806 (the longest name the footer tries)

    name = (
        "Maidstone East station forecourt, the bus stops on Week Street and the underpass to Fairmeadow, "
        "including the taxi rank"
    )
    short = shorten(name, FOOTER_NAME_LIMIT)
    assert short.endswith("…") and len(short) <= FOOTER_NAME_LIMIT + 1
    assert name.startswith(short[:-1])
    assert shorten("Brenchley Gardens", FOOTER_NAME_LIMIT) == "Brenchley Gardens"
