"""Every script prints (Chinese, Japanese, Korean in a small embedded font); pages are never blank, headings never
stranded, sentences never cut on the summary; each review's updates are printed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from safeguarding.demo import build_demo_database
from safeguarding.forms import FormDefinition, FormLibrary
from safeguarding.model import Assessment, Location, Side
from safeguarding.reports import export_assessment_report
from safeguarding.store import open_store
from safeguarding.workflows.export import read_report, write_report
from tests.reports.pdfread import collapse, read_pdf

CHINESE = "店主说一辆红色汽车每晚九点都来公园门口。"
JAPANESE = "公園の入口に赤い車"
KOREAN = "공원 입구에 빨간 차"
HEADINGS = (
    "Place ratings and direction of travel",
    "Key concerns",
    "Observation log",
    "Pins on the map",
    "Context weighting",
    "Safety goals and action plan",
    "DCSM decision and reviews",
    "Updates on actions at each review",
)


def test_chinese_japanese_and_korean_print_in_an_embedded_subset(
    assessment_data: tuple[Location, Assessment], form: FormDefinition, generated_at: datetime, tmp_path: Path
) -> None:
    location, assessment = assessment_data
    plain = export_assessment_report(location, assessment, form, tmp_path / "plain.pdf", generated_at=generated_at)
    assessment.findings[Side.YOUNG_PEOPLE].concerns = f"{CHINESE} {JAPANESE}. {KOREAN}."
    assessment.analysis = f"Interpreter's note: {CHINESE}"
    out = export_assessment_report(location, assessment, form, tmp_path / "cjk.pdf", generated_at=generated_at)
    report = read_pdf(out)
    text = report.text.replace(" ", "")
    for phrase in (CHINESE, JAPANESE, KOREAN.replace(" ", "")):
        assert phrase in text, phrase
    fonts = set().union(*report.fonts)
    assert any("NotoSansCJKSC" in font for font in fonts) and any("NotoSansCJKKR" in font for font in fonts)
    assert all(report.embedded), "every font is embedded"
    # Only the characters printed are embedded: the 18 MB font adds little to the file.
    assert out.stat().st_size - plain.stat().st_size < 120_000
    assert not any("NotoSansCJK" in font for font in set().union(*read_pdf(plain).fonts))
    # A second document in the same process gets a font of its own (not the first one's glyphs).
    assessment.findings[Side.YOUNG_PEOPLE].concerns = "红色汽车又来了。"
    again = export_assessment_report(location, assessment, form, tmp_path / "again.pdf", generated_at=generated_at)
    assert "红色汽车又来了。" in read_pdf(again).text.replace(" ", "")


def test_demo_reports_have_no_blank_pages_or_stranded_headings(tmp_path: Path) -> None:
    store = open_store(build_demo_database(tmp_path / "demo.sqlite3"))
    try:
        forms = FormLibrary.load()
        requests = [
            read_report(store, forms, assessment.id)
            for location in store.locations.by_name()
            for assessment in store.assessments.for_location(location.id)
        ]
    finally:
        store.close()
    for number, request in enumerate(requests):
        report = read_pdf(write_report(request, tmp_path / f"report-{number}.pdf"))
        for page, text in enumerate(report.pages, start=1):
            body = [
                line.strip()
                for line in text.splitlines()
                if line.strip() and not any(mark in line for mark in ("OFFICIAL-SENSITIVE", "Page ", "copy", "DEMO"))
            ]
            assert len(body) > 3, f"{request.location.name}: page {page} is blank"
            assert not any(body[-2].startswith(heading) for heading in HEADINGS), (
                f"{request.location.name}: a heading is stranded at the foot of page {page}"
            )


def test_summary_prints_whole_sentences_and_each_reviews_updates(tmp_path: Path) -> None:
    store = open_store(build_demo_database(tmp_path / "demo.sqlite3"))
    try:
        (brenchley,) = store.locations.find_by_name("Brenchley Gardens")
        first = store.assessments.for_location(brenchley.id)[0]
        request = read_report(store, FormLibrary.load(), first.id)
    finally:
        store.close()
    report = read_pdf(write_report(request, tmp_path / "first.pdf"))
    summary = collapse(next(page for page in report.pages if "Summary of the assessment" in page))
    assert "…" not in summary, "a sentence was cut on the summary page"
    # The May review's five updates and the July review's are all printed, each with its action.
    text = report.text
    for note in (
        "First sessions on 5 and 7 May; twelve young people engaged.",
        "Patrols diverted to the town-centre events in May.",
        "Lighting survey done 8 May; works ordered.",
        "Test purchase passed on 12 May; staff refresher given.",
        "Sessions to be booked for June.",
    ):
        assert note in text, note
    assert text.count("Updates on actions at each review") == 1
