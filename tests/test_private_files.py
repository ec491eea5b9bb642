"""Whole-file writes: owner-only from creation, never half written, no temporary file left on any failure."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from safeguarding.errors import ExportError, StorageError
from safeguarding.private_files import (
    PRIVATE_MODE,
    copy_private_atomically,
    destination_of,
    write_private_atomically,
    writing_path,
)
from safeguarding.progress import OperationCancelled

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.startswith("."))


def test_bytes_and_text_are_written_whole(tmp_path: Path) -> None:
    write_private_atomically(tmp_path / "a.bin", b"\x00\x01")
    write_private_atomically(tmp_path / "b.csv", "Łukasz,Zoë\r\n", encoding="utf-8-sig")
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\x01"
    assert (tmp_path / "b.csv").read_bytes() == "\ufeffŁukasz,Zoë\r\n".encode()
    assert leftovers(tmp_path) == []


@posix_only
def test_the_file_is_owner_only_whatever_the_umask_and_whatever_it_replaced(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    target.chmod(0o644)
    writing_path(target).write_bytes(b"a temporary file left by a crash")
    writing_path(target).chmod(0o666)
    previous = os.umask(0)
    try:
        write_private_atomically(target, b"new")
    finally:
        os.umask(previous)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == PRIVATE_MODE
    assert leftovers(tmp_path) == []


def test_the_check_sees_the_whole_file_before_it_replaces_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "redacted.csv"
    target.write_text("old", encoding="utf-8")
    seen: list[tuple[str, str, bool]] = []

    def check(written: Path) -> None:
        seen.append((written.name, written.read_text(encoding="utf-8"), target.read_text(encoding="utf-8") == "old"))

    write_private_atomically(target, "new", check=check)
    assert [(destination_of(tmp_path / name), text, old) for name, text, old in seen] == [(target, "new", True)]
    assert target.read_text(encoding="utf-8") == "new"


@pytest.mark.parametrize("raised", [ValueError("a name remains"), OperationCancelled(), KeyboardInterrupt()])
def test_whatever_stops_the_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, raised: BaseException
) -> None:
    target = tmp_path / "plan.csv"
    target.write_text("old", encoding="utf-8")

    def check(written: Path) -> None:
        raise raised

    with pytest.raises(type(raised)):
        write_private_atomically(target, "new", check=check)
    assert target.read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []


def test_a_failure_while_writing_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "profile.json"
    target.write_text("{}", encoding="utf-8")

    def disk_full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_private_atomically(target, '{"name": "Sam"}')
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "{}"
    assert leftovers(tmp_path) == []


def test_a_missing_folder_is_an_os_error_and_nothing_is_created(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_private_atomically(tmp_path / "gone" / "report.pdf", b"%PDF-")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_in_the_way_is_an_os_error_and_stays_a_folder(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").mkdir()
    with pytest.raises(OSError):
        write_private_atomically(tmp_path / "report.pdf", b"%PDF-")
    assert (tmp_path / "report.pdf").is_dir()
    assert leftovers(tmp_path) == []


def test_a_large_file_is_copied_in_pieces_the_same_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("safeguarding.private_files.COPY_CHUNK", 1000)
    source = tmp_path / "county.pmtiles"
    source.write_bytes(bytes(range(256)) * 50)
    (tmp_path / "maps").mkdir()
    target = tmp_path / "maps" / "county.pmtiles"
    target.write_bytes(b"an older map")
    assert copy_private_atomically(source, target) == target
    assert target.read_bytes() == source.read_bytes()
    assert sorted(path.name for path in (tmp_path / "maps").iterdir()) == ["county.pmtiles"]


def test_a_copy_from_a_missing_file_leaves_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "county.pmtiles"
    target.write_bytes(b"an older map")
    with pytest.raises(FileNotFoundError):
        copy_private_atomically(tmp_path / "gone.pmtiles", target)
    assert target.read_bytes() == b"an older map"
    assert leftovers(tmp_path) == []


def test_a_temporary_file_names_the_file_it_becomes(tmp_path: Path) -> None:
    temporary = writing_path(tmp_path / "Brenchley Gardens - DCSM report.pdf")
    assert temporary.parent == tmp_path and temporary.name.startswith(".Brenchley Gardens - DCSM report.pdf.")
    assert destination_of(temporary) == tmp_path / "Brenchley Gardens - DCSM report.pdf"
    assert destination_of(tmp_path / ".hidden.csv") == tmp_path / ".hidden.csv"  # not a temporary file


def test_a_file_named_by_what_fails_with_a_sentence_that_names_it(tmp_path: Path) -> None:
    with pytest.raises(ExportError) as raised:
        write_private_atomically(tmp_path / "gone" / "tracker.csv", "a,b", what="the action tracker")
    assert str(raised.value) == (
        f"The folder {tmp_path / 'gone'} does not exist, so the action tracker could not be saved. "
        "Choose another folder."
    )
    assert isinstance(raised.value.__cause__, FileNotFoundError)
    with pytest.raises(StorageError, match=r"^The disk is full, so the recovery key could not be saved"):
        write_private_atomically(tmp_path / "key.txt", "k", what="the recovery key", error=StorageError, check=_full)
    assert list(tmp_path.iterdir()) == []


def _full(written: Path) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")
