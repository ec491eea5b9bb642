"""The report's map figures: a crowd's box stays inside the map, the legend names every kind, each figure drawn once.

The legend and the boxes are pixels in the PDF, so the tests take the figures the export
really drew (their recorded boxes and legend lines) and check them against the pixels the
PDF holds.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from safeguarding.forms import FormDefinition
from safeguarding.maps import static
from safeguarding.maps.categories import load_pin_categories
from safeguarding.maps.legend import INK, more_kinds_words
from safeguarding.maps.static import StaticMap, render_static_map
from safeguarding.model import Assessment, Location, MapPin
from safeguarding.reports import export_assessment_report, front_sheet, map_section
from safeguarding.store import Store

CATEGORIES = load_pin_categories()
BOUNDARY = [(51.2781, 0.5185), (51.2782, 0.5205), (51.2770, 0.5207)]
SIZES = [((1000, 760), 380), (front_sheet.MAP_SIZE, front_sheet.MAP_LEGEND)]


def _inside(box: tuple[int, int, int, int], size: tuple[int, int]) -> bool:
    left, top, right, bottom = box
    return 0 <= left < right <= size[0] and 0 <= top < bottom <= size[1]


@pytest.mark.parametrize(("size", "legend"), SIZES)
@pytest.mark.parametrize(
    ("where", "count"),
    [
        ((51.27822, 0.5195), 30),  # on the boundary's top edge: no room above
        ((51.27822, 0.5185), 40),  # the top left corner
        ((51.2770, 0.5207), 30),  # the bottom right corner
        ((51.27822, 0.5185), 200),  # more numbers than the map is tall
    ],
)
def test_a_crowds_box_lies_inside_the_map(
    size: tuple[int, int], legend: int, where: tuple[float, float], count: int
) -> None:
    crowd = [MapPin(*where, "cctv", f"Camera {n}") for n in range(count)]
    figure = render_static_map(crowd, BOUNDARY, CATEGORIES, size=size, legend_width=legend)
    assert figure is not None and figure.groups == [list(range(1, count + 1))]
    (box,) = figure.group_boxes
    assert _inside(box, size), f"{box} runs off the {size} map"
    left, top, _, bottom = box
    assert figure.image.getpixel((left + 1, (top + bottom) // 2)) == INK  # the box's outline is drawn there


def test_the_legend_names_the_kinds_it_has_no_room_for() -> None:
    kinds = [category.id for category in CATEGORIES.categories][:11]
    pins = [MapPin(51.2770 + 0.0001 * n, 0.5186 + 0.0002 * n, kind, f"Pin {n}") for n, kind in enumerate(kinds)]
    figure = render_static_map(pins, BOUNDARY, CATEGORIES, size=front_sheet.MAP_SIZE, legend_width=400)
    assert figure is not None
    words = " ".join(figure.legend)
    labels = [CATEGORIES.get(kind).label for kind in kinds]
    assert all(label in words for label in labels), figure.legend
    assert "more kinds:" in words and "see the table" not in words


def test_one_kind_left_out_reads_in_the_singular() -> None:
    assert more_kinds_words(["Bus stop"]) == "1 more kind: Bus stop."
    assert more_kinds_words(["Shop front", "Bus stop", "Litter"]) == "3 more kinds: Shop front, Bus stop and Litter."


def _drawn(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, StaticMap | None]]:
    """Record every figure the report parts draw, with the part that drew it."""
    drawn: list[tuple[str, StaticMap | None]] = []
    for module in (front_sheet, map_section):

        def counting(*args: object, _name: str = module.__name__, **kwargs: object) -> StaticMap | None:
            figure = static.render_static_map(*args, **kwargs)  # type: ignore[arg-type]
            drawn.append((_name, figure))
            return figure

        monkeypatch.setattr(module, "render_static_map", counting)
    return drawn


def test_each_figure_is_drawn_once_per_export_and_is_the_one_printed(
    store: Store,
    located: tuple[Location, Assessment],
    form: FormDefinition,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    location, assessment = located
    store.maps.set_boundary(assessment.id, BOUNDARY)
    kinds = [category.id for category in CATEGORIES.categories][:11]
    for n, kind in enumerate(kinds):
        store.maps.save_pin(assessment.id, MapPin(51.2770 + 0.0001 * n, 0.5186 + 0.0002 * n, kind, f"Pin {n}"))
    for n in range(30):  # a crowd on the top edge of the boundary
        store.maps.save_pin(assessment.id, MapPin(51.27822, 0.5195, "cctv", f"Crowd {n}"))
    whole = store.assessments.get(assessment.id)
    drawn = _drawn(monkeypatch)
    for copy in range(2):
        del drawn[:]
        out = export_assessment_report(location, whole, form, tmp_path / f"report{copy}.pdf")
        assert [name for name, _ in drawn] == [front_sheet.__name__, map_section.__name__]

    reader = PdfReader(out)
    printed = [
        image.image.convert("RGB") for page in reader.pages for image in page.images if image.image.format != "JPEG"
    ]
    figures = [figure for _, figure in drawn]
    assert all(figure is not None for figure in figures)
    assert [image.tobytes() for image in printed] == [f.image.tobytes() for f in figures if f]  # the figures printed
    labels = [CATEGORIES.get(kind).label for kind in kinds]
    for figure in figures:
        assert figure is not None and figure.groups
        assert all(_inside(box, figure.map_size) for box in figure.group_boxes)
        words = " ".join(figure.legend)
        assert all(label in words for label in labels), figure.legend
