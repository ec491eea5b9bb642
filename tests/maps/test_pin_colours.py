"""Pin categories stay apart on the printed map: no two share a shape and a colour a reader may take for one.

A tester found "Drug paraphernalia" and "Young people felt unsafe here" both drawn as red
triangles (#cf222e and #d1242f) on the demo report's first page.
"""

from __future__ import annotations

import colorsys
import itertools

from safeguarding.maps.categories import load_pin_categories

CATEGORIES = load_pin_categories()


def _near(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    """Two colours a reader may take for one: hue within 30 degrees and lightness within 0.2 (greys by lightness)."""
    (ha, la, sa), (hb, lb, sb) = (colorsys.rgb_to_hls(*(c / 255 for c in rgb)) for rgb in (a, b))
    if abs(la - lb) >= 0.2:
        return False
    if sa < 0.15 or sb < 0.15:
        return sa < 0.15 and sb < 0.15
    turn = abs(ha - hb) * 360
    return min(turn, 360 - turn) < 30


def test_no_two_categories_share_a_shape_and_a_near_colour() -> None:
    alike = [
        (a.id, b.id)
        for a, b in itertools.combinations(CATEGORIES.categories, 2)
        if a.shape == b.shape and _near(a.rgb, b.rgb)
    ]
    assert alike == []
    assert _near((0xCF, 0x22, 0x2E), (0xD1, 0x24, 0x2F))  # the pair a tester could not tell apart
