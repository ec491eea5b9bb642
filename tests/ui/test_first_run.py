"""The first run without asking (the command line's window path): the demo database, or none in a read-only folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from safeguarding.paths import default_database_path
from safeguarding.store import open_store
from ui.startup import FirstRunChoice, first_run_setup


def test_first_run_without_asking_builds_the_marked_demo() -> None:
    path = default_database_path()
    assert first_run_setup(path, ask=False) == FirstRunChoice(demo=True, key=None)
    store = open_store(path)
    try:
        assert store.meta.is_demo()
        assert {location.name for location in store.locations.by_name()} == {
            "Brenchley Gardens",
            "North Week Street",
            "Maidstone East station forecourt",
        }
    finally:
        store.close()


def test_first_run_in_a_read_only_data_folder_still_opens_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, where chmod does not stop writes: simulate a read-only folder instead.
    folder = default_database_path().parent
    real_access = os.access

    def access(path: Any, mode: int, **kwargs: Any) -> bool:
        if mode & os.W_OK and Path(path).resolve().is_relative_to(folder.resolve()):
            return False
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", access)
    assert first_run_setup(default_database_path(), ask=False).demo is False
    assert not default_database_path().exists()
