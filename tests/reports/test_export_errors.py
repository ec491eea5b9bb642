"""Atomic writing, plain-English errors and progress of the report export."""

from __future__ import annotations

import errno
import os
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
    [(errno.ENOSPC, "disk is full"), (errno.EACCES, "cannot be written to"), (errno.EROFS, "it is read-only")],
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
    # Fail at the very end, when the finished document goes to disk.
    monkeypatch.setattr(os, "fsync", _fail_with(code))
    with pytest.raises(ExportError, match=message):
        export_assessment_report(location, assessment, form, out)
    assert out.read_bytes() == OLD_REPORT
    assert [path.name for path in tmp_path.iterdir() if "report" in path.name] == ["report.pdf"]


def test_failure_on_replace_leaves_no_partial_file(
    assessment_data: tuple[Location, Assessment], form: FormDefinition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    location, assessment = assessment_data
    folder = tmp_path / "reports"
    folder.mkdir()
    out = folder / "report.pdf"
    out.write_bytes(OLD_REPORT)
    monkeypatch.setattr(os, "replace", _fail_with(errno.EBUSY))
    with pytest.raises(ExportError, match="in use by another program"):
        export_assessment_report(location, assessment, form, out)
    assert out.read_bytes() == OLD_REPORT
    assert [path.name for path in folder.iterdir()] == ["report.pdf"]


def test_unwritable_folder(
    assessment_data: tuple[Location, Assessment], form: FormDefinition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    location, assessment = assessment_data
    real_open = os.open

    def refused(path: str | Path, flags: int, mode: int = 0o777) -> int:
        if Path(path).parent == tmp_path:  # only the report's folder refuses
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", refused)
    with pytest.raises(ExportError, match=f"The folder {tmp_path} cannot be written to"):
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


KILLED_CHILD = """
import sys
from pathlib import Path
from safeguarding.store import open_store
from safeguarding.forms import FormLibrary
from safeguarding.reports.page_layout import DecoratedCanvas
from safeguarding.workflows.export import read_report, write_report

store = open_store(Path(sys.argv[1]))
assessment_id = store.db.execute("SELECT id FROM assessments").fetchone()[0]
request = read_report(store, FormLibrary.load(), assessment_id)
store.close()
finish_page = DecoratedCanvas.showPage

def first_pages_then_wait(canvas):
    finish_page(canvas)
    if canvas.getPageNumber() == 3:
        print("page 2 laid out", flush=True)
        sys.stdin.readline()  # wait here, mid-layout, until the test kills this process

DecoratedCanvas.showPage = first_pages_then_wait
write_report(request, Path(sys.argv[2]))
"""


def test_an_export_killed_while_laying_out_leaves_no_file_at_all(
    assessment_data: tuple[Location, Assessment], store: Store, tmp_path: Path
) -> None:
    # The layout is the long part (seconds for a long report). Killed then, the folder holds nothing:
    # no empty report and no empty temporary file (the PDF is laid out in memory first).
    import signal
    import subprocess
    import sys

    store.close()
    folder = tmp_path / "reports"
    folder.mkdir()
    root = Path(__file__).resolve().parents[2]
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_CHILD, str(store.path), str(folder / "report.pdf")],
        cwd=root,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "page 2 laid out"
            assert list(folder.iterdir()) == []  # nothing written while the layout is going on
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert list(folder.iterdir()) == []


def test_bytes_that_are_not_a_whole_pdf_are_never_written(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(OLD_REPORT)
    for content in (b"", b"%PDF-1.4 cut short"):
        with pytest.raises(ExportError, match=r"^The meeting pack came out incomplete"):
            export_module.require_whole_pdf(content, "the meeting pack")
    assert out.read_bytes() == OLD_REPORT
    assert [path.name for path in tmp_path.iterdir()] == ["report.pdf"]
