"""The field-level merge on its own (no database): every word survives or becomes a conflict."""

from __future__ import annotations

from safeguarding.team.merge import TAKE_ALL, Sent, ServerRecord, merge_on_server, plan_local
from safeguarding.team.tracking import Base

BASE = Base({"id": "v1", "notes": "old", "weather": "dry", "deleted_at": None, "updated_at": "2026-01-01"},
            {"id": 1, "notes": 1, "weather": 1, "deleted_at": 1, "updated_at": 1}, revision=1)  # fmt: skip


def _server(**changes: object) -> ServerRecord:
    data = {**BASE.values, **changes}
    revs = {name: (5 if name in changes else 1) for name in data}
    return ServerRecord("observations", "v1", "a1", data, revs, revision=5)


def test_a_field_changed_only_there_is_taken_and_one_changed_only_here_is_kept() -> None:
    local = {**BASE.values, "weather": "wet"}
    plan = plan_local(local, BASE, _server(notes="new there"))
    assert plan.action == "update" and plan.values == {"notes": "new there"}
    assert plan.base is not None and plan.base.values["weather"] == "dry"  # still differs from base: sent next


def test_updated_at_takes_the_later_value_and_never_conflicts() -> None:
    sent = Sent("observations", "v1", "a1", {"updated_at": "2026-03-01"}, dict(BASE.revs))
    decision = merge_on_server(sent, _server(updated_at="2026-02-01"))
    assert decision.clashes == [] and decision.data["updated_at"] == "2026-03-01"


def test_the_same_field_changed_on_both_sides_is_a_clash_and_the_server_keeps_its_version() -> None:
    sent = Sent("observations", "v1", "a1", {"notes": "mine"}, dict(BASE.revs))
    decision = merge_on_server(sent, _server(notes="theirs"))
    assert [(c.kind, c.value_a, c.value_b) for c in decision.clashes] == [("field", "theirs", "mine")]
    assert decision.data["notes"] == "theirs"


def test_the_same_change_on_both_sides_is_no_clash() -> None:
    sent = Sent("observations", "v1", "a1", {"notes": "same"}, dict(BASE.revs))
    assert merge_on_server(sent, _server(notes="same")).clashes == []


def test_a_deletion_against_an_unseen_edit_is_not_applied() -> None:
    sent = Sent("observations", "v1", "a1", {"deleted_at": "2026-03-02"}, dict(BASE.revs))
    decision = merge_on_server(sent, _server(notes="edited there"))
    assert [c.kind for c in decision.clashes] == ["delete"] and decision.data["deleted_at"] is None


def test_an_edit_against_an_unseen_deletion_keeps_the_edit_and_flags_it() -> None:
    sent = Sent("observations", "v1", "a1", {"notes": "edited here"}, dict(BASE.revs))
    decision = merge_on_server(sent, _server(deleted_at="2026-03-02"))
    clash = decision.clashes[0]
    assert clash.kind == "delete" and not clash.a_from_server and clash.value_a == {"notes": "edited here"}
    assert decision.data["notes"] == "edited here" and decision.data["deleted_at"] == "2026-03-02"


def test_a_received_deletion_waits_while_this_laptop_has_unsent_edits() -> None:
    local = {**BASE.values, "notes": "edited here"}
    assert plan_local(local, BASE, _server(deleted_at="2026-03-02")).action == "skip"
    assert plan_local(local, BASE, _server(deleted_at="2026-03-02"), force=frozenset({TAKE_ALL})).action == "update"


def test_a_hard_deleted_record_sent_as_deleted_becomes_a_tombstone_unless_edited_there() -> None:
    sent = Sent("observation_counts", "k", "a1", {}, dict(BASE.revs), delete=True)
    assert merge_on_server(sent, _server()).deleted
    assert not merge_on_server(sent, _server(notes="edited")).deleted
