"""The history as CSV: spreadsheet-friendly bytes, owner-only, and nothing left behind when it cannot be saved."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from safeguarding.errors import ExportError
from safeguarding.protection.history import HistoryLine, write_history_csv

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
