"""The context weighting chart: the heaviest context stands out without looking like a rating."""

from __future__ import annotations


def test_the_heaviest_context_is_not_drawn_in_a_rag_colour() -> None:
    """Issue 16: the heaviest context was drawn in RAG red, though a weight is not a rating."""
    from safeguarding.model import Rating
    from safeguarding.reports.plan_section import BAR_FILL, HEAVIEST_FILL
    from safeguarding.reports.styles import rating_fill

    assert HEAVIEST_FILL.hexval() not in {rating_fill(rating).hexval() for rating in Rating}
    assert HEAVIEST_FILL.blue > HEAVIEST_FILL.red and BAR_FILL.blue > BAR_FILL.red  # the same blue, darker
