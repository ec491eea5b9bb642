"""The sealed audit trail: a forged, changed or deleted entry, a dropped guard or data trigger, a removed or
cut-short trail are each found (and the protection put back); a retention purge keeps the chain whole."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from safeguarding.errors import AuditTrailBrokenError
from safeguarding.model import Location, Observation
from safeguarding.protection.retention_rule import RetentionRule
from safeguarding.store import Store, list_backups, open_store
from safeguarding.store.audit_anchor import anchor_path
from safeguarding.store.audit_chain import (
    BLANKED,
    CHANGED,
    MISSING,
    REMOVED,
    REWRITTEN,
    SHORTENED,
    UNPROTECTED,
    record_notices,
    verify_chain,
)
from safeguarding.store.audit_schema import GUARDS
from safeguarding.store.audit_seal import seal, values_digest
from safeguarding.store.backups import KEEP_AUTOMATIC
from tests.conftest import FixedClock
from tests.protection.conftest import Scene


def _visit(day: int, notes: str = "Quiet.") -> Observation:
    start = datetime(2026, 11, day, 16, 0, tzinfo=UTC)
    return Observation(start=start, end=start + timedelta(hours=1), notes=notes)


def _busy(scene: Scene) -> None:
    for day in range(2, 6):
        scene.store.assessments.save_observation(scene.assessment.id, _visit(day, f"Visit on day {day}."))


def _reopen(scene: Scene) -> Store:
    scene.store.close()
    scene.store = open_store(scene.path)
    return scene.store


def _kinds(store: Store) -> list[str]:
    return [item.kind for item in verify_chain(store.db).breaks]


def test_a_new_trail_is_sealed_entry_by_entry_and_checks_out(scene: Scene) -> None:
    _busy(scene)
    db = scene.store.db
    rows = db.execute(
        "SELECT seq, table_name, record_id, assessment_id, action, old_values, new_values, at_utc, actor, hash, "
        "set_digest FROM audit_log ORDER BY seq"
    ).fetchall()
    assert any(row[-1] is not None for row in rows)  # the digests of what was set are in the seals
    previous = None
    for number, (seq, table, record, assessment, action, old, new, at, actor, stored, sets) in enumerate(rows, start=1):
        assert seq == number
        previous_seal = previous
        digest = values_digest(old, new, sets)
        previous = seal(previous_seal, seq, table, record, assessment, action, at, actor, digest)
        assert stored == previous  # SHA-256 over the seal before and this entry's content
    report = verify_chain(db)
    assert report.intact and report.entries == len(rows) and report.head_hash == previous.hex()  # type: ignore[union-attr]
    assert "intact" in report.summary()


def test_a_forged_entry_is_refused_and_one_slipped_in_past_the_guard_is_found(scene: Scene) -> None:
    _busy(scene)
    db = scene.store.db
    head = db.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    forged = (
        "INSERT INTO audit_log (seq, table_name, record_id, action, new_values, at_utc, actor, hash) "
        "VALUES (?, 'observations', 'x', 'insert', '{\"notes\":\"forged\"}', '2026-11-30T12:00:00.000Z', 'Someone', "
        "randomblob(32))"
    )
    with pytest.raises(Exception, match="The audit trail cannot be changed"):
        db.execute(forged, [head + 1])
    db.execute("DROP TRIGGER audit_log_sealed")
    db.execute(forged, [head + 1])
    db.conn.commit()
    store = _reopen(scene)
    report = store.opened.audit
    assert report is not None
    kinds = [(item.kind, item.seq) for item in report.breaks]
    assert (UNPROTECTED, 0) in kinds and (CHANGED, head + 1) in kinds
    assert "audit_log_sealed" in report.breaks[0].detail
    assert any("was changed after it was written" in line for line in report.lines())
    names = {row[0] for row in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert "audit_log_sealed" in names  # put back
    with pytest.raises(Exception, match="The audit trail cannot be changed"):
        store.db.execute(forged, [head + 3])


def test_a_changed_entry_is_found_from_where_it_was_changed(scene: Scene) -> None:
    _busy(scene)
    db = scene.store.db
    first_visit = "SELECT seq FROM audit_log WHERE table_name = 'observations' ORDER BY seq LIMIT 1"
    target = db.execute(first_visit).fetchone()[0]
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute('UPDATE audit_log SET new_values = \'{"notes":"Nothing seen."}\' WHERE seq = ?', [target])
    db.conn.commit()
    store = _reopen(scene)
    report = verify_chain(store.db)
    changed = [item for item in report.breaks if item.kind == CHANGED]
    assert [item.seq for item in changed] == [target]  # the entries after it still chain to its stored seal
    assert changed[0].at is not None and f"Entry {target:,}" in changed[0].describe()
    assert report.summary().startswith(f"Audit trail BROKEN: 1 problem from entry {target:,}")


def test_a_deleted_entry_leaves_a_gap_and_deleting_the_last_ones_shows_against_the_anchor(scene: Scene) -> None:
    _busy(scene)
    store = _reopen(scene)  # the anchor now names the last entry
    db = store.db
    head = db.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    db.execute("DROP TRIGGER audit_log_no_delete")
    db.execute("DELETE FROM audit_log WHERE seq = 3")
    db.execute("DELETE FROM audit_log WHERE seq >= ?", [head - 1])
    db.conn.commit()
    store.db.conn.close()
    store = scene.store = open_store(scene.path)
    kinds = {item.kind: item for item in store.opened.audit.breaks}  # type: ignore[union-attr]
    assert kinds[MISSING].seq == 3 and "3 are missing" in kinds[MISSING].describe()
    assert kinds[SHORTENED].seq == head - 1
    assert f"had {head:,} entries" in kinds[SHORTENED].describe()
    assert UNPROTECTED in kinds  # the guard was dropped: put back
    store.close()  # not reported in the window: the anchor stays, so the next check finds it again
    again = scene.store = open_store(scene.path)
    assert SHORTENED in {item.kind for item in again.opened.audit.breaks}  # type: ignore[union-attr]


def test_a_dropped_data_trigger_is_found_and_put_back_at_opening(scene: Scene) -> None:
    db = scene.store.db
    db.execute('DROP TRIGGER "audit_observations_update"')
    db.conn.commit()
    scene.store.assessments.save_observation(scene.assessment.id, _visit(3))  # the insert is still recorded
    store = _reopen(scene)
    report = store.opened.audit
    assert report is not None and [item.kind for item in report.new_breaks] == [UNPROTECTED]
    assert "audit_observations_update" in report.breaks[0].describe()
    assert "Changes made meanwhile may be missing" in report.breaks[0].describe()
    names = {row[0] for row in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert "audit_observations_update" in names
    notices = store.audit.entries(action="notice")
    assert notices and "audit_observations_update" in notices[-1].new["words"]  # type: ignore[index]
    assert _kinds(store) == []  # recorded, and put back: the next check is clean


def test_a_removed_trail_is_started_again_and_its_loss_shows_against_the_anchor(scene: Scene) -> None:
    _busy(scene)
    store = _reopen(scene)
    db = store.db
    for name in GUARDS:
        db.execute(f"DROP TRIGGER {name}")
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_%'"):
        db.execute(f'DROP TRIGGER "{name}"')
    db.execute("DROP TABLE audit_log")
    db.conn.commit()
    db.conn.close()
    store = scene.store = open_store(scene.path)
    kinds = {item.kind for item in store.opened.audit.breaks}  # type: ignore[union-attr]
    assert {REMOVED, SHORTENED} <= kinds
    store.locations.add(Location(name="North Week Street"))  # recorded again from now on
    assert store.audit.entries(table="locations")


def test_a_retention_purge_keeps_the_chain_whole_but_values_blanked_otherwise_are_found(
    scene: Scene, clock: FixedClock
) -> None:
    _busy(scene)
    store = scene.store
    store.assessments.delete(scene.assessment.id)
    store.retention.set_rule(RetentionRule(1))
    clock.now += timedelta(days=800)
    due = store.retention.due(date(2029, 1, 1))
    assert due
    store.retention.purge(store.retention.plan([item.assessment_id for item in due]))
    assert verify_chain(store.db).intact
    store.db.execute("DROP TRIGGER audit_log_no_update")
    seq = store.db.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    store.locations.add(Location(name="North Week Street"))
    store.db.execute(
        "UPDATE audit_log SET values_digest = audit_digest(old_values, new_values, set_digest), old_values = NULL, "
        "new_values = NULL, set_digest = NULL, purged_at = '2029-01-01T00:00:00Z' WHERE seq > ?",
        [seq],
    )
    assert BLANKED in _kinds(store)


def test_a_rewritten_trail_shows_against_the_anchor_but_not_without_it(scene: Scene) -> None:
    """The limit the README states: a full rewrite with the seals recomputed shows only against an anchor."""
    _busy(scene)
    store = _reopen(scene)
    db = store.db
    for name in ("audit_log_no_update",):
        db.execute(f"DROP TRIGGER {name}")
    rows = db.execute(
        "SELECT seq, table_name, record_id, assessment_id, action, old_values, new_values, at_utc, actor, set_digest "
        "FROM audit_log ORDER BY seq"
    ).fetchall()
    previous = None
    for seq, table, record, assessment, action, old, new, at, actor, sets in rows:
        if table == "observations":
            actor = "Someone else"  # who added the visits, rewritten
        digest = values_digest(old, new, sets)
        previous = seal(previous, seq, table, record, assessment, action, at, actor, digest)
        db.execute("UPDATE audit_log SET actor = ?, hash = ? WHERE seq = ?", [actor, previous, seq])
    db.execute(GUARDS["audit_log_no_update"])
    db.conn.commit()
    saved = anchor_path(scene.path).read_bytes()
    anchor_path(scene.path).unlink()
    assert verify_chain(db).intact  # recomputed seals: whole again, as the README says
    anchor_path(scene.path).write_bytes(saved)
    store = _reopen(scene)
    assert REWRITTEN in {item.kind for item in store.opened.audit.breaks}  # type: ignore[union-attr]


def test_a_break_reported_in_the_window_is_not_new_any_more_but_still_listed(scene: Scene) -> None:
    _busy(scene)
    db = scene.store.db
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("UPDATE audit_log SET actor = 'Someone else' WHERE seq = 2")
    db.execute(GUARDS["audit_log_no_update"])
    report = verify_chain(db)
    assert [item.seq for item in report.new_breaks] == [2]
    assert record_notices(db, report.breaks, "shown in the window") == 1
    assert record_notices(db, report.breaks, "shown in the window") == 0
    again = verify_chain(db)
    assert again.breaks and not again.new_breaks
    assert any(line.endswith("(reported before)") for line in again.lines())


def test_a_backup_of_a_broken_trail_is_made_then_reported_and_the_last_intact_backup_is_kept(
    scene: Scene, clock: FixedClock
) -> None:
    _busy(scene)
    store = scene.store
    intact = store.backups.take("periodic")
    assert json.loads(intact.with_name(intact.name + ".json").read_text())["audit"]["intact"] is True
    store.db.execute("DROP TRIGGER audit_log_no_update")
    store.db.execute("UPDATE audit_log SET actor = 'Someone else' WHERE seq = 2")
    store.db.execute(GUARDS["audit_log_no_update"])
    clock.now += timedelta(minutes=30)
    with pytest.raises(AuditTrailBrokenError, match="was made, but the audit trail") as raised:
        store.backups.take_detached("periodic")
    assert raised.value.backup is not None and Path(str(raised.value.backup)).exists()
    for _ in range(KEEP_AUTOMATIC + 2):
        clock.now += timedelta(minutes=30)
        with pytest.raises(AuditTrailBrokenError):
            store.backups.take("periodic")
    kept = [backup.path for backup in list_backups(scene.path)]
    assert intact in kept  # the evidence of the trail before it broke is not rotated out
    assert len(kept) == KEEP_AUTOMATIC + 1


def test_an_older_trail_is_converted_and_sealed_by_the_upgrade(tmp_path: Path) -> None:
    """A database of the previous version (random ids, full old and new rows) is chained in its order."""
    import sqlite3

    from sqlite_utils import Database

    from safeguarding.store.audit_schema import register_audit_functions
    from safeguarding.store.migrations import migrations

    path = tmp_path / "older.sqlite3"
    conn = sqlite3.connect(path)
    db = Database(conn)
    register_audit_functions(conn)
    migrations.apply(db, stop_before="0050_audit_chain")
    legacy = [
        ("a1", "locations", "L1", None, "insert", None,
         {"id": "L1", "name": "Brenchley Gardens", "address": "", "created_at": "x", "updated_at": "x"},
         "2026-11-01T10:00:00.000Z"),
        ("b2", "locations", "L1", None, "update", {"name": "Brenchley Gardens", "updated_at": "x"},
         {"name": "Brenchley Gdns", "updated_at": "y"}, "2026-11-02T10:00:00.000Z"),
        ("c3", "locations", "L1", None, "delete",
         {"id": "L1", "name": "Brenchley Gdns", "address": "", "created_at": "x", "updated_at": "y"}, None,
         "2026-11-03T10:00:00.000Z"),
    ]  # fmt: skip
    for entry_id, table, record, assessment, action, old, new, at in legacy:
        conn.execute(
            "INSERT INTO audit_log (id, table_name, record_id, assessment_id, action, old_values, new_values, "
            "at_utc, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'Sam Practitioner')",
            [entry_id, table, record, assessment, action, json.dumps(old) if old else None,
             json.dumps(new) if new else None, at],
        )  # fmt: skip
    conn.commit()
    conn.close()
    store = open_store(path)
    try:
        entries = store.audit.entries(table="locations")
        assert [e.id for e in entries] == ["1", "2", "3"]
        assert entries[0].new == {"name": "Brenchley Gardens"}  # id, empty values and bookkeeping dropped
        assert entries[1].new == {"name": "Brenchley Gdns"} and entries[1].old == {"name": "Brenchley Gardens"}
        assert entries[2].old == {"name": "Brenchley Gdns"}
        assert store.opened.audit is not None and store.opened.audit.intact
        assert verify_chain(store.db).intact
    finally:
        store.close()


def test_a_restored_database_notes_in_its_trail_where_it_came_from(scene: Scene, clock: FixedClock) -> None:
    from safeguarding.workflows.restore import restore_backup

    _busy(scene)
    backup = scene.store.backups.take("periodic")
    scene.store.locations.add(Location(name="North Week Street"))
    scene.store.close()
    clock.now += timedelta(minutes=5)
    restore_backup(scene.path, backup, None, clock=clock)
    store = scene.store = open_store(scene.path)
    (note,) = [entry for entry in store.audit.entries(action="notice") if entry.record_id == "restore"]
    assert note.new == {"restored_from": backup.name}
    assert store.opened.audit is not None and store.opened.audit.intact  # the anchor was forgotten, not tripped
