"""Suggested file names of exports: valid on Windows, macOS and Linux, made from names people typed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from safeguarding.file_names import MAX_STEM, export_file_name, safe_file_stem, with_suffix


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Brenchley Gardens", "Brenchley Gardens"),
        ("Brenchley Gardens / Fairmeadow", "Brenchley Gardens - Fairmeadow"),
        ('St. Faith\'s Street: "the car park"?', "St. Faith's Street- -the car park-"),
        ("Week Street\\Market <north>|*", "Week Street-Market -north-"),
        ("  Lockmeadow\n\tleisure  ", "Lockmeadow leisure"),
        ("Tab\x07bell\x7f", "Tab-bell-"),
        ("Ends with dots...", "Ends with dots"),
        ("Plac Wolności", "Plac Wolności"),
        ("حديقة", "حديقة"),
        ("???", "location"),
        ("", "location"),
        ("CON", "location"),
        ("nul.txt", "location"),
        ("Com1", "location"),
        ("COM10 car park", "COM10 car park"),
    ],
)
def test_a_name_becomes_a_valid_stem(name: str, stem: str) -> None:
    assert safe_file_stem(name, "location") == stem


def test_a_long_name_is_shortened_not_refused() -> None:
    stem = safe_file_stem("Maidstone " * 30, "location")
    assert len(stem) <= MAX_STEM and stem.startswith("Maidstone Maidstone") and not stem.endswith(" ")


def test_export_names_read_name_what_and_day() -> None:
    day = date(2026, 12, 7)
    assert export_file_name("Brenchley Gardens", "action plan", ".csv", day=day) == (
        "Brenchley Gardens - action plan - 2026-12-07.csv"
    )
    assert export_file_name("A/B", "map", ".geojson", fallback="map") == "A-B - map.geojson"
    assert export_file_name("", "history", ".csv", day=day, fallback="assessment") == (
        "assessment - history - 2026-12-07.csv"
    )


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("report", "report.pdf"),
        ("report.pdf", "report.pdf"),
        ("REPORT.PDF", "REPORT.PDF"),
        ("report.v2", "report.v2.pdf"),
        (".hidden", ".hidden.pdf"),
    ],
)
def test_the_suffix_is_added_only_when_missing(tmp_path: Path, typed: str, kept: str) -> None:
    assert with_suffix(tmp_path / typed, ".pdf") == tmp_path / kept
