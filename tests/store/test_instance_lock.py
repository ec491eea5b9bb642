"""One app instance holds a database for editing; another is told who, and a crashed holder is stale."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from safeguarding.store.instance_lock import (
    DatabaseInUseError,
    Holder,
    InstanceLock,
    holder_path,
    read_holder,
)

ROOT = Path(__file__).resolve().parents[2]


def start_holder(database: Path, name: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.store.lock_child", str(database), name],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "held"
    return child


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "assessments.sqlite3"


@pytest.fixture
def other_instance(database: Path) -> Iterator[subprocess.Popen[str]]:
    child = start_holder(database, "Sam Patel")
    yield child
    if child.poll() is None:
        child.kill()
    child.communicate(timeout=30)  # closes the pipes


def test_a_second_instance_is_told_who_holds_the_database(
    database: Path, other_instance: subprocess.Popen[str]
) -> None:
    lock = InstanceLock(database, Holder.this_instance("Alex Jones"))
    with pytest.raises(DatabaseInUseError) as caught:
        lock.acquire()
    holder = caught.value.holder
    assert holder is not None and holder.name == "Sam Patel" and holder.pid == other_instance.pid
    assert "already open for editing by Sam Patel on " in str(caught.value)
    assert "read-only" in str(caught.value)
    assert not lock.held


def test_the_lock_is_free_again_once_the_holder_closes(database: Path, other_instance: subprocess.Popen[str]) -> None:
    assert other_instance.stdin is not None
    other_instance.stdin.write("\n")
    other_instance.stdin.flush()
    assert other_instance.wait(timeout=30) == 0
    assert not holder_path(database).exists()  # a clean close leaves no holder behind
    lock = InstanceLock(database, Holder.this_instance("Alex Jones"))
    lock.acquire()
    try:
        assert lock.held and lock.stale is None
        assert read_holder(database) == lock.holder
    finally:
        lock.release()
    assert not holder_path(database).exists()


def test_a_lock_left_by_a_killed_instance_is_recognised_as_stale(
    database: Path, other_instance: subprocess.Popen[str]
) -> None:
    os.kill(other_instance.pid, signal.SIGKILL)
    other_instance.wait(timeout=30)
    lock = InstanceLock(database, Holder.this_instance("Alex Jones"))
    lock.acquire()  # the operating system released the dead process's lock
    try:
        assert lock.stale is not None and lock.stale.name == "Sam Patel"
        assert read_holder(database) == lock.holder  # replaced by this instance
    finally:
        lock.release()


def test_an_unreadable_holder_file_still_reports_the_database_in_use(
    database: Path, other_instance: subprocess.Popen[str]
) -> None:
    holder_path(database).write_text("{not json", encoding="utf-8")
    with pytest.raises(DatabaseInUseError, match="another copy of the app") as caught:
        InstanceLock(database, Holder.this_instance("Alex Jones")).acquire()
    assert caught.value.holder is None


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_holder_file_is_owner_only(database: Path) -> None:
    lock = InstanceLock(database, Holder.this_instance("Alex Jones"))
    lock.acquire()
    try:
        assert holder_path(database).stat().st_mode & 0o777 == 0o600
    finally:
        lock.release()


def test_holder_wording_today_and_another_day() -> None:
    since = datetime(2026, 12, 7, 9, 12, tzinfo=UTC)
    holder = Holder("Sam Patel", "LAPTOP-42", 1234, since)
    assert holder.describe(now=datetime(2026, 12, 7, 15, 0, tzinfo=UTC)) == "Sam Patel on LAPTOP-42, since 09:12 today"
    assert holder.describe(now=datetime(2026, 12, 9, 15, 0, tzinfo=UTC)) == (
        "Sam Patel on LAPTOP-42, since 09:12 on 7 December 2026"
    )
    assert Holder.from_json(holder.to_json()) == holder
    with pytest.raises(ValueError):
        Holder.from_json('{"name": "x"}')
