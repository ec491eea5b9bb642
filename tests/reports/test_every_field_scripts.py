"""Every text field a person types and the report prints comes back from the PDF in Chinese; Hebrew prints
in its own font; emoji print as an honest placeholder and are counted, never as a silent box."""

from __future__ import annotations

import dataclasses
import enum
import subprocess
from pathlib import Path
from typing import Any

import pytest

from safeguarding.demo import build_demo_database
from safeguarding.forms import FormLibrary
from safeguarding.reports.glyphs import EMOJI_PLACEHOLDER, Unprintable
from safeguarding.store import open_store
from safeguarding.workflows.export import ReportRequest, read_report, write_report

MIXED = "中文测试 红色汽车 שלום עולם 😀 مرحبا بالعالم"

SKIPPED = {
    "id",
    "light",  # a choice of the form, printed by its label
    "photo_id",
    "file_name",
    "sha256",
    "stored_name",
    "content_type",
    "updated_by",
    "created_by",
    "form_id",
    "form_version",
    "schema_version",
    "category",  # a pin's category key: printed by the form's label
    "carried_from",
    "format",
    "original_name",  # a photo's file name: the caption is printed
}
"""Fields holding codes, not words (ids, the form's option keys, file names)."""

NOT_PRINTED = (".history[", ".plan.earlier.", ".plan.weights[", "front.location.", "front.assessment.", ".marks[")
"""Fields the report does not print as they are (checked on their own elsewhere or not on paper): an action's
history (only each review's update is printed), the plan this assessment follows on from, the context
weighting's reference text, the front sheet's copies of the location and assessment (it prints its own
fields, marked here), and safety-mapping marks (printed as counts and the session's notes)."""


def _mark_strings(value: Any, path: str, marks: dict[str, str], seen: set[int]) -> None:
    """Append a unique Chinese marker to every plain-text field of ``value`` (dataclasses, lists, dicts)."""
    if id(value) in seen:
        return
    seen.add(id(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            current = getattr(value, item.name)
            where = f"{path}.{item.name}"
            if isinstance(current, str) and not isinstance(current, enum.Enum):
                if item.name in SKIPPED or item.name.endswith("_id") or not current.strip():
                    continue
                marker = f"中文{len(marks):03d}"
                marks[marker] = where
                try:
                    setattr(value, item.name, f"{marker} {current}")
                except dataclasses.FrozenInstanceError:
                    object.__setattr__(value, item.name, f"{marker} {current}")
            else:
                _mark_strings(current, where, marks, seen)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _mark_strings(item, f"{path}[{index}]", marks, seen)
    elif isinstance(value, dict):
        for key, item in value.items():
            _mark_strings(item, f"{path}[{key}]", marks, seen)


@pytest.fixture(scope="module")
def demo_request(tmp_path_factory: pytest.TempPathFactory) -> ReportRequest:
    """The demo's fullest assessment (most visits), read for a report."""
    folder = tmp_path_factory.mktemp("every-field")
    store = open_store(build_demo_database(folder / "demo.sqlite3"))
    try:
        forms = FormLibrary.load()
        assessments = [a for loc in store.locations.by_name() for a in store.assessments.for_location(loc.id)]
        fullest = max(assessments, key=lambda a: len(a.observations) + len(a.photos))
        return read_report(store, forms, fullest.id)
    finally:
        store.close()


def test_chinese_in_every_printed_text_field_comes_back(demo_request: ReportRequest, tmp_path: Path) -> None:
    request = demo_request
    marks: dict[str, str] = {}
    _mark_strings(request.location, "location", marks, set())
    _mark_strings(request.assessment, "assessment", marks, set())
    if request.place_data is not None:
        _mark_strings(request.place_data.sessions, "place_data.sessions", marks, set())
    _mark_strings(request.front, "front", marks, set())
    # The visit notes also carry Arabic (the mixed-direction path) and Hebrew and an emoji.
    request.assessment.observations[0].notes = f"{MIXED} {request.assessment.observations[0].notes}"
    out = write_report(request, tmp_path / "every.pdf")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    printed_somewhere = {"location.name", "assessment.observations[0].notes"}
    missing = [
        where for marker, where in marks.items() if marker not in flat and not any(p in where for p in NOT_PRINTED)
    ]
    # Fields the report deliberately does not print are not text a chair reads; everything else must be there.
    assert len(marks) > 40, marks
    assert not missing, f"not printed (or printed as boxes): {missing}"
    assert printed_somewhere <= set(marks.values())
    assert "中文测试" in flat and "红色汽车" in flat
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert "NotoSansCJKSC" in fonts and "NotoSansHebrew" in fonts


def test_hebrew_reads_right_to_left_and_emoji_is_a_counted_placeholder(
    demo_request: ReportRequest, tmp_path: Path
) -> None:
    request = dataclasses.replace(demo_request)
    request.assessment.observations[0].notes = f"{MIXED} 👍🏽"
    unprintable = Unprintable()
    out = write_report(request, tmp_path / "mixed.pdf", unprintable=unprintable)
    bbox = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True, check=True).stdout
    words = [line.split(">")[1].split("<")[0] for line in bbox.splitlines() if "<word " in line]
    xs = {
        word: float(line.split('xMin="')[1].split('"')[0])
        for line, word in zip([ln for ln in bbox.splitlines() if "<word " in ln], words, strict=True)
    }
    # Hebrew glyphs are drawn in visual order: "שלום" (typed first) stands right of "עולם".
    assert "םולש" in xs and "םלוע" in xs, words
    assert xs["םולש"] > xs["םלוע"]
    assert EMOJI_PLACEHOLDER in words
    assert unprintable.total == 2  # 😀, and 👍 with its skin tone: two emoji as a reader sees them
    assert unprintable.counts == {"the observation log": 2}
    assert words.count(EMOJI_PLACEHOLDER) == 2  # the count is what the page shows
    message = unprintable.message()
    assert "2 characters could not be printed" in message and "the observation log" in message
    assert "kept exactly as typed" in message
