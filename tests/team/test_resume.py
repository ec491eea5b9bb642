"""A sync stopped half-way (connection killed by the server, or Cancel) leaves both sides consistent and resumes."""

from __future__ import annotations

import pytest

from safeguarding.progress import OperationCancelled
from safeguarding.team.errors import ServerUnreachableError
from safeguarding.team.status import team_status
from safeguarding.team.sync import SyncOptions
from tests.team.fixtures import Team
from tests.team.helpers import laptop, local_snapshot, same_values, server_snapshot

SMALL_STEPS = SyncOptions(page_size=40, batch_size=40)


def _kill_when(team: Team, message: str):
    """A progress callback that kills the sync's connection from the server side at ``message``."""
    seen = {"killed": 0}

    def progress(fraction: float, text: str) -> None:
        if text.startswith(message) and not seen["killed"] and "(0 of" not in text:
            seen["killed"] = team.sql(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = 'LocationAssessmentTool' AND datname = %s AND pid <> pg_backend_pid()",
                [team.database],
            )[0][0]

    return progress, seen


@pytest.mark.parametrize("step", ["Sending changes", "Receiving changes"])
def test_a_connection_killed_mid_sync_leaves_both_sides_consistent_and_the_next_sync_finishes(
    team: Team, step: str
) -> None:
    team.add("sam", "coordinator")
    team.add("jo", "coordinator")
    a = team.laptop("a", demo=True)
    b = team.laptop("b")
    if step == "Sending changes":
        total = len(local_snapshot(a))  # every shared record of the demo goes up in the first sync
        progress, seen = _kill_when(team, step)
        with pytest.raises(ServerUnreachableError, match="dropped"):
            team.join(a, "sam", options=SMALL_STEPS, progress=progress)
        assert seen["killed"] == 1
        sent_so_far = team.sql("SELECT count(*) FROM team.records")[0][0]
        assert 0 < sent_so_far < total  # some batches made it, the rest did not: nothing half-written
        with laptop(a) as store:
            assert 0 < team_status(store.db).waiting < total
        resumed = team.sync(a, options=SMALL_STEPS)
        assert resumed.conflicts == 0 and resumed.sent + sent_so_far >= total
        team.join(b, "jo")
    else:
        team.join(a, "sam")
        progress, seen = _kill_when(team, step)
        with pytest.raises(ServerUnreachableError):
            team.join(b, "jo", options=SMALL_STEPS, progress=progress)
        assert seen["killed"] == 1
        assert 0 < len(local_snapshot(b)) < len(local_snapshot(a))  # some pages arrived whole, not all
        with laptop(b) as store:
            assert team_status(store.db).waiting == 0  # what arrived is never sent back
        resumed = team.sync(b, options=SMALL_STEPS)
        assert resumed.sent == 0 and resumed.conflicts == 0
    assert same_values(local_snapshot(a), server_snapshot(team)) == []
    assert same_values(local_snapshot(a), local_snapshot(b)) == []
    assert team.sql("SELECT count(*) FROM team.records WHERE table_name = 'team_conflicts'")[0][0] == 0
    assert team.sql("SELECT first_bad FROM team.verify_audit()")[0][0] is None


def test_cancel_stops_between_steps_and_the_next_sync_carries_on(team: Team) -> None:
    team.add("sam", "coordinator")
    a = team.laptop("a", demo=True)

    def cancel_on_second_batch(fraction: float, text: str) -> None:
        if text.startswith("Sending changes (40 of"):
            raise OperationCancelled()

    with pytest.raises(OperationCancelled):
        team.join(a, "sam", options=SMALL_STEPS, progress=cancel_on_second_batch)
    assert team.sql("SELECT count(*) FROM team.records")[0][0] == 40
    team.sync(a, options=SMALL_STEPS)
    assert same_values(local_snapshot(a), server_snapshot(team)) == []


def test_after_the_server_is_restored_from_a_backup_laptops_send_again_what_it_lost(team: Team) -> None:
    from safeguarding.team.sync import resend_everything

    team.add("sam", "coordinator")
    a = team.laptop("a", demo=True)
    team.join(a, "sam")
    # A point-in-time recovery to a moment before the observations arrived, as IT would then bump the revisions.
    team.sql("ALTER TABLE team.records DISABLE TRIGGER records_no_delete; "
             "DELETE FROM team.records WHERE table_name IN ('observations', 'observation_counts'); "
             "ALTER TABLE team.records ENABLE TRIGGER records_no_delete; "
             "SELECT setval('team.revision_seq', (SELECT max(revision) FROM team.records) + 1000000)")  # fmt: skip
    assert team.sync(a).sent == 0  # nothing marked as changed: the laptop believes the server has it all
    with laptop(a) as store:
        resend_everything(store)
    again = team.sync(a)
    assert again.conflicts == 0 and again.sent > 0
    assert same_values(local_snapshot(a), server_snapshot(team)) == []
