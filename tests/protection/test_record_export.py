"""Recording an export in the sharing log: the one function the command line and the window share."""

from __future__ import annotations

from pathlib import Path

from safeguarding.protection.sharing import VIA_COMMAND_LINE, SharingDetails
from safeguarding.workflows.sharing_log import not_logged, record_export
from tests.protection.conftest import Scene


def test_an_export_is_logged_as_said_and_nobody_is_warned(scene: Scene, tmp_path: Path) -> None:
    written = tmp_path / "plan.csv"
    written.write_text("Location\r\n", encoding="utf-8")
    warnings: list[str] = []
    details = SharingDetails("Maidstone DCSM", "safeguarding", "item 3")
    record = record_export(
        scene.store,
        "action_plan",
        written,
        warnings.append,
        assessment_id=scene.assessment.id,
        details=details,
        via=VIA_COMMAND_LINE,
    )
    assert warnings == []
    assert record is not None and scene.store.sharing.entries(scene.assessment.id) == [record]
    assert (record.kind, record.via, record.redacted, record.details) == ("action_plan", "command line", False, details)
    assert record.file_name == "plan.csv" and record.location_name == "Brenchley Gardens"


def test_a_closed_database_warns_with_the_file_name_and_what_to_do(tmp_path: Path) -> None:
    warnings: list[str] = []
    written = tmp_path / "tracker.csv"
    written.write_text("x", encoding="utf-8")
    assert record_export(None, "action_tracker", written, warnings.append, redacted=True) is None
    assert warnings == [
        "tracker.csv was saved, but it could not be recorded in the sharing log (the database was closed "
        "meanwhile). Note by hand what was shared, with whom and why."
    ]
    assert written.read_text(encoding="utf-8") == "x"  # the export itself is kept


def test_a_log_that_cannot_be_written_warns_and_keeps_the_log_as_it_was(scene: Scene, tmp_path: Path) -> None:
    warnings: list[str] = []
    gone = tmp_path / "gone.pdf"  # the file vanished before it could be fingerprinted
    assert record_export(scene.store, "dcsm_report", gone, warnings.append) is None
    assert len(warnings) == 1 and warnings[0].startswith("gone.pdf was saved, but it could not be recorded")
    assert scene.store.sharing.entries() == []


def test_the_sentence_names_only_the_file_not_its_folder(tmp_path: Path) -> None:
    sentence = not_logged(tmp_path / "deep" / "report.pdf", ValueError("disk full"))
    assert sentence.startswith("report.pdf was saved") and str(tmp_path) not in sentence
    assert "(disk full)" in sentence
