"""Laptops editing offline and syncing in every order, against a real PostgreSQL server."""

from __future__ import annotations

import itertools

import pytest

from safeguarding.forms import FormDefinition
from safeguarding.model import Side
from safeguarding.team.conflicts import open_conflicts, resolve_conflict
from safeguarding.team.status import team_status
from tests.team.fixtures import Team
from tests.team.helpers import (
    brenchley,
    laptop,
    local_snapshot,
    same_values,
    server_snapshot,
    set_analysis,
    set_concerns,
    set_visit_notes,
    small_assessment,
)


def _two_laptops(team: Team) -> tuple:
    """Laptop A (coordinator) holds the demo and shares it; laptop B (coordinator) joins empty and receives it."""
    team.add("sam", "coordinator", name="Sam Patel")
    team.add("jo", "coordinator", name="Jo Khan")
    a = team.laptop("a", demo=True)
    b = team.laptop("b")
    first = team.join(a, "sam")
    joined = team.join(b, "jo")
    return a, b, first, joined


def test_first_sync_shares_the_demo_and_the_second_laptop_receives_all_of_it(team: Team) -> None:
    a, b, first, joined = _two_laptops(team)
    assert first.sent > 200 and first.photos_sent == 4 and first.conflicts == 0
    assert joined.received == first.sent and joined.photos_received == 4 and joined.sent == 0
    assert same_values(local_snapshot(a), local_snapshot(b)) == []
    assert same_values(local_snapshot(a), server_snapshot(team)) == []
    with laptop(b) as store:
        assert store.meta.is_demo()  # the team's data is the fictional demo: marked so on the new laptop too
        assert team_status(store.db).waiting == 0  # what was received is never sent back
    again = team.sync(b)
    assert (again.sent, again.received) == (0, 0)


def test_changes_received_are_audited_here_under_their_author(team: Team) -> None:
    a, b, _, _ = _two_laptops(team)
    with laptop(a, "Sam Patel") as store:
        set_analysis(store, brenchley(store), "Lighting at the Station Road entrance drives the after-dark risk.")
    team.sync(a)
    team.sync(b)
    with laptop(b) as store:
        history = store.audit.history(brenchley(store), include_location=False)
    change = [entry for entry in history if entry.table == "assessments" and entry.new and "analysis" in entry.new]
    assert change[-1].actor == "Sam Patel (team sync)"


@pytest.mark.parametrize("order", ["ab", "ba"])
def test_different_fields_changed_on_two_laptops_both_survive(team: Team, order: str) -> None:
    a, b, _, _ = _two_laptops(team)
    with laptop(a) as store:
        set_concerns(store, brenchley(store), Side.GUARDIANSHIP, "No staff in the park after 6 pm.")
    with laptop(b) as store:
        set_analysis(store, brenchley(store), "The unlit path draws groups after dark.")
        set_visit_notes(store, brenchley(store), 0, "Groups of four to six by the bandstand.")
    first, second = (a, b) if order == "ab" else (b, a)
    team.sync(first)
    team.sync(second)
    team.sync(first)
    assert same_values(local_snapshot(a), local_snapshot(b)) == []
    with laptop(a) as store:
        assessment = store.assessments.get(brenchley(store))
        assert assessment.findings[Side.GUARDIANSHIP].concerns == "No staff in the park after 6 pm."
        assert assessment.analysis == "The unlit path draws groups after dark."
        assert assessment.observations[0].notes == "Groups of four to six by the bandstand."
        assert open_conflicts(store.db) == []


def test_three_laptops_in_every_order_end_in_step(team: Team, form: FormDefinition) -> None:
    for number, order in enumerate(itertools.permutations("abc")):
        if number:
            team = _fresh(team, number)
        for short in ("sam", "jo", "kim"):
            team.add(short, "coordinator")
        laptops = {name: team.laptop(f"{name}{number}") for name in "abc"}
        with laptop(laptops["a"]) as store:
            assessment_id = small_assessment(store, form)
        team.join(laptops["a"], "sam")
        team.join(laptops["b"], "jo")
        team.join(laptops["c"], "kim")
        texts = {
            "a": ("analysis", "A's analysis"),
            "b": ("notes", "B's visit notes"),
            "c": ("concerns", "C's concerns"),
        }
        for name, (what, text) in texts.items():
            with laptop(laptops[name]) as store:
                if what == "analysis":
                    set_analysis(store, assessment_id, text)
                elif what == "notes":
                    set_visit_notes(store, assessment_id, 1, text)
                else:
                    set_concerns(store, assessment_id, Side.ENVIRONMENT, text)
        for name in order + order:  # two rounds: everyone sends, then everyone receives the rest
            team.sync(laptops[name])
        snapshots = [local_snapshot(laptops[name]) for name in "abc"]
        assert same_values(snapshots[0], snapshots[1]) == [], order
        assert same_values(snapshots[0], snapshots[2]) == [], order
        with laptop(laptops["c"]) as store:
            assessment = store.assessments.get(assessment_id)
            assert assessment.analysis == "A's analysis"
            assert assessment.observations[1].notes == "B's visit notes"
            assert assessment.findings[Side.ENVIRONMENT].concerns == "C's concerns"


def _fresh(team: Team, number: int) -> Team:
    from safeguarding.team.admin import init_team
    from safeguarding.team.connection import connect, parse_address

    database = f"{team.database}p{number}"
    with connect(parse_address(team.server.url()), team.server.password, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {database}")
    init_team(parse_address(team.server.url(database)), team.server.password)
    return Team(team.server, database, team.folder, team.demo_template)


@pytest.mark.parametrize("order", ["ab", "ba"])
def test_the_same_field_on_two_laptops_keeps_both_versions_until_someone_chooses(team: Team, order: str) -> None:
    a, b, _, _ = _two_laptops(team)
    with laptop(a) as store:
        set_concerns(store, brenchley(store), Side.YOUNG_PEOPLE, "Version from Sam's laptop.")
    with laptop(b) as store:
        set_concerns(store, brenchley(store), Side.YOUNG_PEOPLE, "Version from Jo's laptop.")
    first, second = (a, b) if order == "ab" else (b, a)
    team.sync(first)
    result = team.sync(second)
    team.sync(first)
    assert result.conflicts == 1
    kept_first = "Version from Sam's laptop." if order == "ab" else "Version from Jo's laptop."
    kept_second = "Version from Jo's laptop." if order == "ab" else "Version from Sam's laptop."
    for path in (a, b):
        with laptop(path) as store:
            conflicts = open_conflicts(store.db, brenchley(store))
            assert len(conflicts) == 1
            conflict = conflicts[0]
            assert (conflict.value_a, conflict.value_b) == (kept_first, kept_second)
            assert {conflict.author_a, conflict.author_b} == {"Sam Patel", "Jo Khan"}
            assert conflict.at_a is not None and conflict.at_b is not None
            assert "Young people" in conflict.label and "concerns" in conflict.label
            assert store.assessments.get(brenchley(store)).findings[Side.YOUNG_PEOPLE].concerns == kept_first
    with laptop(b, "Jo") as store:
        conflict = open_conflicts(store.db)[0]
        resolve_conflict(store.db, conflict.id, "merged", by="Jo", merged="Both: Sam's and Jo's points, merged.")
    team.sync(b)
    team.sync(a)
    for path in (a, b):
        with laptop(path) as store:
            assert open_conflicts(store.db) == []
            concerns = store.assessments.get(brenchley(store)).findings[Side.YOUNG_PEOPLE].concerns
            assert concerns == "Both: Sam's and Jo's points, merged."
    assert same_values(local_snapshot(a), local_snapshot(b)) == []


@pytest.mark.parametrize("deleter_first", [True, False])
def test_a_deletion_against_an_edit_is_shown_and_not_applied_silently(team: Team, deleter_first: bool) -> None:
    a, b, _, _ = _two_laptops(team)
    with laptop(a) as store:
        visit_id = store.assessments.observations(brenchley(store))[2].id
        store.assessments.delete_observation(visit_id)
    with laptop(b) as store:
        set_visit_notes(store, brenchley(store), 2, "Added after the visit: a second group arrived at 21:10.")
    first, second = (a, b) if deleter_first else (b, a)
    team.sync(first)
    result = team.sync(second)
    team.sync(first)
    assert result.conflicts == 1
    for path in (a, b):
        with laptop(path) as store:
            conflict = open_conflicts(store.db, brenchley(store))[0]
            assert conflict.is_deletion and conflict.record_key == visit_id
            assert (conflict.author_a, conflict.author_b) == ("Jo Khan", "Sam Patel")  # A edited, B deleted
            row = store.db.execute("SELECT notes, deleted_at FROM observations WHERE id = ?", [visit_id]).fetchone()
            assert row[0] == "Added after the visit: a second group arrived at 21:10."  # the edit is never lost
    # Someone chooses to keep the visit: it comes back everywhere, with the edit.
    with laptop(a, "Sam") as store:
        resolve_conflict(store.db, open_conflicts(store.db)[0].id, "a", by="Sam")
    team.sync(a)
    team.sync(b)
    for path in (a, b):
        with laptop(path) as store:
            assert open_conflicts(store.db) == []
            notes = [visit.notes for visit in store.assessments.observations(brenchley(store)) if visit.id == visit_id]
            assert notes == ["Added after the visit: a second group arrived at 21:10."]


def test_a_deletion_nobody_edited_travels(team: Team) -> None:
    a, b, _, _ = _two_laptops(team)
    with laptop(a) as store:
        visit = store.assessments.observations(brenchley(store))[0]
        store.assessments.delete_observation(visit.id)
        counts_before = store.db.execute("SELECT count(*) FROM observation_counts").fetchone()[0]
    team.sync(a)
    received = team.sync(b)
    assert received.conflicts == 0
    with laptop(b) as store:
        assert visit.id not in [v.id for v in store.assessments.observations(brenchley(store))]
        assert store.db.execute("SELECT count(*) FROM observation_counts").fetchone()[0] == counts_before


def test_photos_travel_once_by_content_hash(team: Team) -> None:
    a, b, first, joined = _two_laptops(team)
    assert first.photos_sent == 4 and joined.photos_received == 4
    assert team.sql("SELECT count(*) FROM team.photos")[0][0] == 4
    with laptop(b) as store:  # the same photo added to another assessment: its bytes do not travel again
        photo = store.db.execute("SELECT sha256, original FROM photos LIMIT 1").fetchone()
        north = store.locations.find_by_name("North Week Street")[0]
        assessment = store.assessments.latest_for_location(north.id)
        assert assessment is not None
        store.db["assessment_photos"].insert({
            "id": "f" * 32, "assessment_id": assessment.id, "photo_sha256": photo[0], "caption": "Same photo",
            "original_name": "same.jpg", "created_at": "2026-11-30T12:00:00Z", "updated_at": "2026-11-30T12:00:00Z",
        })  # fmt: skip
    again = team.sync(b)
    assert again.sent == 1 and again.photos_sent == 0
    assert team.sql("SELECT count(*) FROM team.photos")[0][0] == 4
    assert team.sync(a).photos_received == 0


def test_the_local_revision_and_updated_by_columns_stay_on_the_laptop(team: Team) -> None:
    a, b, _, _ = _two_laptops(team)  # each laptop's record revisions count its own saves (two windows on one laptop)
    with laptop(a) as store:
        assessment = store.assessments.get(brenchley(store))
        assessment.analysis = "Changed here."
        store.assessments.save(assessment, base=store.assessments.get(assessment.id))
        assert store.assessments.get(assessment.id).revision > 1
    team.sync(a)
    team.sync(b)
    assert team.sql("SELECT count(*) FROM team.records WHERE data ? 'revision' OR data ? 'updated_by'")[0][0] == 0
    with laptop(b) as store:
        row = store.db.execute("SELECT analysis, revision FROM assessments WHERE id = ?", [brenchley(store)]).fetchone()
    assert row == ("Changed here.", 1)
