"""One placeholder for each character a reader sees, and a count that agrees with the page."""

from __future__ import annotations

import pytest

from safeguarding.reports.glyphs import EMOJI_PLACEHOLDER as E
from safeguarding.reports.glyphs import UNPRINTABLE_PLACEHOLDER as U
from safeguarding.reports.glyphs import Unprintable, printable_text


def latin_and_chinese(char: str) -> bool:
    """A stand-in for the report fonts: ASCII, two Chinese characters and the heavy check mark."""
    return char.isascii() or char in "中文✔"


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("family \U0001f468\u200d\U0001f469\u200d\U0001f467 here", f"family {E} here"),  # joined: one emoji
        ("\U0001f1ec\U0001f1e7 and \U0001f1ec\U0001f1e7\U0001f1eb\U0001f1f7", f"{E} and {E}{E}"),  # flags in pairs
        ("\U0001f44d\U0001f3fd", E),  # a thumbs-up with its skin tone
        ("\U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f Wales", f"{E} Wales"),
        ("\U0001f600\U0001f600", f"{E}{E}"),  # two emoji side by side are two
        ("\U00013000\U00013000 x", f"{U}{U} x"),  # two hieroglyphs no font has
        ("\u2714\ufe0f \u4e2d\u6587", "\u2714 \u4e2d\u6587"),  # drawn: the selector is dropped, nothing counted
        ("a\u200db", "ab"),  # an invisible joiner outside an emoji: dropped, not counted
        ("Lamps fixed \u4e2d\u6587\n\tat last", "Lamps fixed \u4e2d\u6587\n\tat last"),  # all drawn: as typed
    ],
)
def test_the_count_is_the_placeholders_printed(typed: str, printed: str) -> None:
    tally = Unprintable(place="the minutes of item 1")
    assert printable_text(typed, latin_and_chinese, tally) == printed
    shown = printed.count(E) + printed.count(U)
    assert tally.total == shown
    assert tally.counts == ({"the minutes of item 1": shown} if shown else {})
