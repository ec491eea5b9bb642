"""A crowd of many pins on the map figure: numbers as ranges, shortened with a count, the box inside the map.

A tester's export of an assessment with 1,000 pins in one place printed every number in a
block wider than the map (over the scale bar, off the page) and left the legend no room
for its three kinds.
"""

from __future__ import annotations

import pytest

from safeguarding.maps.categories import load_pin_categories
from safeguarding.maps.legend import INK
from safeguarding.maps.number_lists import fit_numbers, number_ranges
from safeguarding.maps.static import render_static_map
from safeguarding.model import MapPin
from safeguarding.reports import front_sheet

CATEGORIES = load_pin_categories()
SIZES = [((1000, 760), 380), (front_sheet.MAP_SIZE, front_sheet.MAP_LEGEND), ((300, 200), 200)]
WHERE = (51.2776, 0.5195)


def _inside(box: tuple[int, int, int, int], size: tuple[int, int]) -> bool:
    left, top, right, bottom = box
    return 0 <= left < right <= size[0] and 0 <= top < bottom <= size[1]


def test_runs_of_numbers_are_written_as_ranges() -> None:
    assert number_ranges(list(range(1, 1001))) == ["1–1000"]
    assert number_ranges([15, 3, 4, 5, 6, 7, 12, 16, 17, 18, 19, 20]) == ["3–7", "12", "15–20"]
    assert number_ranges([1, 2, 5]) == ["1", "2", "5"]  # "1–2" is no shorter
    assert number_ranges([]) == []


def test_what_does_not_fit_is_counted() -> None:
    numbers = [*range(1, 13), 15, *range(17, 1000, 2)]  # 505 numbers, mostly apart
    lines, left_out = fit_numbers(numbers, lambda line: len(line) <= 30, 3, "Pins")
    assert len(lines) <= 3 and all(len(line) <= 30 for line in lines)
    assert lines == ["Pins 1–12, 15, 17, 19, 21, 23,", "25, 27, 29, 31, 33, 35, 37,", "39, 41, 43, 45, … and 477 more"]
    assert left_out == 505 - (12 + 1 + 15) == 477  # shown: 1–12, 15 and the fifteen odd numbers 17–45
    assert fit_numbers(numbers, lambda line: len(line) <= 4, 3) == (["505 pins"], 505)


@pytest.mark.parametrize(("size", "legend"), SIZES)
@pytest.mark.parametrize("apart", [0, 3])
def test_a_crowd_of_a_thousand_lies_inside_the_map(size: tuple[int, int], legend: int, apart: int) -> None:
    """1,000 pins in one place; or every third elsewhere (a second crowd): the first crowd's numbers are no run."""
    elsewhere = (51.2790, 0.5230)
    pins = [MapPin(*(elsewhere if apart and n % apart == 0 else WHERE), "cctv", f"Pin {n}") for n in range(1000)]
    figure = render_static_map(pins, [], CATEGORIES, size=size, legend_width=legend)
    assert figure is not None
    crowd = [n + 1 for n in range(1000) if not apart or n % apart]
    assert crowd in figure.groups and len(figure.groups) == (2 if apart else 1)
    text = figure.group_texts[figure.groups.index(crowd)]
    assert text.startswith(f"{len(crowd):,} pins here:")
    if apart:
        assert text.endswith(" more") and len(text.splitlines()) <= 5 and "2, 3, 5, 6" in text, text
    else:
        assert text == "1,000 pins here:\n1–1000"
    assert all(_inside(box, size) for box in figure.group_boxes), f"{figure.group_boxes} run off the {size} map"
    box = figure.group_boxes[figure.groups.index(crowd)]
    assert _inside(box, size), f"{box} runs off the {size} map"
    left, top, _, bottom = box
    assert figure.image.getpixel((left + 1, (top + bottom) // 2)) == INK  # the box's outline is drawn there
    assert bottom - top < size[1] * 0.6 or size[1] < 300  # a few lines, not a block hiding the map


def test_a_crowd_with_mixed_numbers_is_written_in_ranges_and_counted() -> None:
    crowd = [MapPin(*WHERE, "cctv", f"Camera {n}") for n in range(600)]
    apart = [MapPin(51.2700 + 0.0004 * n, 0.5100 + 0.0007 * (n % 5), "bus_stop", "") for n in range(40)]
    pins = crowd[:300] + apart + crowd[300:]  # the crowd is 1–300 and 341–640
    figure = render_static_map(pins, [], CATEGORIES, size=front_sheet.MAP_SIZE, legend_width=front_sheet.MAP_LEGEND)
    assert figure is not None
    crowd_group = next(group for group in figure.groups if len(group) == 600)
    assert crowd_group == [*range(1, 301), *range(341, 641)]
    assert all(_inside(box, figure.map_size) for box in figure.group_boxes)
    text = figure.group_texts[figure.groups.index(crowd_group)]
    assert "1–300, 341–640" in text, text


def test_the_legend_lists_its_three_kinds_whatever_the_number_of_pins() -> None:
    kinds = ["entrance", "cctv", "no_such_kind"]  # the last is drawn as "Other"
    pins = [MapPin(*WHERE, kinds[n % 3], f"Pin {n}") for n in range(1000)]
    for size, legend in SIZES[:2]:
        figure = render_static_map(pins, [], CATEGORIES, size=size, legend_width=legend)
        assert figure is not None
        labels = [CATEGORIES.get(kind).label for kind in kinds]
        assert all(label in figure.legend for label in labels), figure.legend
        assert not any("more kind" in line for line in figure.legend), figure.legend
        assert any("more" in line and line.endswith("more") for line in figure.legend)  # numbers counted
