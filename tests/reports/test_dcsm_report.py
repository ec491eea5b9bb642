"""The DCSM report of a complete assessment, read back from the PDF with pypdf."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest

from safeguarding.forms import FormDefinition
from safeguarding.model import Assessment, Location
from safeguarding.reports import PROTECTIVE_MARKING, export_assessment_report
from tests.reports.conftest import HTML_NOTE, POLISH_OBSERVER
from tests.reports.pdfread import ReadPdf, collapse, read_pdf

ARABIC_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


@pytest.fixture
def report(
    assessment_data: tuple[Location, Assessment], form: FormDefinition, generated_at: datetime, tmp_path: Path
) -> ReadPdf:
    location, assessment = assessment_data
    out = export_assessment_report(location, assessment, form, tmp_path / "report.pdf", generated_at=generated_at)
    assert out == (tmp_path / "report.pdf").absolute()
    return read_pdf(out)


def test_marking_and_page_numbers_on_every_page(report: ReadPdf) -> None:
    total = len(report.pages)
    assert total >= 6, "the observation log should span several pages"
    for number, text in enumerate(report.pages, start=1):
        assert text.count(PROTECTIVE_MARKING) >= 2, f"page {number} lacks the header or footer marking"
        assert f"Page {number} of {total}" in text
        assert "Brenchley Gardens · Generated 30 November 2026 at 12:00" in collapse(text)


def test_front_sheet_comes_first(report: ReadPdf) -> None:
    sheet = collapse(report.pages[0])
    for expected in (
        "Front sheet",
        "Brenchley Gardens",
        "High Street, Maidstone",
        "Status On the plan",
        "Maidstone Youth Hub, Zoë Ștefan",
        "Last decision No decision recorded yet",
        "Next review Not set",
        "Place ratings and direction of travel",
        "Young people — Red No earlier rating",
        "Community and environment — Green",
        "No action is overdue.",
        # The recommendation in whole sentences (never "Agree a safety plan: trusted adults…").
        "Agree a safety plan: trusted adults present after school; lighting on the museum path.",
    ):
        assert expected in sheet, expected


def test_cover_page(report: ReadPdf) -> None:
    cover = collapse(report.pages[1])
    for expected in (
        "Contextual Safeguarding location assessment",
        "Brenchley Gardens",
        "St Faith's Street, Maidstone ME14 1LH",
        "High Street",
        "Maidstone",
        "3 March 2025 to 28 March 2025",
        "Zoë Ștefan",
        "Maidstone Youth Hub",
        "Complete",
        "Contextual Safeguarding location assessment, version 1",
        "14 February 2025",
        "Maidstone DCSM (police and youth service)",
        "Weekday after-school hours",
    ):
        assert expected in cover
    assert "cs-location-assessment" not in cover  # issue 16: the form by its title, not its file id


def test_summary_page_has_ratings_in_words_and_key_concerns(report: ReadPdf, form: FormDefinition) -> None:
    summary = collapse(report.pages[2])
    assert "Summary of the assessment" in summary
    for word in ("Red", "Amber", "Green"):
        assert re.search(rf"\b{word}\b", summary)
    assert "Community and environment: Green" in summary  # the triangle's label
    assert "Adults not known to the group approach young people after school." in summary
    assert "More." not in summary, "only the first line of each side's concerns belongs on the summary"
    assert "Significant concern" in summary


def test_section_headings_in_order(report: ReadPdf) -> None:
    text = collapse(" ".join(report.pages[1:]))  # after the front sheet
    headings = [
        "Scope of the assessment",
        "Summary of the assessment",
        "Side 1: Young people's needs, experiences and strengths",
        "Side 2: Guardianship capacity",
        "Side 3: Community and environmental factors",
        "Overall analysis",
        "Recommendation to the DCSM",
        "Observation log",
    ]
    positions = [text.find(heading) for heading in headings]
    assert all(position >= 0 for position in positions), dict(zip(headings, positions, strict=True))
    assert positions == sorted(positions)
    for label in ("Strengths", "Concerns", "Evidence", "Place rating"):
        assert text.count(label) >= 3


def test_observation_log_splits_with_repeated_header(report: ReadPdf) -> None:
    log_pages = [page for page in report.pages if "What was seen" in page]
    assert len(log_pages) >= 3
    log = report.text[report.text.find("Observation log") :]
    assert "24 visits" in log
    assert "Mon 3 March 2025 16:00–17:30" in log  # GMT: UK local equals UTC
    assert "After school (lost hours)" in log  # derived from the times, never typed
    assert "Dark, poorly lit or unlit" in log  # the form's light label, not the id
    assert "dark_poorly_lit" not in log


def test_polish_romanian_and_cyrillic_names(report: ReadPdf) -> None:
    assert POLISH_OBSERVER in report.text
    assert "Zoë Ștefan" in report.text
    assert "Ana Popescu, Ирина" in report.text


def test_arabic_and_urdu_are_embedded_and_shaped(report: ReadPdf) -> None:
    raw = " ".join(report.pages)
    normalised = unicodedata.normalize("NFKC", raw)
    # Shaping turns letters into joined (contextual) glyphs; extraction may give them
    # as presentation forms, in visual order, with some marks as private-use codes.
    assert ARABIC_PRESENTATION_FORMS.search(raw), "Arabic text was not shaped"
    assert set("حمد") <= set(normalised), "the letters of أحمد are missing"
    assert set("اردوںے") <= set(normalised), "Urdu letters are missing"
    arabic_pages = [fonts for page, fonts in zip(report.pages, report.fonts, strict=True) if "Spoke with" in page]
    assert arabic_pages and all(any("NotoSansArabic" in font for font in fonts) for fonts in arabic_pages)


def test_only_embedded_noto_fonts(report: ReadPdf) -> None:
    for number, fonts in enumerate(report.fonts, start=1):
        assert fonts, f"page {number} has no fonts"
        for font in fonts:
            assert re.fullmatch(r"[A-Z]{6}\+NotoSans(Arabic)?-(Regular|Italic)", font), font
    assert all(report.embedded)


def test_user_html_prints_literally(report: ReadPdf) -> None:
    assert collapse(HTML_NOTE) in report.text
    assert 'Someone wrote <script>alert("x")</script>' in report.text


@pytest.mark.parametrize(
    ("status", "expected"),
    [("complete", "From 3 March 2025 (end date not recorded)"), ("draft", "From 3 March 2025 (in progress)")],
)
def test_the_period_agrees_with_the_status(
    assessment_data: tuple[Location, Assessment],
    form: FormDefinition,
    generated_at: datetime,
    tmp_path: Path,
    status: str,
    expected: str,
) -> None:
    """Issue 16: a Complete assessment's report said its period was "(in progress)"."""
    from dataclasses import replace

    from safeguarding.model import AssessmentStatus

    location, assessment = assessment_data
    open_ended = replace(assessment, end_date=None, status=AssessmentStatus(status))
    out = export_assessment_report(location, open_ended, form, tmp_path / "report.pdf", generated_at=generated_at)
    pages = read_pdf(out).pages
    referral = next(collapse(page) for page in pages if "Referral" in page)  # the cover, after the front sheet
    assert expected in referral
    other = {"From 3 March 2025 (end date not recorded)", "From 3 March 2025 (in progress)"} - {expected}
    assert not any(wrong in collapse(page) for page in pages for wrong in other)
