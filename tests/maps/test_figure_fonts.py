"""The map figures' fonts are loaded once per file, size and weight (not once per figure)."""

from __future__ import annotations

import threading

import pytest
from PIL import ImageFont

from safeguarding.maps import figure_fonts
from safeguarding.maps.categories import load_pin_categories
from safeguarding.maps.figure_fonts import figure_font
from safeguarding.maps.static import render_static_map
from safeguarding.model import MapPin

BOUNDARY = [(51.2781, 0.5185), (51.2782, 0.5205), (51.2770, 0.5207), (51.2769, 0.5187)]


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every ``ImageFont.truetype`` call as ``(file, size)``, with no font kept from earlier tests."""
    calls: list[tuple[str, int]] = []
    real = ImageFont.truetype

    def counting(font: str, size: int) -> ImageFont.FreeTypeFont:
        calls.append((font, size))
        return real(font, size)

    monkeypatch.setattr(figure_fonts, "_loaded", threading.local())
    monkeypatch.setattr(ImageFont, "truetype", counting)
    return calls


def test_a_font_is_loaded_once_per_size_and_weight(loads: list[tuple[str, int]]) -> None:
    regular, bold = figure_font(19), figure_font(19, bold=True)
    assert regular is not bold  # the bold instance is a font of its own, not the regular one changed
    assert figure_font(19) is regular and figure_font(19, bold=True) is bold
    assert figure_font(23) is not regular
    assert [size for _, size in loads] == [19, 19, 23]
    assert len({file for file, _ in loads}) == 1  # the report's body font file


def test_drawing_figures_again_loads_no_font(loads: list[tuple[str, int]]) -> None:
    pins = [MapPin(51.2779, 0.5191, "cctv", "Camera"), MapPin(51.2772, 0.5201, "hidden_area", "Bandstand")]
    categories = load_pin_categories()
    render_static_map(pins, BOUNDARY, categories)
    first = len(loads)
    assert first >= 3  # pin numbers, notices and legend each in their own size
    for _ in range(3):
        render_static_map(pins, BOUNDARY, categories)
        render_static_map(pins, BOUNDARY, categories, size=(700, 440), legend_width=400)
    assert len(loads) == first


def test_each_thread_has_its_own_fonts(loads: list[tuple[str, int]]) -> None:
    here = figure_font(18)
    there: list[object] = []
    worker = threading.Thread(target=lambda: there.append(figure_font(18)))
    worker.start()
    worker.join()
    assert there and there[0] is not here  # a Pillow font is never shared by two threads
    assert figure_font(18) is here
