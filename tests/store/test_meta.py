"""The app_meta table: facts about the database itself."""

from __future__ import annotations

from pathlib import Path

from safeguarding.store import open_store


def test_demo_mark_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "meta.sqlite3"
    store = open_store(path)
    assert not store.meta.is_demo()
    assert store.meta.get("missing", "fallback") == "fallback"
    store.meta.mark_demo()
    store.close()
    reopened = open_store(path)
    try:
        assert reopened.meta.is_demo()
        reopened.meta.set("demo", "0")
        assert not reopened.meta.is_demo()
    finally:
        reopened.close()
