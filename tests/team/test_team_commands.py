"""The team commands of the command line, run through ``main`` against the test server."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from tests.team.fixtures import PASSWORD, Team


def _file(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def test_it_sets_up_a_team_adds_a_member_and_the_member_syncs_and_sees_the_status(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    admin = _file(tmp_path, "admin", team.server.password)
    url = team.server.url(team.database)
    assert main(["team", "init", url, "--password-file", admin]) == 0
    assert "nothing to do" in capsys.readouterr().out  # the fixture ran init already: idempotent
    new = _file(tmp_path, "new", PASSWORD)
    login = team.user("sam")
    options = ["--role", "coordinator", "--agency", "Youth Outreach Team", "--new-password-file", new]
    assert main(["team", "add-user", url, login, "--name", "Sam Patel", "--password-file", admin, *options]) == 0
    assert f"Added Sam Patel ({login}) as coordinator" in capsys.readouterr().out
    db = team.laptop("a", demo=True)
    mine = _file(tmp_path, "mine", PASSWORD)
    assert main(["sync", str(db), "--server", team.url("sam"), "--password-file", mine]) == 0
    assert "sent" in capsys.readouterr().out
    assert main(["team", "status", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Signed in as: Sam Patel" in out and "Changes waiting to be sent: 0" in out and "Last sync: never" not in out


def test_a_wrong_password_and_a_password_on_the_command_line_are_refused(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team.add("sam")
    db = team.laptop("a")
    wrong = _file(tmp_path, "wrong", "not the password")
    assert main(["sync", str(db), "--server", team.url("sam"), "--password-file", wrong]) == 1
    assert "refused the password" in capsys.readouterr().err
    assert main(["sync", str(db), "--password", "secret"]) == 1
    assert "never taken on the command line" in capsys.readouterr().err


def test_status_of_a_laptop_working_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from safeguarding.store import open_store

    db = tmp_path / "alone.sqlite3"
    open_store(db).close()
    assert main(["team", "status", str(db)]) == 0
    assert "has not joined a team" in capsys.readouterr().out
    assert main(["sync", str(db), "--password-file", _file(tmp_path, "p", "x")]) == 1
    assert "has not joined a team" in capsys.readouterr().err
