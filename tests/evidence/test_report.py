"""The DCSM report's evidence parts, read back from the PDF: text, photo numbers, and no metadata."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from safeguarding.evidence.photos import import_photo
from safeguarding.forms import FormDefinition
from safeguarding.model import (
    AgeBand,
    Consultation,
    ConsultationMethod,
    GuardianPresence,
    Observation,
    ObservedGender,
    Side,
)
from safeguarding.reports.export import export_assessment_report
from safeguarding.timeutil import local_to_utc
from tests.evidence.conftest import Scene, sample
from tests.reports.pdfread import read_pdf

CAMERA_TRACES = (b"Exif", b"NIKON", b"COOLPIX", b"Apple", b"iPhone", b"GPS")


def build(scene: Scene, form: FormDefinition, out: Path) -> Path:
    store, assessment_id = scene.store, scene.assessment.id
    weekday = store.assessments.save_observation(
        assessment_id,
        Observation(
            start=local_to_utc(datetime(2026, 10, 8, 15, 30)),
            end=local_to_utc(datetime(2026, 10, 8, 17, 0)),
            observer="Sam Example",
            counts={(AgeBand.AGE_14_15, ObservedGender.MALE): 5, (AgeBand.AGE_11_13, ObservedGender.FEMALE): 2},
            activities="Gathering at the bandstand",
            guardians="Park warden",
            guardian_presence=GuardianPresence.ACTIVE,
            sides={Side.YOUNG_PEOPLE},
        ),
    )
    store.assessments.save_observation(
        assessment_id,
        Observation(
            start=local_to_utc(datetime(2026, 10, 10, 13, 0)),
            end=local_to_utc(datetime(2026, 10, 10, 14, 0)),
            observer="Jo Example",
        ),
    )
    for name in ("jpg_gps_DSCN0010.jpg", "jpg_orientation_portrait_6.jpg", "heic_IMG_5195.HEIC"):
        store.photos.add(
            assessment_id,
            import_photo(sample(name).read_bytes(), name),
            original_name=name,
            caption=f"Caption of {name}",
            observation_id=weekday.id if name.startswith("jpg_gps") else None,
            side=Side.ENVIRONMENT,
        )
    store.consultations.save(
        assessment_id,
        Consultation(
            consulted="Year 9 pupils, a local school",
            method=ConsultationMethod.SAFETY_MAPPING,
            held_on=date(2026, 10, 14),
            people=24,
            said="The bandstand felt unsafe after dark <b>really</b>.",
            sides={Side.YOUNG_PEOPLE},
        ),
    )
    assessment = store.assessments.get(assessment_id)
    return export_assessment_report(
        scene.location, assessment, form, out, generated_at=datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    )


def test_report_has_coverage_visits_consultations_and_photo_appendix(
    scene: Scene, form: FormDefinition, tmp_path: Path
) -> None:
    text = read_pdf(build(scene, form, tmp_path / "report.pdf")).text
    assert "Coverage of the visits" in text
    assert "2 visits: 1 on weekdays and 1 at weekends." in text
    assert "No visit at a weekend:" in text and "Evening (18:00–21:00)" in text
    assert "What was seen on each visit" in text
    assert "14-15: 5 (5 male)" in text and "Present and active" in text
    assert "Photo 1" in text  # referenced from the visit's row
    assert "Consultations" in text and "Safety mapping session" in text
    assert "Year 9 pupils, a local school (24 taking part)" in text
    assert "<b>really</b>" in text  # typed markup is printed literally
    assert "Photo appendix" in text
    for number in (1, 2, 3):
        assert f"Photo {number}: Caption of" in text


def test_exported_pdf_carries_no_photo_metadata(scene: Scene, form: FormDefinition, tmp_path: Path) -> None:
    pdf = build(scene, form, tmp_path / "report.pdf")
    raw = pdf.read_bytes()
    for trace in CAMERA_TRACES:
        assert trace not in raw, trace
    images = [image for page in PdfReader(pdf).pages for image in page.images]
    assert len(images) >= 3
    shapes = []
    for image in images:
        assert not any(trace in image.data for trace in CAMERA_TRACES)
        picture = Image.open(io.BytesIO(image.data))
        assert not picture.getexif()
        assert not any(key in picture.info for key in ("exif", "xmp", "icc_profile", "comment"))
        shapes.append(picture.height > picture.width)
    # Photo 2 (orientation 6) and photo 3 (iPhone HEIC) are portrait and stay portrait in the PDF.
    assert shapes.count(True) >= 2
