"""The DCSM report's map page: a figure from the offline map and the numbered pin table."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from safeguarding.forms import FormDefinition
from safeguarding.maps.categories import load_pin_categories
from safeguarding.maps.offline import maps_dir
from safeguarding.model import Assessment, Location, MapPin, Side
from safeguarding.reports import export_assessment_report
from safeguarding.store import Store
from tests.maps.conftest import TILE_RGB, make_mbtiles
from tests.reports.pdfread import read_pdf

NASTY = "St Mary's Rec <script>alert(1)</script> & <b>not bold</b>"


def _map_page(path: Path) -> tuple[int, str]:
    pages = read_pdf(path).pages
    index = next(i for i, text in enumerate(pages) if "Map of the place" in text)
    return index, pages[index]


def test_report_has_map_figure_and_matching_pin_table(
    store: Store, located: tuple[Location, Assessment], form: FormDefinition, tmp_path: Path
) -> None:
    location, assessment = located
    maps_dir().mkdir(parents=True)
    make_mbtiles(maps_dir() / "maidstone.mbtiles")
    store.maps.set_boundary(assessment.id, [(51.2781, 0.5185), (51.2782, 0.5205), (51.2770, 0.5207)])
    store.maps.save_pin(assessment.id, MapPin(51.2779, 0.5191, "cctv", NASTY, "Camera on the museum wall"))
    store.maps.save_pin(
        assessment.id, MapPin(51.2772, 0.5201, "hidden_area", "Behind the bandstand", side=Side.ENVIRONMENT)
    )
    whole = store.assessments.get(assessment.id)
    out = export_assessment_report(location, whole, form, tmp_path / "report.pdf")

    index, text = _map_page(out)
    flat = " ".join(text.split())
    assert "Pins on the map" in flat
    assert "Background map: Test tiles (fictional)." in flat
    assert "1 CCTV camera St Mary's Rec <script>alert(1)</script> & <b>not bold</b>" in flat
    assert "2 Hidden area Behind the bandstand Community and environment" in flat

    images = list(PdfReader(out).pages[index].images)
    assert len(images) == 1
    figure = Image.open(io.BytesIO(images[0].data)).convert("RGB")
    assert figure.width >= 1000
    colours = {colour for _, colour in figure.getcolors(maxcolors=1 << 20) or []}
    assert TILE_RGB in colours  # the offline map's tiles are in the figure
    categories = load_pin_categories()
    assert categories.get("cctv").rgb in colours and categories.get("hidden_area").rgb in colours


def test_report_without_tiles_or_pins_still_maps_the_place(
    store: Store, located: tuple[Location, Assessment], form: FormDefinition, tmp_path: Path
) -> None:
    location, assessment = located
    out = export_assessment_report(location, store.assessments.get(assessment.id), form, tmp_path / "r.pdf")
    _, text = _map_page(out)
    flat = " ".join(text.split())
    assert "Background map not available." in flat
    assert "import" not in flat.lower() and "File →" not in flat  # paper never carries software instructions
    assert "No pins have been added to the map." in flat


def test_report_without_any_point_has_no_map_page(store: Store, form: FormDefinition, tmp_path: Path) -> None:
    location = store.locations.add(Location("Somewhere unmapped"))
    assessment = store.assessments.create(location.id, form)
    out = export_assessment_report(location, assessment, form, tmp_path / "r.pdf")
    assert all("Map of the place" not in text for text in read_pdf(out).pages)
