"""Restore and encryption killed with SIGKILL at every step: the database path is never empty or half written,
no key file is lost or replaced, and the next opening removes the partial copies (and finishes what must be)."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from safeguarding.errors import DamagedDatabaseError
from safeguarding.model import Location
from safeguarding.security.keys import Key, keyfile_path, unlock
from safeguarding.store import cancellable, list_backups, open_store
from safeguarding.store.database import has_plain_header
from safeguarding.workflows.encrypt import encrypt_database, encrypt_plain_backups, plain_backups
from safeguarding.workflows.restore import restore_backup
from tests.security.conftest import PASSPHRASE
from tests.security.kill_steps import count_steps, run_killed

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL") or not hasattr(os, "fork"), reason="POSIX only")

PARTIAL_MARKS = (".restoring", ".partial", ".encrypting", ".building", ".writing", ".new")


@pytest.fixture(autouse=True)
def steps_by_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """No progress reports timed by the clock inside statements: every run takes the same steps."""
    monkeypatch.setattr(cancellable, "REPORT_EVERY_S", float("inf"))


def _names(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()}


def _partials(folder: Path) -> list[str]:
    return sorted(name for name in _names(folder) if any(mark in name for mark in PARTIAL_MARKS))


def _locations(path: Path, key: Key | None = None) -> set[str]:
    store = open_store(path, key=key)
    try:
        return {location.name for location in store.locations.by_name()}
    finally:
        store.close()


def _scene(folder: Path, key: Key | None = None) -> tuple[Path, Path]:
    """A database with Brenchley Gardens in its backup and North Week Street added since."""
    folder.mkdir(parents=True)
    path = folder / "assessments.sqlite3"
    store = open_store(path, key=key)
    store.locations.add(Location(name="Brenchley Gardens"))
    backup = store.backups.take("periodic")
    store.locations.add(Location(name="North Week Street"))
    store.close()
    return path, backup


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096 : 4096 * 3] = b"\xff" * (4096 * 2)  # pages 2-3: the schema's tables are gone
    path.write_bytes(bytes(data))


def test_a_restore_killed_at_any_step_leaves_the_database_or_the_backup_never_nothing(tmp_path: Path) -> None:
    template, backup = _scene(tmp_path / "template")
    steps = count_steps(lambda progress: restore_backup(template, backup, None, progress=progress), tmp_path / "dry")
    assert len(steps) > 10 and any(step.startswith("replace") for step in steps)
    template_after = tmp_path / "template"
    shutil.rmtree(template_after)
    template, backup = _scene(template_after)
    for number in range(1, len(steps) + 1):
        run = tmp_path / f"run{number}"
        shutil.copytree(template.parent, run)
        database = run / template.name
        killed = run_killed(
            lambda progress, db=database, copy=run / "backups" / backup.name: restore_backup(
                db, copy, None, progress=progress
            ),
            number,
        )
        assert killed == signal.SIGKILL, f"step {number} ({steps[number - 1]}) was not reached"
        assert database.is_file() and database.stat().st_size > 0, f"empty after a kill at {steps[number - 1]}"
        names = _locations(database)  # opening tidies up
        assert names in ({"Brenchley Gardens", "North Week Street"}, {"Brenchley Gardens"}), steps[number - 1]
        assert _partials(run) == [], f"left after a kill at {steps[number - 1]}"
        for kept in list_backups(database):
            assert kept.path.stat().st_size > 0
        shutil.rmtree(run)


def test_a_damaged_database_restore_killed_at_any_step_never_leaves_the_path_empty(tmp_path: Path) -> None:
    template, backup = _scene(tmp_path / "template")
    _damage(template)
    work = lambda progress: restore_backup(template, backup, None, damaged=True, progress=progress)  # noqa: E731
    steps = count_steps(work, tmp_path / "dry")
    shutil.rmtree(template.parent)
    template, backup = _scene(tmp_path / "template")
    _damage(template)
    for number in range(1, len(steps) + 1):
        run = tmp_path / f"run{number}"
        shutil.copytree(template.parent, run)
        database = run / template.name
        before = database.read_bytes()
        killed = run_killed(
            lambda progress, db=database, copy=run / "backups" / backup.name: restore_backup(
                db, copy, None, damaged=True, progress=progress
            ),
            number,
        )
        assert killed == signal.SIGKILL, f"step {number} ({steps[number - 1]}) was not reached"
        assert database.is_file() and database.stat().st_size > 0, f"empty after a kill at {steps[number - 1]}"
        if database.read_bytes() == before:  # not restored yet: still the damaged file, offered a backup again
            with pytest.raises(DamagedDatabaseError):
                open_store(database)  # (it tidies up first)
        else:
            assert _locations(database) == {"Brenchley Gardens"}
            kept = [path for path in run.iterdir() if ".damaged-" in path.name and not path.name.endswith("-wal")]
            assert [path.read_bytes() for path in kept] == [before], "the damaged file is kept aside"
        assert _partials(run) == [], f"left after a kill at {steps[number - 1]}"
        shutil.rmtree(run)


def test_an_encryption_killed_at_any_step_loses_nothing_and_finishes_at_the_next_start(tmp_path: Path) -> None:
    template, _ = _scene(tmp_path / "template")
    steps = count_steps(lambda progress: encrypt_database(template, PASSPHRASE, progress=progress), tmp_path / "dry")
    assert any("keys.json" in step for step in steps)
    shutil.rmtree(template.parent)
    template, _ = _scene(tmp_path / "template")
    for number in range(1, len(steps) + 1):
        run = tmp_path / f"run{number}"
        shutil.copytree(template.parent, run)
        database = run / template.name
        killed = run_killed(lambda progress, db=database: encrypt_database(db, PASSPHRASE, progress=progress), number)
        assert killed == signal.SIGKILL, f"step {number} ({steps[number - 1]}) was not reached"
        where = steps[number - 1]
        assert database.is_file() and database.stat().st_size > 0, f"empty after a kill at {where}"
        if has_plain_header(database):
            assert _locations(database) == {"Brenchley Gardens", "North Week Street"}, where
            assert not keyfile_path(database).exists(), f"a key file without its database after {where}"
        else:
            from safeguarding.store.leftovers import tidy_up

            tidy_up(database)  # what the window and the command line do before asking for the passphrase
            key = unlock(database, PASSPHRASE)
            assert _locations(database, key) == {"Brenchley Gardens", "North Week Street"}, where
            encrypt_plain_backups(database, key)  # what the next start does once unlocked
            assert plain_backups(database) == [], where
        assert _partials(run) == [], f"left after a kill at {where}"
        shutil.rmtree(run)
