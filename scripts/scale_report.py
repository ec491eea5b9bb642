"""The heavy report beside a bare reportlab document of its content (a part of ``scripts/bench_scale.py``)."""

from __future__ import annotations

import io
import random
import statistics
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scripts.bench_encryption import run_times
from scripts.scale_lines import Line, verdict

DEMO_PLACE = "Brenchley Gardens"


def _photo(rng: random.Random, number: int) -> bytes:
    """A made-up 2,000 x 1,500 JPEG photo (different for each ``number``)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (2000, 1500), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    draw = ImageDraw.Draw(image)
    for _ in range(400):
        x, y = rng.randrange(2000), rng.randrange(1500)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.rectangle((x, y, x + rng.randrange(20, 300), y + rng.randrange(20, 200)), fill=colour)
    draw.text((40, 40), f"Photo {number}", fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def heavy_assessment(database: Path) -> str:
    """Add 20 photos and 60 visits to the demo's Brenchley Gardens assessment in ``database``; return its id."""
    from safeguarding.evidence.photos import import_photo
    from safeguarding.model import Observation
    from safeguarding.store import open_store
    from scripts.scale_data import sentence

    rng = random.Random(14)
    store = open_store(database)
    try:
        (location,) = store.locations.find_by_name(DEMO_PLACE)
        assessment = store.assessments.latest_for_location(location.id)
        assert assessment is not None
        for number in range(20):
            store.photos.add(
                assessment.id, import_photo(_photo(rng, number), f"photo{number}.jpg"), caption=sentence(rng, 8)
            )
        start = datetime(2026, 9, 1, 15, tzinfo=UTC)
        for number in range(60):
            begin = start + timedelta(days=number, hours=rng.choice((0, 3, 5, 7)))
            store.assessments.save_observation(
                assessment.id,
                Observation(start=begin, end=begin + timedelta(hours=1), notes=sentence(rng, rng.randint(40, 90))),
            )
        return assessment.id
    finally:
        store.close()


def bare_report(text_pages: list[str], pictures: list[bytes], out: Path) -> None:
    """The same text and pictures as a plain reportlab document: paragraphs and images, the same font."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate

    from safeguarding.reports.fonts import register_fonts

    fonts = register_fonts()
    style = ParagraphStyle("body", fontName=fonts.body, fontSize=9.5, leading=12)
    story: list[object] = []
    for page in text_pages:
        story += [Paragraph(escape(line), style) for line in page.splitlines() if line.strip()]
    for data in pictures:
        story.append(Image(io.BytesIO(data), width=12 * cm, height=9 * cm))
    SimpleDocTemplate(str(out), pagesize=A4).build(story)  # type: ignore[arg-type]


def report_lines(database: Path, assessment_id: str, folder: Path, runs: int) -> list[Line]:
    """The heavy report exported, and the bare reportlab document of its content, taken in turns."""
    from pypdf import PdfReader

    from safeguarding.forms import FormLibrary
    from safeguarding.reports import export_assessment_report
    from safeguarding.store import open_store

    store = open_store(database)
    try:
        assessment = store.assessments.get(assessment_id)
        location = store.locations.get(assessment.location_id)
    finally:
        store.close()
    form = FormLibrary.load().get(assessment.form_id, assessment.form_version)
    ours_path, bare_path = folder / "heavy.pdf", folder / "bare.pdf"
    export_assessment_report(location, assessment, form, ours_path)  # fonts registered, caches warm
    reader = PdfReader(str(ours_path))
    pages = [page.extract_text() or "" for page in reader.pages]
    pictures = [image.data for page in reader.pages for image in page.images]  # as the report embeds them
    bare_report(pages, pictures, bare_path)
    ours: list[float] = []
    bare: list[float] = []
    for _ in range(runs):
        ours += run_times(lambda: export_assessment_report(location, assessment, form, ours_path), 1)
        bare += run_times(lambda: bare_report(pages, pictures, bare_path), 1)
    ratio = statistics.median(ours) / statistics.median(bare)
    return [
        (
            f"Heavy report ({len(pages)} pages, {len(assessment.photos)} photos, "
            f"{len(assessment.observations)} visits)",
            f"{statistics.median(ours):.3f} s",
            f"bare reportlab, its text and {len(pictures)} pictures ({len(PdfReader(str(bare_path)).pages)} pages) "
            f"{statistics.median(bare):.3f} s: {ratio:.2f}x",
            f"≤2x bare: {verdict(ratio, 2.0)}",
        )
    ]
