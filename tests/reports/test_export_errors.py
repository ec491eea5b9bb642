"""Atomic writing, plain-English errors and progress of the report export."""

from __future__ import annotations

import errno
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from safeguarding.errors import ExportError
from safeguarding.forms import FormDefinition
from safeguarding.model import Assessment, Location, Observation
from safeguarding.reports import export as export_module
from safeguarding.reports import export_assessment_report
from safeguarding.reports.page_layout import DecoratedCanvas
from safeguarding.store import Store
from tests.reports.pdfread import read_pdf

OLD_REPORT = b"%PDF-1.4 an earlier report that must survive\n"


def _fail_with(code: int):
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, "simulated failure")

    return fail


@pytest.mark.parametrize(
    ("code", "message"),
    [(errno.ENOSPC, "disk is full"), (errno.EACCES, "cannot be written to"), (errno.EROFS, "cannot be written to")],
)
def test_failure_while_writing_keeps_the_existing_report(
    assessment_data: tuple[Location, Assessment],
    form: FormDefinition,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    message: str,
) -> None:
    location, assessment = assessment_data
    out = tmp_path / "report.pdf"
    out.write_bytes(OLD_REPORT)
    # Fail at the very end, when reportlab writes the finished document.
    monkeypatch.setattr(DecoratedCanvas, "save", _fail_with(code))
    with pytest.raises(ExportError, match=message):
        export_assessment_report(location, assessment, form, out)
    assert out.read_bytes() == OLD_REPORT
    assert not [path for path in tmp_path.iterdir() if path.name.endswith(".part")]


def test_failure_on_replace_leaves_no_partial_file(
    assessment_data: tuple[Location, Assessment], form: FormDefinition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    location, assessment = assessment_data
    folder = tmp_path / "reports"
    folder.mkdir()
    out = folder / "report.pdf"
    out.write_bytes(OLD_REPORT)
    monkeypatch.setattr(export_module.os, "replace", _fail_with(errno.EBUSY))
    with pytest.raises(ExportError, match="open in another program"):
        export_assessment_report(location, assessment, form, out)
    assert out.read_bytes() == OLD_REPORT
    assert [path.name for path in folder.iterdir()] == ["report.pdf"]


def test_unwritable_folder(
    assessment_data: tuple[Location, Assessment], form: FormDefinition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    location, assessment = assessment_data
    monkeypatch.setattr(export_module.tempfile, "mkstemp", _fail_with(errno.EACCES))
    with pytest.raises(ExportError, match="cannot be written to"):
        export_assessment_report(location, assessment, form, tmp_path / "report.pdf")
    assert not (tmp_path / "report.pdf").exists()


def test_missing_folder(assessment_data: tuple[Location, Assessment], form: FormDefinition, tmp_path: Path) -> None:
    location, assessment = assessment_data
    with pytest.raises(ExportError, match="does not exist"):
        export_assessment_report(location, assessment, form, tmp_path / "no such folder" / "report.pdf")


def test_a_bug_is_not_disguised_and_leaves_no_partial_file(
    assessment_data: tuple[Location, Assessment], form: FormDefinition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    location, assessment = assessment_data
    folder = tmp_path / "reports"
    folder.mkdir()

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(DecoratedCanvas, "save", broken)
    with pytest.raises(RuntimeError):
        export_assessment_report(location, assessment, form, folder / "report.pdf")
    assert list(folder.iterdir()) == []


def test_progress_is_reported_from_zero_to_one(
    assessment_data: tuple[Location, Assessment], form: FormDefinition, tmp_path: Path
) -> None:
    location, assessment = assessment_data
    calls: list[tuple[float, str]] = []
    export_assessment_report(location, assessment, form, tmp_path / "r.pdf", progress=lambda f, m: calls.append((f, m)))
    fractions = [fraction for fraction, _ in calls]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert all(message for _, message in calls)


def test_empty_assessment_exports_with_not_rated(store: Store, form: FormDefinition, tmp_path: Path) -> None:
    location = store.locations.add(Location(name="North Week Street"))
    assessment = store.assessments.create(location.id, form)
    pdf = read_pdf(export_assessment_report(location, store.assessments.get(assessment.id), form, tmp_path / "e.pdf"))
    assert pdf.text.count("Not rated") >= 3
    assert "Not recorded" in pdf.text
    assert "0 visits" in pdf.text
    assert all("Page" in page for page in pdf.pages)


def test_summer_time_and_very_long_note(store: Store, form: FormDefinition, tmp_path: Path) -> None:
    location = store.locations.add(Location(name="Brenchley Gardens"))
    assessment = store.assessments.create(location.id, form)
    start = datetime(2025, 6, 6, 17, 0, tzinfo=UTC)  # 18:00 British Summer Time
    long_note = "\n".join(f"Line {n}: young people moved between the bandstand and the gate." for n in range(400))
    store.assessments.save_observation(
        assessment.id, Observation(start=start, end=start + timedelta(minutes=90), notes=long_note, light="daylight")
    )
    pdf = read_pdf(export_assessment_report(location, store.assessments.get(assessment.id), form, tmp_path / "s.pdf"))
    assert "Fri 6 June 2025 18:00–19:30" in pdf.text
    assert "Evening" in pdf.text
    assert "(continued)" in pdf.text
    assert "Line 0:" in pdf.text and "Line 399:" in pdf.text
