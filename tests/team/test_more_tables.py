"""The tables added to team sync in migration 5 travel, and the server keeps them to those who may see them.

Safety-mapping sessions and marks, the form version each assessment was written
with, redaction answers and the sharing log, against the real server.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg
import pytest

from safeguarding.forms import FormDefinition, FormLibrary
from safeguarding.protection.sharing import SharingDetails
from safeguarding.safety_mapping.model import MarkKind, Participants, SafetyMark, SafetySession
from safeguarding.store import Store, open_store
from safeguarding.team.server_sql import MIGRATIONS
from tests.conftest import FixedClock
from tests.local_forms import local_form_text, write_forms
from tests.team.fixtures import Team
from tests.team.helpers import laptop, local_snapshot, same_values, server_snapshot, small_assessment


@contextmanager
def _laptop_on(path: Path, day: int) -> Iterator[Store]:
    """A laptop whose clock says 1 March 2026 plus ``day`` days, 10:00 UTC (so two laptops' times differ)."""
    store = open_store(path, clock=FixedClock(datetime(2026, 3, 1 + day, 10, 0, tzinfo=UTC)))
    try:
        yield store
    finally:
        store.close()


def _two_coordinators_laptops(team: Team) -> tuple[Path, Path]:
    """Two empty laptops, a for coordinator sam and b for coordinator jo (neither has joined yet)."""
    team.add("sam", "coordinator")
    team.add("jo", "coordinator")
    return team.laptop("a"), team.laptop("b")


def _conflicts(team: Team) -> int:
    return int(team.sql("SELECT count(*) FROM team.records WHERE table_name = 'team_conflicts'")[0][0])


def _session_with_marks(store: Store, assessment_id: str) -> str:
    """A safety-mapping session of the assessment with a safe place and a route; its id."""
    session = store.safety.save_session(
        SafetySession(assessment_id=assessment_id, held_on=date(2026, 3, 5), facilitator="Youth service",
                      participants=[Participants("Young people, Year 9", 6)],
                      notes="The group felt safe by the bandstand, not on the towpath.")
    )  # fmt: skip
    store.safety.save_mark(
        SafetyMark(session_id=session.id, kind=MarkKind.SAFE, points=[(51.2706, 0.5227)], label="Bandstand")
    )
    store.safety.save_mark(
        SafetyMark(session_id=session.id, kind=MarkKind.ROUTE, points=[(51.2701, 0.5201), (51.2712, 0.5240)],
                   label="Way home", notes="Avoids the underpass.")
    )  # fmt: skip
    return session.id


def test_a_safety_mapping_session_made_on_laptop_a_appears_on_laptop_b(team: Team, form: FormDefinition) -> None:
    a, b = _two_coordinators_laptops(team)
    with laptop(a) as store:
        assessment_id = small_assessment(store, form)
        session_id = _session_with_marks(store, assessment_id)
        store.crime.set_radius(assessment_id, 400)
    team.join(a, "sam")
    team.join(b, "jo")
    with laptop(b) as store:
        sessions = store.safety.sessions(assessment_id)
        assert [s.id for s in sessions] == [session_id]
        assert sessions[0].notes == "The group felt safe by the bandstand, not on the towpath."
        marks = sorted(sessions[0].marks, key=lambda mark: mark.label)  # made in the same millisecond: any order
        assert [(m.kind, m.label) for m in marks] == [(MarkKind.SAFE, "Bandstand"), (MarkKind.ROUTE, "Way home")]
        assert marks[1].points == [(51.2701, 0.5201), (51.2712, 0.5240)]
        assert store.crime.radius(assessment_id) == 400
        store.safety.save_mark(
            SafetyMark(session_id=session_id, kind=MarkKind.AVOID, points=[(51.2703, 0.5219)], label="Underpass")
        )
    team.sync(b)
    team.sync(a)
    with laptop(a) as store:
        labels = {m.label for m in store.safety.sessions(assessment_id)[0].marks}
        assert labels == {"Bandstand", "Way home", "Underpass"}
    assert same_values(local_snapshot(a), local_snapshot(b)) == []
    assert same_values(local_snapshot(a), server_snapshot(team)) == []


def test_an_assessment_opens_on_another_laptop_with_its_own_form_version(
    team: Team, tmp_path: Path, form_library: FormLibrary
) -> None:
    local = FormLibrary.load(write_forms(tmp_path / "local", local_form_text())).current()
    assert local.version != form_library.current().version  # laptop B has only the shipped form installed
    a, b = _two_coordinators_laptops(team)
    with laptop(a) as store:
        assessment_id = small_assessment(store, local)
    team.join(a, "sam")
    team.join(b, "jo")
    with laptop(b) as store:
        opened = store.form_versions.for_assessment(store.assessments.get(assessment_id), form_library)
        assert opened.own and not opened.notice
        assert (opened.form.version, opened.form.text) == (local.version, local_form_text())


def test_the_same_form_wording_kept_on_two_laptops_is_one_record_without_a_conflict(
    team: Team, form: FormDefinition
) -> None:
    a, b = _two_coordinators_laptops(team)
    for path, day in ((a, 5), (b, 0)):  # each starts an assessment with the shipped form offline, b first
        with _laptop_on(path, day) as store:
            small_assessment(store, form)
    team.join(a, "sam")
    team.join(b, "jo")
    team.sync(a)
    assert team.sql("SELECT count(*) FROM team.records WHERE table_name = 'form_definitions'")[0][0] == 1
    assert _conflicts(team) == 0
    assert same_values(local_snapshot(a), local_snapshot(b)) == []
    assert same_values(local_snapshot(b), server_snapshot(team)) == []
    stored = team.sql("SELECT data->>'stored_at' FROM team.records WHERE table_name = 'form_definitions'")[0][0]
    assert stored.startswith("2026-03-01")  # the team first had it on b: the earlier time is kept


def test_the_same_redaction_answer_given_on_two_laptops_is_one_record(team: Team, form: FormDefinition) -> None:
    a, b = _two_coordinators_laptops(team)
    with laptop(a) as store:
        assessment_id = small_assessment(store, form)
    team.join(a, "sam")
    team.join(b, "jo")
    occurrence = "ab" * 32
    for path, day in ((a, 1), (b, 2)):  # both answer the same doubtful name offline, before either syncs
        with _laptop_on(path, day) as store:
            store.redaction_decisions.remember(
                assessment_id, {occurrence: True, ("cd" * 32 if path == a else "ef" * 32): False}
            )
    team.sync(a)
    team.sync(b)
    team.sync(a)
    for path in (a, b):
        with laptop(path) as store:
            assert store.redaction_decisions.for_assessment(assessment_id) == {
                occurrence: True, "cd" * 32: False, "ef" * 32: False}  # fmt: skip
            assert store.db.execute("SELECT count(*) FROM team_pending").fetchone()[0] == 0
    assert _conflicts(team) == 0


def test_a_practitioner_not_on_the_assessment_cannot_read_its_safety_marks_with_its_own_sql(
    team: Team, form: FormDefinition
) -> None:
    team.add("sam", "practitioner")
    team.add("jo", "practitioner")
    a = team.laptop("a")
    with laptop(a) as store:
        assessment_id = small_assessment(store, form)
        _session_with_marks(store, assessment_id)
    team.join(a, "sam")
    assert team.sql("SELECT count(*) FROM team.records WHERE table_name = 'safety_marks'")[0][0] == 2
    query = "SELECT count(*) FROM team.records WHERE table_name IN ('safety_marks', 'safety_sessions')"
    with team.connect_as("jo") as conn:
        assert conn.execute(query).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM team.records WHERE assessment_id = %s",
                            [assessment_id]).fetchone()[0] == 0  # fmt: skip
        conn.execute("SELECT team.begin_write(NULL)")
        changed = conn.execute("UPDATE team.records SET data = data || '{\"label\": \"x\"}' "
                               "WHERE table_name = 'safety_marks'")  # fmt: skip
        assert changed.rowcount == 0
    j = team.laptop("j")
    team.join(j, "jo")
    with laptop(j) as store:
        assert store.db.execute("SELECT count(*) FROM safety_marks").fetchone()[0] == 0
    with team.connect_as("sam") as conn:  # the practitioner who is on it reads them: the check above can fail
        assert conn.execute(query).fetchone()[0] == 3


def test_the_sharing_log_reaches_the_coordinator_and_only_grows(
    team: Team, form: FormDefinition, tmp_path: Path
) -> None:
    team.add("sam", "practitioner")
    team.add("jo", "practitioner")
    team.add("chair", "coordinator")
    a = team.laptop("a")
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4 a report")
    with laptop(a) as store:
        assessment_id = small_assessment(store, form)
        about = store.sharing.record("dcsm_report", report, redacted=True, assessment_id=assessment_id,
                                     details=SharingDetails(recipient="Maidstone DCSM", purpose="Panel"))  # fmt: skip
        register = store.sharing.record("dcsm_register", report)  # about no single assessment
    team.join(a, "sam")
    c = team.laptop("c")
    team.join(c, "chair")
    with laptop(c) as store:
        logged = {entry.id: entry for entry in store.sharing.entries()}
        assert set(logged) == {about.id, register.id}
        assert logged[about.id].details.recipient == "Maidstone DCSM" and logged[about.id].redacted
    with team.connect_as("jo") as conn:  # not on the assessment, did not log the register: reads neither
        assert conn.execute("SELECT count(*) FROM team.records WHERE table_name = 'sharing_log'").fetchone()[0] == 0
    with team.connect_as("sam") as conn:
        assert conn.execute("SELECT count(*) FROM team.records WHERE table_name = 'sharing_log'").fetchone()[0] == 2
    with team.connect_as("chair") as conn:
        conn.execute("SELECT team.begin_write(NULL)")
        for change in ('data = data || \'{"recipient": "nobody"}\'', "deleted = true"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only grows"):
                conn.execute(f"UPDATE team.records SET {change} WHERE table_name = 'sharing_log'")


def test_a_partner_gets_the_form_version_of_what_it_is_shown_and_no_safety_mapping(team: Team) -> None:
    team.add("sam", "coordinator")
    team.add("pc", "partner", agency="Police", name="PC Reed")
    a = team.laptop("a", demo=True)
    team.join(a, "sam")
    assert team.sql("SELECT count(*) FROM team.records WHERE table_name = 'safety_marks'")[0][0] > 0
    fifth = next(sql for version, _, sql in MIGRATIONS if version == 5)
    team.sql(fifth.replace("__P__", f"lat_{team.database}_"))  # run again: idempotent, as every migration
    p = team.laptop("p")
    team.join(p, "pc")
    with laptop(p) as store:
        shown = [row[0] for row in store.db.execute("SELECT id FROM assessments")]
        assert shown
        kept = store.db.execute("SELECT count(*) FROM assessment_forms a JOIN form_definitions d "
                                "ON d.digest = a.form_digest").fetchone()[0]  # fmt: skip
        assert kept == len(shown)
        for table in ("safety_sessions", "safety_marks", "redaction_decisions", "crime_areas", "sharing_log"):
            assert store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
