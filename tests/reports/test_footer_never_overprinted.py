"""A 5,000-character name without a space wraps inside its cell; the footer stays one line with the name
shortened; nothing is ever printed over the protective marking (read back with pdftotext -bbox)."""

from __future__ import annotations

import html
import re
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from safeguarding.forms import FormDefinition
from safeguarding.model import Assessment, Location
from safeguarding.reports import export_assessment_report
from safeguarding.reports.page_layout import PAGE_HEIGHT

MM = 72 / 25.4
RULE_Y = 19 * MM
"""Height of the footer's rule above the page's bottom edge (points)."""
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def _pages(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words as (x_min, bottom, x_max, top, text) in points from the bottom left."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True).stdout
    pages = out.decode("utf-8", "replace").split("<page ")[1:]
    return [
        [
            (float(x0), PAGE_HEIGHT - float(y1), float(x1), PAGE_HEIGHT - float(y0), html.unescape(text))
            for x0, y0, x1, y1, text in _WORD.findall(page)
        ]
        for page in pages
    ]


@pytest.mark.parametrize(
    "name",
    [
        "A" * 5000,
        "中" * 5000,
        "مرحبا " + "ب" * 3000 + "中" * 2000,  # mixed direction: the shaped path
    ],
    ids=["latin", "chinese", "arabic-and-chinese"],
)
def test_a_5000_character_name_never_runs_over_the_footer_or_marking(
    name: str,
    assessment_data: tuple[Location, Assessment],
    form: FormDefinition,
    generated_at: datetime,
    tmp_path: Path,
) -> None:
    location, assessment = assessment_data
    location.name = name
    out = export_assessment_report(location, assessment, form, tmp_path / "long.pdf", generated_at=generated_at)
    for number, words in enumerate(_pages(out), start=1):
        below = [word for word in words if word[3] < RULE_Y]  # wholly under the footer's rule
        footer = [word for word in below if word[3] > 12 * MM]
        marking_line = [word for word in below if word[3] <= 12 * MM]
        # The marking's line holds the marking and which copy this is, nothing else.
        assert "OFFICIAL-SENSITIVE" in [word[4] for word in marking_line], number
        assert {word[4] for word in marking_line} <= {
            "OFFICIAL-SENSITIVE",
            "FULL",
            "copy",
            "–",
            "assessor's",
            "agency",
            "only",
        }
        # The footer is one line: the name shortened with "…", the date, and the page count.
        assert len({round(word[1]) for word in footer if not word[4].startswith(("Page", "of"))}) <= 2, number
        assert any("…" in word[4] for word in footer), number
        assert "Page" in [word[4] for word in footer]
        # No body text reaches below the rule (it would overprint the footer).
        crossing = [word for word in words if word[1] < RULE_Y - 1 and word[3] > RULE_Y + 1]
        assert not crossing, (number, crossing[:3])
