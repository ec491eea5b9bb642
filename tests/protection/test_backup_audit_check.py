"""Before a backup the audit trail is checked from its anchor on, and whole once a day: what each check finds,
what the manifest says, and what the keep rules keep. Real files through the store; the clock is injected.

The trails here are small, so ``WHOLE_CHECK_UP_TO`` is set to 0 (a long trail's rule: from the anchor on).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from safeguarding.errors import AuditTrailBrokenError
from safeguarding.model import Observation
from safeguarding.store import Store, audit_chain, list_backups
from safeguarding.store.audit_anchor import (
    ANCHOR_FORMAT,
    WHOLE_CHECK_EVERY,
    anchor_path,
    read_anchor,
    remove_anchor,
    whole_check_due,
)
from safeguarding.store.audit_chain import CHANGED
from safeguarding.store.audit_schema import GUARDS
from safeguarding.store.backups import KEEP_AUTOMATIC
from safeguarding.store.database import manifest_path
from safeguarding.timeutil import utc_now
from tests.conftest import FixedClock
from tests.protection.conftest import Scene


@pytest.fixture
def clock() -> FixedClock:
    """The store's clock, a minute ahead of the real one (the opening's check runs on the real one)."""
    return FixedClock(utc_now().replace(microsecond=0) + timedelta(minutes=1))


@pytest.fixture(autouse=True)
def long_trail(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit_chain, "WHOLE_CHECK_UP_TO", 0)


def _add_visits(store: Store, scene: Scene, count: int) -> None:
    for number in range(count):
        start = datetime(2026, 11, 2 + number, 16, 0, tzinfo=UTC)
        visit = Observation(start=start, end=start + timedelta(hours=1), notes=f"Visit {number}.")
        store.assessments.save_observation(scene.assessment.id, visit)


def _change_without_resealing(store: Store, seq: int) -> None:
    """Change entry ``seq`` inside the file, past the guard, leaving every seal as it was."""
    store.db.execute("DROP TRIGGER audit_log_no_update")
    store.db.execute("UPDATE audit_log SET actor = 'Someone else' WHERE seq = ?", [seq])
    store.db.execute(GUARDS["audit_log_no_update"])


def _head(store: Store) -> int:
    return int(store.db.execute("SELECT max(seq) FROM audit_log").fetchone()[0])


def _audit(backup: Path) -> dict[str, Any]:
    audit: dict[str, Any] = json.loads(manifest_path(backup).read_text(encoding="utf-8"))["audit"]
    return audit


def _later(clock: FixedClock, delta: timedelta) -> None:
    """Move the store's clock ``delta`` on (never behind the real clock, on which the explicit check runs)."""
    clock.now = max(clock.now, utc_now()) + delta


def test_a_backup_right_after_a_whole_check_checks_from_the_anchor_and_a_day_later_whole(
    scene: Scene, clock: FixedClock
) -> None:
    store = scene.store
    _add_visits(store, scene, 3)
    assert store.audit.check().first_checked == 1  # the explicit check ("Check the audit trail now") is whole
    anchored = read_anchor(scene.path)
    assert anchored is not None and anchored.whole_checked_at is not None
    _add_visits(store, scene, 2)
    _later(clock, timedelta(minutes=1))

    backup = store.backups.take("periodic")
    audit = _audit(backup)
    assert audit["checked"] == f"from entry {anchored.seq}" and audit["intact"] is True
    assert audit["entries"] == _head(store) > anchored.seq
    [listed] = list_backups(scene.path)
    assert listed.audit_intact is True and not listed.audit_whole
    moved = read_anchor(scene.path)
    assert moved is not None and moved.seq == _head(store)
    assert moved.whole_checked_at == anchored.whole_checked_at  # a check from the anchor keeps the time

    clock.now = anchored.whole_checked_at + WHOLE_CHECK_EVERY + timedelta(seconds=1)
    daily = store.backups.take_detached("periodic")
    assert _audit(daily)["checked"] == "whole" and _audit(daily)["intact"] is True
    assert read_anchor(scene.path).whole_checked_at == clock.now  # type: ignore[union-attr]
    _later(clock, timedelta(minutes=30))
    assert _audit(store.backups.take_detached("periodic"))["checked"].startswith("from entry ")


def test_an_old_entry_changed_without_resealing_is_found_by_the_daily_whole_check_and_the_backup_reports_it(
    scene: Scene, clock: FixedClock
) -> None:
    store = scene.store
    _add_visits(store, scene, 3)
    _later(clock, WHOLE_CHECK_EVERY)
    whole = store.backups.take("periodic")
    assert _audit(whole) == {**_audit(whole), "checked": "whole", "intact": True}
    middle = _head(store) // 2
    _change_without_resealing(store, middle)
    for _ in range(KEEP_AUTOMATIC + 1):  # within the day: from the anchor on, so not found yet (the limit)
        _add_visits(store, scene, 1)
        clock.now += timedelta(minutes=30)
        assert _audit(store.backups.take("periodic"))["intact"] is True

    clock.now = read_anchor(scene.path).whole_checked_at + WHOLE_CHECK_EVERY  # type: ignore[union-attr]
    with pytest.raises(AuditTrailBrokenError, match="was made, but the audit trail") as raised:
        store.backups.take_detached("periodic")
    assert [(item.kind, item.seq) for item in raised.value.report.new_breaks] == [(CHANGED, middle)]  # type: ignore[union-attr]
    broken = Path(str(raised.value.backup))
    assert _audit(broken)["checked"] == "whole" and _audit(broken)["intact"] is False
    clock.now += timedelta(minutes=30)
    with pytest.raises(AuditTrailBrokenError):  # a break forgets the whole check's time: whole again
        store.backups.take("periodic")
    assert _audit(list_backups(scene.path)[0].path)["checked"] == "whole"
    kept = [backup.path for backup in list_backups(scene.path)]
    assert whole in kept  # the last copy whose whole trail was intact: kept as the evidence


def test_the_newest_copy_checked_whole_is_kept_while_the_newer_ones_were_checked_from_the_anchor(
    scene: Scene, clock: FixedClock
) -> None:
    store = scene.store
    remove_anchor(scene.path)  # (opening a new database anchors the trail's first entry, step 0070's notice)
    _later(clock, timedelta(minutes=1))
    daily = store.backups.take("periodic")
    assert _audit(daily)["checked"] == "whole"  # no anchor: the trail's entries were not checked
    clock.now += timedelta(minutes=30)
    second = store.backups.take("periodic")
    for _ in range(KEEP_AUTOMATIC):
        _add_visits(store, scene, 1)
        clock.now += timedelta(minutes=30)
        store.backups.take("periodic")
        assert not list_backups(scene.path)[0].audit_whole
    kept = [backup.path for backup in list_backups(scene.path)]
    assert daily in kept and second not in kept and len(kept) == KEEP_AUTOMATIC + 1


def test_an_entry_changed_after_the_anchor_is_found_by_the_very_next_backup(scene: Scene, clock: FixedClock) -> None:
    store = scene.store
    _add_visits(store, scene, 2)
    store.audit.check()
    anchored = read_anchor(scene.path)
    assert anchored is not None
    _add_visits(store, scene, 2)
    changed = anchored.seq + 2
    _change_without_resealing(store, changed)
    _later(clock, timedelta(minutes=1))
    with pytest.raises(AuditTrailBrokenError) as raised:
        store.backups.take_detached("periodic")
    assert [(item.kind, item.seq) for item in raised.value.report.new_breaks] == [(CHANGED, changed)]  # type: ignore[union-attr]
    audit = _audit(Path(str(raised.value.backup)))
    assert audit["checked"] == f"from entry {anchored.seq}" and audit["intact"] is False
    assert read_anchor(scene.path).whole_checked_at is None  # type: ignore[union-attr]


def test_an_anchor_written_before_the_whole_check_was_kept_still_works(scene: Scene, clock: FixedClock) -> None:
    store = scene.store
    _add_visits(store, scene, 2)
    store.audit.check()
    written = json.loads(anchor_path(scene.path).read_text(encoding="utf-8"))
    older = {key: written[key] for key in ("format", "version", "database_id", "seq", "hash", "checked_at")}
    assert older["format"] == ANCHOR_FORMAT and "whole_checked_at" in written
    anchor_path(scene.path).write_text(json.dumps(older), encoding="utf-8")
    read = read_anchor(scene.path)
    assert read is not None and read.seq == written["seq"] and read.whole_checked_at is None
    _later(clock, timedelta(minutes=1))

    assert _audit(store.backups.take("periodic"))["checked"] == "whole"  # read as never checked whole
    _add_visits(store, scene, 1)
    _later(clock, timedelta(minutes=1))
    assert _audit(store.backups.take("periodic"))["checked"] == f"from entry {written['seq']}"


def test_a_whole_check_is_due_without_an_anchor_or_its_time_a_day_on_or_when_the_clock_went_back() -> None:
    now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    anchor = read_anchor(Path("/nowhere/at/all.sqlite3"))
    assert anchor is None and whole_check_due(anchor, now)
    from safeguarding.store.audit_anchor import Anchor

    def checked(ago: timedelta | None) -> Anchor:
        return Anchor("id", 10, "ab" * 32, now, None if ago is None else now - ago)

    assert whole_check_due(checked(None), now)
    assert not whole_check_due(checked(timedelta(hours=23, minutes=59)), now)
    assert whole_check_due(checked(WHOLE_CHECK_EVERY), now)
    assert whole_check_due(checked(-timedelta(minutes=5)), now)  # stamped later than now: the clock went back
