"""What every part of ``scripts/bench_scale.py`` shares: a row of the results and how figures are written."""

from __future__ import annotations

import statistics

Line = tuple[str, str, str, str]
"""One row of the results: what, the figure, its anchor, the target and whether it is met."""


def median_ms(times: list[float]) -> str:
    """The median of ``times`` (seconds) in milliseconds, with the spread."""
    return f"{statistics.median(times) * 1000:.0f} ms ({min(times) * 1000:.0f}–{max(times) * 1000:.0f})"


def verdict(value: float, limit: float) -> str:
    """``met`` or ``NOT met`` for a value against its upper limit."""
    return "met" if value <= limit else "NOT met"
