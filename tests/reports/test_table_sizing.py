"""A report table is sized once for a given space, not again each time reportlab asks with that same space."""

from __future__ import annotations

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from safeguarding.reports.styles import FlowingTable


@pytest.fixture
def wraps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The width of every paragraph wrap (a table sizes itself by wrapping each cell)."""
    calls: list[float] = []
    real = Paragraph.wrap

    def counting(self: Paragraph, width: float, height: float) -> tuple[float, float]:
        calls.append(width)
        return real(self, width, height)  # type: ignore[no-any-return]

    monkeypatch.setattr(Paragraph, "wrap", counting)
    return calls


def _table(rows: int = 40) -> FlowingTable:
    style = ParagraphStyle("cell", fontSize=9, leading=11)
    data = [[Paragraph(f"Row {n}", style), Paragraph("Some words " * 8, style)] for n in range(rows)]
    return FlowingTable(data, colWidths=[60, 200], repeatRows=1)


def test_the_same_space_asked_again_is_not_sized_again(wraps: list[float]) -> None:
    table = _table()
    first = table.wrap(260, 300)
    sized = len(wraps)
    assert sized >= 80  # every cell wrapped once
    assert table.wrap(260, 300) == first  # a frame's second question: same answer
    assert len(wraps) == sized
    table.wrap(260, 500)  # another space: sized again
    assert len(wraps) == 2 * sized


def test_a_new_style_or_a_split_sizes_afresh(wraps: list[float]) -> None:
    table = _table()
    tall = table.wrap(260, 300)
    table.setStyle([("TOPPADDING", (0, 0), (-1, -1), 12)])
    sized = len(wraps)
    taller = table.wrap(260, 300)
    assert len(wraps) == 2 * sized and taller[1] > tall[1]  # the padding counts
    parts = table.split(260, 300)  # sized for that space (already), then split
    assert len(parts) == 2
    before = len(wraps)
    table.wrap(260, 300)
    assert len(wraps) == before + sized  # after a split the table is sized again
