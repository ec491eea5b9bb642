"""Long database work off the GUI thread: backups from the file while the window writes, and progress and
cancel for encrypting a database and restoring a backup (a cancel leaves every file exactly as it was)."""

from __future__ import annotations

import math
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from safeguarding.errors import StorageError
from safeguarding.model import Location
from safeguarding.progress import OperationCancelled
from safeguarding.security.keys import Key
from safeguarding.store import backups, cancellable, database, list_backups, open_store
from safeguarding.store.backups import check_backup, take_backup_from_file
from safeguarding.store.database import has_plain_header
from safeguarding.workflows import restore
from safeguarding.workflows.encrypt import encrypt_database
from safeguarding.workflows.restore import restore_backup
from tests.conftest import FixedClock
from tests.security.conftest import PASSPHRASE

ENCRYPT_STEPS = [
    "Checking the database…",
    "Locking the new key with your passphrase…",
    "Copying into an encrypted file…",
    "Checking the encrypted copy…",
    "Encrypted.",
]
RESTORE_STEPS = [
    "Checking the backup…",
    "Backing up your database as it is now…",
    "Copying the backup…",
    "Checking the copy…",
    "Backup restored.",
]


class Recorder:
    """A progress callable that records each call and raises OperationCancelled on call number ``cancel_at``."""

    def __init__(self, cancel_at: int | None = None, watch: Callable[[], object] = lambda: None) -> None:
        self.cancel_at = cancel_at
        self.watch = watch
        self.calls: list[tuple[float, str, object]] = []

    def __call__(self, fraction: float, message: str) -> None:
        self.calls.append((fraction, message, self.watch()))
        if len(self.calls) == self.cancel_at:
            raise OperationCancelled()

    @property
    def steps(self) -> list[str]:
        """The messages, each once, in order."""
        return list(dict.fromkeys(message for _, message, _ in self.calls))

    def cancellable_calls(self) -> int:
        """How many calls came before the point of no return (fraction below 1.0)."""
        return sum(1 for fraction, _, _ in self.calls if fraction < 1.0)


@pytest.fixture
def counted_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    """Progress reports that a busy machine cannot change in number: none from inside a long statement.

    :func:`safeguarding.store.cancellable.reporting` also reports every
    ``REPORT_EVERY_S`` seconds while a statement runs, so how many calls a run makes
    depends on how fast the machine is at that moment. Tests that cancel at call
    number N of a dry run need the same calls in every run: only the steps' own reports.
    """
    monkeypatch.setattr(cancellable, "REPORT_EVERY_S", math.inf)


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _plain_database(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "old.sqlite3"
    store = open_store(path)
    store.locations.add(Location(name="Brenchley Gardens"))
    store.backups.take("periodic")  # a plain backup: encrypted too, after the point of no return
    store.locations.add(Location(name="North Week Street"))
    store.close()
    return path


def _encrypted_with_backup(path: Path, key: Key, clock: FixedClock) -> Path:
    store = open_store(path, clock, key=key)
    store.locations.add(Location(name="Brenchley Gardens"))
    backup = store.backups.take("periodic")
    store.locations.add(Location(name="North Week Street"))
    store.close()
    return backup


def _run(work: Callable[[], object]) -> tuple[threading.Thread, dict[str, object]]:
    """Start ``work`` on a thread; its result or exception lands in the returned dict."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["result"] = work()
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    return thread, outcome


# -- backups from the file --------------------------------------------------------------


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_backup_from_the_file_runs_on_another_thread_while_the_window_writes(
    encrypted: bool, enc_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safeguarding.security.keys import create_keyfile

    enc_path.parent.mkdir(parents=True, exist_ok=True)
    key = create_keyfile(enc_path, PASSPHRASE) if encrypted else None
    store = open_store(enc_path, clock, key=key)
    store.locations.add(Location(name="Brenchley Gardens"))
    started, go = threading.Event(), threading.Event()
    copy = backups.backup_copy

    def paused(*args: object, **kwargs: object) -> Path:
        started.set()  # the snapshot has begun
        assert go.wait(10)
        return copy(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(backups, "backup_copy", paused)
    thread, outcome = _run(lambda: store.backups.take_detached("periodic"))  # the store's connection stays here
    assert started.wait(10)
    store.locations.add(Location(name="North Week Street"))  # the window saves meanwhile, without waiting
    go.set()
    thread.join(10)
    assert "error" not in outcome, outcome
    backup = outcome["result"]
    assert isinstance(backup, Path)
    assert check_backup(backup, key) == {"locations": 1, "assessments": 0}  # one consistent snapshot
    [listed] = list_backups(enc_path)
    assert listed.path == backup and listed.counts == {"locations": 1, "assessments": 0}
    assert listed.encrypted == encrypted and listed.reason == "periodic"
    assert [loc.name for loc in store.locations.by_name()] == ["Brenchley Gardens", "North Week Street"]
    store.close()


def test_backup_from_the_file_does_not_wait_for_an_unfinished_write(enc_path: Path, enc_key: Key) -> None:
    store = open_store(enc_path, key=enc_key)
    store.locations.add(Location(name="Brenchley Gardens"))
    store.db.conn.execute("BEGIN IMMEDIATE")
    store.db.conn.execute("UPDATE locations SET name = 'Half-way through a save'")
    backup = take_backup_from_file(enc_path, "manual", enc_key)  # would fail after 5 s if it waited
    store.db.conn.rollback()
    copy = open_store(backup, key=enc_key, read_only=True)
    assert [loc.name for loc in copy.locations.by_name()] == ["Brenchley Gardens"]
    copy.close()
    store.close()


def test_backups_taken_at_once_get_their_own_files(enc_path: Path, enc_key: Key, clock: FixedClock) -> None:
    store = open_store(enc_path, clock, key=enc_key)
    store.locations.add(Location(name="Brenchley Gardens"))
    runs = [_run(lambda: store.backups.take_detached("manual")) for _ in range(3)]  # same second, same reason
    for thread, _ in runs:
        thread.join(10)
    paths = [outcome["result"] for _, outcome in runs]
    assert len(set(paths)) == 3 and len(list_backups(enc_path)) == 3
    for path in paths:
        assert isinstance(path, Path) and check_backup(path, enc_key)["locations"] == 1
    store.close()


def test_backup_from_the_file_with_the_wrong_key_is_a_plain_message(enc_path: Path, enc_key: Key) -> None:
    open_store(enc_path, key=enc_key).close()
    with pytest.raises(StorageError, match=r"could not be (opened|read|written)"):
        take_backup_from_file(enc_path, "manual", Key.generate())
    assert list_backups(enc_path) == []
    assert not [p for p in (enc_path.parent / "backups").glob("*") if p.is_file()]


# -- encrypting a database -----------------------------------------------------------------


def test_encryption_reports_its_steps_and_reaches_the_end_only_once_encrypted(tmp_path: Path) -> None:
    path = _plain_database(tmp_path / "data")
    progress = Recorder(watch=lambda: has_plain_header(path))
    result = encrypt_database(path, PASSPHRASE, progress=progress)
    assert result.backups_converted
    assert progress.steps[: len(ENCRYPT_STEPS)] == ENCRYPT_STEPS
    assert progress.steps[-1].startswith("Encrypted. Now encrypting the older backups (1 of 1)")
    fractions = [fraction for fraction, _, _ in progress.calls]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert all(plain for fraction, _, plain in progress.calls if fraction < 1.0)  # untouched until then
    assert not any(plain for fraction, _, plain in progress.calls if fraction == 1.0)


@pytest.mark.usefixtures("counted_reports")
def test_cancelling_encryption_at_any_step_leaves_every_file_as_it_was(tmp_path: Path) -> None:
    path = _plain_database(tmp_path / "data")
    trial = tmp_path / "trial"
    shutil.copytree(path.parent, trial)
    dry_run = Recorder()
    encrypt_database(trial / path.name, PASSPHRASE, progress=dry_run)
    before = _files(path.parent)
    for number in range(1, dry_run.cancellable_calls() + 1):
        with pytest.raises(OperationCancelled):
            encrypt_database(path, PASSPHRASE, progress=Recorder(cancel_at=number))
        assert _files(path.parent) == before, f"changed by a cancel at call {number}"
    # a cancel after the point of no return is too late, and is ignored rather than misreported
    result = encrypt_database(path, PASSPHRASE, progress=Recorder(cancel_at=dry_run.cancellable_calls() + 1))
    assert not has_plain_header(path) and result.backups_converted


def test_cancel_interrupts_the_copy_part_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cancellable, "REPORT_EVERY_S", 0.0)  # report from inside every statement
    path = _plain_database(tmp_path / "data")
    before = _files(path.parent)
    trial = tmp_path / "trial"
    shutil.copytree(path.parent, trial)
    dry_run = Recorder()
    encrypt_database(trial / path.name, PASSPHRASE, progress=dry_run)
    copying = [n for n, (_, message, _) in enumerate(dry_run.calls, start=1) if message == ENCRYPT_STEPS[2]]
    assert len(copying) > 3  # reported from inside sqlcipher_export
    progress = Recorder(cancel_at=copying[len(copying) // 2])
    with pytest.raises(OperationCancelled):
        encrypt_database(path, PASSPHRASE, progress=progress)
    assert len(progress.calls) == copying[len(copying) // 2]  # stopped at once, not at the next step
    assert _files(path.parent) == before


# -- restoring a backup ------------------------------------------------------------------


def test_restore_reports_its_steps_and_reaches_the_end_only_once_restored(
    enc_path: Path, enc_key: Key, clock: FixedClock
) -> None:
    backup = _encrypted_with_backup(enc_path, enc_key, clock)
    before = enc_path.read_bytes()
    progress = Recorder(watch=lambda: enc_path.read_bytes() == before)
    restore_backup(enc_path, backup, enc_key, clock=clock, progress=progress)
    assert progress.steps == RESTORE_STEPS
    fractions = [fraction for fraction, _, _ in progress.calls]
    assert fractions == sorted(fractions) and fractions.count(1.0) == 1 and fractions[-1] == 1.0
    assert all(unchanged for fraction, _, unchanged in progress.calls if fraction < 1.0)
    assert progress.calls[-1][2] is False  # replaced by the time it says so
    store = open_store(enc_path, key=enc_key)
    assert [loc.name for loc in store.locations.by_name()] == ["Brenchley Gardens"]
    store.close()


@pytest.mark.usefixtures("counted_reports")
@pytest.mark.parametrize("damaged", [False, True], ids=["backed-up-first", "damaged-set-aside"])
def test_cancelling_a_restore_at_any_step_leaves_every_file_as_it_was(
    damaged: bool, enc_path: Path, enc_key: Key, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(restore, "BACKUP_STEP_PAGES", 8)  # copies in several steps, each reported
    monkeypatch.setattr(database, "BACKUP_STEP_PAGES", 8)
    backup = _encrypted_with_backup(enc_path, enc_key, clock)
    trial = tmp_path / "trial"
    shutil.copytree(enc_path.parent, trial)
    dry_run = Recorder()
    restore_backup(trial / enc_path.name, trial / "backups" / backup.name, enc_key, damaged=damaged, progress=dry_run)
    assert dry_run.steps == (RESTORE_STEPS if not damaged else [s for s in RESTORE_STEPS if "now" not in s])
    assert len(dry_run.calls) > 8, dry_run.calls
    before = _files(enc_path.parent)
    for number in range(1, dry_run.cancellable_calls() + 1):
        with pytest.raises(OperationCancelled):
            restore_backup(enc_path, backup, enc_key, damaged=damaged, clock=clock, progress=Recorder(number))
        assert _files(enc_path.parent) == before, f"changed by a cancel at call {number}"
