"""The crime section: periods, inside and near the boundary, months missing, streets; the report; the layer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from safeguarding.crime.importer import import_police_data
from safeguarding.crime.summary import CAVEATS, crime_figures, figures_for, periods_before
from safeguarding.forms import FormDefinition
from safeguarding.maps.area import Area, haversine_m, point_in_polygon
from safeguarding.maps.overlays import map_overlays
from safeguarding.model import Assessment, Location
from safeguarding.reports import export_assessment_report
from safeguarding.reports.place_data import load_place_data
from safeguarding.store import Store
from tests.crime.police_files import csv_text, write_street_csv
from tests.maps.conftest import BRENCHLEY
from tests.reports.pdfread import read_pdf

BOUNDARY = ((51.2781, 0.5185), (51.2782, 0.5205), (51.2770, 0.5207), (51.2769, 0.5187))
INSIDE = (51.27760, 0.51960)
NEAR = (51.27900, 0.51960)  # about 90 m north of the boundary
FAR = (51.28300, 0.51960)  # about 540 m north


def _row(month: str, where: tuple[float, float], kind: str, street: str) -> list[str]:
    crime_id = "" if kind == "Anti-social behaviour" else f"{month}{where}{kind}".encode().hex()[:64]
    return [
        crime_id,
        month,
        "Kent Police",
        "Kent Police",
        f"{where[1]:.6f}",
        f"{where[0]:.6f}",
        street,
        "",
        "",
        kind,
        "",
        "",
    ]


def _import(store: Store, tmp_path: Path, rows_by_month: dict[str, list[list[str]]]) -> None:
    paths = [write_street_csv(tmp_path, month, rows) for month, rows in rows_by_month.items()]
    import_police_data(store.crime, paths)


def test_geometry_helpers() -> None:
    assert point_in_polygon(INSIDE, list(BOUNDARY)) and not point_in_polygon(NEAR, list(BOUNDARY))
    area = Area(BOUNDARY)
    assert area.distance_m(*INSIDE) == 0.0
    assert 80 < area.distance_m(*NEAR) < 100
    assert abs(haversine_m((51.0, 0.0), (52.0, 0.0)) - 111_195) < 50
    point = Area((BRENCHLEY,))
    assert not point.has_boundary and 0 < point.distance_m(*NEAR) < 160


def test_periods_are_the_twelve_months_before_and_the_twelve_before_that() -> None:
    recent, earlier = periods_before(date(2026, 3, 10))
    assert (recent.first, recent.last, earlier.first, earlier.last) == ("2025-03", "2026-02", "2024-03", "2025-02")
    assert recent.label == "March 2025 to February 2026"


def test_counts_inside_near_and_by_period_month_and_street(store: Store, tmp_path: Path) -> None:
    _import(
        store,
        tmp_path,
        {
            "2025-06": [
                _row("2025-06", INSIDE, "Anti-social behaviour", "On or near Fictional Road 1"),
                _row("2025-06", INSIDE, "Drugs", "On or near Fictional Road 1"),
                _row("2025-06", NEAR, "Robbery", "On or near Pretend Street 2"),
                _row("2025-06", FAR, "Burglary", "On or near Far Away Lane"),
            ],
            "2024-06": [_row("2024-06", NEAR, "Anti-social behaviour", "On or near Pretend Street 2")],
            "2023-06": [_row("2023-06", INSIDE, "Drugs", "On or near Fictional Road 1")],  # older than both periods
        },
    )
    figures = crime_figures(store.crime, Area(BOUNDARY), date(2026, 3, 10), 200)
    by_type = {c.crime_type: c for c in figures.by_type}
    assert set(by_type) == {"Anti-social behaviour", "Drugs", "Robbery"}  # the far burglary is not counted
    asb = by_type["Anti-social behaviour"]
    assert (asb.inside_recent, asb.near_recent, asb.inside_earlier, asb.near_earlier) == (1, 1, 0, 1)
    assert (figures.total(True, True), figures.total(False, True), figures.total(False, False)) == (2, 3, 1)
    assert dict(figures.monthly)["2025-06"] == 3 and dict(figures.monthly)["2024-06"] == 1
    assert len(figures.monthly) == 24
    assert figures.streets[0] == ("On or near Fictional Road 1", 2)
    assert figures.missing == [m for m, _ in figures.monthly if m not in ("2025-06", "2024-06")]
    assert figures.forces == ["Kent Police"]
    assert sum(count for _, _, count, _ in figures.points) == 3
    wider = crime_figures(store.crime, Area(BOUNDARY), date(2026, 3, 10), 800)
    assert wider.total(False, True) == 4


def test_report_section_and_map_layer(
    store: Store, located: tuple[Location, Assessment], form: FormDefinition, tmp_path: Path
) -> None:
    location, assessment = located
    assessment.start_date = date(2026, 3, 10)
    store.assessments.save(assessment)
    store.maps.set_boundary(assessment.id, list(BOUNDARY))
    store.crime.set_radius(assessment.id, 150)
    _import(store, tmp_path, {"2025-07": [_row("2025-07", INSIDE, "Public order", "On or near Fictional Road 1")]})
    whole = store.assessments.get(assessment.id)
    figures = figures_for(store.crime, location, whole)
    assert figures is not None and figures.radius_m == 150
    overlays = {o["id"]: o for o in map_overlays(store, location, whole)}
    crime = overlays["crime"]
    assert (
        crime["shown"] is False and crime["points"][0]["count"] == 1 and "Public order 1" in crime["points"][0]["text"]
    )
    out = export_assessment_report(
        location, whole, form, tmp_path / "r.pdf", place_data=load_place_data(store, location, whole)
    )
    text = " ".join(" ".join(read_pdf(out).pages).split())
    assert "Recorded crime and anti-social behaviour near the place" in text
    assert "within 150 m" in text and "Public order" in text and "On or near Fictional Road 1" in text
    assert "Open Government Licence v3.0" in text
    assert CAVEATS[0][:60] in text
    assert "missing, not zero" in text


def test_report_without_police_data_says_so_plainly(
    store: Store, located: tuple[Location, Assessment], form: FormDefinition, tmp_path: Path
) -> None:
    location, assessment = located
    whole = store.assessments.get(assessment.id)
    out = export_assessment_report(
        location, whole, form, tmp_path / "r.pdf", place_data=load_place_data(store, location, whole)
    )
    text = " ".join(" ".join(read_pdf(out).pages).split())
    assert "No police data is held for" in text and "import" not in text.lower()


def test_choosing_the_distance_is_checked(store: Store, located: tuple[Location, Assessment]) -> None:
    import pytest

    from safeguarding.errors import ValidationError

    _, assessment = located
    assert store.crime.radius(assessment.id) == 200
    with pytest.raises(ValidationError, match="between 25 and 5,000"):
        store.crime.set_radius(assessment.id, 10)
    with pytest.raises(ValidationError, match="whole number"):
        store.crime.set_radius(assessment.id, "far")
    assert store.crime.set_radius(assessment.id, " 300 ") == 300


def test_csv_text_is_the_real_header() -> None:
    assert csv_text([]).splitlines()[0] == (
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
        "Last outcome category,Context"
    )
