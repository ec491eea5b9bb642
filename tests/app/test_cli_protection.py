"""The command line keeps key files, logs what it exports, and `check` reports a broken audit trail."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import LAWFUL_BASE_CODES, main
from safeguarding.protection.sharing import LAWFUL_BASES
from safeguarding.security.keys import keyfile_path
from safeguarding.store import open_store
from tests.security.conftest import PASSPHRASE


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


def test_the_lawful_basis_codes_of_the_command_line_are_the_log_s() -> None:
    assert list(LAWFUL_BASE_CODES) == list(LAWFUL_BASES)


def test_an_export_from_the_command_line_is_logged_with_for_whom_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.sqlite3"
    assert main(["demo", str(db)]) == 0
    out = tmp_path / "report.pdf"
    args = ["export", str(db), "--location", "Brenchley Gardens", "--out", str(out), "--redacted"]
    assert main([*args, "--for", "Maidstone DCSM", "--basis", "safeguarding", "--why", "item 3"]) == 0
    store = open_store(db)
    try:
        (logged,) = store.sharing.entries()
    finally:
        store.close()
    assert (logged.kind, logged.redacted, logged.via, logged.file_name) == (
        "dcsm_report",
        True,
        "command line",
        "report.pdf",
    )
    assert (logged.details.recipient, logged.details.lawful_basis, logged.details.purpose) == (
        "Maidstone DCSM",
        "safeguarding",
        "item 3",
    )
    with pytest.raises(SystemExit):
        main([*args, "--basis", "because"])  # not one of the list
    assert "invalid choice" in capsys.readouterr().err


def test_commands_never_make_a_database_or_key_file_where_one_went_missing(
    tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.sqlite3"
    assert main(["demo", str(db), "--passphrase-file", str(passphrase_file)]) == 0
    keys = keyfile_path(db).read_bytes()
    db.rename(tmp_path / "moved.sqlite3")  # a sync tool moved it
    capsys.readouterr()
    out = tmp_path / "r.pdf"
    args = ["export", str(db), "--location", "Brenchley Gardens", "--out", str(out)]
    assert main([*args, "--passphrase-file", str(passphrase_file)]) == 1
    assert "key file demo.sqlite3.keys.json is here" in capsys.readouterr().err
    assert main(["demo", str(db), "--force", "--passphrase-file", str(passphrase_file)]) == 1
    assert "never replaces it" in capsys.readouterr().err
    recovery = tmp_path / "recovery.txt"
    assert (
        main(["encrypt", str(db), "--passphrase-file", str(passphrase_file), "--recovery-key-file", str(recovery)]) == 1
    )
    assert not db.exists() and not recovery.exists() and keyfile_path(db).read_bytes() == keys


def test_check_reports_a_broken_audit_trail_in_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "mine.sqlite3"
    assert main(["demo", str(db)]) == 0
    store = open_store(db)
    store.db.execute("DROP TRIGGER audit_log_no_update")
    store.db.execute("UPDATE audit_log SET actor = 'someone else' WHERE seq = 7")
    store.db.conn.commit()
    store.db.conn.close()
    capsys.readouterr()
    assert main(["check", "--no-window", "--db", str(db)]) == 1
    lines = capsys.readouterr().out.splitlines()
    (audit,) = [line for line in lines if line.split(":")[0].endswith("Audit trail of your database")]
    assert audit.startswith("FAILED") and "Entry 7 (written " in audit and "audit_log_no_update" in audit
    assert any(line.startswith("ok     Audit trail seals:") for line in lines)
