"""Counts and sizes in words (issue 16: no "(s)" plurals, one format for sizes)."""

from __future__ import annotations

import pytest

from safeguarding.words import counted, has_words, natural_key, size_in_words


def test_counts_take_the_noun_that_fits() -> None:
    assert counted(1, "change") == "1 change"
    assert counted(0, "change") == "0 changes"
    assert counted(2, "assessment") == "2 assessments"
    assert counted(12_345, "record") == "12,345 records"
    assert counted(3, "person", "people") == "3 people"


def test_sizes_are_written_one_way() -> None:
    assert size_in_words(1) == "1 byte"
    assert size_in_words(900) == "900 bytes"
    assert size_in_words(23_213) == "22.7 KB"
    assert size_in_words(838_861) == "819 KB"
    assert size_in_words(5 * 1024 * 1024) == "5.0 MB"
    assert size_in_words(3 * 1024**3) == "3.0 GB"
    with pytest.raises(ValueError, match="negative"):
        size_in_words(-1)


def test_typed_words_are_found_in_any_field_any_case_any_order() -> None:
    assert has_words("week north", "North Week Street", "High Street ward")
    assert has_words("HIGH", "Brenchley Gardens", "", "High Street")
    assert has_words("", "anything")
    assert has_words("  ", "anything")
    assert not has_words("week south", "North Week Street")
    assert has_words("łąki", "ŁĄKI Park")


def test_numbers_in_names_sort_by_their_value_and_letters_by_any_case() -> None:
    wards = ["Ward 10", "ward 2", "Ward 1", "Ward 19", "Ward 2a", "Abbey", "Ward 2"]
    assert sorted(wards, key=natural_key) == ["Abbey", "Ward 1", "ward 2", "Ward 2", "Ward 2a", "Ward 10", "Ward 19"]
    assert sorted(["Place 0100", "Place 99", "Place 1000"], key=natural_key) == ["Place 99", "Place 0100", "Place 1000"]
    assert natural_key("") == ()
