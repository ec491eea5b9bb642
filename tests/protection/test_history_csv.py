"""The history as CSV: spreadsheet-friendly bytes, owner-only, and nothing left behind when it cannot be saved."""

from __future__ import annotations

import base64
import csv
import json
import os
import stat
from pathlib import Path

import pytest

from safeguarding.errors import ExportError
from safeguarding.protection.history import CELL_LIMIT, HistoryLine, write_history_csv

LINES = [HistoryLine("30/11/2026 17:40", "Zoë Nowak", "Visit changed", "1a2b3c4d", "Notes", "Cold", "Wet, «cold»")]


def test_the_history_is_utf8_with_a_byte_order_mark_and_one_row_a_line(tmp_path: Path) -> None:
    out = write_history_csv(LINES, tmp_path / "history.csv")
    assert (
        out.read_bytes()
        == (
            "\ufeffWhen (UK time),Who,What,Record,Field,Before,After\r\n"
            "30/11/2026 17:40,Zoë Nowak,Visit changed,1a2b3c4d,Notes,Cold,"
            '"Wet, «cold»"\r\n'
        ).encode()
    )
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [path.name for path in tmp_path.iterdir()] == ["history.csv"]


def test_a_folder_in_the_way_is_a_plain_message_and_leaves_nothing(tmp_path: Path) -> None:
    (tmp_path / "history.csv").mkdir()
    with pytest.raises(ExportError, match="A folder already has that name, so the history could not be saved"):
        write_history_csv(LINES, tmp_path / "history.csv")
    assert [path.name for path in tmp_path.iterdir()] == ["history.csv"]


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=f"The folder {tmp_path / 'gone'} does not exist"):
        write_history_csv(LINES, tmp_path / "gone" / "history.csv")


def _written(tmp_path: Path, line: HistoryLine) -> list[str]:
    out = write_history_csv([line], tmp_path / "history.csv")
    with out.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))[1]


def test_a_long_data_value_is_summarised_and_short_ones_are_kept(tmp_path: Path) -> None:
    photo = base64.b64encode(bytes(range(256)) * 300).decode()
    content = json.dumps({"assessment": {"name": "Bandstand"}, "photos": [{"data": photo}]})
    assert len(content) > CELL_LIMIT
    row = _written(tmp_path, HistoryLine("", "", "Meeting snapshot added", "", "Content", "{}", content))
    assert row[5] == "{}"
    assert row[6] == f"<content in data form, {len(content):,} characters: kept in the audit trail, not shown here>"


def test_long_typed_text_is_never_cut_and_is_said_too_long_for_a_cell(tmp_path: Path) -> None:
    typed = "Young people gathered by the bandstand after school, " * 700  # 37,100 characters of words
    row = _written(tmp_path, HistoryLine("", "", "Visit changed", "", "Notes", typed[:5000], typed))
    assert row[5] == typed[:5000]  # long, under a cell's limit, words: as it is
    note = f"[This text has {len(typed):,} characters, more than a spreadsheet cell shows (32,767): "
    assert row[6].startswith(note) and row[6].endswith(typed)
