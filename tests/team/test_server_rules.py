"""What the server enforces itself: its schema version, sign-in, roles, row-level security, TLS and the audit chain."""

from __future__ import annotations

import psycopg
import pytest

from safeguarding.team.admin import SCHEMA_VERSION, init_team
from safeguarding.team.connection import connect, parse_address
from safeguarding.team.errors import NotAllowedError, ServerSchemaError, SignInError, TeamError
from safeguarding.team.sync import sync_database
from tests.team.fixtures import PASSWORD, Team
from tests.team.helpers import brenchley, laptop, local_snapshot, set_analysis


def test_team_init_is_idempotent_and_records_the_schema_version(team: Team) -> None:
    again = init_team(team.admin, team.server.password)
    assert again.applied == () and again.before == again.after == SCHEMA_VERSION
    assert team.sql("SELECT max(version) FROM team.schema_version")[0][0] == SCHEMA_VERSION
    roles = {
        row[0] for row in team.sql("SELECT rolname FROM pg_roles WHERE rolname LIKE %s", [f"lat_{team.database}_%"])
    }
    assert roles == {f"lat_{team.database}_{role}" for role in ("practitioner", "coordinator", "partner")}


def test_a_server_schema_newer_than_the_app_is_refused_and_nothing_changes(team: Team) -> None:
    team.add("sam", "coordinator")
    path = team.laptop("a", demo=True)
    team.join(path, "sam")
    with laptop(path) as store:
        set_analysis(store, brenchley(store), "Written while the server was being upgraded.")
    before_local = local_snapshot(path)
    team.sql("INSERT INTO team.schema_version (version, name) VALUES (%s, 'from a newer app')", [SCHEMA_VERSION + 1])
    before_server = team.sql("SELECT count(*), max(revision) FROM team.records")[0]
    with pytest.raises(ServerSchemaError, match="newer version of the app"):
        team.sync(path)
    with pytest.raises(ServerSchemaError, match="newer than this app"):
        init_team(team.admin, team.server.password)
    assert team.sql("SELECT count(*), max(revision) FROM team.records")[0] == before_server
    assert local_snapshot(path) == before_local
    with laptop(path) as store:
        from safeguarding.team.status import team_status

        assert team_status(store.db).waiting > 0  # the change still waits to be sent


def test_a_wrong_password_is_refused_in_plain_words(team: Team) -> None:
    from safeguarding.team.sync import sync_with_server

    team.add("sam")
    path = team.laptop("a")
    with pytest.raises(SignInError, match="refused the password"):
        sync_with_server(path, team.url("sam"), None, "not the password")
    with pytest.raises(SignInError, match="refused the password"):
        sync_database(path, "still not the password")
    assert team.sql("SELECT count(*) FROM team.syncs")[0][0] == 0


def test_a_partner_running_its_own_sql_cannot_read_records(team: Team) -> None:
    team.add("sam", "coordinator")
    team.add("pc", "partner", agency="Kent Police")
    team.join(team.laptop("a", demo=True), "sam")
    with team.connect_as("pc") as conn:
        for query in ("SELECT * FROM team.records", "SELECT data FROM team.records WHERE table_name = 'observations'",
                      "SELECT original FROM team.photos", "SELECT * FROM team.audit"):  # fmt: skip
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(query)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE team.records SET data = '{}'")


def test_a_partner_receives_only_its_agencys_actions_redacted(team: Team) -> None:
    team.add("sam", "coordinator")
    team.add("pc", "partner", agency="Police", name="PC Reed")
    a = team.laptop("a", demo=True)
    with laptop(a) as store:  # a name recorded for redaction appears in an action owned by the police
        assessment_id = brenchley(store)
        from safeguarding.model import Person

        store.people.save(Person(assessment_id=assessment_id, real_name="Zoe Green", pseudonym="Young person A"))
        police = store.db.execute("SELECT id FROM plan_agencies WHERE name = 'Police'").fetchone()[0]
        action_id = store.db.execute(
            "SELECT a.id FROM plan_actions a JOIN plan_goals g ON g.id = a.goal_id "
            "WHERE a.agency_id = ? AND g.assessment_id = ? LIMIT 1", [police, assessment_id]
        ).fetchone()[0]  # fmt: skip
        store.db.execute("UPDATE plan_actions SET description = description || ' Zoe Green was seen.' WHERE id = ?",
                         [action_id])  # fmt: skip
    team.join(a, "sam")
    p = team.laptop("p")
    result = team.join(p, "pc")
    assert result.read_only and result.sent == 0
    with laptop(p) as store:
        agencies = {row[0] for row in store.db.execute(
            "SELECT DISTINCT g.name FROM plan_actions a JOIN plan_agencies g ON g.id = a.agency_id")}  # fmt: skip
        assert agencies == {"Police"}
        description = store.db.execute("SELECT description FROM plan_actions WHERE id = ?", [action_id]).fetchone()[0]
        assert "Young person A was seen." in description and "Zoe" not in description
        assert store.db.execute("SELECT count(*) FROM observations").fetchone()[0] == 0
        assert store.db.execute("SELECT count(*) FROM people").fetchone()[0] == 0
        assert store.db.execute("SELECT count(*) FROM photos").fetchone()[0] == 0
        analysis = store.db.execute("SELECT group_concat(analysis, '') FROM assessments").fetchone()[0]
        assert not analysis  # the write-up's text is not a partner's to read


def test_a_practitioner_sees_and_changes_only_the_assessments_they_are_on(team: Team) -> None:
    team.add("sam", "coordinator")
    team.add("jo", "practitioner")
    a = team.laptop("a", demo=True)
    team.join(a, "sam")
    with team.connect_as("jo") as conn:
        assert conn.execute("SELECT count(*) FROM team.records WHERE table_name = 'observations'").fetchone()[0] == 0
        conn.execute("SELECT team.begin_write(NULL)")
        changed = conn.execute("UPDATE team.records SET data = data || '{\"analysis\": \"x\"}' "
                               "WHERE table_name = 'assessments'")  # fmt: skip
        assert changed.rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO team.records (table_name, record_key, assessment_id, data) "
                         "VALUES ('observations', 'x', 'someone-elses', '{\"id\": \"x\"}')")  # fmt: skip
    from safeguarding.team.admin import assign

    assert assign(team.admin, team.server.password, username=team.user("jo"), location="Brenchley Gardens") == 2
    j = team.laptop("j")
    team.join(j, "jo")
    with laptop(j) as store:
        names = {row[0] for row in store.db.execute(
            "SELECT l.name FROM assessments s JOIN locations l ON l.id = s.location_id")}  # fmt: skip
        assert names == {"Brenchley Gardens"}


def test_tls_with_verify_full_connects_and_an_untrusted_certificate_is_refused(team: Team, tmp_path) -> None:
    team.add("sam")
    url = team.url("sam").replace("127.0.0.1", "localhost")
    trusted = parse_address(f"{url}?sslmode=verify-full&sslrootcert={team.server.ca_file}")
    with connect(trusted, PASSWORD) as conn:
        assert conn.pgconn.ssl_in_use
    other_ca = tmp_path / "other-ca.crt"
    other_ca.write_bytes(team.server.ca_file.read_bytes().replace(b"MII", b"MIJ", 1))
    with pytest.raises(TeamError, match="secure \\(TLS\\) connection"):
        connect(parse_address(f"{url}?sslmode=verify-full&sslrootcert={other_ca}"), PASSWORD)


def test_a_remote_server_defaults_to_verify_full_and_a_password_in_the_address_is_refused() -> None:
    assert parse_address("postgresql://sam@db.council.example/team").params["sslmode"] == "verify-full"
    assert "sslmode" not in parse_address("postgresql://sam@127.0.0.1:5432/team").params
    with pytest.raises(TeamError, match="password in the server address"):
        parse_address("postgresql://sam:secret@db.council.example/team")


def test_the_team_audit_is_chained_append_only_and_records_each_sync(team: Team) -> None:
    team.add("sam", "coordinator", name="Sam Patel")
    path = team.laptop("a", demo=True)
    result = team.join(path, "sam")
    syncs = team.sql("SELECT username, outcome, pushed FROM team.syncs")
    assert syncs == [(team.user("sam"), "finished", result.sent)]
    audit = team.sql("SELECT count(*), count(DISTINCT author) FROM team.audit WHERE action = 'insert'")[0]
    assert audit[0] >= result.sent and audit[1] == 1
    assert team.sql("SELECT count(*) FROM team.audit WHERE action = 'sync'")[0][0] == 1
    entries, first_bad = team.sql("SELECT * FROM team.verify_audit()")[0]
    assert first_bad is None and entries > result.sent
    with team.connect_as("sam") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE team.audit SET author = 'someone else'")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="cannot be changed"):
        team.sql("DELETE FROM team.audit WHERE id = 3")
    # Even IT, by switching the guard off, cannot change a row without the chain showing where.
    team.sql("ALTER TABLE team.audit DISABLE TRIGGER audit_no_change; "
             "UPDATE team.audit SET author = 'someone else' WHERE id = 5; "
             "ALTER TABLE team.audit ENABLE TRIGGER audit_no_change")  # fmt: skip
    assert team.sql("SELECT first_bad FROM team.verify_audit()")[0][0] == 5


def test_a_member_removed_from_the_team_cannot_sync(team: Team) -> None:
    team.add("sam", "coordinator")
    path = team.laptop("a")
    team.join(path, "sam")
    team.sql("UPDATE team.members SET active = false WHERE username = %s", [team.user("sam")])
    with pytest.raises(NotAllowedError, match="no longer"):
        sync_database(path, PASSWORD)


def test_a_practitioner_holding_assessments_they_are_not_on_keeps_them_and_syncs_the_rest(team: Team) -> None:
    team.add("sam", "coordinator")
    team.add("jo", "practitioner")
    team.join(team.laptop("a", demo=True), "sam")
    j = team.laptop("j", demo=True)  # a copy of the same demo: the same assessments, which Jo is not on
    result = team.join(j, "jo")
    assert result.held_back > 200 and result.conflicts == 0
    assert "not on were not sent" in result.summary()
    with team.connect_as("jo") as conn:
        assert conn.execute("SELECT count(*) FROM team.records WHERE table_name = 'assessments'").fetchone()[0] == 0
    assert team.sql("SELECT count(DISTINCT created_by) FROM team.records")[0][0] == 1  # nothing of Jo's went in
