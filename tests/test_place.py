"""The ward phrase adds "ward" once: never "Fant Ward ward" (tester's report), still "Wardour ward"."""

from __future__ import annotations

import pytest

from safeguarding.model import Location
from safeguarding.place import place_line, ward_phrase


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Fant", "Fant ward"),
        ("Fant Ward", "Fant Ward"),
        ("fant ward", "fant ward"),
        ("FANT WARD ", "FANT WARD"),
        ("Wardour", "Wardour ward"),
        ("Steward", "Steward ward"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_ward_phrase_adds_ward_only_when_missing(typed: str, shown: str) -> None:
    assert ward_phrase(typed) == shown


def test_place_line_joins_ward_and_district() -> None:
    assert place_line(Location(name="Park", ward="Fant Ward", district="Maidstone")) == "Fant Ward, Maidstone"
    assert place_line(Location(name="Park", ward="Fant", district="Maidstone")) == "Fant ward, Maidstone"
    assert place_line(Location(name="Park", district="Maidstone")) == "Maidstone"
    assert place_line(Location(name="Park")) == ""
